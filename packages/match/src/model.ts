/**
 * Model specification, prepared (interned) record tables and the hot
 * comparison loop. Everything here is pure and synchronous.
 */
import { FIELD_TYPES, makeComparator, type Comparator, type ComparatorOptions, type FieldType, type FieldValue } from './comparators.ts';
import type { NameAdapter, PlaceAdapter } from './adapters.ts';

/** One compared field. */
export interface FieldSpec {
  /** Field name in the records (and in explanations). */
  name: string;
  type: FieldType;
  /** Term-frequency adjustment at the exact level; default by type (names, places, codes: on). */
  tf?: boolean;
  /** Jaro-Winkler thresholds or number tolerance for this field. */
  high?: number;
  medium?: number;
  tolerance?: number;
}

/** A blocking rule: records share a block when every part yields a common key. */
export interface BlockingRule {
  /** Parts of the rule: a field, and whether to use its blocking keys (default) or its exact key. */
  on: { field: string; use?: 'keys' | 'exact' }[];
  /**
   * How a block larger than maxBlockSize is split instead of skipped: by
   * these fields in turn (records without the field form their own
   * sub-block). Default: the model's date fields (by year), then sex, then
   * place, that the rule does not already use; [] to skip big blocks.
   */
  refine?: { field: string; use?: 'keys' | 'exact' }[];
}

/** What the caller describes; serialisable (adapters are passed separately). */
export interface ModelSpec {
  fields: FieldSpec[];
  /** Union of rules; default: derived from the fields (see defaultBlocking). */
  blocking?: BlockingRule[];
  /** Deterministic rules (all listed fields at their exact level) used to seed the prior. */
  deterministic?: string[][];
  /** Blocks with more records than this are split by the rule's `refine` fields, and skipped and reported when still too large (guard against exploding blocks). */
  maxBlockSize?: number;
}

/** Pluggable knowledge, not serialised with the model. */
export interface ModelAdapters {
  names?: NameAdapter;
  places?: PlaceAdapter;
}

/** Trained parameters of one field. */
export interface FieldParams {
  name: string;
  type: FieldType;
  levels: string[];
  /** P(level | match) */
  m: number[];
  /** P(level | non-match), from random pairs */
  u: number[];
  /** Term frequencies of the most common keys (share of records), for the exact level. */
  tf?: Record<string, number>;
  /** Term frequency assumed for keys not in `tf`. */
  tfDefault?: number;
}

/** Serialisable trained parameters (JSON.stringify-safe). */
export interface TrainedParams {
  version: 1;
  /** Probability that two random records match. */
  prior: number;
  fields: FieldParams[];
  /** How the parameters were obtained, for the summary. */
  notes: string[];
}

export interface Model {
  readonly spec: ModelSpec;
  readonly comparators: readonly Comparator[];
  readonly tfEnabled: readonly boolean[];
  params?: TrainedParams;
}

/** Sentinel level for a missing value (contributes nothing). */
export const MISSING = 255;

/**
 * Builds a model from a spec; validates field names and types.
 * @example const model = createModel({ fields: [{ name: 'name', type: 'name' }, { name: 'dob', type: 'date' }] });
 */
export function createModel(spec: ModelSpec, adapters: ModelAdapters = {}): Model {
  if (spec.fields.length === 0) throw new Error('a model needs at least one field');
  const seen = new Set<string>();
  for (const f of spec.fields) {
    if (!(FIELD_TYPES as readonly string[]).includes(f.type)) {
      throw new Error(`unknown field type "${String(f.type)}" for field "${f.name}"; expected one of ${FIELD_TYPES.join(', ')}`);
    }
    if (seen.has(f.name)) throw new Error(`field "${f.name}" is listed twice`);
    seen.add(f.name);
  }
  for (const r of spec.blocking ?? []) {
    for (const p of [...r.on, ...(r.refine ?? [])]) if (!seen.has(p.field)) throw new Error(`blocking rule uses unknown field "${p.field}"`);
  }
  const comparators = spec.fields.map((f) => {
    const o: ComparatorOptions = { names: adapters.names, places: adapters.places, high: f.high, medium: f.medium, tolerance: f.tolerance };
    return makeComparator(f.type, o);
  });
  return { spec, comparators, tfEnabled: spec.fields.map((f, i) => f.tf ?? comparators[i]!.tfDefault) };
}

/** Attach trained (or loaded) parameters to a model. Example: `withParams(createModel(spec), JSON.parse(saved))`. */
export function withParams(model: Model, params: TrainedParams): Model {
  if (params.version !== 1) throw new Error('unsupported parameter version');
  if (params.fields.length !== model.comparators.length) throw new Error('parameters do not fit this model');
  params.fields.forEach((f, i) => {
    if (f.name !== model.spec.fields[i]!.name || f.levels.length !== model.comparators[i]!.levels.length) {
      throw new Error(`parameters do not fit field "${model.spec.fields[i]!.name}"`);
    }
  });
  return { ...model, params };
}

/** A column of interned values. */
export interface PreparedColumn {
  /** Value id per record, -1 when missing. */
  readonly ids: Int32Array;
  readonly values: unknown[];
  readonly keys: string[];
  /** Records carrying each value id. */
  readonly counts: Uint32Array;
  /** Records with a value. */
  readonly present: number;
}

/** Records prepared for comparison: one interned column per field. */
export interface PreparedTable {
  readonly n: number;
  readonly columns: PreparedColumn[];
}

/** A record: field name -> value. */
export type RecordLike = Readonly<Record<string, FieldValue>>;

/**
 * Interns and prepares every field of every record once; each distinct value
 * is prepared only once, which is what keeps a million records cheap.
 * @example prepareTable(model, [{ name: '김영희' }, { name: 'Kim Yong Hui' }]).n // 2
 */
export function prepareTable(model: Model, records: readonly RecordLike[]): PreparedTable {
  const n = records.length;
  const columns = model.spec.fields.map((f, fi) => {
    const cmp = model.comparators[fi]!;
    const ids = new Int32Array(n);
    const index = new Map<string, number>();
    const keys: string[] = [];
    const values: unknown[] = [];
    const counts: number[] = [];
    const idOfKey = (k: string | undefined): number => {
      if (k === undefined) return -1;
      let id = index.get(k);
      if (id === undefined) {
        id = keys.length;
        index.set(k, id);
        keys.push(k);
        values.push(cmp.prepare(k));
        counts.push(0);
      }
      return id;
    };
    // Raw texts repeat (the same name or place typed the same way), and
    // normalising is not free: remember each raw text's value id (-1 when
    // missing), one map lookup per record and field.
    const idOfText = new Map<string, number>();
    let present = 0;
    for (let r = 0; r < n; r++) {
      const raw = records[r]![f.name];
      let id: number | undefined;
      if (typeof raw === 'string') {
        id = idOfText.get(raw);
        if (id === undefined) {
          id = idOfKey(cmp.key(raw));
          idOfText.set(raw, id);
        }
      } else id = idOfKey(cmp.key(raw));
      ids[r] = id;
      if (id < 0) continue;
      present++;
      counts[id]!++;
    }
    return { ids, values, keys, counts: Uint32Array.from(counts), present };
  });
  return { n, columns };
}

/**
 * Comparison vector of records i and j into `out` at `offset` (MISSING for
 * a missing value).
 */
export function compareRows(model: Model, table: PreparedTable, i: number, j: number, out: Uint8Array, offset: number): void {
  const cols = table.columns;
  const cmps = model.comparators;
  for (let f = 0; f < cols.length; f++) {
    const c = cols[f]!;
    const a = c.ids[i]!;
    const b = c.ids[j]!;
    if (a < 0 || b < 0) out[offset + f] = MISSING;
    else if (a === b && cmps[f]!.equalKeyIsExact) out[offset + f] = 0;
    else out[offset + f] = cmps[f]!.compare(c.values[a], c.values[b]);
  }
}

/** Mixed-radix code of a comparison vector, for counting patterns. */
export function patternRadix(model: Model): number[] {
  return model.comparators.map((c) => c.levels.length + 1);
}

/** Encodes levels (MISSING as the top digit) into one integer pattern id. */
export function encodePattern(radix: readonly number[], levels: Uint8Array, offset: number): number {
  let code = 0;
  for (let f = radix.length - 1; f >= 0; f--) {
    const l = levels[offset + f]!;
    code = code * radix[f]! + (l === MISSING ? radix[f]! - 1 : l);
  }
  return code;
}

/** Inverse of encodePattern. */
export function decodePattern(radix: readonly number[], code: number, out: Uint8Array): void {
  for (let f = 0; f < radix.length; f++) {
    const d = code % radix[f]!;
    code = (code - d) / radix[f]!;
    out[f] = d === radix[f]! - 1 ? MISSING : d;
  }
}

/**
 * Level memo of one field: a dense lazily-filled matrix when the column has
 * few distinct values (sex, place, surname), else a direct-mapped lossy
 * cache keyed by the pair of value ids (a new pair overwrites an old one).
 * Typed arrays only, so the hot loop allocates nothing. 0xff = not known yet.
 */
class LevelMemo {
  private readonly dense: Uint8Array | undefined;
  private readonly d: number;
  private readonly ka: Int32Array;
  private readonly kb: Int32Array;
  private readonly lv: Uint8Array;
  private readonly shift: number;
  constructor(distinct: number, cacheBits: number) {
    this.d = distinct;
    if (distinct <= DENSE_LIMIT) {
      this.dense = new Uint8Array(distinct * distinct).fill(0xff);
      this.ka = this.kb = new Int32Array(0);
      this.lv = new Uint8Array(0);
      this.shift = 0;
    } else {
      this.dense = undefined;
      this.ka = new Int32Array(1 << cacheBits).fill(-1);
      this.kb = new Int32Array(1 << cacheBits);
      this.lv = new Uint8Array(1 << cacheBits);
      this.shift = 32 - cacheBits;
    }
  }
  /** Level of value ids a < b (callers order them), computed by `cmp` on a miss. */
  get(a: number, b: number, cmp: Comparator, values: unknown[]): number {
    const dense = this.dense;
    if (dense !== undefined) {
      const k = a * this.d + b;
      let l = dense[k]!;
      if (l === 0xff) { l = cmp.compare(values[a], values[b]); dense[k] = l; }
      return l;
    }
    const s = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> this.shift;
    if (this.ka[s] === a && this.kb[s] === b) return this.lv[s]!;
    const l = cmp.compare(values[a], values[b]);
    this.ka[s] = a;
    this.kb[s] = b;
    this.lv[s] = l;
    return l;
  }
}

/** Columns with at most this many distinct values get a dense level matrix (at most 16 MB). */
const DENSE_LIMIT = 4096;

/**
 * A memoised compareRows for one table: the same two distinct values (two
 * spellings of a name, two dates) meet again and again across a large job,
 * and each pair is compared once (as long as the cache holds it).
 * @example const cmp = rowComparer(model, table); cmp(0, 1, out, 0)
 */
export function rowComparer(model: Model, table: PreparedTable, cacheBits = 20): (i: number, j: number, out: Uint8Array, offset: number) => void {
  const F = table.columns.length;
  const fields = table.columns.map((_, f) => fieldComparer(model, table, f, cacheBits));
  return (i, j, out, offset) => {
    for (let f = 0; f < F; f++) out[offset + f] = fields[f]!(i, j);
  };
}

/**
 * Memoised level of one field for records i and j (MISSING when either
 * lacks the value). Example: `fieldComparer(model, table, 0)(3, 7)`.
 */
export function fieldComparer(model: Model, table: PreparedTable, f: number, maxCacheBits = 20): (i: number, j: number) => number {
  const col = table.columns[f]!;
  // Sized by the column (about 16 slots per distinct value), so a small
  // table does not pay for a megabyte-sized cache.
  const cacheBits = Math.min(maxCacheBits, Math.max(10, Math.ceil(Math.log2(col.keys.length * 16 + 1))));
  const cmp = model.comparators[f]!;
  const ids = col.ids;
  const values = col.values;
  const exactEq = cmp.equalKeyIsExact;
  const memo = new LevelMemo(col.keys.length, cacheBits);
  return (i, j) => {
    const a = ids[i]!;
    const b = ids[j]!;
    if (a < 0 || b < 0) return MISSING;
    if (a === b && exactEq) return 0;
    return a < b ? memo.get(a, b, cmp, values) : memo.get(b, a, cmp, values);
  };
}

/** True when a field's level memo is a dense matrix (few distinct values: cheap to compare). */
export function isDenseColumn(table: PreparedTable, f: number): boolean {
  return table.columns[f]!.keys.length <= DENSE_LIMIT;
}
