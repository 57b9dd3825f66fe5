// Scoring two names: the best agreement between any of their readings in a
// shared key space, surname and given name compared separately.
import { analyze, WEIGHTS, SPACE_M, SPACE_RAW, type Slot, type Structure } from './analyze.ts';
import { kSim, mSim } from './codes.ts';

/**
 * Scores at or above this mean "probably the same name". Chosen on the
 * labelled corpus in test/corpus (see README): a full name whose surname and
 * given name agree up to spelling, romanisation and reading differences scores
 * >= 0.9; one differing given-name syllable drops a two-syllable given name to
 * about 0.75; a different surname with the same given name to about 0.6.
 */
export const DEFAULT_THRESHOLD = 0.8;

// How much the surname counts against the given name in the weighted geometric mean.
const SURNAME_WEIGHT = 0.35;
const GIVEN_WEIGHT = 1 - SURNAME_WEIGHT;
// A name with no surname compared with one that has it: cannot confirm the family.
const MISSING_SURNAME = 0.9;
// A surname-only name compared with a full one.
const MISSING_GIVEN = 0.5;

/** A name prepared once for many comparisons. Opaque: use with scorePrepared/explainPrepared. */
export interface PreparedName {
  readonly norm: string;
  /** @internal */ readonly structures: readonly Structure[];
  /** @internal */ readonly hasM: boolean;
}

/**
 * Precomputes a name's readings (Sino-Korean, pinyin, romanised Korean,
 * transcriptions) as integer codes so that scoring is cheap.
 * Example: const p = prepare('李美玲'); scorePrepared(p, prepare('Ri Mi Ryong')) >= DEFAULT_THRESHOLD.
 */
export function prepare(name: string): PreparedName {
  const a = analyze(typeof name === 'string' ? name : String(name));
  return { norm: a.norm, structures: a.structures, hasM: a.structures.some((s) => s.space === SPACE_M) };
}

function slotSim(a: Int32Array, b: Int32Array, m: boolean): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    const xa = a[i] as number;
    const ca = xa >> 3;
    const wa = WEIGHTS[xa & 7] as number;
    if (wa <= best) break; // alternatives are sorted by weight
    for (let j = 0; j < b.length; j++) {
      const xb = b[j] as number;
      const w = wa * (WEIGHTS[xb & 7] as number);
      if (w <= best) break;
      const cb = xb >> 3;
      const s = ca === cb ? w : w * (m ? mSim(ca, cb) : kSim(ca, cb));
      if (s > best) best = s;
    }
  }
  return best;
}

const DP = new Float64Array(26 * 26);
const PAIR = new Float64Array(26 * 26);

/** Best monotone alignment of two slot sequences: sum of matched similarities / longer length. */
function align(a: readonly Slot[], b: readonly Slot[], m: boolean): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la === 1 && lb === 1) return slotSim(a[0]!.alts, b[0]!.alts, m);
  const w = lb + 1;
  for (let j = 0; j <= lb; j++) DP[j] = 0;
  for (let i = 1; i <= la; i++) {
    DP[i * w] = 0;
    const ai = a[i - 1]!.alts;
    for (let j = 1; j <= lb; j++) {
      const s = slotSim(ai, b[j - 1]!.alts, m);
      PAIR[i * w + j] = s;
      const diag = (DP[(i - 1) * w + j - 1] as number) + s;
      const up = DP[(i - 1) * w + j] as number;
      const left = DP[i * w + j - 1] as number;
      DP[i * w + j] = diag > up ? (diag > left ? diag : left) : up > left ? up : left;
    }
  }
  return (DP[la * w + lb] as number) / (la > lb ? la : lb);
}

function concat(s: Structure): Slot[] {
  return s.sur.length === 0 ? s.giv : s.giv.length === 0 ? s.sur : [...s.sur, ...s.giv];
}

function bigramDice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let hit = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const k = grams.get(g) ?? 0;
    if (k > 0) {
      hit++;
      grams.set(g, k - 1);
    }
  }
  return (2 * hit) / (a.length + b.length - 2);
}

interface PairResult { score: number; surname?: number; given?: number; whole: boolean }

function pairScore(A: Structure, B: Structure): PairResult {
  const prior = A.prior * B.prior;
  if (A.space === SPACE_RAW) return { score: bigramDice(A.raw ?? '', B.raw ?? '') * prior, whole: true };
  const m = A.space === SPACE_M;
  if (A.sur.length > 0 && B.sur.length > 0) {
    const S = align(A.sur, B.sur, m);
    if (A.giv.length === 0 && B.giv.length === 0) return { score: S * prior, surname: S, whole: false };
    const G = A.giv.length > 0 && B.giv.length > 0 ? align(A.giv, B.giv, m) : MISSING_GIVEN;
    const score = S <= 0 || G <= 0 ? 0 : Math.exp(SURNAME_WEIGHT * Math.log(S) + GIVEN_WEIGHT * Math.log(G)) * prior;
    return { score, surname: S, given: G, whole: false };
  }
  const W = align(concat(A), concat(B), m);
  return { score: W * prior * (A.sur.length > 0 || B.sur.length > 0 ? MISSING_SURNAME : 1), whole: true };
}

function best(a: PreparedName, b: PreparedName): { r: PairResult; A?: Structure; B?: Structure } {
  let top: { r: PairResult; A?: Structure; B?: Structure } = { r: { score: 0, whole: true } };
  for (const A of a.structures) {
    for (const B of b.structures) {
      if (A.space !== B.space) continue;
      // Guessing Sino-Korean from pinyin is a last resort: not when both names can be compared in Mandarin.
      if ((A.viaPinyin && b.hasM) || (B.viaPinyin && a.hasM)) continue;
      if (A.prior * B.prior <= top.r.score) continue;
      const r = pairScore(A, B);
      if (r.score > top.r.score) top = { r, A, B };
    }
  }
  return top;
}

const clamp = (x: number): number => (x > 1 ? 1 : x < 0 ? 0 : x);

/**
 * Similarity in [0, 1] of two prepared names, without explanation (the fast path).
 * Example: scorePrepared(prepare('김영희'), prepare('Kim Young-hee')) > 0.9.
 */
export function scorePrepared(a: PreparedName, b: PreparedName): number {
  if (a.norm === b.norm) return 1;
  if (a.norm.length === 0 || b.norm.length === 0) return 0;
  return clamp(best(a, b).r.score);
}

export interface ScoreExplanation {
  score: number;
  aligned: { a: string; b: string; path: string[] }[];
  surname?: number;
  given?: number;
  notes: string[];
}

const SPACE_NAMES = ['Korean readings (Hangul, Sino-Korean, romanised Korean)', 'Mandarin readings (pinyin, Hangul transcription)', 'raw text'];

// Traceback of the alignment to say which syllables matched through which readings.
function alignedPairs(a: readonly Slot[], b: readonly Slot[], m: boolean): { a: string; b: string; path: string[] }[] {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return [];
  const w = lb + 1;
  const D = new Float64Array((la + 1) * w);
  const P = new Float64Array((la + 1) * w);
  for (let i = 1; i <= la; i++) {
    for (let j = 1; j <= lb; j++) {
      const s = slotSim(a[i - 1]!.alts, b[j - 1]!.alts, m);
      P[i * w + j] = s;
      D[i * w + j] = Math.max((D[(i - 1) * w + j - 1] ?? 0) + s, D[(i - 1) * w + j] ?? 0, D[i * w + j - 1] ?? 0);
    }
  }
  const out: { a: string; b: string; path: string[] }[] = [];
  let i = la;
  let j = lb;
  while (i > 0 && j > 0) {
    const s = P[i * w + j] ?? 0;
    if (Math.abs((D[i * w + j] ?? 0) - ((D[(i - 1) * w + j - 1] ?? 0) + s)) < 1e-12 && s > 0) {
      out.push(describe(a[i - 1]!, b[j - 1]!, m, s));
      i--;
      j--;
    } else if ((D[(i - 1) * w + j] ?? 0) >= (D[i * w + j - 1] ?? 0)) {
      out.push({ a: a[i - 1]!.src, b: '', path: ['(no counterpart)'] });
      i--;
    } else {
      out.push({ a: '', b: b[j - 1]!.src, path: ['(no counterpart)'] });
      j--;
    }
  }
  while (i > 0) out.push({ a: a[--i]!.src, b: '', path: ['(no counterpart)'] });
  while (j > 0) out.push({ a: '', b: b[--j]!.src, path: ['(no counterpart)'] });
  return out.reverse();
}

function describe(x: Slot, y: Slot, m: boolean, s: number): { a: string; b: string; path: string[] } {
  let bi = 0;
  let bj = 0;
  let top = -1;
  for (let i = 0; i < x.alts.length; i++) {
    for (let j = 0; j < y.alts.length; j++) {
      const xa = x.alts[i] ?? 0;
      const yb = y.alts[j] ?? 0;
      const v = (WEIGHTS[xa & 7] ?? 0) * (WEIGHTS[yb & 7] ?? 0) * ((xa >> 3) === (yb >> 3) ? 1 : m ? mSim(xa >> 3, yb >> 3) : kSim(xa >> 3, yb >> 3));
      if (v > top) {
        top = v;
        bi = i;
        bj = j;
      }
    }
  }
  const step = (slot: Slot, k: number): string[] => {
    const t = slot.texts[k] ?? '';
    return t === slot.src ? [slot.src] : [slot.src, `${t} [${slot.how[k] ?? ''}]`];
  };
  const left = step(x, bi);
  const right = step(y, bj).reverse();
  const path = left[left.length - 1] === right[0] ? [...left, ...right.slice(1)] : [...left, `≈ ${s.toFixed(2)}`, ...right];
  return { a: x.src, b: y.src, path };
}

/**
 * Similarity of two prepared names with the explanation: which syllables
 * aligned through which readings, surname and given-name parts, notes.
 */
export function explainPrepared(a: PreparedName, b: PreparedName): ScoreExplanation {
  if (a.norm === b.norm) return { score: 1, aligned: [{ a: a.norm, b: b.norm, path: [a.norm] }], notes: ['identical after normalisation'] };
  if (a.norm.length === 0 || b.norm.length === 0) return { score: 0, aligned: [], notes: ['empty name'] };
  const { r, A, B } = best(a, b);
  if (!A || !B) return { score: 0, aligned: [], notes: ['no reading of one name shares a key space with the other'] };
  const m = A.space === SPACE_M;
  const notes = [`compared in ${SPACE_NAMES[A.space] ?? ''}`];
  let aligned: { a: string; b: string; path: string[] }[];
  if (A.space === SPACE_RAW) aligned = [{ a: A.raw ?? '', b: B.raw ?? '', path: ['character bigrams'] }];
  else if (r.whole) {
    aligned = alignedPairs(concat(A), concat(B), m);
    notes.push(A.sur.length || B.sur.length ? 'surname missing on one side: whole names compared, capped' : 'no surname: whole names compared');
  } else {
    aligned = [...alignedPairs(A.sur, B.sur, m), ...alignedPairs(A.giv, B.giv, m)];
    notes.push(`score = surname^${SURNAME_WEIGHT} x given^${GIVEN_WEIGHT.toFixed(2)}`);
    if (A.giv.length === 0 || B.giv.length === 0) notes.push('given name missing on one side');
  }
  if (A.prior < 1 || B.prior < 1) notes.push('a less likely name order or reading was used');
  const out: ScoreExplanation = { score: clamp(r.score), aligned, notes };
  if (r.surname !== undefined) out.surname = r.surname;
  if (r.given !== undefined) out.given = r.given;
  return out;
}

/**
 * Similarity in [0, 1] of two names in any script, with an explanation.
 * Example: score('李美玲', 'Ri Mi Ryong').score >= DEFAULT_THRESHOLD;
 * score('김영희', '김철수').score < DEFAULT_THRESHOLD.
 */
export function score(a: string, b: string): ScoreExplanation {
  return explainPrepared(prepare(a), prepare(b));
}

