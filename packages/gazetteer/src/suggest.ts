import { getGazetteer, postingsOf, postingPlace, placeAt, keyText, findKey } from './data.ts';
import { fold } from './text.ts';
import type { Place } from './types.ts';

/**
 * Places whose name in any script starts with what has been typed so far,
 * for autocomplete: larger units and the border region first.
 * Example: `suggest('룡정').some((p) => p.code === 'CN-222405')`.
 */
export function suggest(prefix: string, limit = 10): Place[] {
  const g = getGazetteer();
  const q = fold(String(prefix).slice(0, 80));
  if (!q) return [];
  const { keysText, keyStart } = g.store;
  // Lower bound of q among the sorted keys.
  let lo = 0, hi = g.keyCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyText(g, mid) < q) lo = mid + 1; else hi = mid;
  }
  const rows = new Map<number, number>();
  const exact = findKey(g, q);
  for (let k = lo; k < g.keyCount && k < lo + 2000 && keysText.startsWith(q, keyStart[k]!); k++) {
    for (const p of postingsOf(g, k)) {
      const row = postingPlace(p);
      const code = rowCodePrefix(g, row);
      const rank = g.store.level[row]! * 10 - (code.startsWith('CN-2224') ? 5 : /^(CN-2[123]|KP)/.test(code) ? 3 : 0) + (k === exact ? -20 : 0);
      const prev = rows.get(row);
      if (prev === undefined || rank < prev) rows.set(row, rank);
    }
  }
  return [...rows].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, limit).map(([row]) => placeAt(g, row));
}

function rowCodePrefix(g: ReturnType<typeof getGazetteer>, row: number): string {
  return g.store.rowsText.slice(g.store.rowStart[row]!, g.store.rowStart[row]! + 8);
}
