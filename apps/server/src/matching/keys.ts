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

/**
 * Index values a record is stored under: each name key alone (`n:`), and
 * each name key with each possible birth year (`b:`), or with `*` when the
 * birth is unknown. Applicants are only found by name (search), so they get
 * `n:` values alone.
 */
export function storedValues(kr: Keyring, texts: readonly string[], years: { lo: number; hi: number } | undefined, withBirth: boolean): number[] {
  const out = new Set<number>();
  for (const k of keysOf(texts)) {
    out.add(value(kr, `n:${k}`));
    if (!withBirth) continue;
    if (!years || years.hi - years.lo > MAX_SPAN) out.add(value(kr, `b:${k}|*`));
    else for (let y = years.lo; y <= years.hi; y++) out.add(value(kr, `b:${k}|${y}`));
  }
  return [...out];
}

/**
 * Values to look up for a record on the other side: with a birth, its name
 * keys with every year near it (and with `*`, for records without a birth);
 * without a birth, its name keys alone.
 */
export function queryValues(kr: Keyring, texts: readonly string[], years: { lo: number; hi: number } | undefined): number[] {
  const out = new Set<number>();
  for (const k of keysOf(texts)) {
    if (!years || years.hi - years.lo > MAX_SPAN) {
      out.add(value(kr, `n:${k}`));
      continue;
    }
    out.add(value(kr, `b:${k}|*`));
    for (let y = years.lo - YEAR_SLACK; y <= years.hi + YEAR_SLACK; y++) out.add(value(kr, `b:${k}|${y}`));
  }
  return [...out];
}

/** Values for a search by name alone. */
export function nameQueryValues(kr: Keyring, text: string): number[] {
  return [...keysOf([text])].map((k) => value(kr, `n:${k}`));
}
