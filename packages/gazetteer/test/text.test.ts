import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDistance, fold, foldKeepSpaces, toJamo } from '../src/text.ts';
import { chineseStemLength } from '../src/suffixes.ts';

describe('fold', () => {
  it('drops case, marks, spaces and punctuation but keeps Hangul and Chinese', () => {
    expect(fold("Ryongjŏng-si")).toBe('ryongjongsi');
    expect(fold("Manp'o")).toBe('manpo');
    expect(fold('ＹＡＮＪＩ')).toBe('yanji');
    expect(fold(' 용정시, 삼합진 ')).toBe('용정시삼합진');
    expect(foldKeepSpaces('Longjing,  Sanhe')).toBe('longjing sanhe');
  });
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => fold(fold(s)) === fold(s)));
  });
});

describe('toJamo', () => {
  it('spells syllables out so a jamo slip is one edit', () => {
    expect(toJamo('정')).toBe('ㅈㅓㅇ');
    expect(editDistance(toJamo('룡정'), toJamo('룡청'), 2)).toBe(1);
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('longjing', 'longjing', 2)).toBe(0);
    expect(editDistance('longjing', 'longjng', 2)).toBe(1);
    expect(editDistance('longjing', 'lonjging', 2)).toBe(1);
    expect(editDistance('hunchun', 'hunchn', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
  it('is symmetric and capped', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b, 3);
      return d === editDistance(b, a, 3) && d <= 4 && (d === 0) === (a === b);
    }));
  });
});

describe('chineseStemLength', () => {
  it.each([
    ['延边朝鲜族自治州', 2], ['龙井市', 2], ['三合镇', 2], ['三合满族朝鲜族乡', 2], ['长白朝鲜族自治县', 2],
    ['和县', 2], ['安民街道', 2], ['明东村', 2], ['宽甸满族自治县', 2], ['吉林省', 2],
  ])('%s keeps %i characters', (name, n) => {
    expect(chineseStemLength(name)).toBe(n);
  });
});
