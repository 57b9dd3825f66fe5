/**
 * Match weights and probabilities, with every field's contribution so a
 * caseworker can see why (a waterfall chart: prior, then each field).
 */
import { compareRows, MISSING, type Model, type PreparedTable, type RecordLike, type TrainedParams } from './model.ts';

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
  const tfCols = model.tfEnabled.map((on, f) => {
    if (!on) return undefined;
    const c = table.columns[f]!;
    return Float64Array.from(c.counts, (k) => k / Math.max(1, c.present));
  });
  return (i, j, levels) => {
    compareRows(model, table, i, j, levels, 0);
    let s = w.priorBits;
    for (let f = 0; f < F; f++) {
      const l = levels[f]!;
      if (l === MISSING) continue;
      s += w.level[f]![l]!;
      if (l === 0) {
        const tc = tfCols[f];
        if (tc) s += tfAdjust(w, f, tc[table.columns[f]!.ids[i]!]!);
      }
    }
    return s;
  };
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
