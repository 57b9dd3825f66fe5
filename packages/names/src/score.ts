// Scoring two names: the best agreement between any of their readings in a
// shared key space, surname and given name compared separately.
import { Memo } from './memo.ts';
import { analyze, finish, WEIGHTS, SPACE_M, SPACE_RAW, type FastSeq, type Slot, type Structure } from './analyze.ts';
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
  /** @internal OR of the coarse-class bits of every slot, per key space (K, M); -1 with a raw-text structure. */
  readonly sigK: number;
  /** @internal */ readonly sigM: number;
}

/**
 * Precomputes a name's readings (Sino-Korean, pinyin, romanised Korean,
 * transcriptions) as integer codes so that scoring is cheap.
 * Example: const p = prepare('李美玲'); scorePrepared(p, prepare('Ri Mi Ryong')) >= DEFAULT_THRESHOLD.
 */
export function prepare(name: string): PreparedName {
  const text = typeof name === 'string' ? name : String(name);
  const known = preparedNames.get(text);
  if (known) return known;
  const p = prepareUncached(text);
  preparedNames.set(text, p);
  return p;
}

// Whole names recur: a common name is borne by many people, and the person a
// lead brings up is brought up again by the next lead about that child. Preparing
// is most of a cross-script comparison's cost (a lead against 400 sought persons at
// 200,000 cases spent 17 ms in it). The table holds no more than the token tables
// already do (a Hangul or Chinese name is one token), and is bounded alike.
const preparedNames = new Memo<PreparedName>(20000);

function prepareUncached(text: string): PreparedName {
  const a = analyze(text);
  const structures = a.structures.map(finish);
  let sigK = 0;
  let sigM = 0;
  for (const s of structures) {
    if (s.space === SPACE_RAW) sigK = sigM = -1;
    else if (s.space === SPACE_M) sigM |= s.sigAll;
    else sigK |= s.sigAll;
  }
  if (sigK === -1) sigM = -1;
  // Mandarin readings of a Hangul name are only a guess that it transcribes Mandarin (준원 = zhunwen):
  // they do not make the Sino-Korean guess from pinyin needless (Junyuan = 俊元 = 준원).
  const hasM = a.script !== 'hangul' && structures.some((s) => s.space === SPACE_M);
  return { norm: a.norm, structures, hasM, sigK, sigM };
}

const W = Float64Array.from(WEIGHTS);

/**
 * Similarity of slot i of A and slot j of B: the best weighted similarity of
 * their alternatives. Slots that share no coarse class (initial group x vowel
 * group) are different syllables and score 0 without further work.
 */
function slotSim(A: FastSeq, i: number, B: FastSeq, j: number, m: boolean): number {
  if (((A.sig[i] as number) & (B.sig[j] as number)) === 0) return 0;
  let best = 0;
  const ae = A.off[i + 1] as number;
  const bs = B.off[j] as number;
  const be = B.off[j + 1] as number;
  for (let x = A.off[i] as number; x < ae; x++) {
    const xa = A.alts[x] as number;
    const wa = W[xa & 7] as number;
    if (wa <= best) break; // alternatives are sorted by weight
    const ca = xa >> 3;
    for (let y = bs; y < be; y++) {
      const xb = B.alts[y] as number;
      const w = wa * (W[xb & 7] as number);
      if (w <= best) break;
      const cb = xb >> 3;
      const v = ca === cb ? w : w * (m ? mSim(ca, cb) : kSim(ca, cb));
      if (v > best) best = v;
    }
  }
  // Squared so that near-identities (0.95) stay near 1 while a syllable that merely sounds alike
  // (0.6: a different final, a neighbouring vowel) counts for little: such a name is another name.
  return best * best;
}

/** Upper bound of align(A, B): the share of slots that have any coarse-class partner at all. */
function sigBound(A: FastSeq, B: FastSeq): number {
  let ca = 0;
  let cb = 0;
  for (let i = 0; i < A.n; i++) {
    const g = A.sig[i] as number;
    for (let j = 0; j < B.n; j++) if ((g & (B.sig[j] as number)) !== 0) { ca++; break; }
  }
  for (let j = 0; j < B.n; j++) {
    const g = B.sig[j] as number;
    for (let i = 0; i < A.n; i++) if ((g & (A.sig[i] as number)) !== 0) { cb++; break; }
  }
  return (ca < cb ? ca : cb) / (A.n > B.n ? A.n : B.n);
}

const DP = new Float64Array(13 * 13);

/** Best monotone alignment of two slot sequences: sum of matched similarities / longer length. */
function align(A: FastSeq, B: FastSeq, m: boolean): number {
  const la = A.n;
  const lb = B.n;
  if (la === 0 || lb === 0) return 0;
  if (la === 1 && lb === 1) return slotSim(A, 0, B, 0, m);
  const w = lb + 1;
  for (let j = 0; j <= lb; j++) DP[j] = 0;
  for (let i = 1; i <= la; i++) {
    const row = i * w;
    const prev = row - w;
    DP[row] = 0;
    for (let j = 1; j <= lb; j++) {
      const diag = (DP[prev + j - 1] as number) + slotSim(A, i - 1, B, j - 1, m);
      const up = DP[prev + j] as number;
      const left = DP[row + j - 1] as number;
      DP[row + j] = diag > up ? (diag > left ? diag : left) : up > left ? up : left;
    }
  }
  return (DP[la * w + lb] as number) / (la > lb ? la : lb);
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

// Scratch results of the last pairScore call, so the fast path allocates nothing.
let lastS = -1;
let lastG = -1;
let lastWhole = false;

function pairScore(A: Structure, B: Structure, floor = 0): number {
  const prior = A.prior * B.prior;
  lastS = lastG = -1;
  lastWhole = true;
  if (A.space === SPACE_RAW) return bigramDice(A.raw ?? '', B.raw ?? '') * prior;
  const m = A.space === SPACE_M;
  if (A.fSur.n > 0 && B.fSur.n > 0) {
    lastWhole = false;
    if (floor > 0 && sigBound(A.fSur, B.fSur) * prior <= floor) return 0;
    const S = align(A.fSur, B.fSur, m);
    lastS = S;
    if (A.fGiv.n === 0 && B.fGiv.n === 0) return S * prior;
    if (A.fGiv.n === 0 || B.fGiv.n === 0) {
      // One side is a surname only. The other may be the same surname split wrongly (欧阳 / 구양):
      // compare whole names too, capped as for a missing surname.
      lastG = MISSING_GIVEN;
      const structural = S <= 0 ? 0 : Math.exp(SURNAME_WEIGHT * Math.log(S) + GIVEN_WEIGHT * Math.log(MISSING_GIVEN));
      const whole = align(A.fAll, B.fAll, m) * MISSING_SURNAME;
      if (whole > structural) {
        lastWhole = true;
        lastS = lastG = -1;
        return whole * prior;
      }
      return structural * prior;
    }
    // The surname and a cheap bound on the given names bound the score: skip what cannot win.
    if (S <= 0) return 0;
    if (floor > 0) {
      const gb = sigBound(A.fGiv, B.fGiv);
      if (gb <= 0 || Math.exp(SURNAME_WEIGHT * Math.log(S) + GIVEN_WEIGHT * Math.log(gb)) * prior <= floor) return 0;
    }
    const G = align(A.fGiv, B.fGiv, m);
    lastG = G;
    return S <= 0 || G <= 0 ? 0 : Math.exp(SURNAME_WEIGHT * Math.log(S) + GIVEN_WEIGHT * Math.log(G)) * prior;
  }
  const cap = prior * (A.fSur.n > 0 || B.fSur.n > 0 ? MISSING_SURNAME : 1);
  if (floor > 0 && sigBound(A.fAll, B.fAll) * cap <= floor) return 0;
  return align(A.fAll, B.fAll, m) * cap;
}

/**
 * True when pairScore(A, B) is certainly 0, from the coarse-class bits alone: two slots with no
 * class in common have similarity 0, so an alignment of parts with no class in common is 0
 * (and the weighted geometric mean of surname and given name is 0 when either is).
 */
function surelyZero(A: Structure, B: Structure): boolean {
  if (A.fSur.n > 0 && B.fSur.n > 0) {
    const s = A.sigSur & B.sigSur;
    const ag = A.fGiv.n > 0;
    const bg = B.fGiv.n > 0;
    if (ag && bg) return s === 0 || (A.sigGiv & B.sigGiv) === 0;
    if (!ag && !bg) return s === 0;
    return s === 0 && (A.sigAll & B.sigAll) === 0;
  }
  return (A.sigAll & B.sigAll) === 0;
}

let bestA: Structure | null = null;
let bestB: Structure | null = null;

function best(a: PreparedName, b: PreparedName): number {
  let top = 0;
  bestA = bestB = null;
  const as = a.structures;
  const bs = b.structures;
  for (let i = 0; i < as.length; i++) {
    const A = as[i]!;
    for (let j = 0; j < bs.length; j++) {
      const B = bs[j]!;
      if (A.space !== B.space) continue;
      // Guessing Sino-Korean from pinyin is a last resort: not when both names can be compared in Mandarin.
      if ((A.viaPinyin && b.hasM) || (B.viaPinyin && a.hasM)) continue;
      // A two-syllable name read as a given name alone (진우) is for comparing with a name written as a
      // given name alone (Zhenyu, Jinwoo, 준원). Against a full name (김진우) or another such reading
      // (진호), the full-name readings already say what the names share: 진우 / 진호 differ in the
      // given name and stay 0, not 0.45 as two half-agreeing given names.
      if (A.givenAlone ? B.givenAlone || B.fSur.n > 0 : B.givenAlone && A.fSur.n > 0) continue;
      if (A.prior * B.prior <= top) continue;
      if (A.space !== SPACE_RAW && surelyZero(A, B)) continue;
      const r = pairScore(A, B, top);
      if (r > top) {
        top = r;
        bestA = A;
        bestB = B;
        if (top >= 1) return top;
      }
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
  // No syllable of one name is like any syllable of the other in either key space (and neither is raw text).
  if ((a.sigK & b.sigK) === 0 && (a.sigM & b.sigM) === 0) return 0;
  return clamp(best(a, b));
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
function alignedPairs(a: readonly Slot[], b: readonly Slot[], fa: FastSeq, fb: FastSeq, m: boolean): { a: string; b: string; path: string[] }[] {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return [];
  const w = lb + 1;
  const D = new Float64Array((la + 1) * w);
  const P = new Float64Array((la + 1) * w);
  for (let i = 1; i <= la; i++) {
    for (let j = 1; j <= lb; j++) {
      const s = slotSim(fa, i - 1, fb, j - 1, m);
      P[i * w + j] = s;
      D[i * w + j] = Math.max((D[(i - 1) * w + j - 1] ?? 0) + s, D[(i - 1) * w + j] ?? 0, D[i * w + j - 1] ?? 0);
    }
  }
  const out: { a: string; b: string; path: string[] }[] = [];
  let i = la;
  let j = lb;
  while (i > 0 && j > 0) {
    const s = P[i * w + j] ?? 0;
    if (s > 0 && Math.abs((D[i * w + j] ?? 0) - ((D[(i - 1) * w + j - 1] ?? 0) + s)) < 1e-12) {
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
      const v = (W[xa & 7] ?? 0) * (W[yb & 7] ?? 0) * ((xa >> 3) === (yb >> 3) ? 1 : m ? mSim(xa >> 3, yb >> 3) : kSim(xa >> 3, yb >> 3));
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
  const total = best(a, b);
  const A = bestA;
  const B = bestB;
  if (!A || !B) return { score: 0, aligned: [], notes: ['no reading of one name shares a key space with the other'] };
  const m = A.space === SPACE_M;
  const notes = [`compared in ${SPACE_NAMES[A.space] ?? ''}`];
  // Re-run the winning pair for its parts (the fast path keeps them in scratch variables).
  pairScore(A, B);
  const r: PairResult = { score: total, whole: lastWhole };
  if (lastS >= 0) r.surname = lastS;
  if (lastG >= 0) r.given = lastG;
  let aligned: { a: string; b: string; path: string[] }[];
  if (A.space === SPACE_RAW) aligned = [{ a: A.raw ?? '', b: B.raw ?? '', path: ['character bigrams'] }];
  else if (r.whole) {
    aligned = alignedPairs([...A.sur, ...A.giv], [...B.sur, ...B.giv], A.fAll, B.fAll, m);
    notes.push(A.sur.length || B.sur.length ? 'surname missing on one side: whole names compared, capped' : 'no surname: whole names compared');
  } else {
    aligned = [...alignedPairs(A.sur, B.sur, A.fSur, B.fSur, m), ...alignedPairs(A.giv, B.giv, A.fGiv, B.fGiv, m)];
    notes.push(`score = surname^${SURNAME_WEIGHT} x given^${GIVEN_WEIGHT.toFixed(2)}`);
    if (A.giv.length === 0 || B.giv.length === 0) notes.push('given name missing on one side');
  }
  if (A.givenAlone || B.givenAlone) notes.push(`${A.givenAlone ? 'first' : 'second'} name read as a given name alone, not as surname + given name`);
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

