/**
 * Fast string comparators for Latin-script data (FEBRL, Splink demos) and
 * for romanised forms of other scripts. They work on UTF-16 code units:
 * Hangul syllables and common Han characters are single units, which is
 * what we compare anyway.
 */

// Reused scratch buffers: comparators run millions of times per second and
// must not allocate per call. Marks are stamped with a per-call counter so
// nothing needs clearing between calls.
let markA = new Int32Array(64);
let markB = new Int32Array(64);
let stamp = 0;
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

function ensure(n: number): void {
  if (markA.length < n) {
    markA = new Int32Array(n * 2);
    markB = new Int32Array(n * 2);
    stamp = 0;
  }
  if (rowPrev.length < n + 1) {
    rowPrev = new Int32Array(n * 2 + 2);
    rowCur = new Int32Array(n * 2 + 2);
  }
}

/**
 * Jaro similarity in [0, 1].
 * @example jaro('martha', 'marhta') // 0.944...
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  ensure(Math.max(la, lb));
  if (++stamp === 0x7fffffff) {
    markA.fill(0);
    markB.fill(0);
    stamp = 1;
  }
  const s = stamp;
  const ma = markA;
  const mb = markB;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] !== s && b.charCodeAt(j) === c) {
        ma[i] = s;
        mb[j] = s;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (ma[i] !== s) continue;
    while (mb[k] !== s) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - t / 2) / m) / 3;
}

/**
 * Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4),
 * as in Winkler (1990) and Splink's `jaro_winkler_similarity`.
 * @example jaroWinkler('dwayne', 'duane') // 0.84
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 0 || j === 1) return j;
  const max = Math.min(4, a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return j + p * 0.1 * (1 - j);
}

/**
 * Levenshtein edit distance; stops early and returns `max + 1` once the
 * distance is known to exceed `max`.
 * @example levenshtein('kitten', 'sitting') // 3
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  let la = a.length;
  let lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (la > lb) {
    const s = a; a = b; b = s;
    const l = la; la = lb; lb = l;
  }
  ensure(la + 1);
  for (let i = 0; i <= la; i++) rowPrev[i] = i;
  for (let j = 1; j <= lb; j++) {
    rowCur[0] = j;
    let best = j;
    const cb = b.charCodeAt(j - 1);
    for (let i = 1; i <= la; i++) {
      const cost = a.charCodeAt(i - 1) === cb ? 0 : 1;
      const v = Math.min(rowPrev[i]! + 1, rowCur[i - 1]! + 1, rowPrev[i - 1]! + cost);
      rowCur[i] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    const t = rowPrev; rowPrev = rowCur; rowCur = t;
  }
  return rowPrev[la]!;
}

/** Whitespace/punctuation tokens of normalised text. */
export function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * Jaccard similarity of token sets, in [0, 1]; 1 for two empty texts.
 * @example tokenSimilarity('stanley street', 'street stanley') // 1
 */
export function tokenSimilarity(a: string, b: string): number {
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  if (ta.size === 0 && tb.size === 0) return 1;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}
