import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, prepare, scorePrepared } from '@homeward/names';

// The labelled corpus as a quality regression check (the benchmark prints the full figures).
const file = join(dirname(fileURLToPath(import.meta.url)), 'corpus', 'pairs.tsv');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'));

describe('labelled corpus', () => {
  it('has at least 600 labelled pairs of surnames, full names and places, with hard negatives', () => {
    expect(rows.length).toBeGreaterThanOrEqual(600);
    for (const kind of ['surname', 'name', 'place']) expect(rows.some((r) => r[3] === kind && r[2] === '0')).toBe(true);
    for (const r of rows) expect(r[2] === '0' || r[2] === '1').toBe(true);
  });
  it('is classified at the default threshold with accuracy >= 0.95', () => {
    let right = 0;
    for (const [a = '', b = '', same] of rows) if ((scorePrepared(prepare(a), prepare(b)) >= DEFAULT_THRESHOLD) === (same === '1')) right++;
    expect(right / rows.length).toBeGreaterThanOrEqual(0.95);
  });
});
