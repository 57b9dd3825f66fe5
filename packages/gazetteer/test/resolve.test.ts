import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolve } from '../src/index.ts';

const top = (q: string) => resolve(q, { limit: 5 })[0];

describe('resolve: one place in every script', () => {
  // 龙井市 (Longjing, Yanbian) as a mother or a lead may write it.
  it.each(['龙井市', '龍井市', '룡정', '룡정시', '용정', '용정시', '룽징', '룽징시', 'Longjing', 'Ryongjong', 'Yongjeong', 'LONGJING CITY'])('%s -> 龙井市', (q) => {
    expect(top(q)?.code).toBe('CN-222405');
  });
  it('gives every script form of the place found', () => {
    const c = top('龙井')!;
    expect(c.names).toMatchObject({ zh: '龙井市', zhTraditional: '龍井市', koreanDprk: '룡정시', koreanRok: '용정시', koreanFromMandarin: '룽징시', pinyin: 'long jing shi' });
    expect(c.hierarchy.map((h) => h.zh)).toEqual(['吉林省', '延边朝鲜族自治州', '龙井市']);
    expect(c.level).toBe('county');
    expect(c.explanation.join(' ')).toContain('Chinese name');
  });
});

describe('resolve: several parts', () => {
  it.each(['용정시 삼합진', 'Longjing Sanhe', '延边龙井三合镇', '룡정 삼합', '용정시삼합진', 'Sanhe, Longjing', '연변 룡정시 삼합진'])('%s -> 三合镇 of 龙井市', (q) => {
    const c = top(q)!;
    expect(c.code).toBe('CN-222405103');
    expect(c.confidence).toBeGreaterThan(0.6);
  });
  it('explains which word named which level', () => {
    const e = top('룡정 삼합')!.explanation.join('\n');
    expect(e).toMatch(/"삼합" = .*三合镇/);
    expect(e).toMatch(/"룡정" = .*龙井市.*contains it/);
  });
  it('ranks a place whose parent is named above a namesake elsewhere', () => {
    const r = resolve('용정 지신', { limit: 5 });
    expect(r[0]?.code).toBe('CN-222405105');
  });
});

describe('resolve: suffix words hint at the level', () => {
  it('촌/村 prefers a village, 진/镇 a township', () => {
    expect(top('삼합촌')?.level).toBe('village');
    expect(top('삼합진')?.level).toBe('township');
  });
  it('city/시 after a name prefers the city over the province of the same name', () => {
    expect(top('Jilin city')?.code).toBe('CN-2202');
    expect(top('吉林省')?.code).toBe('CN-22');
  });
});

describe('resolve: ambiguity is shown, not hidden', () => {
  it('returns many 和平村 with a low shared confidence', () => {
    const r = resolve('和平村', { limit: 10 });
    expect(r).toHaveLength(10);
    expect(new Set(r.map((c) => c.code)).size).toBe(10);
    expect(r.every((c) => c.names.zh === '和平村')).toBe(true);
    expect(r[0]!.confidence).toBeLessThan(0.2);
    expect(r[0]!.explanation.join(' ')).toMatch(/\d+ other places fit the text as well/);
  });
  it('prefers the border region among equals', () => {
    expect(top('和平村')!.code.startsWith('CN-2224')).toBe(true);
  });
});

describe('resolve: near, history, typos', () => {
  it('reads "near X" as X and says so', () => {
    for (const q of ['near Yanji', '연길 근처', '延吉附近', '연길쪽']) {
      const c = top(q)!;
      expect(c.code).toBe('CN-222401');
      expect(c.explanation.join(' ')).toContain('reference point');
    }
  });
  it('knows 간도/间岛 as Yanbian', () => {
    for (const q of ['간도', '间岛', '間島', 'Jiandao']) expect(top(q)?.code).toBe('CN-2224');
  });
  it('corrects a typo in Latin letters and in Hangul, and says it did', () => {
    const c = top('Longjng')!;
    expect(c.code).toBe('CN-222405');
    expect(c.explanation.join(' ')).toContain('typo');
    expect(top('훈준')?.code).toBe('CN-222404');
    expect(top('Hunchn')?.code).toBe('CN-222404');
  });
});

describe('resolve: Chinese homophone typos', () => {
  it('reads a wrong character of the same sound by its pinyin', () => {
    const c = top('延边龙精三合镇')!;
    expect(c.code).toBe('CN-222405103');
    expect(c.explanation.join(' ')).toContain('same sound');
    expect(top('和龙八家字')?.code).toBe('CN-222406100');
  });
  it('keeps a real place that only sounds like another', () => {
    expect(top('龙景')?.names.zh).toBe('龙景街道');
  });
});

describe('resolve: Korea', () => {
  it('finds the North Korean border towns in every spelling', () => {
    expect(top('혜산')?.code).toBe('KP-10-hyesan');
    expect(top('Hoeryŏng')?.code).toBe('KP-09-hoeryeong');
    expect(top('Onsong')?.code).toBe('KP-09-onseong');
    expect(top('新義州')?.code).toBe('KP-03-sinuiju');
    expect(top('Manpho')?.code).toBe('KP-04-manpo');
    expect(top('무산군')?.code).toBe('KP-09-musan');
  });
  it('finds South Korean districts under their city', () => {
    expect(top('서울 강남구')?.code).toBe('KR-11-gangnam-gu');
    expect(top('경기도 안산시')?.code).toBe('KR-41-ansan');
  });
});

describe('resolve: options and unresolved text', () => {
  it('filters by country and by an enclosing place', () => {
    expect(resolve('강남구', { country: 'KR' }).every((c) => c.country === 'KR')).toBe(true);
    const inYanbian = resolve('和平村', { within: 'CN-2224' });
    expect(inYanbian.length).toBeGreaterThan(0);
    expect(inYanbian.every((c) => c.code.startsWith('CN-2224'))).toBe(true);
  });
  it('returns nothing rather than a wrong place for text that names no place', () => {
    expect(resolve('')).toEqual([]);
    expect(resolve('   ,,, ')).toEqual([]);
    expect(resolve('qqqqqq zzzz')).toEqual([]);
    expect(resolve('😀😀')).toEqual([]);
  });
  it('never throws on arbitrary Unicode and keeps its output well formed', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const r = resolve(s, { limit: 3 });
      return r.length <= 3 && r.every((c) => c.confidence >= 0 && c.confidence <= 1 && c.hierarchy.at(-1)?.code === c.code);
    }), { numRuns: 300 });
  });
  it('handles very long text', () => {
    expect(() => resolve('룡정 '.repeat(5000))).not.toThrow();
  });
});

describe('labelled set', () => {
  const rows = readFileSync(new URL('./labelled.tsv', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  it('has at least 300 hand-written queries with a source each', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.every((r) => r.length === 4 && r[3])).toBe(true);
  });
  it('resolves at least 90% first and 98% in the top five', () => {
    let t1 = 0, t5 = 0;
    for (const [q, code] of rows) {
      const got = resolve(q!, { limit: 5 }).map((c) => c.code);
      if (got[0] === code) t1++;
      if (got.includes(code!)) t5++;
    }
    expect(t1 / rows.length).toBeGreaterThanOrEqual(0.9);
    expect(t5 / rows.length).toBeGreaterThanOrEqual(0.98);
  });
});
