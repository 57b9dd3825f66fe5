import { describe, expect, it } from 'vitest';
import { getGazetteer, rowAt, findKey, postingsOf, levelAt } from '../src/data.ts';
import { rowKeys, KIND_BITS } from '../src/keys.ts';
import { buildStore, encodeStore, decodeStore } from '../src/store.ts';

const g = getGazetteer();

describe('shipped dataset', () => {
  it('covers China to townships, the border provinces to villages, and both Koreas', () => {
    const count = (pred: (code: string, level: string) => boolean) => {
      let n = 0;
      for (let i = 0; i < g.size; i++) { const f = rowAt(g, i); if (pred(f[0]!, f[2]!)) n++; }
      return n;
    };
    expect(count((c, l) => c.startsWith('CN-') && l === 'province')).toBe(31);
    expect(count((c, l) => c.startsWith('CN-') && l === 'township')).toBeGreaterThan(38000);
    expect(count((c, l) => c.startsWith('CN-22') && l === 'village')).toBeGreaterThan(9000);
    expect(count((c, l) => c.startsWith('CN-23') && l === 'village')).toBeGreaterThan(8000);
    expect(count((c, l) => c.startsWith('CN-21') && l === 'village')).toBeGreaterThan(10000);
    expect(count((c, l) => /^CN-(?!2[123])/.test(c) && l === 'village')).toBe(0);
    expect(count((c) => c.startsWith('KP'))).toBeGreaterThanOrEqual(190);
    expect(count((c) => c.startsWith('KR'))).toBeGreaterThanOrEqual(200);
  });
  it('has a Korean reading and pinyin for every Chinese place', () => {
    for (let i = 0; i < g.size; i += 97) {
      const f = rowAt(g, i);
      if (!f[0]!.startsWith('CN-')) continue;
      expect(f[5], f[0]).toMatch(/^[\uac00-\ud7a3]+$/);
      expect(f[8], f[0]).toMatch(/^[a-z]+( [a-z]+)*$/);
    }
  });
  it('has no drift between the rows and the prebuilt index (sample of rows)', () => {
    for (let i = 0; i < g.size; i += 401) {
      const f = rowAt(g, i);
      rowKeys(f, (key, kind) => {
        const id = findKey(g, key);
        expect(id, key).toBeGreaterThanOrEqual(0);
        expect([...postingsOf(g, id)], key).toContain((i << KIND_BITS) | kind);
      });
    }
  });
  it('keeps levels consistent with parents', () => {
    for (let i = 0; i < g.size; i += 53) {
      const p = g.store.parent[i]!;
      if (p >= 0) expect(['province', 'prefecture', 'county', 'township', 'village'].indexOf(levelAt(g, p))).toBeLessThan(['province', 'prefecture', 'county', 'township', 'village'].indexOf(levelAt(g, i)));
      else expect(levelAt(g, i)).toBe('province');
    }
  });
});

describe('store format', () => {
  it('round-trips through encode and decode', () => {
    const rows = [
      ['CN-22', '', 'province', '吉林省', '', '길림성', '', '지린', 'ji lin sheng', 'Gillim', 'Killim', '', '2', ''],
      ['CN-2224', 'CN-22', 'prefecture', '延边朝鲜族自治州', '延邊朝鮮族自治州', '연변조선족자치주', '', '옌볜', 'yan bian chao xian zu zi zhi zhou', 'Yeonbyeon', 'Yŏnbyŏn', 'Yonbyon', '2', '간도|Jiandao'],
    ];
    const s = buildStore(rows);
    const back = decodeStore(encodeStore(s));
    expect(back.rowsText).toBe(s.rowsText);
    expect([...back.parent]).toEqual([-1, 0]);
    expect(back.keysText).toBe(s.keysText);
    expect([...back.postings]).toEqual([...s.postings]);
    expect([...back.postStart]).toEqual([...s.postStart]);
    expect(back.keysText.split('\n')).toContain('간도');
  });
  it('refuses rows out of code order and orphans', () => {
    const r = (code: string, parent: string) => [code, parent, 'province', '甲', '', '갑', '', '', 'jia', '', '', '', '1', ''];
    expect(() => buildStore([r('B', ''), r('A', '')])).toThrow(/sorted/);
    expect(() => buildStore([r('A', 'Z')])).toThrow(/parent/);
  });
});
