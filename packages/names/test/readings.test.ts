import { describe, expect, it } from 'vitest';
import { dueum, hangulToMandarinKeys, koreanReadings, mandarinToHangul, pinyinReadings, romanize } from '@homeward/names';

describe('koreanReadings (Unihan kHangul, simplified mapped to traditional)', () => {
  it('gives the North/Yanbian form first, then the South Korean form', () => {
    expect(koreanReadings('龙井').slice(0, 2)).toEqual(['룡정', '용정']);
    expect(koreanReadings('李美玲').slice(0, 2)).toEqual(['리미령', '이미령']);
  });
  it('lists every reading of a character, name readings first', () => {
    expect(koreanReadings('金')).toEqual(['김', '금']);
  });
  it('maps simplified characters through their traditional form', () => {
    expect(koreanReadings('图们')[0]).toBe('도문');
    expect(koreanReadings('宁')[0]).toBe('녕'); // 寧, not the old character 宁 (저)
  });
  it('is bounded', () => {
    expect(koreanReadings('乐乐乐乐乐乐').length).toBeLessThanOrEqual(16);
    expect(koreanReadings('abc')).toEqual([]);
  });
});

describe('pinyinReadings (pinyin-pro)', () => {
  it('reads Mandarin without tones', () => {
    expect(pinyinReadings('龙井')[0]).toBe('longjing');
    expect(pinyinReadings('延吉')[0]).toBe('yanji');
  });
  it('uses surname readings in surname mode', () => {
    expect(pinyinReadings('单文', { surname: true })[0]).toBe('shanwen');
    expect(pinyinReadings('曾国', { surname: true })[0]).toBe('zengguo');
    expect(pinyinReadings('区明', { surname: true })[0]).toBe('ouming');
    expect(pinyinReadings('朴成哲', { surname: true })[0]).toBe('piaochengzhe');
    expect(pinyinReadings('单文')[0]).toBe('danwen');
  });
  it('keeps ü and offers other readings of polyphonic characters', () => {
    expect(pinyinReadings('吕')[0]).toBe('lü');
    expect(pinyinReadings('乐')).toContain('yue');
  });
});

describe('initial-sound rule (두음법칙)', () => {
  it.each([
    ['리', '이'], ['류', '유'], ['로', '노'], ['림', '임'], ['량', '양'], ['녀', '여'], ['룡', '용'], ['라', '나'], ['김', '김'],
  ])('%s -> %s', (north, south) => {
    expect(dueum(north)).toBe(south);
  });
});

describe('romanize', () => {
  it.each([
    ['이미령', 'rr', 'Imiryeong'],
    ['김영희', 'rr', 'Gimyeonghui'],
    ['김영희', 'mr', 'Kimyŏnghŭi'],
    ['박성철', 'mr', "Paksŏngch'ŏl"],
    ['룡정', 'dprk', 'Ryongjong'],
    ['최룡해', 'dprk', 'Choeryonghae'],
    ['리 미령', 'dprk', 'Ri Miryong'],
    ['신라', 'rr', 'Silla'], // ㄴ+ㄹ -> ll
  ] as const)('%s in %s', (h, sys, out) => {
    expect(romanize(h, sys)).toBe(out);
  });
  it('drops MR breves on request', () => {
    expect(romanize('정은', 'mr', { breves: false })).toBe('Chongun');
  });
});

describe('Mandarin in Hangul (외래어 표기법) and back', () => {
  it.each([
    ['longjing', '룽징'], ['Yanji', '옌지'], ['tumen', '투먼'], ['helong', '허룽'], ['Hunchun', '훈춘'], ['shenyang', '선양'],
    ['dalian', '다롄'], ['liaoning', '랴오닝'], ['guangzhou', '광저우'], ['cui', '추이'], ['piao', '퍄오'], ['sun', '쑨'],
    ['jiang', '장'], ['zhi', '즈'], ["Xi'an", '시안'], ['Lǐ Měilíng', '리 메이링'], ['xue', '쉐'], ['yuan', '위안'],
  ])('%s -> %s', (p, h) => {
    expect(mandarinToHangul(p)).toBe(h);
  });
  it('reverses to keys comparable with pinyin', () => {
    expect(hangulToMandarinKeys('룽징')).toContain('longjing');
    expect(hangulToMandarinKeys('옌지')).toEqual(['yanji']);
    expect(hangulToMandarinKeys('리메이링')).toContain('limeiling');
    expect(hangulToMandarinKeys('장')).toEqual(expect.arrayContaining(['zhang', 'jiang']));
    expect(hangulToMandarinKeys('김')).toEqual([]); // not a transcription of Mandarin
  });
});
