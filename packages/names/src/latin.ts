// Reading a Latin-script Korean name back into Hangul syllables. Exhaustive
// reverse transliteration is impossible (RR, MR without breves, DPRK and
// passport spellings collide), so each syllable gets a few weighted Hangul
// alternatives; the scorer takes the best.
import { compose } from './hangul.ts';
import { Memo, memoEnabled, onMemoReset } from './memo.ts';

export interface Alt { syl: string; w: number }

// Vowel spellings -> [vowel jamo index, weight][]. ㅐ=0? no: indices follow Unicode order ㅏ0 ㅐ1 ㅑ2 ㅒ3 ㅓ4 ㅔ5 ㅕ6 ㅖ7 ㅗ8 ㅘ9 ㅙ10 ㅚ11 ㅛ12 ㅜ13 ㅝ14 ㅞ15 ㅟ16 ㅠ17 ㅡ18 ㅢ19 ㅣ20.
const VOWELS: Record<string, [number, number][]> = {
  yeo: [[6, 1]], yae: [[3, 1]], wae: [[10, 1]], weo: [[14, 1]], eui: [[19, 1]], you: [[6, 1], [17, 0.9]], yoo: [[17, 1]],
  woo: [[13, 1]], eo: [[4, 1]], eu: [[18, 1]], ae: [[1, 1]], ai: [[1, 0.95]], ya: [[2, 1]], yo: [[12, 1], [6, 0.95]],
  yu: [[17, 1], [6, 0.85]], ye: [[7, 1]], wa: [[9, 1]], wo: [[14, 1]], we: [[15, 1], [11, 0.95]], wi: [[16, 1]],
  ui: [[19, 1], [16, 0.85]], oe: [[11, 1]], oi: [[11, 0.95]], ee: [[20, 1], [19, 0.95]], oo: [[13, 1]], ou: [[13, 0.9], [4, 0.9]],
  yi: [[20, 1], [19, 0.95]], wu: [[13, 1]], a: [[0, 1]], e: [[5, 1], [4, 0.8]], i: [[20, 1], [19, 0.95]],
  o: [[8, 1], [4, 0.95]], u: [[13, 1], [18, 0.95], [4, 0.85]], ü: [[16, 0.9]], y: [[20, 0.9]],
};
const VOWEL_KEYS = Object.keys(VOWELS).sort((a, b) => b.length - a.length);

// Onset spellings -> initial jamo index (ㄱ0 ㄲ1 ㄴ2 ㄷ3 ㄸ4 ㄹ5 ㅁ6 ㅂ7 ㅃ8 ㅅ9 ㅆ10 ㅇ11 ㅈ12 ㅉ13 ㅊ14 ㅋ15 ㅌ16 ㅍ17 ㅎ18).
const ONSETS: Record<string, number> = {
  tch: 13, ch: 14, sh: 9, kk: 1, gg: 1, tt: 4, dd: 4, pp: 8, bb: 8, ss: 10, jj: 13, kh: 15, th: 16, ph: 17, rh: 5, wh: 18,
  ts: 13, tz: 13, g: 0, k: 0, n: 2, d: 3, t: 3, r: 5, l: 5, m: 6, b: 7, p: 7, s: 9, j: 12, z: 12, h: 18, f: 17, v: 7,
  c: 15, q: 15, x: 9,
};
const ONSET_KEYS = Object.keys(ONSETS).sort((a, b) => b.length - a.length);
// RR writes ㅋ ㅌ ㅍ ㅊ as k t p ch, MR writes ㄱ ㄷ ㅂ ㅈ so (its aspiration apostrophe is often dropped):
// these spellings stand for both.
const ASPIRATE_ALT: Record<number, number> = { 0: 15, 3: 16, 7: 17, 12: 14, 14: 12 };
const AMBIGUOUS_ONSET = new Set(['k', 't', 'p', 'ch', 'c', 'q']);
// Coda spellings -> final jamo index (ㄱ1 ㄴ4 ㄷ7 ㄹ8 ㅁ16 ㅂ17 ㅅ19 ㅇ21).
const CODAS: Record<string, number> = { ng: 21, k: 1, g: 1, ck: 1, n: 4, t: 7, d: 7, s: 19, l: 8, r: 8, m: 16, p: 17, b: 17 };

const isVowelChar = (c: string | undefined): boolean => c !== undefined && 'aeiouüy'.includes(c);

interface Raw { onset: number; vowel: string; coda: number; both?: boolean }

// Split one chunk (letters only) into raw syllables; null if it is not Korean-like.
function rawSyllables(chunk: string): Raw[] | null {
  // Tokens: consonant runs and vowel runs; y/w before a vowel belong to the vowel.
  const parts: { v: boolean; s: string }[] = [];
  let i = 0;
  while (i < chunk.length) {
    const c = chunk[i]!;
    const glide = (c === 'y' || c === 'w') && isVowelChar(chunk[i + 1]) && chunk[i + 1] !== 'y';
    if (isVowelChar(c) || glide) {
      let j = i + 1;
      while (j < chunk.length && (isVowelChar(chunk[j]) || ((chunk[j] === 'w' || chunk[j] === 'y') && isVowelChar(chunk[j + 1])))) j++;
      parts.push({ v: true, s: chunk.slice(i, j) });
      i = j;
    } else {
      let j = i + 1;
      while (j < chunk.length && !isVowelChar(chunk[j]) && !((chunk[j] === 'w' || chunk[j] === 'y') && isVowelChar(chunk[j + 1]))) j++;
      parts.push({ v: false, s: chunk.slice(i, j) });
      i = j;
    }
  }
  const out: Raw[] = [];
  let pendingOnset = 11;
  let pendingBoth = false;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.v) {
      // A vowel run may hold several syllables' vowels (jieun -> i + eu).
      let s = part.s;
      let first = true;
      while (s.length > 0) {
        const key = VOWEL_KEYS.find((k) => s.startsWith(k));
        if (!key) return null;
        out.push({ onset: first ? pendingOnset : 11, vowel: key, coda: 0, both: first && pendingBoth });
        first = false;
        s = s.slice(key.length);
      }
      pendingOnset = 11;
      pendingBoth = false;
      continue;
    }
    let cons = part.s;
    const atStart = p === 0;
    const atEnd = p === parts.length - 1;
    if (atStart) {
      const key = ONSET_KEYS.find((k) => cons === k) ?? ONSET_KEYS.find((k) => cons.endsWith(k));
      if (!key) return null;
      pendingOnset = ONSETS[key] ?? 11;
      pendingBoth = AMBIGUOUS_ONSET.has(key);
      continue;
    }
    const prev = out[out.length - 1];
    if (!prev) return null;
    // After a vowel, h before a consonant or at the end is an English spelling habit (Ahn, Oh).
    // So is r before a consonant (Park, Kurt).
    if (cons.startsWith('h') && cons.length > 1 && cons !== 'h') cons = cons.slice(1);
    else if (atEnd && cons === 'h') cons = '';
    if (cons.length > 1 && cons[0] === 'r' && cons[1] !== 'r') cons = cons.slice(1);
    if (atEnd) {
      cons = cons.replace(/h+$/, ''); // Youngh, Ahnh: a stray h
      if (cons === '') continue;
      const coda = CODAS[cons] ?? CODAS[cons.slice(-2)] ?? CODAS[cons.slice(-1)];
      if (coda === undefined) return null;
      prev.coda = coda;
      continue;
    }
    // Between vowels: ng is always a coda (Korean has no ng onset); otherwise the longest onset wins.
    let coda = 0;
    if (cons.startsWith('ng')) {
      coda = 21;
      cons = cons.slice(2);
    } else if (!ONSETS[cons]) {
      const codaKey = ['n', 'm', 'l', 'k', 'g', 'p', 'b', 't', 'd', 's', 'r'].find((k) => cons.startsWith(k) && cons.length > 1);
      if (codaKey) {
        coda = CODAS[codaKey] ?? 0;
        cons = cons.slice(codaKey.length);
      }
    }
    prev.coda = coda;
    if (cons === '') {
      pendingOnset = 11;
      pendingBoth = false;
    } else {
      const key = ONSET_KEYS.find((k) => cons === k) ?? ONSET_KEYS.find((k) => cons.endsWith(k));
      if (!key) return null;
      pendingOnset = ONSETS[key] ?? 11;
      pendingBoth = AMBIGUOUS_ONSET.has(key);
    }
  }
  return out.length > 0 ? out : null;
}


// Chunks (the parts of a hyphenated word, and of the other syllable divisions) recur far more
// than whole words: read each once. The alternatives are shared: read-only.
const chunkCache = new Memo<Alt[][] | null>(4096);
function chunkToHangul(chunk: string): Alt[][] | null {
  let r = chunkCache.get(chunk);
  if (r === undefined) {
    r = chunkUncached(chunk);
    chunkCache.set(chunk, r);
  }
  return r;
}

function chunkUncached(chunk: string): Alt[][] | null {
  if (!/^[a-zü]+$/.test(chunk)) return null;
  // A chunk without a vowel is a dropped-vowel typo or abbreviation (Chl, Kwng): read it with a neutral u,
  // which stands for ㅜ, ㅡ and ㅓ at once.
  let raws = rawSyllables(chunk);
  if (!raws && !/[aeiouüy]/.test(chunk)) {
    const onset = ONSET_KEYS.find((k) => chunk.startsWith(k) && k.length < chunk.length) ?? '';
    raws = rawSyllables(onset + 'u' + chunk.slice(onset.length));
  }
  if (!raws) return null;
  const out: Alt[][] = [];
  for (const r of raws) out.push(syllableAlts(r));
  return out;
}

// The alternatives of one raw syllable, shared by every word that holds it (read-only): syllables
// recur far more than words, and a shared list lets the caller share what it derives from it.
let sylAlts = new Map<number, Alt[]>();
onMemoReset(() => {
  sylAlts = new Map();
});
const VOWEL_INDEX = new Map(VOWEL_KEYS.map((k, i) => [k, i]));

function syllableAlts(r: Raw): Alt[] {
  const key = (((r.onset * 64 + (VOWEL_INDEX.get(r.vowel) ?? 63)) * 32 + r.coda) << 1) | (r.both ? 1 : 0);
  let alts = sylAlts.get(key);
  if (alts) return alts;
  alts = [];
  const onsets = r.both && ASPIRATE_ALT[r.onset] !== undefined ? [r.onset, ASPIRATE_ALT[r.onset]!] : [r.onset];
  for (const [v, w] of VOWELS[r.vowel] ?? []) {
    // ㅢ is only written after ㅎ or alone (희, 의); elsewhere it would be noise.
    if (v === 19 && r.onset !== 18 && r.onset !== 11) continue;
    for (const o of onsets) alts.push({ syl: compose(o, v, r.coda), w });
  }
  if (memoEnabled()) sylAlts.set(key, alts);
  return alts;
}

/**
 * Hangul syllable alternatives for one romanised word (hyphens split
 * syllables, MR apostrophes after consonants are dropped). Null when the
 * word does not look like a Korean romanisation.
 * Example: latinToHangul('ryong') -> [[{syl:'룡',w:1},{syl:'령',w:0.95}]].
 */
export function latinToHangul(word: string): Alt[][] | null {
  // Not memoised by word: the caller's token table keeps words; chunks (below) recur across words.
  const chunks = /[-'\s]/.test(word)
    ? word
        .replace(/([ckpt]h?)'/g, '$1')
        .split(/[-'\s]+/)
        .filter(Boolean)
    : word
      ? [word]
      : [];
  const out: Alt[][] = [];
  let ok = chunks.length > 0;
  for (const chunk of chunks) {
    const syls = chunkToHangul(chunk);
    if (!syls) {
      ok = false;
      break;
    }
    for (const alts of syls) out.push(alts);
  }
  return ok && out.length > 0 && out.length <= 12 ? out : null;
}

/**
 * Like latinToHangul, plus the other syllabifications of a joined word where
 * one consonant stands between two vowels (seokyong: seo-kyong or seok-yong;
 * sookok: soo-kok or sook-ok). At most 3 readings, the usual one first.
 */
export function latinToHangulAll(word: string): Alt[][][] {
  const out: Alt[][][] = [];
  const first = latinToHangul(word);
  if (first) out.push(first);
  const spots: number[] = [];
  const re = /[aeiouy](?=[kgnlmpbtds][aeiouwy])/g;
  for (let m = re.exec(word); m && spots.length < 2; m = re.exec(word)) spots.push(m.index + 2);
  for (const at of spots) {
    const alt = latinToHangul(word.slice(0, at) + '-' + word.slice(at));
    if (alt && out.length < 3) out.push(alt);
  }
  return out;
}
