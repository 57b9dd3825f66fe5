// Mandarin: pinyin syllables, the South Korean standard transcription of
// Mandarin in Hangul (외래어 표기법, 문교부 고시 제85-11호, 1986, table 중국어
// 주음 부호와 한글 대조표) and its reverse.
import { compose, isSyllable } from './hangul.ts';
import { tables } from './data.ts';
import { Memo } from './memo.ts';

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's'];

/** Splits a toneless pinyin syllable into initial and final, with y/w spelled out (yan -> '' + ian, wu -> '' + u, ju -> j + ü). */
export function splitPinyin(syl: string): [string, string] {
  let s = syl.replace(/v/g, 'ü');
  if (s.startsWith('y')) {
    const rest = s.slice(1);
    if (rest.startsWith('u')) s = 'ü' + rest.slice(1);
    else if (rest.startsWith('i')) s = rest;
    else if (rest === 'ou') s = 'iu';
    else if (rest === 'ong') s = 'iong';
    else s = 'i' + rest;
    return ['', s];
  }
  if (s.startsWith('w')) {
    const rest = s.slice(1);
    if (rest === 'u') return ['', 'u'];
    if (rest === 'ei') return ['', 'uei'];
    if (rest === 'en') return ['', 'uen'];
    if (rest === 'eng') return ['', 'ueng'];
    return ['', 'u' + rest];
  }
  const ini = INITIALS.find((i) => s.startsWith(i)) ?? '';
  let fin = s.slice(ini.length);
  if ((ini === 'j' || ini === 'q' || ini === 'x') && fin.startsWith('u')) fin = 'ü' + fin.slice(1);
  return [ini, fin];
}

// Hangul jamo indices (initial) for each pinyin initial.
const INI_JAMO: Record<string, number> = { '': 11, b: 7, p: 17, m: 6, f: 17, d: 3, t: 16, n: 2, l: 5, g: 0, k: 15, h: 18, j: 12, q: 14, x: 9, zh: 12, ch: 14, sh: 9, r: 5, z: 13, c: 14, s: 10 };
// Vowel jamo indices.
const V = { a: 0, ae: 1, ya: 2, eo: 4, e: 5, yeo: 6, ye: 7, o: 8, wa: 9, yo: 12, u: 13, wo: 14, we: 15, wi: 16, yu: 17, eu: 18, i: 20 } as const;
// Final jamo indices.
const N = 4;
const NG = 21;
const L = 8;

// Each final as Hangul syllables: [vowel, final] pairs; the first takes the initial consonant, the rest ㅇ.
const FINALS: Record<string, [number, number][]> = {
  a: [[V.a, 0]], o: [[V.o, 0]], e: [[V.eo, 0]], ê: [[V.e, 0]], ai: [[V.a, 0], [V.i, 0]], ei: [[V.e, 0], [V.i, 0]],
  ao: [[V.a, 0], [V.o, 0]], ou: [[V.eo, 0], [V.u, 0]], an: [[V.a, N]], en: [[V.eo, N]], ang: [[V.a, NG]], eng: [[V.eo, NG]],
  er: [[V.eo, L]], ong: [[V.u, NG]],
  i: [[V.i, 0]], ia: [[V.ya, 0]], ie: [[V.ye, 0]], iao: [[V.ya, 0], [V.o, 0]], iu: [[V.yu, 0]], ian: [[V.ye, N]],
  in: [[V.i, N]], iang: [[V.ya, NG]], ing: [[V.i, NG]], iong: [[V.yu, NG]],
  u: [[V.u, 0]], ua: [[V.wa, 0]], uo: [[V.wo, 0]], uai: [[V.wa, 0], [V.i, 0]], uei: [[V.we, 0], [V.i, 0]], ui: [[V.u, 0], [V.i, 0]],
  uan: [[V.wa, N]], uen: [[V.wo, N]], un: [[V.u, N]], uang: [[V.wa, NG]], ueng: [[V.wo, NG]],
  ü: [[V.wi, 0]], üe: [[V.we, 0]], üan: [[V.wi, 0], [V.a, N]], ün: [[V.wi, N]],
  m: [[V.eu, 6]], n: [[V.eu, N]], ng: [[V.eu, NG]], hm: [[V.eu, 6]],
};
// After ㅈ ㅉ ㅊ the table writes ㅑ ㅖ ㅛ ㅠ as ㅏ ㅔ ㅗ ㅜ (자, 제, 조, 주).
const DEPALATALISE: Record<number, number> = { [V.ya]: V.a, [V.ye]: V.e, [V.yo]: V.o, [V.yu]: V.u };

/** Hangul for one toneless pinyin syllable, or null when it is not one. Example: syllableToHangul('jiang') === '장'. */
export function syllableToHangul(syl: string): string | null {
  const [ini, fin0] = splitPinyin(syl);
  let fin = fin0;
  // zhi chi shi ri zi ci si: the "buzzing" i is ㅡ.
  if (fin === 'i' && ['zh', 'ch', 'sh', 'r', 'z', 'c', 's'].includes(ini)) fin = 'eu*';
  const parts = fin === 'eu*' ? [[V.eu, 0] as [number, number]] : FINALS[fin];
  if (!parts) return null;
  const iniJamo = INI_JAMO[ini];
  if (iniJamo === undefined) return null;
  let out = '';
  parts.forEach(([v, f], k) => {
    let vow = v;
    const ij = k === 0 ? iniJamo : 11;
    if (k === 0 && (ij === 12 || ij === 13 || ij === 14)) vow = DEPALATALISE[vow] ?? vow;
    out += compose(ij, vow, f);
  });
  return out;
}

const transCache = new Memo<string>(20000);
/** syllableToHangul with a cache, falling back to the syllable itself. */
export function transcribeSyllable(syl: string): string {
  let r = transCache.get(syl);
  if (r === undefined) {
    r = syllableToHangul(syl) ?? syl;
    transCache.set(syl, r);
  }
  return r;
}

/** Splits a run of Latin letters into pinyin syllables, or null when it cannot be. Prefers fewer, longer syllables. Example: segmentPinyin('longjing') -> ['long', 'jing']. */
export function segmentPinyin(word: string): string[] | null {
  const w = word.includes('ü') ? word.replace(/ü/g, 'v') : word;
  const syl = tables().syllables;
  const n = w.length;
  if (n === 0 || n > 40) return null;
  // count[i]: fewest syllables covering w[i..] (0 = impossible, n + 1 - i = the end); len[i]: the
  // first syllable's length in that cover. Longer first syllables win ties, as before.
  const count = SEG_COUNT;
  const len = SEG_LEN;
  count[n] = 1; // the empty rest, stored as 1 so that 0 can mean "impossible"
  for (let i = n - 1; i >= 0; i--) {
    let bestCount = 0;
    let bestLen = 0;
    for (let l = Math.min(6, n - i); l >= 1; l--) {
      const rest = count[i + l]!;
      if (rest === 0) continue;
      // Pinyin writes an apostrophe before a vowel-initial syllable; without it, a following vowel
      // belongs to this syllable, so 'xian' is one syllable rather than xi-an.
      if (i + l < n) {
        const c = w.charCodeAt(i + l);
        if (c === 0x61 || c === 0x65 || c === 0x6f) continue; // a e o
      }
      if (bestCount !== 0 && rest + 1 >= bestCount) continue;
      const piece = w.slice(i, i + l);
      if (!syl.has(piece) || piece === 'm' || piece === 'n' || piece === 'ng' || piece === 'hm' || piece === 'r') continue;
      bestCount = rest + 1;
      bestLen = l;
    }
    count[i] = bestCount;
    len[i] = bestLen;
  }
  if (count[0] === 0) return null;
  const out: string[] = [];
  for (let i = 0; i < n; i += len[i]!) out.push(w.slice(i, i + len[i]!));
  return out;
}
const SEG_COUNT = new Int32Array(42);
const SEG_LEN = new Int32Array(42);

/**
 * South Korean standard Hangul transcription of Mandarin given in pinyin
 * (tones, spaces, apostrophes and hyphens allowed; syllables the table does
 * not know are left as they are).
 * Example: mandarinToHangul('longjing') === '룽징'; mandarinToHangul('Yanji') === '옌지';
 * mandarinToHangul('tumen') === '투먼'; mandarinToHangul("Xi'an") === '시안'.
 */
export function mandarinToHangul(pinyinText: string): string {
  const text = pinyinText.normalize('NFD').replace(/u\u0308/g, 'v').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[1-5]/g, '');
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split(/['’-]/)
        .map((chunk) => {
          const syls = segmentPinyin(chunk);
          if (!syls) return chunk;
          return syls.map((s) => syllableToHangul(s) ?? s).join('');
        })
        .join(''),
    )
    .join(' ');
}

let reverse: Map<string, string[]> | null = null;

/** Hangul transcription (one or two syllables) -> the pinyin syllables written that way. */
export function reverseTable(): Map<string, string[]> {
  if (reverse) return reverse;
  const m = new Map<string, string[]>();
  for (const s of [...tables().syllables].sort()) {
    if (s === 'm' || s === 'n' || s === 'ng' || s === 'hm' || s === 'r') continue;
    const h = syllableToHangul(s);
    if (!h) continue;
    const list = m.get(h) ?? [];
    list.push(s.replace(/v/g, 'ü'));
    m.set(h, list);
  }
  reverse = m;
  return m;
}

/**
 * Segments Hangul written as a transcription of Mandarin into units (one or
 * two syllables, such as 메이 mei), each with the pinyin syllables it can
 * stand for. Returns null if some syllable is not a regular transcription.
 * Not memoised: the callers read a token once (their token table keeps it) and a whole name once.
 */
export function segmentTranscription(hangul: string): { hangul: string; pinyin: string[] }[] | null {
  return segmentUncached(hangul);
}

function segmentUncached(hangul: string): { hangul: string; pinyin: string[] }[] | null {
  const rev = reverseTable();
  const syls = [...hangul].filter(isSyllable);
  if (syls.length === 0 || syls.length > 40) return null;
  const out: { hangul: string; pinyin: string[] }[] = [];
  for (let i = 0; i < syls.length; ) {
    const pair = i + 1 < syls.length ? syls[i]! + syls[i + 1]! : '';
    const two = pair ? rev.get(pair) : undefined;
    // 이/오/우 after a syllable could be a separate yi/o/wu; the two-syllable reading (메이 mei) is the usual one.
    if (two) {
      out.push({ hangul: pair, pinyin: two });
      i += 2;
      continue;
    }
    const one = rev.get(syls[i]!);
    if (!one) return null;
    out.push({ hangul: syls[i]!, pinyin: one });
    i += 1;
  }
  return out;
}

/**
 * Reverse of mandarinToHangul: the pinyin spellings (toneless, no spaces)
 * that a Hangul transcription can stand for, most regular first, at most 8.
 * Compare them with pinyinReadings() output.
 * Example: hangulToMandarinKeys('룽징') -> ['longjing', 'rongjing']; hangulToMandarinKeys('옌지') -> ['yanji'].
 */
export function hangulToMandarinKeys(hangul: string): string[] {
  const words = hangul.split(/\s+/).filter(Boolean);
  let acc: string[] = [''];
  for (const w of words) {
    const units = segmentTranscription(w);
    if (!units) return [];
    for (const u of units) {
      const next: string[] = [];
      for (const a of acc) for (const p of u.pinyin) if (next.length < 8) next.push(a + p);
      acc = next;
    }
  }
  return acc.filter(Boolean);
}
