/**
 * Estimating Fellegi-Sunter parameters, following Splink's approach:
 * u from random pairs, m by expectation-maximisation on blocked pairs, the
 * prior seeded by deterministic rules. During EM the non-match
 * distribution of *blocked* pairs is estimated freely (blocked non-matches
 * agree far more often than random ones), but scoring uses the u from
 * random pairs, which is what a non-match looks like in general.
 */
import { buildBlocking, forEachCandidate, totalPairs, type Blocking } from './blocking.ts';
import type { BlockingRule } from './model.ts';
import { compareRows, decodePattern, encodePattern, MISSING, patternRadix, rowComparer, type FieldParams, type Model, type PreparedTable, type TrainedParams } from './model.ts';

/** Deterministic pseudo-random numbers (mulberry32), so training is reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLOOR = 1e-6;

function normalise(p: number[]): number[] {
  const q = p.map((x) => Math.max(x, FLOOR));
  const s = q.reduce((a, b) => a + b, 0);
  return q.map((x) => x / s);
}

/**
 * u probabilities from uniformly random pairs of records (deduplication:
 * any two distinct records; linkage: one left and one right). The exact
 * level of fields where equal keys mean exact agreement is computed from
 * value counts instead of sampled: it is a rare event that sampling
 * estimates badly, and counting is exact and cheap.
 * @example estimateU(model, table, { pairs: 100_000 })
 */
export function estimateU(model: Model, table: PreparedTable, opts: { pairs?: number; seed?: number; split?: number } = {}): number[][] {
  const split = opts.split ?? table.n;
  const link = split < table.n;
  const total = totalPairs({ n: table.n, split, link });
  const pairs = Math.min(opts.pairs ?? 300_000, Math.max(1, Math.floor(total)));
  const random = rng(opts.seed ?? 42);
  const F = model.comparators.length;
  const counts = model.comparators.map((c) => new Float64Array(c.levels.length));
  const unequal = new Float64Array(F);
  const v = new Uint8Array(F);
  for (let s = 0; s < pairs; s++) {
    let i: number, j: number;
    if (link) {
      i = Math.floor(random() * split);
      j = split + Math.floor(random() * (table.n - split));
    } else {
      i = Math.floor(random() * table.n);
      j = Math.floor(random() * (table.n - 1));
      if (j >= i) j++;
    }
    compareRows(model, table, i, j, v, 0);
    for (let f = 0; f < F; f++) {
      if (v[f] === MISSING) continue;
      counts[f]![v[f]!]! += 1;
      if (table.columns[f]!.ids[i] !== table.columns[f]!.ids[j]) unequal[f]! += 1;
    }
  }
  return model.comparators.map((cmp, f) => {
    const c = counts[f]!;
    if (!cmp.equalKeyIsExact || unequal[f] === 0) {
      // Half a pair of smoothing: a level never seen among random pairs is rare, not impossible.
      return normalise(Array.from(c, (x) => x + 0.5));
    }
    const exact = exactAgreement(table, f, split);
    const rest = Array.from(c, (x, l) => (l === 0 ? 0 : x + 0.5));
    const sum = rest.reduce((a, b) => a + b, 0);
    return normalise(rest.map((x, l) => (l === 0 ? exact : ((1 - exact) * x) / sum)));
  });
}

/** Probability that two random records (with values) share a key. */
function exactAgreement(table: PreparedTable, f: number, split: number): number {
  const col = table.columns[f]!;
  const nv = col.keys.length;
  if (split < table.n) {
    const l = new Float64Array(nv);
    const r = new Float64Array(nv);
    let nl = 0, nr = 0;
    for (let i = 0; i < table.n; i++) {
      const id = col.ids[i]!;
      if (id < 0) continue;
      if (i < split) { l[id]!++; nl++; } else { r[id]!++; nr++; }
    }
    let s = 0;
    for (let k = 0; k < nv; k++) s += l[k]! * r[k]!;
    return Math.max(s, 0.5) / Math.max(1, nl * nr);
  }
  let s = 0;
  for (let k = 0; k < nv; k++) s += col.counts[k]! * (col.counts[k]! - 1);
  const p = col.present;
  return Math.max(s, 1) / Math.max(1, p * (p - 1));
}

/** Comparison-vector patterns with their counts. */
export interface PatternCounts {
  radix: number[];
  codes: number[];
  counts: number[];
  /** Pairs counted. */
  pairs: number;
}

/**
 * Counts comparison patterns of blocked pairs. With `rate` below 1 only
 * that share of pairs (chosen at random) is compared, for training on a
 * sample of a large job; `blocked` still counts every blocked pair.
 */
export function countPatterns(
  model: Model,
  table: PreparedTable,
  blocking: Blocking,
  rate = 1,
  seed = 7,
  compare: (i: number, j: number, out: Uint8Array, offset: number) => void = rowComparer(model, table),
): PatternCounts & { blocked: number } {
  const radix = patternRadix(model);
  const map = new Map<number, number>();
  const v = new Uint8Array(model.comparators.length);
  const random = rng(seed);
  let pairs = 0;
  let blocked = 0;
  forEachCandidate(blocking, (i, j) => {
    blocked++;
    if (rate < 1 && random() >= rate) return;
    compare(i, j, v, 0);
    const code = encodePattern(radix, v, 0);
    map.set(code, (map.get(code) ?? 0) + 1);
    pairs++;
  });
  return { radix, codes: [...map.keys()], counts: [...map.values()], pairs, blocked };
}

export interface EmResult {
  m: number[][];
  /** Non-match distribution among blocked pairs (not used for scoring). */
  uBlocked: number[][];
  /** Share of matches among blocked pairs. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

/**
 * Expectation-maximisation of a two-class mixture over comparison patterns
 * (conditional independence between fields, missing values ignored).
 * @example em(patterns, levelsPerField, { lambda: 0.01 })
 */
export function em(
  patterns: PatternCounts,
  levels: readonly number[],
  init: {
    lambda: number; m?: number[][]; u?: number[][]; maxIterations?: number; tolerance?: number; fixed?: readonly boolean[];
    /** Starting P(match) per pattern (e.g. from deterministic rules); replaces m, u and lambda as the start. */
    posterior?: ArrayLike<number>;
    /** Fields left out entirely (e.g. the fields a training session blocked on: they agree by construction). */
    ignore?: readonly boolean[];
  },
): EmResult {
  const F = levels.length;
  const P = patterns.codes.length;
  const lv = new Uint8Array(P * F);
  const scratch = new Uint8Array(F);
  for (let p = 0; p < P; p++) {
    decodePattern(patterns.radix, patterns.codes[p]!, scratch);
    if (init.ignore) for (let f = 0; f < F; f++) if (init.ignore[f]) scratch[f] = MISSING;
    lv.set(scratch, p * F);
  }
  let m = init.m?.map((x) => [...x]) ?? levels.map((L) => normalise(Array.from({ length: L }, (_, l) => (l === 0 ? 0.8 : l === L - 1 ? 0.02 : 0.18 / Math.max(1, L - 2)))));
  let u = init.u?.map((x) => [...x]) ?? levels.map((L) => normalise(Array.from({ length: L }, (_, l) => (l === L - 1 ? 0.9 : 0.1 / Math.max(1, L - 1)))));
  let lambda = Math.min(0.99, Math.max(1e-6, init.lambda));
  if (init.posterior) {
    // One M-step from the given posteriors: starting EM from what the
    // deterministic rules call matches keeps it from settling on another
    // split of the data (e.g. "same surname" when blocking on surnames).
    const am = levels.map((L) => new Float64Array(L));
    const au = levels.map((L) => new Float64Array(L));
    let sm = 0, total = 0;
    for (let p = 0; p < P; p++) {
      const g = init.posterior[p]!;
      const c = patterns.counts[p]!;
      sm += c * g;
      total += c;
      for (let f = 0; f < F; f++) {
        const l = lv[p * F + f]!;
        if (l === MISSING) continue;
        am[f]![l]! += c * g;
        au[f]![l]! += c * (1 - g);
      }
    }
    if (sm > 0) {
      m = am.map((a, f) => (init.fixed?.[f] || init.ignore?.[f] ? m[f]! : normalise(Array.from(a, (x) => x + 0.5))));
      u = au.map((a, f) => (init.ignore?.[f] ? u[f]! : normalise(Array.from(a, (x) => x + 0.5))));
      lambda = Math.min(0.99, Math.max(1e-9, sm / total));
    }
  }
  const maxIt = init.maxIterations ?? 100;
  const tol = init.tolerance ?? 1e-6;
  let it = 0;
  let converged = false;
  for (; it < maxIt; it++) {
    const am = levels.map((L) => new Float64Array(L));
    const au = levels.map((L) => new Float64Array(L));
    let sm = 0;
    let total = 0;
    for (let p = 0; p < P; p++) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < F; f++) {
        const l = lv[p * F + f]!;
        if (l === MISSING) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const g = pm / (pm + pu);
      const c = patterns.counts[p]!;
      sm += c * g;
      total += c;
      for (let f = 0; f < F; f++) {
        const l = lv[p * F + f]!;
        if (l === MISSING) continue;
        am[f]![l]! += c * g;
        au[f]![l]! += c * (1 - g);
      }
    }
    // Half a pair of smoothing per level: a level EM never saw among
    // matches is rare, not impossible, and must not weigh -20 bits.
    const m2 = am.map((a, f) => (init.fixed?.[f] || init.ignore?.[f] ? m[f]! : normalise(Array.from(a, (x) => x + 0.5))));
    const u2 = au.map((a, f) => (init.ignore?.[f] ? u[f]! : normalise(Array.from(a, (x) => x + 0.5))));
    const lambda2 = Math.min(0.99, Math.max(1e-9, sm / total));
    let delta = Math.abs(lambda2 - lambda);
    for (let f = 0; f < F; f++) for (let l = 0; l < levels[f]!; l++) delta = Math.max(delta, Math.abs(m2[f]![l]! - m[f]![l]!));
    m = m2;
    u = u2;
    lambda = lambda2;
    if (delta < tol) { converged = true; it++; break; }
  }
  return { m, uBlocked: u, lambda, iterations: it, converged };
}

/** Term frequencies of the most common keys of each tf-enabled field. */
export function termFrequencies(model: Model, table: PreparedTable, top = 2000): { tf?: Record<string, number>; tfDefault?: number }[] {
  return model.comparators.map((_, f) => {
    if (!model.tfEnabled[f]) return {};
    const col = table.columns[f]!;
    if (col.present === 0) return {};
    const order = Array.from(col.counts.keys()).sort((a, b) => col.counts[b]! - col.counts[a]!).slice(0, top);
    const tf: Record<string, number> = {};
    for (const id of order) tf[col.keys[id]!] = col.counts[id]! / col.present;
    // Keys outside the table are rarer than the rarest listed one: use that as a cautious bound.
    const last = order[order.length - 1];
    return { tf, tfDefault: last === undefined ? 1 / col.present : col.counts[last]! / col.present };
  });
}

export interface TrainOptions {
  /** Deduplication when undefined; otherwise records [0, split) are left, the rest right. */
  split?: number;
  /** Random pairs for u (default 300,000, capped by the number of pairs). */
  uPairs?: number;
  seed?: number;
  /** At most about this many blocked pairs feed EM (blocks are sampled beyond it). */
  maxTrainingPairs?: number;
  /** Train m per blocking rule without the fields it blocks on, as Splink does (default true). */
  sessions?: boolean;
  /** Assumed recall of the deterministic rules when seeding the prior (Splink's default idea). */
  deterministicRecall?: number;
  maxIterations?: number;
}

export interface TrainStats {
  blockedPairsSampled: number;
  /** Estimated blocked pairs of the whole job. */
  blockedPairsEstimated: number;
  deterministicMatches: number;
  lambdaBlocked: number;
  iterations: number;
  converged: boolean;
  priorFromRules: number;
}

/**
 * Unsupervised training: u from random pairs, m by EM on blocked pairs,
 * prior seeded by deterministic rules and refined by EM.
 * @example const { params } = train(model, table, buildBlocking(model, table)); withParams(model, params)
 */
export function train(model: Model, table: PreparedTable, blocking: Blocking, opts: TrainOptions = {}): { params: TrainedParams; stats: TrainStats } {
  const split = opts.split ?? blocking.split;
  const u = estimateU(model, table, { pairs: opts.uPairs, seed: opts.seed, split });
  const maxPairs = opts.maxTrainingPairs ?? 2_000_000;
  const rate = Math.min(1, maxPairs / Math.max(1, blocking.candidatePairsUpperBound));
  // One memo of levels for all training passes over this table: the
  // sessions see many of the same pairs of distinct values again.
  const compare = rowComparer(model, table);
  const patterns = countPatterns(model, table, blocking, rate, opts.seed, compare);
  const every = patterns.pairs > 0 ? patterns.blocked / patterns.pairs : 1;
  const levels = model.comparators.map((c) => c.levels.length);
  const total = totalPairs(blocking);
  // Deterministic rules: all listed fields at level 0. Default: every name-like and date field exact.
  const fieldIx = new Map(model.spec.fields.map((f, i) => [f.name, i]));
  const rules = (model.spec.deterministic ?? [model.spec.fields.filter((f) => ['name', 'surname', 'given', 'date'].includes(f.type)).map((f) => f.name)])
    .map((r) => r.map((n) => {
      const i = fieldIx.get(n);
      if (i === undefined) throw new Error(`deterministic rule uses unknown field "${n}"`);
      return i;
    }))
    .filter((r) => r.length > 0);
  const scratch = new Uint8Array(levels.length);
  let det = 0;
  // Looser rule to seed EM: every name-like field present agrees at least as
  // "equivalent", and the date (when present on both) at least to the month.
  const strongMax = model.spec.fields.map((f) => (f.type === 'name' || f.type === 'surname' || f.type === 'given' ? 1 : f.type === 'date' ? 2 : -1));
  const posterior = new Float64Array(patterns.codes.length);
  let seeded = 0;
  patterns.codes.forEach((code, p) => {
    decodePattern(patterns.radix, code, scratch);
    if (rules.some((r) => r.every((f) => scratch[f] === 0))) det += patterns.counts[p]!;
    let strong = 0, ok = true;
    for (let f = 0; f < scratch.length; f++) {
      if (strongMax[f]! < 0 || scratch[f] === MISSING) continue;
      if (scratch[f]! > strongMax[f]!) { ok = false; break; }
      strong++;
    }
    if (ok && strong >= 2) { posterior[p] = 0.95; seeded += patterns.counts[p]!; } else posterior[p] = 0.001;
  });
  const recall = opts.deterministicRecall ?? 0.8;
  const lambda0 = patterns.pairs > 0 ? Math.max(det / recall, 1) / patterns.pairs : 0.01;
  const result = patterns.pairs > 0
    ? em(patterns, levels, { lambda: lambda0, u, maxIterations: opts.maxIterations, ...(seeded > 0 ? { posterior } : {}) })
    : { m: levels.map((L) => normalise(Array.from({ length: L }, (_, l) => (l === 0 ? 0.9 : 0.1 / Math.max(1, L - 1))))), uBlocked: u, lambda: lambda0, iterations: 0, converged: false };
  // Splink's sessions: for each blocking rule, EM on the pairs it blocks,
  // leaving out the fields it blocks on (they agree by construction, so they
  // would pull EM towards "same block" instead of "same person"); each
  // field's m is the mean over the sessions that could estimate it.
  const sessionRules: BlockingRule[] = opts.sessions === false ? [] : [...blocking.rules];
  if (opts.sessions !== false) {
    for (const f of model.spec.fields) {
      if (f.type === 'date' && !sessionRules.some((r) => r.on.length === 1 && r.on[0]!.field === f.name)) sessionRules.push({ on: [{ field: f.name, use: 'exact' }] });
    }
  }
  const estimates: number[][][] = levels.map(() => []);
  const sessionNotes: string[] = [];
  for (const rule of sessionRules) {
    const ignore = model.spec.fields.map((f) => rule.on.some((p) => p.field === f.name));
    if (ignore.every(Boolean)) continue;
    const b = buildBlocking({ ...model, spec: { ...model.spec, blocking: [rule] } }, table, { split });
    const pat = countPatterns(model, table, b, Math.min(1, (opts.maxTrainingPairs ?? 2_000_000) / 2 / Math.max(1, b.candidatePairsUpperBound)), opts.seed, compare);
    if (pat.pairs < 50) continue;
    const post = new Float64Array(pat.codes.length);
    let any = 0;
    pat.codes.forEach((code, p) => {
      decodePattern(pat.radix, code, scratch);
      let strong = 0, ok = true;
      for (let f = 0; f < scratch.length; f++) {
        if (ignore[f] || strongMax[f]! < 0 || scratch[f] === MISSING) continue;
        if (scratch[f]! > strongMax[f]!) { ok = false; break; }
        strong++;
      }
      post[p] = ok && strong >= 1 ? 0.95 : 0.001;
      if (post[p]! > 0.5) any += pat.counts[p]!;
    });
    const r = em(pat, levels, { lambda: 0.01, u, ignore, maxIterations: opts.maxIterations, ...(any > 0 ? { posterior: post } : {}) });
    ignore.forEach((ig, f) => { if (!ig) estimates[f]!.push(r.m[f]!); });
    sessionNotes.push(`session on ${rule.on.map((p) => p.field).join('+')}: ${pat.pairs} pairs, ${r.iterations} iterations`);
  }
  const mFinal = levels.map((L, f) => {
    const e = estimates[f]!;
    if (e.length === 0) return result.m[f]!;
    return normalise(Array.from({ length: L }, (_, l) => e.reduce((a, x) => a + x[l]!, 0) / e.length));
  });
  // The share of matches among all blocked pairs, with every m held fixed.
  const final = sessionNotes.length > 0 && patterns.pairs > 0
    ? em(patterns, levels, { lambda: result.lambda, m: mFinal, u: result.uBlocked, fixed: levels.map(() => true), maxIterations: opts.maxIterations })
    : result;
  const blockedEstimated = patterns.blocked;
  const prior = Math.min(0.5, Math.max(1e-12, (final.lambda * blockedEstimated) / Math.max(1, total)));
  const priorFromRules = Math.min(0.5, Math.max(1e-12, (det * every) / recall / Math.max(1, total)));
  const tfs = termFrequencies(model, table);
  const fields: FieldParams[] = model.spec.fields.map((f, i) => ({
    name: f.name,
    type: f.type,
    levels: [...model.comparators[i]!.levels],
    m: mFinal[i]!,
    u: u[i]!,
    ...tfs[i],
  }));
  return {
    params: {
      version: 1,
      prior,
      fields,
      notes: [
        `u from ${Math.min(opts.uPairs ?? 300_000, Math.floor(total))} random pairs (exact levels counted from value frequencies)`,
        ...sessionNotes,
        `m by EM on ${patterns.pairs} blocked pairs${every > 1 ? ` (a ${(100 / every).toFixed(1)}% sample of ${patterns.blocked})` : ''}, ${result.iterations} iterations${result.converged ? '' : ' (not converged)'}`,
        `prior ${prior.toExponential(3)} (deterministic rules alone: ${priorFromRules.toExponential(3)})`,
      ],
    },
    stats: {
      blockedPairsSampled: patterns.pairs,
      blockedPairsEstimated: blockedEstimated,
      deterministicMatches: det * every,
      lambdaBlocked: final.lambda,
      iterations: result.iterations,
      converged: result.converged,
      priorFromRules,
    },
  };
}

/** A caseworker's decision on a pair of records (indices into the table). */
export interface LabelledPair { i: number; j: number; match: boolean }

/**
 * Supervised m from labelled decisions (confirmed matches), keeping u and the
 * prior of `base` (or estimating u when there is no base).
 * @example trainSupervised(model, table, [{ i: 0, j: 1, match: true }], params)
 */
export function trainSupervised(model: Model, table: PreparedTable, labelled: readonly LabelledPair[], base?: TrainedParams, opts: { split?: number } = {}): TrainedParams {
  const F = model.comparators.length;
  const counts = model.comparators.map((c) => new Float64Array(c.levels.length));
  const v = new Uint8Array(F);
  let matches = 0;
  for (const p of labelled) {
    if (!p.match) continue;
    matches++;
    compareRows(model, table, p.i, p.j, v, 0);
    for (let f = 0; f < F; f++) if (v[f] !== MISSING) counts[f]![v[f]!]! += 1;
  }
  if (matches === 0) throw new Error('supervised training needs at least one confirmed match');
  const u = base ? base.fields.map((f) => f.u) : estimateU(model, table, { split: opts.split });
  const tfs = base ? base.fields.map((f) => ({ tf: f.tf, tfDefault: f.tfDefault })) : termFrequencies(model, table);
  return {
    version: 1,
    prior: base?.prior ?? Math.min(0.5, matches / Math.max(1, totalPairs({ n: table.n, split: opts.split ?? table.n, link: (opts.split ?? table.n) < table.n }))),
    fields: model.spec.fields.map((f, i) => ({
      name: f.name,
      type: f.type,
      levels: [...model.comparators[i]!.levels],
      m: normalise(Array.from(counts[i]!, (x) => x + 0.5)),
      u: u[i]!,
      ...tfs[i],
    })),
    notes: [`m from ${matches} confirmed matches`, ...(base ? [`u and prior kept from earlier training`] : [])],
  };
}
