/**
 * Match weights and probabilities, with every field's contribution so a
 * caseworker can see why (a waterfall chart: prior, then each field).
 */
import { compareRows, fieldComparer, isDenseColumn, MISSING, rowComparer, type Model, type PreparedTable, type RecordLike, type TrainedParams } from './model.ts';

/** One field's part in a pair's match weight (bits, log2 of the Bayes factor). */
export interface Contribution {
  field: string;
  type: string;
  /** Comparison level name; null when either value is missing (contributes 0). */
  level: string | null;
  /** Weight of the level, log2(m/u), including any term-frequency adjustment. */
  weight: number;
  /** Part of `weight` due to term frequency (a common surname says less). */
  tfAdjustment: number;
  notes?: string[];
}

export interface PairScore {
  /** Posterior probability that the two records are the same person, in [0, 1]. */
  probability: number;
  /** Total match weight in bits: prior plus every contribution. */
  weight: number;
  /** Prior weight, log2(prior / (1 - prior)). */
  prior: number;
  contributions: Contribution[];
}

/** Precomputed weights of a trained model. */
export interface Weights {
  priorBits: number;
  /** weight[f][level] */
  level: Float64Array[];
  /** u at the exact level per field, for term-frequency adjustment. */
  uExact: Float64Array;
  mExact: Float64Array;
}

function requireParams(model: Model): TrainedParams {
  if (!model.params) throw new Error('the model has no parameters: train it or load saved parameters first');
  return model.params;
}

/** Weights table of a trained model. Example: `weightsOf(model).priorBits`. */
export function weightsOf(model: Model): Weights {
  const p = requireParams(model);
  const prior = Math.min(1 - 1e-12, Math.max(1e-300, p.prior));
  return {
    priorBits: Math.log2(prior / (1 - prior)),
    level: p.fields.map((f) => Float64Array.from(f.m, (m, l) => Math.log2(m / f.u[l]!))),
    uExact: Float64Array.from(p.fields, (f) => f.u[0]!),
    mExact: Float64Array.from(p.fields, (f) => f.m[0]!),
  };
}

/** Probability from a match weight in bits. Example: `probabilityOf(0) === 0.5`. */
export function probabilityOf(weight: number): number {
  if (weight > 1000) return 1;
  if (weight < -1000) return 0;
  const o = Math.pow(2, weight);
  return o / (1 + o);
}

/** Weight threshold equivalent to a probability threshold. Example: `weightFor(0.5) === 0`. */
export function weightFor(probability: number): number {
  if (probability <= 0) return -Infinity;
  if (probability >= 1) return Infinity;
  return Math.log2(probability / (1 - probability));
}

/**
 * Term-frequency adjustment at the exact level: u becomes the value's own
 * frequency (Splink's approach), never so far that an exact agreement turns
 * into evidence against.
 */
function tfAdjust(w: Weights, f: number, tf: number): number {
  if (!(tf > 0)) return 0;
  const adj = Math.log2(w.uExact[f]! / tf);
  const base = w.level[f]![0]!;
  return base + adj < 0 ? -base : adj;
}

/**
 * Fast scorer over a prepared table: the hot loop of deduplication and
 * linkage. Returns the total weight of a pair; `levels` receives the vector.
 */
export function tableScorer(model: Model, table: PreparedTable): (i: number, j: number, levels: Uint8Array) => number {
  const w = weightsOf(model);
  const F = model.comparators.length;
  const compare = rowComparer(model, table);
  const exact = exactWeights(model, table, w);
  const ids = table.columns.map((c) => c.ids);
  return (i, j, levels) => {
    compare(i, j, levels, 0);
    let s = w.priorBits;
    for (let f = 0; f < F; f++) {
      const l = levels[f]!;
      if (l === MISSING) continue;
      s += l === 0 ? exact[f]![ids[f]![i]!]! : w.level[f]![l]!;
    }
    return s;
  };
}

/**
 * The scoring loop of large jobs: like tableScorer, but it only has to get
 * the weight right for pairs at or above `minWeight`. Fields are compared
 * cheapest first (few distinct values, then dates and codes, names and free
 * text last), and as soon as the weight so far plus the best the remaining
 * fields could add falls below `minWeight`, the pair is given up
 * (-Infinity): most blocked pairs disagree on a date or a place, and then
 * the costly cross-script name comparison never runs.
 * @example const s = thresholdScorer(model, table, 0); s(0, 1) >= 0
 */
export function thresholdScorer(model: Model, table: PreparedTable, minWeight: number): (i: number, j: number) => number {
  const w = weightsOf(model);
  const F = model.comparators.length;
  const cost = (f: number): number => {
    if (isDenseColumn(table, f)) return 0;
    const t = model.comparators[f]!.type;
    return t === 'date' || t === 'sex' || t === 'code' || t === 'number' ? 1 : 2;
  };
  const order = Array.from({ length: F }, (_, f) => f).sort((a, b) => cost(a) - cost(b) || a - b);
  const exact = exactWeights(model, table, w);
  // Best weight each field can add (0 when missing), and the best of the fields after position k.
  const best = order.map((f) => {
    let m = 0;
    for (const x of w.level[f]!) if (x > m) m = x;
    for (const x of exact[f]!) if (x > m) m = x;
    return m;
  });
  const rest = new Float64Array(F + 1);
  for (let k = F - 1; k >= 0; k--) rest[k] = rest[k + 1]! + best[k]!;
  // The last field (the costliest, usually a given name) decides most
  // pairs that get that far: when its two values differ and the comparator
  // gives the exact level only to equal values, the exact level and its
  // term-frequency bonus are out of reach, and the bound is tighter.
  const last = order[F - 1]!;
  const lastCmp = model.comparators[last]!;
  let lastBestUnequal = 0;
  w.level[last]!.forEach((x, l) => { if (l > 0 && x > lastBestUnequal) lastBestUnequal = x; });
  const lastTight = lastCmp.equalKeyIsExact && lastCmp.exactMeansEqualKey === true;
  const lastIds = table.columns[last]!.ids;
  const levelOf = order.map((f) => fieldComparer(model, table, f));
  const ex = order.map((f) => exact[f]!);
  const lw = order.map((f) => w.level[f]!);
  const ids = order.map((f) => table.columns[f]!.ids);
  const prior = w.priorBits;
  return (i, j) => {
    let s = prior;
    for (let k = 0; k < F; k++) {
      if (s + rest[k]! < minWeight) return -Infinity;
      if (k === F - 1 && lastTight) {
        const a = lastIds[i]!;
        const b = lastIds[j]!;
        if (a >= 0 && b >= 0 && a !== b && s + lastBestUnequal < minWeight) return -Infinity;
      }
      const l = levelOf[k]!(i, j);
      if (l === MISSING) continue;
      s += l === 0 ? ex[k]![ids[k]![i]!]! : lw[k]![l]!;
    }
    return s;
  };
}

/** Weight of the exact level per value id of every field, term-frequency adjustment included. */
function exactWeights(model: Model, table: PreparedTable, w: Weights): Float64Array[] {
  return model.comparators.map((_, f) => {
    const c = table.columns[f]!;
    const base = w.level[f]![0]!;
    if (!model.tfEnabled[f]) return Float64Array.from(c.counts, () => base);
    return Float64Array.from(c.counts, (k) => base + tfAdjust(w, f, k / Math.max(1, c.present)));
  });
}

/**
 * Full explanation of a pair from a prepared table.
 * @example explainRows(model, table, 0, 1).contributions.map((c) => c.weight)
 */
export function explainRows(model: Model, table: PreparedTable, i: number, j: number): PairScore {
  const w = weightsOf(model);
  const F = model.comparators.length;
  const levels = new Uint8Array(F);
  compareRows(model, table, i, j, levels, 0);
  const contributions: Contribution[] = [];
  let total = w.priorBits;
  for (let f = 0; f < F; f++) {
    const spec = model.spec.fields[f]!;
    const cmp = model.comparators[f]!;
    const l = levels[f]!;
    if (l === MISSING) {
      contributions.push({ field: spec.name, type: spec.type, level: null, weight: 0, tfAdjustment: 0 });
      continue;
    }
    let tfa = 0;
    if (l === 0 && model.tfEnabled[f]) {
      const c = table.columns[f]!;
      tfa = tfAdjust(w, f, c.counts[c.ids[i]!]! / Math.max(1, c.present));
    }
    const weight = w.level[f]![l]! + tfa;
    total += weight;
    const c = table.columns[f]!;
    const notes = cmp.explain?.(c.values[c.ids[i]!], c.values[c.ids[j]!]);
    contributions.push({ field: spec.name, type: spec.type, level: cmp.levels[l]!, weight, tfAdjustment: tfa, ...(notes && notes.length ? { notes } : {}) });
  }
  return { probability: probabilityOf(total), weight: total, prior: w.priorBits, contributions };
}

/** A record prepared once for repeated scoring against many others. */
export interface PreparedRecord {
  readonly keys: (string | undefined)[];
  readonly values: unknown[];
}

/**
 * Prepares one record (e.g. a lead) for scorePrepared.
 * @example const lead = prepareRecord(model, { name: '李美玲', birth: 'about 4 in 2016' })
 */
export function prepareRecord(model: Model, record: RecordLike): PreparedRecord {
  const keys = model.spec.fields.map((f, i) => model.comparators[i]!.key(record[f.name]));
  return { keys, values: keys.map((k, i) => (k === undefined ? undefined : model.comparators[i]!.prepare(k))) };
}

/**
 * Scores two prepared records with full explanation; term frequencies come
 * from the trained parameters.
 */
export function scorePrepared(model: Model, a: PreparedRecord, b: PreparedRecord): PairScore {
  const p = requireParams(model);
  const w = weightsOf(model);
  let total = w.priorBits;
  const contributions: Contribution[] = model.spec.fields.map((spec, f) => {
    const cmp = model.comparators[f]!;
    const ka = a.keys[f];
    const kb = b.keys[f];
    if (ka === undefined || kb === undefined) return { field: spec.name, type: spec.type, level: null, weight: 0, tfAdjustment: 0 };
    const l = ka === kb && cmp.equalKeyIsExact ? 0 : cmp.compare(a.values[f], b.values[f]);
    let tfa = 0;
    if (l === 0 && model.tfEnabled[f]) {
      const fp = p.fields[f]!;
      const tf = fp.tf?.[ka] ?? fp.tfDefault;
      if (tf !== undefined) tfa = tfAdjust(w, f, tf);
    }
    const weight = w.level[f]![l]! + tfa;
    total += weight;
    const notes = cmp.explain?.(a.values[f], b.values[f]);
    return { field: spec.name, type: spec.type, level: cmp.levels[l]!, weight, tfAdjustment: tfa, ...(notes && notes.length ? { notes } : {}) };
  });
  return { probability: probabilityOf(total), weight: total, prior: w.priorBits, contributions };
}

/**
 * Scores two records (probability, match weight, per-field contributions).
 * @example scorePair(model, { name: '李美玲' }, { name: '리미령' }).probability
 */
export function scorePair(model: Model, a: RecordLike, b: RecordLike): PairScore {
  return scorePrepared(model, prepareRecord(model, a), prepareRecord(model, b));
}

/**
 * Scores one lead against candidates (the server's use: candidates come
 * from a blind-index lookup), best first, optionally above a threshold.
 * @example scoreCandidates(model, lead, candidates, { threshold: 0.5 })[0]?.index
 */
export function scoreCandidates(
  model: Model,
  lead: RecordLike,
  candidates: readonly RecordLike[],
  opts: { threshold?: number; limit?: number } = {},
): (PairScore & { index: number })[] {
  const a = prepareRecord(model, lead);
  const out = candidates
    .map((c, index) => ({ index, ...scorePrepared(model, a, prepareRecord(model, c)) }))
    .filter((r) => r.probability >= (opts.threshold ?? 0));
  out.sort((x, y) => y.weight - x.weight);
  return opts.limit === undefined ? out : out.slice(0, opts.limit);
}
