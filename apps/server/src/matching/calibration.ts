/**
 * Calibration of displayed probabilities: among candidates shown as 80%
 * likely, about 80% should be confirmed. The model's own Fellegi-Sunter
 * posterior assumes fields are independent given match status, which
 * makes it over-confident (Winkler, "Matching and record linkage", 1995).
 * `bench/tracing` measures a reliability table on labelled pairs and fits
 * an isotonic map (pool-adjacent-violators, Barlow et al. 1972 / Zadrozny &
 * Elkan 2002) on its training half; the knots it prints are kept here and
 * applied before any probability is stored or shown.
 */

/** Knots (raw, calibrated), increasing in both; linear between, flat outside. */
export const CALIBRATION_KNOTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
];

/** Calibrated probability of a raw model probability. Example: `calibrate(0.5)`. */
export function calibrate(raw: number, knots: readonly (readonly [number, number])[] = CALIBRATION_KNOTS): number {
  if (!(raw >= 0)) return 0;
  if (knots.length === 0) return raw;
  if (raw <= knots[0]![0]) return knots[0]![1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (raw <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((raw - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return knots[knots.length - 1]![1];
}

/**
 * Isotonic regression by pool-adjacent-violators on (score, label) pairs;
 * returns knots at the block means. Pure; used by the benchmark to fit.
 */
export function fitIsotonic(pairs: readonly { p: number; y: number }[]): [number, number][] {
  const sorted = [...pairs].sort((a, b) => a.p - b.p);
  const blocks: { lo: number; hi: number; sumY: number; n: number }[] = [];
  for (const { p, y } of sorted) {
    blocks.push({ lo: p, hi: p, sumY: y, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sumY / a.n < b.sumY / b.n) break;
      blocks.pop();
      a.hi = b.hi;
      a.sumY += b.sumY;
      a.n += b.n;
    }
  }
  if (blocks.length === 0) return [[0, 0], [1, 1]];
  // A step per block, joined linearly between blocks: each block's range maps to its observed rate.
  const knots: [number, number][] = [];
  for (const b of blocks) {
    const y = b.sumY / b.n;
    if (knots.length === 0 || knots[knots.length - 1]![0] < b.lo) knots.push([b.lo, y]);
    if (b.hi > b.lo) knots.push([b.hi, y]);
  }
  if (knots[0]![0] > 0) knots.unshift([0, knots[0]![1]]);
  if (knots[knots.length - 1]![0] < 1) knots.push([1, knots[knots.length - 1]![1]]);
  return knots;
}

/** Reliability table: per predicted bucket, count, mean predicted and observed rate. */
export function reliability(pairs: readonly { p: number; y: number }[], buckets = 10): { lo: number; hi: number; n: number; predicted: number; observed: number }[] {
  const rows = Array.from({ length: buckets }, (_, i) => ({ lo: i / buckets, hi: (i + 1) / buckets, n: 0, predicted: 0, observed: 0 }));
  for (const { p, y } of pairs) {
    const r = rows[Math.min(buckets - 1, Math.max(0, Math.floor(p * buckets)))]!;
    r.n++;
    r.predicted += p;
    r.observed += y;
  }
  for (const r of rows) if (r.n > 0) { r.predicted /= r.n; r.observed /= r.n; }
  return rows;
}
