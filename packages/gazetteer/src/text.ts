/** Text folding shared by the index and the queries, so both meet on one form. */

const LATIN_EXTENDED = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const NOT_LETTER = /[^\p{L}\p{N}]+/gu;

/**
 * Case-folded, width-folded, accent-free key without spaces or punctuation
 * (ŏ -> o, ü -> u, full-width -> ASCII). Hangul and Chinese characters are kept.
 * Example: `fold("Ryongjŏng-si") === 'ryongjongsi'`.
 */
export function fold(text: string): string {
  return foldKeepSpaces(text).replace(/ /g, '');
}

/** Like fold() but each run of spaces or punctuation becomes one space. Example: `foldKeepSpaces('Longjing,  Sanhe') === 'longjing sanhe'`. */
export function foldKeepSpaces(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LATIN_EXTENDED, (ch) => ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
    .replace(NOT_LETTER, ' ')
    .trim();
}

const HANGUL_SYLLABLE = /[\uac00-\ud7a3]/;
const CHOSEONG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNGSEONG = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONGSEONG = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

/**
 * Hangul syllables spelled out in jamo, so a one-letter slip (룡청 for 룡정)
 * is one edit, as in Latin text. Other characters are kept.
 * Example: `toJamo('정') === 'ㅈㅓㅇ'`.
 */
export function toJamo(text: string): string {
  if (!HANGUL_SYLLABLE.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)! - 0xac00;
    if (c < 0 || c > 11171) { out += ch; continue; }
    out += CHOSEONG[Math.floor(c / 588)]! + JUNGSEONG[Math.floor((c % 588) / 28)]! + JONGSEONG[c % 28]!;
  }
  return out;
}

/** Kind of script a folded key is written in. */
export function scriptOf(key: string): 'hangul' | 'han' | 'latin' | 'other' {
  const ch = key.codePointAt(0) ?? 0;
  if ((ch >= 0xac00 && ch <= 0xd7a3) || (ch >= 0x1100 && ch <= 0x11ff) || (ch >= 0x3130 && ch <= 0x318f)) return 'hangul';
  if ((ch >= 0x3400 && ch <= 0x9fff) || (ch >= 0x20000 && ch <= 0x3134f) || (ch >= 0xf900 && ch <= 0xfaff)) return 'han';
  if (ch < 0x250) return 'latin';
  return 'other';
}

/**
 * Damerau-Levenshtein distance (adjacent transpositions count one), capped:
 * returns max + 1 as soon as the distance must exceed max.
 * Example: `editDistance('longjing', 'lonjging', 2) === 1`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length, m = b.length;
  if (m + 1 > ROW_CAPACITY) return slowEditDistance(a, b, max);
  // Three reused rows: this runs for every typo candidate, so no allocation.
  let prev2 = R0, prev = R1, cur = R2;
  for (let j = 0; j <= m; j++) { prev[j] = j; prev2[j] = 0; }
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1), ai1 = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && ai1 === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return Math.min(prev[m]!, max + 1);
}

const ROW_CAPACITY = 256;
const R0 = new Int32Array(ROW_CAPACITY), R1 = new Int32Array(ROW_CAPACITY), R2 = new Int32Array(ROW_CAPACITY);

function slowEditDistance(a: string, b: string, max: number): number {
  const n = a.length, m = b.length;
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = [i];
    for (let j = 1; j <= m; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.min(prev[m]!, max + 1);
}
