// Shared by the link and scale benchmarks: loading CSVs and scoring results against known truth.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv, type RecordLike } from '@homeward/match';

export const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

export function loadCsv(file: string): RecordLike[] {
  const t = parseCsv(readFileSync(join(DATA, file), 'utf8'));
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i] === '' ? undefined : r[i]])));
}

/** Canonical key of an unordered pair of indices. */
export const pairKey = (a: number, b: number): number => (a < b ? a * 4194304 + b : b * 4194304 + a);

export interface Prf { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }

export function prf(predicted: Iterable<number>, truth: ReadonlySet<number>): Prf {
  let tp = 0, fp = 0;
  const seen = new Set<number>();
  for (const k of predicted) {
    if (seen.has(k)) continue;
    seen.add(k);
    if (truth.has(k)) tp++; else fp++;
  }
  const fn = truth.size - tp;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), tp, fp, fn };
}

/** All within-cluster pairs of a labelling (cluster id per record). */
export function clusterPairSet(of: ArrayLike<string | number>): Set<number> {
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < of.length; i++) {
    const g = groups.get(of[i]!);
    if (g) g.push(i); else groups.set(of[i]!, [i]);
  }
  const s = new Set<number>();
  for (const g of groups.values()) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) s.add(pairKey(g[a]!, g[b]!));
  return s;
}

/** Share of true clusters reproduced exactly by the predicted clustering. */
export function exactClusterRate(predicted: ArrayLike<number>, truth: ArrayLike<string | number>): number {
  const members = (of: ArrayLike<string | number>) => {
    const m = new Map<string | number, number[]>();
    for (let i = 0; i < of.length; i++) { const g = m.get(of[i]!); if (g) g.push(i); else m.set(of[i]!, [i]); }
    return m;
  };
  const p = members(predicted);
  const predKey = new Set([...p.values()].map((g) => g.join(',')));
  const t = members(truth);
  let hit = 0;
  for (const g of t.values()) if (predKey.has(g.join(','))) hit++;
  return hit / t.size;
}

export const f3 = (x: number): string => x.toFixed(3);
export const fmt = (r: Prf): string => `precision=${f3(r.precision)} recall=${f3(r.recall)} f1=${f3(r.f1)}`;
