/**
 * Typed comparators. Each turns a raw value into a canonical key (interned
 * once per distinct value), prepares it, and maps a pair of prepared values
 * to a comparison level: 0 is the strongest agreement, the last level is
 * "different". Missing values never reach a comparator.
 */
import { compareDates, dateKey, DATE_LEVELS, fromDateKey, prepareDate, type ApproximateAge, type PartialDate, type PreparedDate } from './dates.ts';
import { jaroWinkler, levenshtein, tokens } from './strings.ts';
import { defaultNameAdapter, type NameAdapter, type PlaceAdapter } from './adapters.ts';
import { gazetteerPlaceAdapter } from './places.ts';

export const FIELD_TYPES = ['name', 'surname', 'given', 'date', 'place', 'sex', 'code', 'text', 'number'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A raw field value: text from a CSV or form, or a structured date. */
export type FieldValue = string | number | PartialDate | ApproximateAge | null | undefined;

export interface Comparator<P = unknown> {
  readonly type: FieldType;
  /** Level names, strongest first; the last is "different". */
  readonly levels: readonly string[];
  /** Canonical key, or undefined when the value is missing. */
  key(value: FieldValue): string | undefined;
  /** Called once per distinct key. */
  prepare(key: string): P;
  /** Level index of two prepared values; symmetric. */
  compare(a: P, b: P): number;
  /** True when equal keys always mean level 0 (lets the hot loop skip compare). */
  readonly equalKeyIsExact: boolean;
  /** True when level 0 also needs equal keys (lets the scorer bound a pair of different values below the exact weight). */
  readonly exactMeansEqualKey?: boolean;
  /** Blocking keys of a value. */
  blockKeys(key: string, p: P): string[];
  /** Whether term-frequency adjustment applies by default (at level 0). */
  readonly tfDefault: boolean;
  /** Optional short notes on why a pair got its level (no values: they may identify someone). */
  explain?(a: P, b: P): string[];
}

/** Options for comparators that need outside knowledge or thresholds. */
export interface ComparatorOptions {
  names?: NameAdapter;
  places?: PlaceAdapter;
  /** Jaro-Winkler thresholds for the high and medium levels. */
  high?: number;
  medium?: number;
  /** Absolute tolerance for numbers. */
  tolerance?: number;
}

const LATIN = /^[\p{Script=Latin}\p{N}\s'.,-]*$/u;
const SHORT_WORD = /^[a-z]{1,5}$/;

function textOf(v: FieldValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v !== 'string') return undefined;
  return v;
}

interface PreparedNameValue {
  readonly norm: string;
  readonly isLatin: boolean;
  readonly uid: number;
  /** Filled on first use: preparing a name through the adapter is costly and most values never need it. */
  latin: string | undefined;
  adapted: unknown;
}

// Ids for memo keys: they only grow, so two live values never share one;
// past 2^31 values the memos are simply bypassed.
let nextUid = 1;

/**
 * A fixed-size, direct-mapped cache from an unordered pair of value ids to a
 * number >= 0 (a lossy memo: a new pair overwrites an old one). Typed arrays
 * only, so the hot loop allocates nothing.
 */
class PairCache {
  private readonly ka = new Int32Array(1 << 18);
  private readonly kb = new Int32Array(1 << 18);
  private readonly val = new Float64Array(1 << 18);
  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 14;
  }
  /** The cached value, or -1. */
  get(x: number, y: number): number {
    if (x > 0x7ffffffe || y > 0x7ffffffe) return -1;
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const i = this.slot(a, b);
    return this.ka[i] === a && this.kb[i] === b ? this.val[i]! : -1;
  }
  set(x: number, y: number, v: number): void {
    if (x > 0x7ffffffe || y > 0x7ffffffe) return;
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const i = this.slot(a, b);
    this.ka[i] = a;
    this.kb[i] = b;
    this.val[i] = v;
  }
}

/**
 * Name comparator: exact, cross-script equivalent (via the names adapter),
 * high and medium Jaro-Winkler similarity, different. Two Latin-script
 * names are compared by Jaro-Winkler alone, which keeps FEBRL-like data fast.
 * @example nameComparator('surname').levels // ['exact', 'equivalent', 'high', 'medium', 'different']
 */
export function nameComparator(type: 'name' | 'surname' | 'given', opts: ComparatorOptions = {}): Comparator<PreparedNameValue> {
  const adapter = opts.names ?? defaultNameAdapter;
  const high = opts.high ?? 0.92;
  const medium = opts.medium ?? 0.8;
  // Adapter scores that count as high / medium similarity across scripts
  // (one syllable of three differing scores about 0.7 in @homeward/names).
  const crossHigh = Math.min(adapter.threshold, 0.65);
  const crossMedium = Math.min(adapter.threshold, 0.45);
  // Memo of adapter scores by prepared-value ids: cross-script scoring is the
  // expensive part and the same pairs of distinct names recur across blocks.
  const scores = new PairCache();
  const adapted = (a: PreparedNameValue, b: PreparedNameValue): number => {
    let s = scores.get(a.uid, b.uid);
    if (s < 0) {
      if (a.adapted === undefined) a.adapted = adapter.prepare(a.norm);
      if (b.adapted === undefined) b.adapted = adapter.prepare(b.norm);
      s = adapter.score(a.adapted, b.adapted);
      scores.set(a.uid, b.uid, s);
    }
    return s;
  };
  const latin = (a: PreparedNameValue): string => {
    if (a.latin === undefined) a.latin = (a.isLatin ? a.norm : adapter.latin(a.norm)).replace(/[\s'-]+/g, '');
    return a.latin;
  };
  // Levels of pairs of distinct values: the same two spellings meet again
  // and again across blocks.
  const levels = new PairCache();
  const compare = (a: PreparedNameValue, b: PreparedNameValue): number => {
    if (a.norm === b.norm) return 0;
    let l = levels.get(a.uid, b.uid);
    if (l < 0) {
      l = level(a, b);
      levels.set(a.uid, b.uid, l);
    }
    return l;
  };
  const level = (a: PreparedNameValue, b: PreparedNameValue): number => {
    if (!(a.isLatin && b.isLatin)) {
      // Across scripts the names adapter's score is the similarity; Jaro-Winkler
      // on romanised forms only adds what it sees (typos in a romanisation).
      const x = adapted(a, b);
      if (x >= adapter.threshold) return 1;
      const s = jaroWinkler(latin(a), latin(b));
      return s >= high || x >= crossHigh ? 2 : s >= medium || x >= crossMedium ? 3 : 4;
    }
    const s = jaroWinkler(latin(a), latin(b));
    if (s >= high) return 2;
    // Two romanisations of one Korean or Chinese name can look nothing
    // alike to Jaro-Winkler (Kim / Gim / Jin, Ri / Yi / Lee, Pak / Piao):
    // the names adapter decides, but only ever raises the level. Only for
    // one short word (a romanised Korean or Chinese surname is at most
    // five letters: Kim, Rhee, Piao, Jeong, Zheng): the adapter costs
    // microseconds per pair, and on Latin data such as FEBRL it would
    // double the run time for nothing.
    if (a.norm.length <= 5 && b.norm.length <= 5 && SHORT_WORD.test(a.norm) && SHORT_WORD.test(b.norm) && adapted(a, b) >= adapter.threshold) return 1;
    return s >= medium ? 3 : 4;
  };
  return {
    type,
    levels: ['exact', 'equivalent', 'high', 'medium', 'different'],
    key(v) {
      const t = textOf(v);
      if (t === undefined) return undefined;
      const n = adapter.normalize(t);
      return n === '' ? undefined : n;
    },
    prepare(norm) {
      return { norm, isLatin: LATIN.test(norm), uid: nextUid++, latin: undefined, adapted: undefined };
    },
    compare,
    equalKeyIsExact: true,
    exactMeansEqualKey: true,
    blockKeys(norm) {
      const keys = adapter.blockingKeys(norm);
      if (type === 'name') return keys;
      // A surname or given-name field holds one part of a name, but the names
      // package reads it as a whole name (민준 as surname 민 + given 준) and
      // keys its "given name" on whatever it took for one. Its whole-text
      // keys (prefix "kw:" / "mw:", the first two syllables as written) are
      // the same in every script and far more selective.
      const whole = keys.filter((k) => k.charCodeAt(1) === 119 /* w */ && k.charCodeAt(2) === 58 /* : */);
      return whole.length > 0 ? whole : keys;
    },
    tfDefault: true,
    explain(a, b) {
      const level = compare(a, b);
      if (level === 1) return [`names: same name across scripts or spellings (score ${adapted(a, b).toFixed(2)})`];
      if ((level === 2 || level === 3) && a.isLatin && b.isLatin) return [`jaro-winkler ${jaroWinkler(latin(a), latin(b)).toFixed(2)}`];
      if (level === 2 || level === 3) return [`names score ${adapted(a, b).toFixed(2)}, jaro-winkler of romanised forms ${jaroWinkler(latin(a), latin(b)).toFixed(2)}`];
      return [];
    },
  };
}

/** Comparison levels of dates. */
export function dateComparator(): Comparator<PreparedDate> {
  return {
    type: 'date',
    levels: DATE_LEVELS,
    key(v) {
      if (v === null || v === undefined) return undefined;
      const d = typeof v === 'number' ? prepareDate(String(v)) : prepareDate(v);
      return d ? dateKey(d) : undefined;
    },
    prepare: fromDateKey,
    compare: compareDates,
    equalKeyIsExact: false,
    blockKeys(_key, p) {
      const out: string[] = [];
      for (let y = p.lo; y <= p.hi; y++) out.push(String(y));
      return out;
    },
    tfDefault: false,
  };
}

interface PreparedPlace {
  readonly norm: string;
  readonly name: PreparedNameValue;
  readonly place: unknown;
}

const PLACE_LEVEL: Record<string, number> = {
  same: 0, contains: 1, contained: 1, 'same-county': 2, 'same-prefecture': 3, 'same-province': 4,
};

/**
 * Place comparator: gazetteer relation when the adapter knows both places,
 * otherwise text (exact, cross-script equivalent, similar spelling).
 * @example placeComparator().levels
 */
export function placeComparator(opts: ComparatorOptions = {}): Comparator<PreparedPlace> {
  const places = opts.places ?? gazetteerPlaceAdapter();
  const nm = nameComparator('name', opts);
  return {
    type: 'place',
    levels: ['same', 'contains', 'same-county', 'same-prefecture', 'same-province', 'similar', 'different'],
    key(v) {
      const t = textOf(v);
      if (t === undefined) return undefined;
      const n = places.normalize(t);
      return n === '' ? undefined : n;
    },
    prepare(norm) {
      return { norm, name: nm.prepare(norm), place: places.prepare(norm) };
    },
    compare(a, b) {
      if (a.norm === b.norm) return 0;
      const r = places.relation(a.place, b.place);
      if (r !== undefined) return PLACE_LEVEL[r] ?? 6;
      const l = nm.compare(a.name, b.name);
      return l <= 1 ? 0 : l === 2 ? 5 : 6;
    },
    equalKeyIsExact: true,
    blockKeys: (norm, p) => places.blockingKeys(norm, p.place),
    tfDefault: true,
    explain(a, b) {
      if (a.norm === b.norm) return [];
      const r = places.relation(a.place, b.place);
      return r !== undefined ? [`gazetteer: ${r}`] : ['not both in the gazetteer: compared as text'];
    },
  };
}

const MALE = new Set(['m', 'male', 'man', 'boy', '남', '남자', '남성', '男', 'masculine']);
const FEMALE = new Set(['f', 'female', 'woman', 'girl', '여', '여자', '여성', '女', 'feminine']);

/** Sex: same or different, after mapping common spellings in English, Korean and Chinese. */
export function sexComparator(): Comparator<string> {
  return {
    type: 'sex',
    levels: ['same', 'different'],
    key(v) {
      const t = textOf(v)?.trim().toLowerCase();
      if (!t) return undefined;
      return MALE.has(t) ? 'm' : FEMALE.has(t) ? 'f' : t;
    },
    prepare: (k) => k,
    compare: (a, b) => (a === b ? 0 : 1),
    equalKeyIsExact: true,
    blockKeys: (k) => [k],
    tfDefault: false,
  };
}

/** Codes (postcodes, document numbers): exact, one edit, different. */
export function codeComparator(): Comparator<string> {
  return {
    type: 'code',
    levels: ['exact', 'one-edit', 'different'],
    key(v) {
      const t = textOf(v)?.replace(/\s+/g, '').toLowerCase();
      return t ? t : undefined;
    },
    prepare: (k) => k,
    compare: (a, b) => (a === b ? 0 : a.length >= 3 && levenshtein(a, b, 1) <= 1 ? 1 : 2),
    equalKeyIsExact: true,
    blockKeys: (k) => [k],
    tfDefault: true,
  };
}

interface PreparedText { readonly s: string; readonly toks: readonly string[] }

function sortedJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0, j = 0, inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i]! < b[j]!) i++; else j++;
  }
  return inter / (a.length + b.length - inter);
}

/** Free text: exact, high Jaro-Winkler, shared tokens (Jaccard >= 0.5), different. */
export function textComparator(opts: ComparatorOptions = {}): Comparator<PreparedText> {
  const high = opts.high ?? 0.9;
  return {
    type: 'text',
    levels: ['exact', 'high', 'overlap', 'different'],
    key(v) {
      const t = textOf(v)?.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
      return t ? t : undefined;
    },
    prepare: (s) => ({ s, toks: [...new Set(tokens(s))].sort() }),
    compare(a, b) {
      if (a.s === b.s) return 0;
      if (jaroWinkler(a.s, b.s) >= high) return 1;
      return sortedJaccard(a.toks, b.toks) >= 0.5 ? 2 : 3;
    },
    equalKeyIsExact: true,
    blockKeys: (_k, p) => [...p.toks],
    tfDefault: false,
  };
}

/** Numbers: exact, within the tolerance (default 1), within 10%, different. */
export function numberComparator(opts: ComparatorOptions = {}): Comparator<number> {
  const tol = opts.tolerance ?? 1;
  return {
    type: 'number',
    levels: ['exact', 'close', 'near', 'different'],
    key(v) {
      const t = typeof v === 'number' ? v : Number.parseFloat(textOf(v)?.trim() ?? '');
      return Number.isFinite(t) ? String(t) : undefined;
    },
    prepare: (k) => Number(k),
    compare(a, b) {
      if (a === b) return 0;
      const d = Math.abs(a - b);
      if (d <= tol) return 1;
      return d <= 0.1 * Math.max(Math.abs(a), Math.abs(b)) ? 2 : 3;
    },
    equalKeyIsExact: true,
    blockKeys: (k) => [k],
    tfDefault: false,
  };
}

/**
 * The comparator for a field type.
 * @example makeComparator('date').levels[0] // 'exact'
 */
export function makeComparator(type: FieldType, opts: ComparatorOptions = {}): Comparator {
  switch (type) {
    case 'name':
    case 'surname':
    case 'given':
      return nameComparator(type, opts) as Comparator;
    case 'date':
      return dateComparator() as Comparator;
    case 'place':
      return placeComparator(opts) as Comparator;
    case 'sex':
      return sexComparator() as Comparator;
    case 'code':
      return codeComparator() as Comparator;
    case 'text':
      return textComparator(opts) as Comparator;
    case 'number':
      return numberComparator(opts) as Comparator;
    default:
      throw new Error(`unknown field type: ${String(type)}`);
  }
}
