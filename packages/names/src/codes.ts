// The shared phonetic key spaces and their similarity tables.
//
// K space ("Korean"): every Hangul syllable is reduced to a code of
//   initial class x vowel x final class, where the classes merge what the
//   romanisations cannot tell apart (ㄱ/ㄲ, ㄷ/ㄸ, ㅂ/ㅃ, ㅅ/ㅆ, ㅈ/ㅉ;
//   ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅞ/ㅚ; finals as pronounced). Aspirates keep classes of
//   their own; romanised k/t/p/ch carry both readings instead. Hangul input,
//   Sino-Korean readings of Chinese characters, and romanised Korean
//   all land here. The initial-sound rule (리/이, 로/노, 녀/여) is a
//   near-identity in the similarity table rather than a separate spelling.
// M space ("Mandarin"): a code per pinyin syllable. Pinyin, Chinese
//   characters read in Mandarin and Hangul transcriptions of Mandarin land here.
//
// Similarities are products of part similarities, so two syllables that
// differ in a whole consonant or vowel fall far (0.15-0.4), while spelling
// near-identities stay near 1.
import { decompose, isSyllable } from './hangul.ts';
import { splitPinyin } from './mandarin.ts';
import { tables } from './data.ts';

// Initial jamo (19) -> class: 0 ∅, 1 K, 2 N, 3 T, 4 L, 5 M, 6 P, 7 S, 8 C, 9 H, 10 KH, 11 TH, 12 PH, 13 CH.
// Aspirates (ㅋ ㅌ ㅍ ㅊ) have classes of their own (10-13): in Hangul 통화 and 돈화 are two towns;
// romanised spellings that cannot tell them apart carry both alternatives instead.
const INI_CLASS = [1, 1, 2, 3, 3, 4, 5, 6, 6, 7, 7, 0, 8, 8, 13, 10, 11, 12, 9];
const N_INI = 14;
const IVN = N_INI * 21;
// Vowel jamo (21) -> merged vowel: ㅔ->ㅐ, ㅖ->ㅒ, ㅚ/ㅞ->ㅙ.
const VOW_MERGE = [0, 1, 2, 3, 4, 1, 6, 3, 8, 9, 10, 10, 12, 13, 14, 10, 16, 17, 18, 19, 20];
// Final jamo (28) -> class: 0 none, 1 K, 2 N, 3 T, 4 L, 5 M, 6 P, 7 NG.
const FIN_CLASS = [0, 1, 1, 1, 2, 2, 2, 3, 4, 1, 5, 4, 4, 4, 6, 4, 5, 6, 6, 3, 3, 7, 3, 3, 1, 3, 6, 3];

const IOTA = new Set([2, 3, 6, 17, 12, 20]); // merged indices of ㅑ ㅒ ㅕ ㅠ ㅛ ㅣ

/** K-space code of a Hangul syllable ((initial class * 21 + vowel) << 3 | final class), or -1. */
export function kCode(syl: string): number {
  if (!isSyllable(syl)) return -1;
  const [i, v, f] = decompose(syl);
  return (((INI_CLASS[i] ?? 0) * 21 + (VOW_MERGE[v] ?? 0)) << 3) | (FIN_CLASS[f] ?? 0);
}

export const kIni = (c: number): number => Math.floor((c >> 3) / 21);
export const kVow = (c: number): number => (c >> 3) % 21;
export const kFin = (c: number): number => c & 7;

// Plain class of an aspirate, for the similarities below.
const PLAIN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 3, 6, 8];

function iniSim(a0: number, b0: number, va: number, vb: number): number {
  if (a0 === b0) return 1;
  const a = PLAIN[a0] ?? a0;
  const b = PLAIN[b0] ?? b0;
  if (a === b) return 0.8; // plain against aspirate: 대/태, 동/통
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  // {∅, N, L}: the initial-sound rule and r/l/n spellings.
  if ((lo === 0 || lo === 2) && (hi === 2 || hi === 4)) {
    if (lo === 2 && hi === 4) return 0.95; // 로/노, 라/나: the initial-sound rule
    return IOTA.has(va) && IOTA.has(vb) ? 0.95 : 0.3;
  }
  if (lo === 0 && hi === 9) return 0.4; // dropped h (Eunhee / Euni)
  if (lo === 7 && hi === 8) return 0.4; // s / ch
  if (lo === 3 && hi === 8) return 0.3; // d / j
  if (lo === 2 && hi === 5) return 0.3;
  if (lo === 0 && (hi === 4 || hi === 2)) return 0.3;
  return 0.12;
}

// Vowel pairs (merged indices) that spellings or memory confuse; everything else 0.12.
const VOW_PAIRS: [number, number, number][] = [
  [4, 8, 0.5], [13, 18, 0.5], [4, 13, 0.4], [4, 18, 0.4], [6, 12, 0.5], [6, 17, 0.4], [12, 17, 0.35], [0, 2, 0.45],
  [4, 6, 0.45], [8, 12, 0.45], [13, 17, 0.45], [1, 3, 0.5], [0, 1, 0.35], [1, 10, 0.6], [8, 10, 0.35], [0, 9, 0.45],
  [4, 14, 0.45], [8, 14, 0.4], [16, 20, 0.45], [13, 16, 0.4], [19, 20, 0.85], [18, 19, 0.5], [9, 10, 0.45], [1, 20, 0.2],
];
const VOW_SIM = new Float64Array(21 * 21).fill(0.12);
for (let i = 0; i < 21; i++) VOW_SIM[i * 21 + i] = 1;
for (const [a, b, s] of VOW_PAIRS) {
  VOW_SIM[a * 21 + b] = s;
  VOW_SIM[b * 21 + a] = s;
}

function finSim(a: number, b: number): number {
  if (a === b) return 1;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === 0) return 0.4; // a final dropped or added
  if ((lo === 2 && (hi === 7 || hi === 5)) || (lo === 5 && hi === 7)) return 0.4;
  if ((lo === 1 || lo === 3 || lo === 6) && (hi === 1 || hi === 3 || hi === 6)) return 0.55;
  if (lo === 2 && hi === 4) return 0.55;
  return 0.4;
}

// K similarity = IV[initial+vowel pair] * FF[final pair]: two small tables instead of one of 2.8 MB.
const IV = new Float64Array(IVN * IVN);
const FF = new Float64Array(64);
// A different final consonant makes a different syllable (이/임, 정/전, 박/방), so it weighs as much as the rest.
for (let fa = 0; fa < 8; fa++) for (let fb = 0; fb < 8; fb++) FF[fa * 8 + fb] = 0.4 + 0.6 * finSim(fa, fb);
for (let ia = 0; ia < N_INI; ia++)
  for (let va = 0; va < 21; va++)
    for (let ib = 0; ib < N_INI; ib++)
      for (let vb = 0; vb < 21; vb++)
        IV[(ia * 21 + va) * IVN + ib * 21 + vb] = iniSim(ia, ib, va, vb) * (VOW_SIM[va * 21 + vb] ?? 0);

/** Similarity in [0, 1] of two K-space codes; kSim(c, c) === 1. */
export function kSim(a: number, b: number): number {
  return (IV[(a >> 3) * IVN + (b >> 3)] as number) * (FF[((a & 7) << 3) | (b & 7)] as number);
}

// ---- M space -------------------------------------------------------------

let mIndex: Map<string, number> | null = null;
let mList: string[] = [];

/** Index of every pinyin syllable (ü spelled ü). */
export function mSyllables(): Map<string, number> {
  if (mIndex) return mIndex;
  mList = [...tables().syllables].map((s) => s.replace(/v/g, 'ü')).sort();
  mIndex = new Map(mList.map((s, i) => [s, i]));
  return mIndex;
}


const M_INI_PAIRS: [string, string, number][] = [
  ['zh', 'z', 0.8], ['ch', 'c', 0.8], ['sh', 's', 0.8], ['n', 'l', 0.6], ['l', 'r', 0.5], ['f', 'h', 0.5], ['j', 'zh', 0.4],
  ['q', 'ch', 0.4], ['x', 'sh', 0.4], ['j', 'z', 0.35], ['q', 'c', 0.35], ['x', 's', 0.35], ['b', 'p', 0.35], ['d', 't', 0.35],
  ['g', 'k', 0.35], ['zh', 'ch', 0.3], ['z', 'c', 0.3], ['j', 'q', 0.3],
];
const M_FIN_PAIRS: [string, string, number][] = [
  ['in', 'ing', 0.75], ['en', 'eng', 0.75], ['an', 'ang', 0.6], ['ian', 'iang', 0.6], ['uan', 'uang', 0.6], ['i', 'ü', 0.45],
  ['ie', 'üe', 0.45], ['o', 'uo', 0.7], ['e', 'o', 0.4], ['u', 'ou', 0.4], ['ong', 'eng', 0.4], ['uen', 'un', 1], ['uei', 'ui', 1],
  ['in', 'en', 0.4], ['ing', 'eng', 0.45], ['iu', 'ou', 0.35], ['ei', 'ai', 0.4], ['ao', 'ou', 0.35],
  ['ian', 'an', 0.4], ['ing', 'ong', 0.35], ['iong', 'ong', 0.6], ['u', 'ü', 0.5], ['un', 'ün', 0.6],
];
const pairMap = (pairs: [string, string, number][]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const [a, b, s] of pairs) {
    m.set(a + '|' + b, s);
    m.set(b + '|' + a, s);
  }
  return m;
};
const M_INI = pairMap(M_INI_PAIRS);
const M_FIN = pairMap(M_FIN_PAIRS);

let MI = new Float64Array(0);
let MF = new Float64Array(0);
let mCodes: Map<string, number> | null = null;
let mNames = new Map<number, string>();

// M codes are (initial id << 6) | final id, so similarity is a product of two small lookups.
function buildM(): Map<string, number> {
  if (mCodes) return mCodes;
  const list = [...mSyllables().keys()];
  const parts = list.map((s) => splitPinyin(s));
  const inis = [...new Set(parts.map((p) => p[0]))];
  const fins = [...new Set(parts.map((p) => p[1]))];
  MI = new Float64Array(64 * 64);
  MF = new Float64Array(64 * 64);
  inis.forEach((a, i) => inis.forEach((b, j) => { MI[i * 64 + j] = a === b ? 1 : (M_INI.get(a + '|' + b) ?? (a === '' || b === '' ? 0.3 : 0.12)); }));
  fins.forEach((a, i) => fins.forEach((b, j) => { MF[i * 64 + j] = a === b ? 1 : (M_FIN.get(a + '|' + b) ?? (a[0] === b[0] ? 0.3 : 0.1)); }));
  mCodes = new Map();
  mNames = new Map();
  list.forEach((s, k) => {
    const code = (inis.indexOf(parts[k]![0]) << 6) | fins.indexOf(parts[k]![1]);
    mCodes!.set(s, code);
    mNames.set(code, s);
  });
  return mCodes;
}

/** M-space code of a toneless pinyin syllable, or -1. */
export function mCode(syl: string): number {
  return buildM().get(syl.includes('v') ? syl.replace(/v/g, 'ü') : syl) ?? -1;
}

/** The pinyin syllable of an M code. */
export function mSyllable(code: number): string {
  buildM();
  return mNames.get(code) ?? '';
}

/** Similarity in [0, 1] of two M-space codes; mSim(c, c) === 1. */
export function mSim(a: number, b: number): number {
  return (MI[((a >> 6) << 6) | (b >> 6)] as number) * (MF[((a & 63) << 6) | (b & 63)] as number);
}

// ---- coarse classes (blocking keys and the scorer's quick reject) ----------

// Initial with ∅/ㄴ/ㄹ merged (initial-sound rule, r/l/n), vowels in four groups A/O/U/I.
const K_INI_COARSE = 'akatampschktpc'; // by initial class 0..13 (aspirates with their plain stops)
const K_INI_BIT = [0, 1, 0, 2, 0, 3, 4, 5, 6, 7, 1, 2, 4, 6];
const K_VOW_COARSE = 'AAAAO-OAOAA-OUOAUUUII'; // by merged vowel 0..20
const VOW_BIT: Record<string, number> = { A: 0, O: 1, U: 2, I: 3, E: 0 };

const kCoarseCache: string[] = [];
/** Coarse two-letter class of a K code, e.g. 'mI' for 미. */
export function kCoarse(code: number): string {
  let r = kCoarseCache[code];
  if (r === undefined) r = kCoarseCache[code] = (K_INI_COARSE[kIni(code)] ?? '?') + (K_VOW_COARSE[kVow(code)] ?? '?');
  return r;
}

/** One bit (of 32) per coarse class of a K code. */
export function kSig(code: number): number {
  return 1 << ((K_INI_BIT[kIni(code)] ?? 0) * 4 + (VOW_BIT[K_VOW_COARSE[kVow(code)] ?? 'A'] ?? 0));
}

const M_INI_COARSE: Record<string, string> = { '': 'a', b: 'p', p: 'p', m: 'm', f: 'h', d: 't', t: 't', n: 'l', l: 'l', g: 'k', k: 'k', h: 'h', j: 'c', q: 'c', x: 's', zh: 'c', ch: 'c', sh: 's', r: 'l', z: 'c', c: 'c', s: 's' };
const M_INI_BIT = 'apmhtlkcs';
const M_VOW_BIT = 'AEIOUÜ';

const mCoarseCache = new Map<number, string>();
/** Coarse two-letter class of an M code (initial group, main vowel), e.g. 'lI' for ling. */
export function mCoarse(code: number): string {
  let r = mCoarseCache.get(code);
  if (r === undefined) {
    const [ini, fin] = splitPinyin(mSyllable(code));
    const core = fin.replace(/^[iuü](?=[aeiouü])/, '');
    r = (M_INI_COARSE[ini] ?? '?') + (core[0] ?? '?').toUpperCase();
    mCoarseCache.set(code, r);
  }
  return r;
}

const mSigCache = new Map<number, number>();
/** One bit (of 32, folded) per coarse class of an M code. */
export function mSig(code: number): number {
  let r = mSigCache.get(code);
  if (r === undefined) {
    const c = mCoarse(code);
    r = 1 << ((Math.max(0, M_INI_BIT.indexOf(c[0] ?? 'a')) * 6 + Math.max(0, M_VOW_BIT.indexOf(c[1] ?? 'A'))) % 32);
    mSigCache.set(code, r);
  }
  return r;
}

// ---- coarse classes as small integers (blocking keys) ------------------------

const coarseIds = new Map<string, number>();
const coarseNames: string[] = [];
function coarseId(name: string): number {
  let id = coarseIds.get(name);
  if (id === undefined) {
    id = coarseNames.length;
    coarseNames.push(name);
    coarseIds.set(name, id);
  }
  return id;
}
/** The coarse class of an id from slotKeyIds (e.g. 'mI'). */
export const coarseName = (id: number): string => coarseNames[id] ?? '_';
/** The class list of a slot without any alternative worth a key. */
export const NO_KEY: readonly number[] = [coarseId('_')];

/**
 * The coarse classes (ids, first-seen order, no repeats) of a slot's alternatives that weigh at
 * least 0.85; alternatives are code << 3 | weight level.
 */
export function slotKeyIds(alts: readonly number[], m: boolean): readonly number[] {
  const out: number[] = [];
  for (let i = 0; i < alts.length; i++) {
    const x = alts[i] ?? 0;
    if ((x & 7) > 3) continue; // weight below 0.85: not worth a key
    const k = coarseId(m ? mCoarse(x >> 3) : kCoarse(x >> 3));
    if (!out.includes(k)) out.push(k);
  }
  return out.length ? out : NO_KEY;
}
