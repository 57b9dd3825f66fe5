/**
 * Loads data/gazetteer.bin.gz once (see store.ts for the layout) and answers
 * the lookups resolve() needs: key -> postings, typo candidates, rows, codes.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeStore, type Store } from './store.ts';
import { COL, KIND_BITS, LEVELS } from './keys.ts';
import type { Country, Level, Place } from './types.ts';

export interface Gazetteer {
  store: Store;
  /** Per row: 0 elsewhere, 1 Korea (ROK), 2 Korea (DPRK), 3 Jilin/Liaoning/Heilongjiang, 4 Yanbian. */
  region: Uint8Array;
  size: number;
  keyCount: number;
  loadSeconds: number;
  gramCounts?: Uint8Array;
  placeCache?: Map<number, Place>;
}

/** Path of the shipped dataset. */
export function dataFile(): string {
  return new URL('../data/gazetteer.bin.gz', import.meta.url).pathname;
}

/** Parse the dataset. Use getGazetteer() to share one instance. Example: `loadGazetteer().size > 80000`. */
export function loadGazetteer(file: string = dataFile()): Gazetteer {
  const t0 = performance.now();
  const store = decodeStore(gunzipSync(readFileSync(file)));
  const size = store.rowStart.length - 1;
  const region = new Uint8Array(size);
  const t = store.rowsText;
  for (let i = 0; i < size; i++) {
    const s = store.rowStart[i]!;
    const c0 = t.charCodeAt(s + 1);
    if (c0 === 82 /* KR */) region[i] = 1;
    else if (c0 === 80 /* KP */) region[i] = 2;
    else if (t.charCodeAt(s + 3) === 50 /* 2 */ && t.charCodeAt(s + 4) >= 49 && t.charCodeAt(s + 4) <= 51) {
      region[i] = t.startsWith('CN-2224', s) ? 4 : 3;
    }
  }
  return { store, region, size, keyCount: store.keyStart.length - 1, loadSeconds: (performance.now() - t0) / 1000 };
}

let shared: Gazetteer | undefined;

/** The one shared gazetteer, loaded on first use. Example: `getGazetteer().size`. */
export function getGazetteer(): Gazetteer {
  shared ??= loadGazetteer();
  return shared;
}

// Compares q with text[start, end) in UTF-16 code unit order, as the generator sorted.
function compareAt(text: string, start: number, end: number, q: string): number {
  const n = Math.min(end - start, q.length);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(start + i) - q.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - q.length;
}

/** Id of an exact folded key, or -1. */
export function findKey(g: Gazetteer, key: string): number {
  const { keysText, keyStart } = g.store;
  let lo = 0, hi = g.keyCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareAt(keysText, keyStart[mid]!, keyStart[mid + 1]! - 1, key);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/**
 * One binary search answering both questions the segmenter asks of a window
 * of text: is it a key (id >= 0), and does any key start with it (prefix)?
 */
export function probeKey(g: Gazetteer, q: string): { id: number; prefix: boolean } {
  const { keysText, keyStart } = g.store;
  let lo = 0, hi = g.keyCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(keysText, keyStart[mid]!, keyStart[mid + 1]! - 1, q) < 0) lo = mid + 1; else hi = mid;
  }
  if (lo >= g.keyCount) return { id: -1, prefix: false };
  const s = keyStart[lo]!, e = keyStart[lo + 1]! - 1;
  if (e - s === q.length && compareAt(keysText, s, e, q) === 0) return { id: lo, prefix: true };
  return { id: -1, prefix: e - s > q.length && keysText.startsWith(q, s) };
}

export function keyText(g: Gazetteer, id: number): string {
  return g.store.keysText.slice(g.store.keyStart[id]!, g.store.keyStart[id + 1]! - 1);
}

export function postingsOf(g: Gazetteer, id: number): Int32Array {
  return g.store.postings.subarray(g.store.postStart[id]!, g.store.postStart[id + 1]!);
}

export const postingPlace = (p: number): number => p >>> KIND_BITS;
export const postingKind = (p: number): number => p & ((1 << KIND_BITS) - 1);

/**
 * Keys of the typo index that may share at least `minShared` of the query's
 * bigrams. Such a key must contain one of the (m - minShared + 1) rarest
 * query bigrams (prefix filtering), so only those posting lists are read;
 * the caller verifies each candidate by edit distance.
 */
export function gramCandidates(g: Gazetteer, grams: readonly string[], minShared: number, minLength = 0, maxLength = 1 << 30): number[] {
  const { gramsText, gramPostStart, gramPostings, keyStart } = g.store;
  const nGrams = gramsText.length / 2;
  const keyLength = (k: number) => keyStart[k + 1]! - keyStart[k]! - 1;
  // First index in [a, b) whose key is at least `len` long (postings are sorted by key length).
  const lowerBound = (a: number, b: number, len: number) => {
    while (a < b) { const m = (a + b) >>> 1; if (keyLength(gramPostings[m]!) < len) a = m + 1; else b = m; }
    return a;
  };
  const ranges: [number, number][] = [];
  for (const gr of grams) {
    let lo = 0, hi = nGrams - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareAt(gramsText, mid * 2, mid * 2 + 2, gr);
      if (c === 0) { at = mid; break; }
      if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    if (at < 0) { ranges.push([0, 0]); continue; }
    const a = gramPostStart[at]!, b = gramPostStart[at + 1]!;
    ranges.push([lowerBound(a, b, minLength), lowerBound(a, b, maxLength + 1)]);
  }
  ranges.sort((x, y) => (x[1] - x[0]) - (y[1] - y[0]));
  const take = Math.max(1, grams.length - minShared + 1);
  const seen = (g.gramCounts ??= new Uint8Array(g.keyCount));
  const out: number[] = [];
  for (const [a, b] of ranges.slice(0, take)) {
    for (let j = a; j < b; j++) {
      const k = gramPostings[j]!;
      if (seen[k] === 0) { seen[k] = 1; out.push(k); }
    }
  }
  for (const k of out) seen[k] = 0;
  return out;
}

/** The raw fields of row i. */
export function rowAt(g: Gazetteer, i: number): string[] {
  return g.store.rowsText.slice(g.store.rowStart[i]!, g.store.rowStart[i + 1]! - 1).split('\t');
}

export function codeAt(g: Gazetteer, i: number): string {
  const t = g.store.rowsText, s = g.store.rowStart[i]!;
  return t.slice(s, t.indexOf('\t', s));
}

/** Row index of a code, or -1. */
export function indexOfCode(g: Gazetteer, code: string): number {
  const { rowsText, rowStart } = g.store;
  let lo = 0, hi = g.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = rowStart[mid]!;
    const c = compareAt(rowsText, s, rowsText.indexOf('\t', s), code);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

export function levelAt(g: Gazetteer, i: number): Level {
  return LEVELS[g.store.level[i]!]!;
}

/** Row i and its ancestors, the place itself first. */
export function lineage(g: Gazetteer, i: number): number[] {
  const out: number[] = [];
  for (let k = i; k >= 0; k = g.store.parent[k]!) out.push(k);
  return out;
}

/**
 * The public Place of row i. Places down to county level are cached: they
 * are the ancestors in every hierarchy, and there are only ~4,000 of them.
 */
export function placeAt(g: Gazetteer, i: number): Place {
  if (g.store.level[i]! > 2) return buildPlace(g, i);
  const cache = (g.placeCache ??= new Map());
  let p = cache.get(i);
  if (!p) {
    // Frozen: the cached object is shared by every caller.
    p = buildPlace(g, i);
    Object.freeze(p.names.aliases);
    Object.freeze(p.names);
    cache.set(i, Object.freeze(p));
  }
  return p;
}

function buildPlace(g: Gazetteer, i: number): Place {
  const f = rowAt(g, i);
  const stem = Number(f[COL.stem]);
  const ko = f[COL.ko]!;
  const koStemLength = [...ko].slice(0, stem).join('').length;
  const kom = f[COL.kom]!;
  const rr = f[COL.rr]!, mr = f[COL.mr] || rr, dprk = f[COL.dprk] || mr;
  return {
    code: f[COL.code]!,
    level: levelAt(g, i),
    country: f[COL.code]!.slice(0, 2) as Country,
    parent: f[COL.parent] || undefined,
    names: {
      zh: f[COL.zh]!,
      zhTraditional: f[COL.zht] || f[COL.zh]!,
      koreanDprk: ko,
      koreanRok: f[COL.kos] || ko,
      koreanFromMandarin: kom ? kom + ko.slice(koStemLength) : '',
      pinyin: f[COL.py]!,
      rr, mr, dprk,
      aliases: f[COL.aliases] ? f[COL.aliases]!.split('|') : [],
    },
  };
}
