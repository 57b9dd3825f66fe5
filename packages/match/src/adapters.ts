/**
 * Pluggable knowledge behind the name and place comparators. The defaults
 * use @homeward/names (cross-script equivalence, blocking keys); a
 * gazetteer-backed place adapter can be passed in once @homeward/gazetteer
 * resolves places to codes.
 */
import * as names from '@homeward/names';

/** What the name comparator needs to know about names. */
export interface NameAdapter<N = unknown> {
  /** Canonical form used for exact agreement and term frequencies. */
  normalize(text: string): string;
  /** Precompute once per distinct name. */
  prepare(normalized: string): N;
  /** Similarity in [0, 1] across scripts and spellings. */
  score(a: N, b: N): number;
  /** Scores at or above this mean "the same name in another form". */
  readonly threshold: number;
  /** Short keys for candidate retrieval (blocking). */
  blockingKeys(normalized: string): string[];
  /** A Latin (romanised or pinyin) form for Jaro-Winkler, or the text itself. */
  latin(normalized: string): string;
}

/** Relation of two places, as the gazetteer reports it. */
export type PlaceRelation = 'same' | 'contains' | 'contained' | 'same-county' | 'same-prefecture' | 'same-province' | 'unrelated';

/** What the place comparator needs to know about places. */
export interface PlaceAdapter<P = unknown> {
  normalize(text: string): string;
  prepare(normalized: string): P;
  /** Relation, or undefined when either place is unknown to the adapter (text comparison then decides). */
  relation(a: P, b: P): PlaceRelation | undefined;
  /** Blocking keys; `prepared` lets a gazetteer key a place by its region whatever the script. */
  blockingKeys(normalized: string, prepared?: P): string[];
}

const HAN = /\p{Script=Han}/u;
const HANGUL = /[\uAC00-\uD7A3]/u;

function latinOf(n: string): string {
  try {
    if (HAN.test(n)) return names.pinyinReadings(n, { surname: true })[0] ?? n;
    if (HANGUL.test(n)) return names.romanize(n, 'rr').toLowerCase();
  } catch {
    // An unreadable name still compares as text.
  }
  return n;
}

/**
 * Name adapter backed by @homeward/names.
 * @example defaultNameAdapter.score(defaultNameAdapter.prepare('李美玲'), defaultNameAdapter.prepare('리미령'))
 */
export const defaultNameAdapter: NameAdapter<names.PreparedName> = {
  normalize: (t) => names.normalize(t),
  prepare: (n) => names.prepare(n),
  score: (a, b) => names.scorePrepared(a, b),
  threshold: names.DEFAULT_THRESHOLD,
  blockingKeys: (n) => names.blockingKeys(n),
  latin: latinOf,
};

/**
 * Place adapter that knows no places: every comparison falls back to text
 * (with cross-script name similarity). Swap in a gazetteer adapter later.
 * @example textPlaceAdapter.relation(textPlaceAdapter.prepare('yanji'), textPlaceAdapter.prepare('longjing')) // undefined
 */
export const textPlaceAdapter: PlaceAdapter<undefined> = {
  normalize: (t) => names.normalize(t),
  prepare: () => undefined,
  relation: () => undefined,
  blockingKeys: (n) => (n ? [n] : []),
};
