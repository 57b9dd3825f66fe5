import { describe, expect, it } from 'vitest';
import { applyInitialSoundRule, mandarinSyllableToHangul, mandarinToHangulSyllables, romanizeWord, romanizePlace } from '../scripts/transcribe.ts';

describe('ROK transcription of Mandarin (외래어 표기법, 중국어)', () => {
  it.each([
    ['long jing', '룽징'], ['yan ji', '옌지'], ['hun chun', '훈춘'], ['tu men', '투먼'], ['he long', '허룽'], ['shen yang', '선양'],
    ['ha er bin', '하얼빈'], ['dan dong', '단둥'], ['mu dan jiang', '무단장'], ['sui fen he', '쑤이펀허'], ['yan bian', '옌볜'],
    ['tian qiao ling', '톈차오링'], ['qing dao', '칭다오'], ['jia mu si', '자무쓰'], ['xi an', '시안'],
  ])('%s -> %s', (py, hangul) => {
    expect(mandarinToHangulSyllables(py)).toBe(hangul);
  });
  it('writes zh/ch/sh/r/z/c/s + i as 으, not 이', () => {
    expect(['zhi', 'chi', 'shi', 'ri', 'zi', 'ci', 'si'].map(mandarinSyllableToHangul).join(' ')).toBe('즈 츠 스 르 쯔 츠 쓰');
  });
  it('drops the y-glide after ㅈ/ㅊ (자, 저우) but keeps it after ㅅ (샤)', () => {
    expect(mandarinSyllableToHangul('jia')).toBe('자');
    expect(mandarinSyllableToHangul('zhou')).toBe('저우');
    expect(mandarinSyllableToHangul('xia')).toBe('샤');
  });
  it('reads u after j/q/x as ü', () => {
    expect(mandarinSyllableToHangul('ju')).toBe('쥐');
    expect(mandarinSyllableToHangul('xue')).toBe('쉐');
  });
});

describe('두음법칙 (ROK spelling of Sino-Korean words)', () => {
  it.each([['룡정', '용정'], ['녕변', '영변'], ['락원', '낙원'], ['리원', '이원'], ['로두구', '노두구'], ['삼합', '삼합'], ['화룡', '화룡']])('%s -> %s', (a, b) => {
    expect(applyInitialSoundRule(a)).toBe(b);
  });
});

describe('romanisation of Hangul', () => {
  it('follows RR, McCune-Reischauer and DPRK practice', () => {
    expect([romanizeWord('평양', 'rr'), romanizeWord('평양', 'mr'), romanizeWord('평양', 'dprk')]).toEqual(['Pyeongyang', "P'yŏngyang", 'Phyongyang']);
    expect(romanizeWord('청진', 'dprk')).toBe('Chongjin');
    expect(romanizeWord('신의주', 'mr')).toBe('Sinŭiju');
    expect(romanizeWord('회령', 'rr')).toBe('Hoeryeong');
  });
  it('applies the sound changes at syllable joins', () => {
    expect(romanizeWord('신라', 'rr')).toBe('Silla');
    expect(romanizeWord('종로', 'rr')).toBe('Jongno');
    expect(romanizeWord('백마', 'rr')).toBe('Baengma');
    expect(romanizeWord('부산', 'mr')).toBe('Pusan');
  });
  it('writes the administrative suffix after a hyphen', () => {
    expect(romanizePlace('혜산', '시', 'dprk')).toBe('Hyesan-si');
    expect(romanizePlace('량강', '도', 'mr')).toBe('Ryanggang-do');
  });
});
