import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCsv } from '../src/csv.ts';
import { people } from './fixtures.ts';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'apps/cli/bin/homeward.mjs');
const dir = mkdtempSync(join(tmpdir(), 'homeward-link-'));
const FIELDS = 'given:given,surname:surname,dob:date,city:place';

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, 'link', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

function write(name: string, rows: ReturnType<typeof people>): string {
  const f = join(dir, name);
  writeFileSync(f, 'id, given, surname, dob, city, truth\n' + rows.map((p) => [p.id, p.given ?? '', p.surname ?? '', p.dob ?? '', p.city ?? '', p.truth].join(', ')).join('\n') + '\n');
  return f;
}

const rows = people(300, 5);
let file = '';
beforeAll(() => {
  file = write('people.csv', rows);
});

describe('homeward link (as a process)', () => {
  it('deduplicates one file and finds the planted duplicates', () => {
    const out = join(dir, 'dedupe.csv');
    const r = run([file, '--id', 'id', '--fields', FIELDS, '--out', out]);
    expect(r.stderr).toMatch(/pairs blocked/);
    expect(r.status).toBe(0);
    const t = parseCsv(readFileSync(out, 'utf8'));
    expect(t.header).toEqual(['left_id', 'right_id', 'probability', 'weight']);
    const truthOf = new Map(rows.map((p) => [p.id, p.truth]));
    const tp = t.rows.filter((x) => truthOf.get(x[0]!) === truthOf.get(x[1]!)).length;
    expect(tp / t.rows.length).toBeGreaterThan(0.9);
    expect(tp / 150).toBeGreaterThan(0.9);
    for (const x of t.rows) expect(Number(x[2])).toBeGreaterThanOrEqual(0.5);
    expect(r.stderr).toMatch(/m\s+u/);
  });
  it('links two files with explanations', () => {
    const a = write('a.csv', rows.filter((p) => !p.id.endsWith('d')));
    const b = write('b.csv', rows.filter((p) => p.id.endsWith('d')));
    const r = run([a, b, '--id', 'id', '--fields', FIELDS, '--explain', '--threshold', '0.9']);
    expect(r.status).toBe(0);
    const t = parseCsv(r.stdout);
    expect(t.header).toEqual(['left_id', 'right_id', 'probability', 'weight', 'explanation']);
    expect(t.rows.length).toBeGreaterThan(100);
    const correct = t.rows.filter((x) => `${x[0]}d` === x[1]).length;
    expect(correct / t.rows.length).toBeGreaterThan(0.95);
    const e = JSON.parse(t.rows[0]![4]!);
    expect(e.contributions.map((c: { field: string }) => c.field)).toEqual(['given', 'surname', 'dob', 'city']);
    const sum = e.prior + e.contributions.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    expect(sum).toBeCloseTo(Number(t.rows[0]![3]), 1);
  });

  it.each([
    ['a missing column', ['--id', 'id', '--fields', 'given:given,nickname:name'], /line 1: missing column "nickname"/],
    ['an unknown type', ['--id', 'id', '--fields', 'given:colour'], /unknown type "colour"/],
    ['a missing --id column', ['--id', 'uid', '--fields', FIELDS], /missing column "uid"/],
    ['a bad threshold', ['--id', 'id', '--fields', FIELDS, '--threshold', '2'], /--threshold/],
  ])('refuses %s with exit 2 and no output file', (_what, args, message) => {
    const out = join(dir, `bad-${Math.random()}.csv`);
    const r = run([file, ...args, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
  it('refuses a malformed row with its line number and leaves no partial file', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id, given, surname, dob, city\n1, a, b, 2000, x\n2, c, d\n');
    const out = join(dir, 'never.csv');
    const r = run([bad, '--id', 'id', '--fields', FIELDS, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 3: expected 5 fields, found 3/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
  });
  it('refuses a missing file with exit 2', () => {
    const r = run([join(dir, 'nope.csv'), '--id', 'id', '--fields', FIELDS]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read/);
  });
});
