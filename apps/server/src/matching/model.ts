import type { PartialDate as ContractDate } from '@homeward/contracts';
import { relation as placeRelation, byCode } from '@homeward/gazetteer';
import {
  createModel, withParams, prepareRecord, scorePrepared, prepareDate, probabilityOf, weightsOf, type FieldValue, type Model, type ModelSpec, type PairScore, type PlaceAdapter,
  type PlaceRelation, type PreparedRecord, type TrainedParams, type ApproximateAge, type PartialDate,
} from '@homeward/match';
import * as names from '@homeward/names';

/**
 * What matching compares of a sought person or a lead: every name it is
 * known by, a birth date or approximate age, a place (a gazetteer code when
 * the caseworker chose one, else the text) and sex. Built in memory from
 * decrypted records only; never stored.
 */
export interface MatchRecord {
  names: string[];
  birth?: PartialDate | ApproximateAge;
  /** `@CN-222405` for a gazetteer code, otherwise the typed text. */
  place?: string;
  sex?: string;
}

/** Birth as stored (contracts' partial date, possibly an approximate age) to @homeward/match's shape. */
export function birthOf(d: ContractDate | undefined, approx?: { age: number; atYear: number }): PartialDate | ApproximateAge | undefined {
  if (approx) return { age: approx.age, at: approx.atYear };
  if (!d) return undefined;
  if (d.approxAge !== undefined && d.atYear !== undefined) return { age: d.approxAge, at: d.atYear };
  if (d.year === undefined) return undefined;
  const out: PartialDate = { year: d.year };
  if (d.month !== undefined) out.month = d.month;
  if (d.day !== undefined) out.day = d.day;
  return out;
}

/** How precisely a birth is known, for the comparison page. */
export function precisionOf(b: PartialDate | ApproximateAge | undefined): 'day' | 'month' | 'year' | 'approximate-age' | null {
  if (!b) return null;
  if ('age' in b) return 'approximate-age';
  if (b.day !== undefined) return 'day';
  if (b.month !== undefined) return 'month';
  return 'year';
}

/** Earliest and latest possible birth year, or undefined without a birth. */
export function birthYears(b: PartialDate | ApproximateAge | undefined): { lo: number; hi: number } | undefined {
  if (!b) return undefined;
  const p = prepareDate(b);
  return p ? { lo: p.lo, hi: p.hi } : undefined;
}

export function placeValue(code: string | undefined, text: string | undefined): string | undefined {
  if (code) return `@${code}`;
  return text && text.trim() ? text : undefined;
}

// Relations by code pair: looking one up in the gazetteer was a fifth of the full registry
// match's scoring (profiled at 200,000 cases), and the same townships meet again and again.
const relations = new Map<string, Map<string, PlaceRelation>>();

/**
 * Places chosen from the gazetteer carry a code: relations come from
 * @homeward/gazetteer (same county, same prefecture...). Typed text without
 * a code is compared as text by the comparator (cross-script name
 * similarity), never guessed into a code here.
 */
const codePlaces: PlaceAdapter<string | undefined> = {
  normalize: (t) => (t.startsWith('@') ? t : names.normalize(t)),
  prepare: (n) => (n.startsWith('@') && byCode(n.slice(1)) ? n.slice(1) : undefined),
  relation(a, b) {
    if (a === undefined || b === undefined) return undefined;
    let row = relations.get(a);
    if (!row) {
      // Bounded: codes are few (the gazetteer's), but a server runs for months.
      if (relations.size >= 20_000) relations.clear();
      relations.set(a, (row = new Map()));
    }
    let r = row.get(b);
    if (r === undefined) row.set(b, (r = placeRelation(a, b) as PlaceRelation));
    return r;
  },
  blockingKeys: (n) => (n ? [n] : []),
};

export const SPEC: ModelSpec = {
  fields: [
    { name: 'name', type: 'name' },
    { name: 'birth', type: 'date' },
    { name: 'place', type: 'place' },
    { name: 'sex', type: 'sex' },
  ],
};

/**
 * Starting parameters before an organisation has decisions to learn from.
 * m (share of true matches at each level) and u (share of random pairs)
 * are set by hand from what the generated registry of bench/tracing and
 * the public labelled sets (bench/data) show, in the manner of Splink's
 * "expert" priors (moj-analytical-services.github.io/splink, "m and u
 * probabilities"); POST /api/matches/retrain replaces m from decisions.
 * The prior is the chance that a lead and a sought person sharing a name
 * key are the same child.
 */
export const DEFAULT_PARAMS: TrainedParams = {
  version: 1,
  prior: 0.01,
  notes: ['hand-set starting parameters (no decisions yet)'],
  fields: [
    { name: 'name', type: 'name', levels: ['exact', 'equivalent', 'high', 'medium', 'different'], m: [0.45, 0.4, 0.09, 0.04, 0.02], u: [0.004, 0.01, 0.05, 0.2, 0.736] },
    {
      name: 'birth', type: 'date', levels: ['exact', 'typo', 'same-month', 'same-year', 'compatible', 'within-2-years', 'different'],
      m: [0.3, 0.04, 0.08, 0.2, 0.27, 0.08, 0.03], u: [0.0004, 0.0004, 0.002, 0.02, 0.08, 0.2, 0.6972],
    },
    {
      name: 'place', type: 'place', levels: ['same', 'contains', 'same-county', 'same-prefecture', 'same-province', 'similar', 'different'],
      m: [0.35, 0.15, 0.15, 0.15, 0.1, 0.03, 0.07], u: [0.01, 0.01, 0.03, 0.08, 0.25, 0.02, 0.6],
    },
    { name: 'sex', type: 'sex', levels: ['same', 'different'], m: [0.96, 0.04], u: [0.5, 0.5] },
  ],
};

let baseModel: Model | undefined;
const modelCache = new Map<string, Model>();
/**
 * By object first: scoring asks for the model once per pair, and serialising
 * the parameters each time was a fifth of the full registry match's CPU
 * (profiled at 20,000 cases). Parameters are read-only once loaded.
 */
const modelByParams = new WeakMap<TrainedParams, Model>();

/** The model with the given parameters (memoised by identity, then by their JSON). */
export function modelWith(params: TrainedParams = DEFAULT_PARAMS): Model {
  const known = modelByParams.get(params);
  if (known) return known;
  baseModel ??= createModel(SPEC, { places: codePlaces });
  const key = JSON.stringify(params);
  let m = modelCache.get(key);
  if (!m) {
    if (modelCache.size > 16) modelCache.clear();
    m = withParams(baseModel, params);
    modelCache.set(key, m);
  }
  modelByParams.set(params, m);
  return m;
}

/** A record prepared once per name it is known by (field 0 is the name). */
export interface PreparedMatchRecord {
  names: string[];
  /** Script of each name, to compare like with like first (see quickProbability). */
  scripts: string[];
  byName: PreparedRecord[];
}

export function prepareMatchRecord(model: Model, r: MatchRecord): PreparedMatchRecord {
  const rest: Record<string, FieldValue> = {};
  if (r.birth) rest.birth = r.birth;
  if (r.place) rest.place = r.place;
  if (r.sex) rest.sex = r.sex;
  const base = prepareRecord(model, rest);
  const list = r.names.length > 0 ? r.names : [''];
  const byName = list.map((n) => {
    const one = prepareRecord(model, { name: n });
    return { keys: [one.keys[0], ...base.keys.slice(1)], values: [one.values[0], ...base.values.slice(1)] };
  });
  return { names: list, scripts: list.map((n) => names.detectScript(n)), byName };
}

const weightCache = new WeakMap<Model, ReturnType<typeof weightsOf>>();
const bestNameBits = new WeakMap<Model, number>();

/**
 * Probability of a pair from comparison levels alone, without explanations:
 * the filter that decides which of the index's hits are worth explaining.
 * Fields other than the name are compared once; each name of one side is
 * compared with the other side's names in the same script when there are
 * any (a Hangul name with the Hangul one; romanisations with romanisations,
 * where the names adapter still sees Ri = Li = Lee), else with all of them;
 * it stops at an exact agreement. The pairs kept are then scored in full by
 * scoreRecords, over every pair of names. Below `floor`, the value returned
 * is only an upper bound (the caller drops such pairs).
 */
export function quickProbability(model: Model, a: PreparedMatchRecord, b: PreparedMatchRecord, floor = 0): number {
  let w = weightCache.get(model);
  if (!w) weightCache.set(model, (w = weightsOf(model)));
  let bestName = bestNameBits.get(model);
  if (bestName === undefined) bestNameBits.set(model, (bestName = Math.max(...w.level[0]!)));
  const cmps = model.comparators;
  const ra = a.byName[0]!;
  const rb = b.byName[0]!;
  let total = w.priorBits;
  for (let f = 1; f < cmps.length; f++) {
    const ka = ra.keys[f];
    const kb = rb.keys[f];
    if (ka === undefined || kb === undefined) continue;
    const l = ka === kb && cmps[f]!.equalKeyIsExact ? 0 : cmps[f]!.compare(ra.values[f], rb.values[f]);
    total += w.level[f]![l]!;
  }
  // Lossless shortcut: when even the best name level cannot lift the pair to
  // `floor`, the names (the costly comparison) need not be compared; the
  // bound returned is below `floor`, so the caller drops the pair as it would have.
  if (floor > 0) {
    const upper = probabilityOf(total + bestName);
    if (upper < floor) return upper;
  }
  let best = -1;
  const name = cmps[0]!;
  for (let i = 0; i < a.byName.length && best !== 0; i++) {
    const ka = a.byName[i]!.keys[0];
    if (ka === undefined) continue;
    // Each name against the other side's names in its own script, or against all of them when none shares it.
    const same = b.scripts.includes(a.scripts[i]!);
    for (let j = 0; j < b.byName.length && best !== 0; j++) {
      if (same && a.scripts[i] !== b.scripts[j]) continue;
      const kb = b.byName[j]!.keys[0];
      if (kb === undefined) continue;
      const l = ka === kb ? 0 : name.compare(a.byName[i]!.values[0], b.byName[j]!.values[0]);
      if (best < 0 || l < best) best = l;
    }
  }
  if (best >= 0) total += w.level[0]![best]!;
  return probabilityOf(total);
}

export interface BestScore extends PairScore {
  /** Indexes of the names that aligned best (into each record's names). */
  a: number;
  b: number;
}

/** Best score over every pair of the two records' names (a person is known by several). */
export function scoreRecords(model: Model, a: PreparedMatchRecord, b: PreparedMatchRecord): BestScore {
  let best: BestScore | undefined;
  for (let i = 0; i < a.byName.length; i++) {
    for (let j = 0; j < b.byName.length; j++) {
      const s = scorePrepared(model, a.byName[i]!, b.byName[j]!);
      if (!best || s.weight > best.weight) best = { ...s, a: i, b: j };
    }
  }
  return best!;
}

/** Field -> level name, the plain (non-identifying) part of a score kept for retraining. */
export function levelsOf(s: PairScore): Record<string, string | null> {
  return Object.fromEntries(s.contributions.map((c) => [c.field, c.level]));
}
