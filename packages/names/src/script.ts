// Script detection and normalisation.
import { tables } from './data.ts';

export type Script = 'hangul' | 'hanzi-simplified' | 'hanzi-traditional' | 'latin' | 'other';

/** Character class used throughout: H Hangul, C Chinese character, L Latin letter, other. */
export function charClass(cp: number): 'H' | 'C' | 'L' | 'O' {
  if ((cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xffa0 && cp <= 0xffdc) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3131 && cp <= 0x318e) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return 'H';
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0xf900 && cp <= 0xfaff) || cp === 0x3007) return 'C';
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a) || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff)) return 'L';
  return 'O';
}

/**
 * The dominant script of a string (most letters wins; ties favour Hangul,
 * then Chinese characters). Chinese text is 'hanzi-traditional' only when it
 * holds a traditional-only character and no simplified-only one.
 * Example: detectScript('리미령') === 'hangul'; detectScript('龍井') === 'hanzi-traditional';
 * detectScript('Li Meiling') === 'latin'.
 */
export function detectScript(text: string): Script {
  let h = 0;
  let c = 0;
  let l = 0;
  let simp = 0;
  let trad = 0;
  // By code point, without a string per character (only Chinese characters need one, for the sets).
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const k = charClass(cp);
    if (k === 'H') h++;
    else if (k === 'L') l++;
    else if (k === 'C') {
      c++;
      const ch = width === 1 ? text[i]! : text.slice(i, i + 2);
      const tb = tables();
      if (tb.simplifiedOnly.has(ch)) simp++;
      else if (tb.traditionalOnly.has(ch)) trad++;
    }
    i += width;
  }
  const max = Math.max(h, c, l);
  if (max === 0) return 'other';
  if (h === max) return 'hangul';
  if (c === max) return trad > 0 && simp === 0 ? 'hanzi-traditional' : 'hanzi-simplified';
  return 'latin';
}

const latinFold = new Map<string, string>();
const SIMPLE = /^(?:[a-zA-Z\uac00-\ud7a3\u4e00-\u9fff]+(?:[-'][a-zA-Z\uac00-\ud7a3\u4e00-\u9fff]+)*)(?: [a-zA-Z\uac00-\ud7a3\u4e00-\u9fff]+(?:[-'][a-zA-Z\uac00-\ud7a3\u4e00-\u9fff]+)*)*$/;

// Strip tone marks and other accents from one Latin letter, but keep what
// carries meaning: MR breves become the Revised Romanization spelling
// (ŏ -> eo, ŭ -> eu) and pinyin ü stays ü.
function foldLatin(ch: string): string {
  let r = latinFold.get(ch);
  if (r !== undefined) return r;
  const d = ch.normalize('NFD');
  const base = d.replace(/[\u0300-\u036f]/g, '');
  if (d.includes('\u0306') && (base === 'o' || base === 'u')) r = base === 'o' ? 'eo' : 'eu';
  else if (d.includes('\u0308') && base === 'u') r = 'ü';
  else r = base.normalize('NFC');
  if (latinFold.size < 4096) latinFold.set(ch, r);
  return r;
}

/**
 * Canonical form for comparison: NFKC (full-width letters, compatibility
 * forms), lower case, accents and tone marks removed (MR ŏ/ŭ written eo/eu,
 * ü kept), tone numbers after pinyin syllables removed, every dash written
 * '-', every apostrophe "'", middle dots and other punctuation as spaces,
 * runs of spaces collapsed. Idempotent.
 * Example: normalize('  Lǐ  Měilíng ') === 'li meiling'; normalize('Ｋｉｍ · Ｙｏｕｎｇ–hee') === 'kim young-hee';
 * normalize('Ch’oe Yŏng-hŭi') === "ch'oe yeong-heui".
 */
export function normalize(text: string): string {
  // Fast path: ASCII letters, precomposed Hangul and unified CJK ideographs with single spaces are
  // already NFKC and accent-free.
  if (SIMPLE.test(text)) return text.toLowerCase();
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(/[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\u30fc_]/g, '-');
  s = s.replace(/[\u2018\u2019\u201b\u2032\u02bc\u02bb`\u00b4]/g, "'");
  s = s.replace(/[\p{L}]/gu, (ch) => (ch.charCodeAt(0) < 0x80 ? ch : charClass(ch.codePointAt(0) ?? 0) === 'L' ? foldLatin(ch) : ch));
  s = s.toLowerCase();
  // Tone numbers: 'li3 mei3ling2' -> 'li meiling'.
  s = s.replace(/([a-zü])[1-5](?![0-9])/g, '$1');
  // Middle dots and all other punctuation except - and ' separate words.
  s = s.replace(/[^\p{L}\p{M}\p{N}\p{S}\s'-]/gu, ' ');
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/\s*-[\s-]*/g, '-').replace(/\s*'[\s']*/g, "'");
  s = s.replace(/(^|\s)['-]+/g, '$1').replace(/['-]+(?=\s|$)/g, '');
  return s.trim();
}
