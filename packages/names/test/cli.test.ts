import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(root, 'apps', 'cli', 'bin', 'homeward.mjs');
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [bin, 'names', ...args], { cwd: root, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'names-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('homeward names (as a process)', () => {
  it('variants TEXT prints space, text and path per line; --json gives the list', () => {
    const r = run(['variants', '李美玲']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^latin-dprk\tRi Mi Ryong\t李美玲 → 리미령/m);
    const j = run(['variants', '李美玲', '--json']);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out) as { variants: { text: string; space: string; path: string[] }[] };
    expect(parsed.variants.some((v) => v.text === '이미령' && v.space === 'hangul')).toBe(true);
  });
  it('score A B prints the score; --json adds the explanation', () => {
    const r = run(['score', '李美玲', 'Ri Mi Ryong']);
    expect(r.code).toBe(0);
    expect(Number(r.out.trim())).toBeGreaterThan(0.9);
    const j = JSON.parse(run(['score', '김영희', '김철수', '--json']).out) as { score: number; same: boolean; aligned: unknown[]; threshold: number };
    expect(j.same).toBe(false);
    expect(j.score).toBeLessThan(j.threshold);
    expect(Array.isArray(j.aligned)).toBe(true);
  });
  it('score --tsv FILE streams 100,000 lines as score<TAB>same in input order, CRLF tolerated', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(i % 2 ? '李美玲\tLi Meiling' : '김영희\t김철수\r');
    const f = join(dir, 'pairs.tsv');
    writeFileSync(f, lines.join('\n') + '\n');
    const r = run(['score', '--tsv', f]);
    expect(r.code).toBe(0);
    const out = r.out.trimEnd().split('\n');
    expect(out).toHaveLength(100_000);
    expect(out[0]).toMatch(/^0(\.\d+)?\t0$/);
    expect(out[1]).toMatch(/^(1|0\.\d+)\t1$/);
    expect(out[99_999]).toBe(out[1]);
  }, 120_000);
  it('score --tsv - reads standard input', () => {
    const r = run(['score', '--tsv', '-'], '龙井\t룡정\n龙井\t龙江\n');
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').map((l) => l.split('\t')[1])).toEqual(['1', '0']);
  });
  it('a malformed line is an error naming its number, exit 2, without echoing names', () => {
    const r = run(['score', '--tsv', '-'], '李美玲\tLi Meiling\n李美玲 Li Meiling\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2/);
    expect(r.err).not.toMatch(/李美玲|Meiling/);
  });
  it('bad usage exits 2', () => {
    expect(run(['score', 'only-one']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['score', '--tsv', join(dir, 'missing.tsv')]).code).toBe(2);
  });
});
