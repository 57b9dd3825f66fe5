import { describe, expect, it } from 'vitest';
import { blockingKeys, variants } from '@homeward/names';

const texts = (name: string, space: string) => variants(name).filter((v) => v.space === space).map((v) => v.text);

describe('variants', () => {
  it('reads Chinese characters in Korean (both spellings), Mandarin and every romanisation', () => {
    const v = variants('李美玲');
    expect(texts('李美玲', 'hangul')).toEqual(expect.arrayContaining(['리미령', '이미령']));
    expect(texts('李美玲', 'pinyin')).toContain('Li Meiling');
    expect(texts('李美玲', 'hangul-mandarin')).toContain('리 메이링');
    expect(texts('李美玲', 'latin-dprk')).toContain('Ri Mi Ryong');
    expect(texts('李美玲', 'latin-passport')).toContain('Lee Mi-ryeong');
    expect(texts('李美玲', 'latin-rr')).toContain('I Mi-ryeong');
    expect(texts('李美玲', 'latin-mr')).toContain('Ri Mi-ryŏng');
    const dprk = v.find((x) => x.text === 'Ri Mi Ryong')!;
    expect(dprk.path[0]).toBe('李美玲');
    expect(dprk.path[1]).toMatch(/^리미령 \[Sino-Korean/);
    expect(dprk.path[2]).toMatch(/DPRK/);
  });
  it('toggles the initial-sound rule on Hangul', () => {
    expect(texts('리미령', 'hangul')).toContain('이미령');
    expect(texts('이미령', 'hangul')).toContain('리미령');
    expect(texts('류영숙', 'hangul')).toContain('유영숙');
  });
  it('gives passport surname spellings', () => {
    const p = texts('박성철', 'latin-passport').map((t) => t.split(' ')[0]);
    expect(p).toEqual(expect.arrayContaining(['Park', 'Pak', 'Bak']));
    expect(texts('이영', 'latin-passport').map((t) => t.split(' ')[0])).toEqual(expect.arrayContaining(['Lee', 'Yi', 'Rhee', 'I']));
  });
  it('reads romanised Korean back to Hangul', () => {
    expect(texts('Ri Mi Ryong', 'hangul')).toContain('리미룡');
    expect(texts('Kim Young-hee', 'hangul')).toContain('김영히');
  });
  it('is deterministic and bounded', () => {
    expect(variants('欧阳明月')).toEqual(variants('欧阳明月'));
    for (const n of ['李美玲', '리미령', 'Ri Mi Ryong', '乐乐乐乐乐乐乐乐', 'a'.repeat(500)]) expect(variants(n).length).toBeLessThanOrEqual(64);
    expect(variants('')).toEqual([]);
  });
});

describe('blockingKeys', () => {
  const share = (a: string, b: string) => {
    const ka = new Set(blockingKeys(a));
    return blockingKeys(b).some((k) => ka.has(k));
  };
  it.each([
    ['李美玲', 'Ri Mi Ryong'], ['李美玲', 'Li Meiling'], ['李美玲', '이미령'], ['李美玲', '리메이링'], ['리미령', 'Li Meiling'],
    ['김영희', 'Young Hee KIM'], ['朴成哲', 'Piao Chengzhe'], ['龙井', '룽징'], ['龙井', 'Longjing'], ['延吉', '옌지'],
  ])('%s and %s share a key', (a, b) => {
    expect(share(a, b)).toBe(true);
  });
  it('keeps strangers apart and stays a handful', () => {
    expect(share('김영희', '박철수')).toBe(false);
    for (const n of ['Li Meiling', '李美玲', 'Young Hee KIM']) expect(blockingKeys(n).length).toBeLessThanOrEqual(24);
  });
});
