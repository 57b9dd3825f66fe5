import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI is tested as a user runs it: a separate node process.
const bin = fileURLToPath(new URL('../../../apps/cli/bin/homeward.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'places', ...args], { encoding: 'utf8' });

describe('homeward places', () => {
  it('resolve --json prints {"candidates": [...]} best first with every name form', () => {
    const r = run('resolve', '룡정', '삼합', '--json', '--limit', '3');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { candidates: { code: string; level: string; confidence: number; names: Record<string, unknown>; hierarchy: unknown[]; explanation: string[] }[] };
    expect(out.candidates[0]!.code).toBe('CN-222405103');
    expect(out.candidates.length).toBeLessThanOrEqual(3);
    for (const c of out.candidates) {
      expect(Object.keys(c.names)).toEqual(expect.arrayContaining(['zh', 'zhTraditional', 'koreanDprk', 'koreanRok', 'koreanFromMandarin', 'pinyin', 'rr', 'mr', 'dprk']));
      expect(c.hierarchy.length).toBeGreaterThan(0);
      expect(c.explanation.length).toBeGreaterThan(0);
    }
  });
  it('resolve prints a readable list without --json, and relation answers', () => {
    const r = run('resolve', 'Longjing Sanhe');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('CN-222405103');
    expect(r.stdout).toContain('三合镇');
    expect(run('relation', 'CN-222405103', 'CN-222405').stdout.trim()).toBe('contained');
  });
  it('exits 2 with a message and no stack trace on bad usage', () => {
    // Two cases: one refused before the data loads, one after.
    for (const args of [['resolve', 'x', '--limit', 'many'], ['show', 'NOPE']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/homeward places: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
