import { getGazetteer, indexOfCode, levelAt, placeAt } from './data.ts';
import type { HierarchyItem, Place, Relation } from './types.ts';

function rowOf(code: string): number {
  const i = indexOfCode(getGazetteer(), code);
  if (i < 0) throw new RangeError(`unknown place code "${code}"`);
  return i;
}

/**
 * How two places relate, for record linkage: the same place, one inside the
 * other, or the finest unit they share. Throws RangeError on an unknown code.
 * Example: `relation('CN-222405103', 'CN-222405100') === 'same-county'` (two townships of 龙井市).
 */
export function relation(codeA: string, codeB: string): Relation {
  const g = getGazetteer();
  const a = rowOf(codeA), b = rowOf(codeB);
  if (a === b) return 'same';
  const up = (r: number): number[] => { const out: number[] = []; for (let k = g.store.parent[r]!; k >= 0; k = g.store.parent[k]!) out.push(k); return out; };
  const ancA = up(a), ancB = up(b);
  if (ancB.includes(a)) return 'contains';
  if (ancA.includes(b)) return 'contained';
  const shared = ancA.find((k) => ancB.includes(k));
  if (shared === undefined) return 'unrelated';
  const lv = levelAt(g, shared);
  if (lv === 'province') return 'same-province';
  if (lv === 'prefecture') return 'same-prefecture';
  return 'same-county';
}

/** The place with this code, or undefined. Example: `byCode('CN-222405')?.names.koreanRok === '용정시'`. */
export function byCode(code: string): Place | undefined {
  const g = getGazetteer();
  const i = indexOfCode(g, code);
  return i < 0 ? undefined : placeAt(g, i);
}

/** Province-first chain of a code, or [] when unknown. Example: `hierarchy('CN-222405').map((h) => h.zh)` is ['吉林省', '延边朝鲜族自治州', '龙井市']. */
export function hierarchy(code: string): HierarchyItem[] {
  const g = getGazetteer();
  const out: HierarchyItem[] = [];
  for (let k = indexOfCode(g, code); k >= 0; k = g.store.parent[k]!) {
    const p = placeAt(g, k);
    out.unshift({ code: p.code, level: p.level, zh: p.names.zh, korean: p.names.koreanDprk });
  }
  return out;
}

/** Direct subdivisions of a place (for pickers). Example: `children('CN-2224').length === 8`. */
export function children(code: string): Place[] {
  const g = getGazetteer();
  const i = indexOfCode(g, code);
  if (i < 0) return [];
  const out: Place[] = [];
  // Rows are sorted by code and children's codes extend the parent's, so they follow it.
  for (let k = i + 1; k < g.size && g.store.rowsText.startsWith(code, g.store.rowStart[k]!); k++) {
    if (g.store.parent[k] === i) out.push(placeAt(g, k));
  }
  return out;
}

/**
 * Loads the dataset now instead of on the first query (a server calls this
 * at start so no request pays for it); returns the seconds it took, 0 when
 * already loaded. Example: `preload() < 1`.
 */
export function preload(): number {
  const g = getGazetteer();
  const first = !preloaded;
  preloaded = true;
  return first ? g.loadSeconds : 0;
}
let preloaded = false;
