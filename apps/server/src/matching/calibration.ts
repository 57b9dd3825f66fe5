import type { TrainedParams } from '@homeward/match';

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

/**
 * Knots (raw, calibrated), increasing in both; linear between, flat outside.
 * Fitted by `npm run bench -- tracing` on half of the candidates the full
 * match stores in a generated registry of 200,000 cases and 20,000 leads
 * (305,967 candidates, 5,006 true; each lead's 20 likeliest among each
 * person's 20 likeliest); on the other half the expected calibration error
 * falls from 0.276 (raw) to 0.001. The raw model is over-confident there:
 * many children share a name class and an age, so "80%" raw was right about
 * one time in twenty-five. How over-confident depends on how crowded the
 * registry is: the map fitted the same way at 20,000 cases (the one shipped
 * before) left an error of 0.025 at 200,000, with pairs shown as 58% likely
 * right 9% of the time. On the public labelled sets (English names, mostly
 * true pairs) the model is under-confident instead. Calibration depends on
 * the population shown; retraining refits this map on an organisation's
 * own decisions (fitFromDecisions). Refit when DEFAULT_PARAMS change.
 */
export const CALIBRATION_KNOTS: readonly (readonly [number, number])[] = [
  [0, 0], [0.05151, 0], [0.5319, 0], [0.6806, 0.0007], [0.6857, 0.0089], [0.8779, 0.0121], [0.8804, 0.1258], [0.9552, 0.1258], [0.9752, 0.2186], [0.9755, 0.6354],
  [0.9795, 0.6354], [0.9827, 0.6667], [0.9909, 0.6667], [0.991, 0.9206], [0.9926, 0.9442], [0.9942, 0.9524], [0.9961, 0.9524], [0.997, 0.9885], [0.9987, 0.9885], [1, 0.9885],
];

/** An organisation's parameters as stored: the model's, with the map its decisions fitted (if any). */
export type CalibratedParams = TrainedParams & { calibration?: [number, number][] };

/** The map for an organisation's parameters: its own once retraining fitted one, else the shipped one. */
export function knotsOf(params: TrainedParams): readonly (readonly [number, number])[] {
  const k = (params as CalibratedParams).calibration;
  return Array.isArray(k) && k.length >= 2 ? k : CALIBRATION_KNOTS;
}

/** Decisions of each kind (confirmed, rejected) before an organisation's own map replaces the shipped one. */
export const MIN_CALIBRATION_DECISIONS = 20;

/**
 * A map fitted on an organisation's decisions (raw probability under the
 * retrained model, confirmed = 1), or undefined with too few of either
 * kind. Calibration depends on the population shown (see
 * CALIBRATION_KNOTS): on the public labelled sets, where the shipped map's
 * error is 0.418, a map fitted on half of the labels brings the other
 * half's to 0.019 (`npm run bench -- calibration`). Decided pairs are the
 * ones caseworkers looked at, mostly the likelier ones, so below the
 * least likely decided pair the map falls linearly to 0 rather than
 * staying at that pair's observed rate.
 */
export function fitFromDecisions(pairs: readonly { p: number; y: number }[]): [number, number][] | undefined {
  const yes = pairs.filter((x) => x.y === 1).length;
  if (yes < MIN_CALIBRATION_DECISIONS || pairs.length - yes < MIN_CALIBRATION_DECISIONS) return undefined;
  const knots = fitIsotonic(pairs).map(([x, y]) => [Number(x.toPrecision(6)), Number(y.toFixed(4))] as [number, number]);
  if (knots[0]![0] === 0 && knots.length > 1 && knots[1]![0] > 0 && knots[0]![1] > 0) knots[0] = [0, 0];
  return knots;
}

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
