import * as names from '@homeward/names';
import { blindIndex } from '../crypto/blind-index.ts';
import type { Keyring } from '../crypto/envelope.ts';

/**
 * Bits of the matching index (`match_index`).
 *
 * `name_index` keeps 10 bits so that, in a small registry, every value
 * stands for several names (CipherSweet's "Blind Index Planning",
 * paragonie.com: with R rows and L bits, C = R / 2^L rows share a value;
 * aim for 2 <= C < sqrt(R)). Matching needs a lookup that stays small in a
 * registry of hundreds of thousands of people: with 10 bits one value stands
 * for thousands of people at 200,000 cases, all of which would have to be
 * decrypted on every new lead. These values combine a name key with a birth
 * year; at 200,000 cases R is about 15 million rows, and 22 bits keeps C
 * near 3.6, inside the rule. In a small registry C falls below 1: what a
 * value then adds for someone holding the database, that two records share
 * a name key and a birth year, `match_candidates` already tells outright.
 */
export const MATCH_INDEX_BITS = 22;

/** Years on either side of a query's birth years (a remembered age is often a year off). */
export const YEAR_SLACK = 1;

/** Widest birth-year span indexed per record (a remembered age leaves a few years open). */
const MAX_SPAN = 7;

export type IndexOwner = 'sought' | 'applicant' | 'lead';

function keysOf(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    const n = names.normalize(t);
    if (!n) continue;
    for (const k of names.blockingKeys(n)) out.add(k);
  }
  return out;
}

const value = (kr: Keyring, text: string): number => blindIndex(kr, 'match-key', text, MATCH_INDEX_BITS);

/** Most pair keys a stored name gets (a romanised name has many readings; its likeliest come first). */
const MAX_STORED_PAIRS = 8;
/** Most pair keys a query builds. */
const MAX_QUERY_PAIRS = 32;

/**
 * Pair keys of one name, for search by name alone: each given-name key
 * (`k:`, `m:`: first two given syllables) with each whole-name key of the
 * same key space (`kw:`, `mw:`: surname and first given syllable), i.e.
 * about surname + two given syllables. A single key is shared by thousands
 * of people at 200,000 cases (every 미령, every 李 + 미); a pair by a few
 * dozen. Two forms of one name that share a given-name key and a whole-name
 * key share their pair, since each side takes every combination.
 */
function pairKeysOf(text: string, max: number): string[] {
  const n = names.normalize(text);
  if (!n) return [];
  const keys = names.blockingKeys(n);
  const pairs: { key: string; rank: number }[] = [];
  for (const [given, whole] of [['k:', 'kw:'], ['m:', 'mw:']] as const) {
    const gs = keys.filter((k) => k.startsWith(given));
    const ws = keys.filter((k) => k.startsWith(whole));
    gs.forEach((g, i) => ws.forEach((w, j) => pairs.push({ key: `${g}+${w}`, rank: i + j })));
  }
  // Keys come likeliest first (names.blockingKeys); pairs of likely keys first, so a cap drops the unlikely ones.
  return pairs.sort((a, b) => a.rank - b.rank).slice(0, max).map((p) => p.key);
}

/**
 * Index values a record is stored under: each name's pair keys (`p:`, for
 * search), each name key alone (`n:`), and
 * each name key with each possible birth year (`b:`), or with `*` when the
 * birth is unknown. Applicants are only found by name (search), so they get
 * `n:` values alone.
 */
export function storedValues(kr: Keyring, texts: readonly string[], years: { lo: number; hi: number } | undefined, withBirth: boolean): number[] {
  const out = new Set<number>();
  for (const t of texts) for (const p of pairKeysOf(t, MAX_STORED_PAIRS)) out.add(value(kr, `p:${p}`));
  for (const k of keysOf(texts)) {
    out.add(value(kr, `n:${k}`));
    if (!withBirth) continue;
    if (!years || years.hi - years.lo > MAX_SPAN) out.add(value(kr, `b:${k}|*`));
    else for (let y = years.lo; y <= years.hi; y++) out.add(value(kr, `b:${k}|${y}`));
  }
  return [...out];
}

/**
 * Values to look up for a record on the other side, one group per name key:
 * with a birth, the key with every year near it (and with `*`, for records
 * without a birth); without a birth, the key alone. Ranking counts a key
 * once however many of its years agree (hits.ts), so a record stored under
 * a wide span of years gets no more credit than one with an exact year.
 */
export function queryValueGroups(kr: Keyring, texts: readonly string[], years: { lo: number; hi: number } | undefined): number[][] {
  const out: number[][] = [];
  for (const k of keysOf(texts)) {
    if (!years || years.hi - years.lo > MAX_SPAN) {
      out.push([value(kr, `n:${k}`)]);
      continue;
    }
    const group = [value(kr, `b:${k}|*`)];
    for (let y = years.lo - YEAR_SLACK; y <= years.hi + YEAR_SLACK; y++) group.push(value(kr, `b:${k}|${y}`));
    out.push(group);
  }
  return out;
}

/** All values of queryValueGroups, once each. */
export function queryValues(kr: Keyring, texts: readonly string[], years: { lo: number; hi: number } | undefined): number[] {
  return [...new Set(queryValueGroups(kr, texts, years).flat())];
}

/**
 * Values for a search by name alone, one group each: every name key and
 * every pair key (the person sought shares several pairs, one reading's
 * keys in each key space; someone else with a like name, one or none).
 */
export function nameQueryValueGroups(kr: Keyring, text: string): number[][] {
  return [...[...keysOf([text])].map((k) => [value(kr, `n:${k}`)]), ...pairQueryValues(kr, text).map((v) => [v])];
}

/** The pair-key values a search for `text` looks up. */
export function pairQueryValues(kr: Keyring, text: string): number[] {
  return pairKeysOf(text, MAX_QUERY_PAIRS).map((p) => value(kr, `p:${p}`));
}
