import { describe, expect, it } from 'vitest';
import { detectScript, normalize } from '@homeward/names';

describe('detectScript', () => {
  it.each([
    ['리미령', 'hangul'],
    ['ᄀᆡ', 'hangul'], // conjoining jamo
    ['龙井', 'hanzi-simplified'],
    ['龍井', 'hanzi-traditional'],
    ['李美玲', 'hanzi-simplified'], // characters common to both standards count as simplified
    ['Li Meiling', 'latin'],
    ['Lǐ Měilíng', 'latin'],
    ['Ｋｉｍ', 'latin'], // full-width
    ['김 Young-hee Kim', 'latin'], // the majority of letters wins
    ['Иван', 'other'],
    ['', 'other'],
  ])('%s -> %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });
});

describe('normalize', () => {
  it.each([
    ['  Lǐ  Měilíng ', 'li meiling'], // tone marks, spacing
    ['li3 mei3ling2', 'li meiling'], // tone numbers
    ['Ｋｉｍ · Ｙｏｕｎｇ–hee', 'kim young-hee'], // full width, middle dot, en dash
    ['Ch’oe Yŏng-hŭi', "ch'oe yeong-heui"], // curly apostrophe; MR breves written as RR vowels
    ['Mi - ryeong', 'mi-ryeong'], // spaced hyphen
    ['KIM, Young-hee', 'kim young-hee'], // comma is a separator
    ['欧阳·明', '欧阳 明'], // middle dot in a Chinese name
    ['Lü Xiaoming', 'lü xiaoming'], // ü is kept: lü and lu are different syllables
    ['김영희', '김영희'],
    ['\u1100\u1161\u11a8', '각'], // conjoining jamo compose
  ])('%j -> %j', (input, out) => {
    expect(normalize(input)).toBe(out);
  });
});
