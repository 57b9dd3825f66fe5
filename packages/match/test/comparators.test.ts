import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeComparator, nameComparator, placeComparator, FIELD_TYPES, type Comparator, type FieldValue } from '../src/comparators.ts';
import type { NameAdapter, PlaceAdapter } from '../src/adapters.ts';

function level(c: Comparator, a: FieldValue, b: FieldValue): string | undefined {
  const ka = c.key(a);
  const kb = c.key(b);
  if (ka === undefined || kb === undefined) return undefined;
  return c.levels[c.compare(c.prepare(ka), c.prepare(kb))];
}

// A stand-in for @homeward/names that knows one cross-script equivalence, so
// these tests pin the comparator's logic, not the names package's coverage.
const fakeNames: NameAdapter<string> = {
  normalize: (t) => t.trim().toLowerCase(),
  prepare: (n) => n,
  score: (a, b) => (new Set([a, b]).size === 1 || (['李美玲', '리미령'].includes(a) && ['李美玲', '리미령'].includes(b)) ? 1 : 0),
  threshold: 0.8,
  blockingKeys: (n) => [n.slice(0, 1)],
  latin: (n) => n,
};

describe('name comparator', () => {
  const c = nameComparator('name', { names: fakeNames });
  it.each([
    ['Li Meiling', 'li meiling', 'exact'],
    ['李美玲', '리미령', 'equivalent'],
    ['meiling', 'meilign', 'high'],
    ['martha', 'marhta', 'high'],
    ['dwayne', 'duane', 'medium'],
    ['meiling', 'jiwon', 'different'],
  ])('%s vs %s: %s', (a, b, want) => {
    expect(level(c, a, b)).toBe(want);
    expect(level(c, b, a)).toBe(want);
  });
  it('treats empty text as missing', () => {
    expect(c.key('  ')).toBeUndefined();
    expect(c.key(undefined)).toBeUndefined();
  });
  it('uses the default @homeward/names adapter for Han and Hangul', () => {
    const d = nameComparator('name');
    // pinyin of the Han form matches the Latin form exactly once spaces are ignored
    expect(level(d, '李美玲', 'Li Meiling')).not.toBe('different');
  });
});

describe('place comparator', () => {
  const gaz: PlaceAdapter<string | undefined> = {
    normalize: (t) => t.trim().toLowerCase(),
    prepare: (n) => ({ yanji: 'c1', longjing: 'c2', yanbian: 'p1' } as Record<string, string>)[n],
    relation: (a, b) => (a === undefined || b === undefined ? undefined : a === b ? 'same' : a === 'p1' || b === 'p1' ? 'contains' : 'same-prefecture'),
    blockingKeys: (n) => [n],
  };
  const c = placeComparator({ places: gaz });
  it.each([
    ['Yanji', 'yanji', 'same'],
    ['yanji', 'yanbian', 'contains'],
    ['yanji', 'longjing', 'same-prefecture'],
    ['winston hills', 'winston hils', 'similar'],
    ['richlands', 'bega flats', 'different'],
  ])('%s vs %s: %s', (a, b, want) => {
    expect(level(c, a, b)).toBe(want);
    expect(level(c, b, a)).toBe(want);
  });
});

describe('other comparators', () => {
  it.each([
    ['sex', 'M', 'male', 'same'],
    ['sex', '여', 'f', 'same'],
    ['sex', 'm', 'f', 'different'],
    ['code', '4223', '4223', 'exact'],
    ['code', '4223', '4233', 'one-edit'],
    ['code', '4223', '3212', 'different'],
    ['text', 'stanley street', 'stanley  street', 'exact'],
    ['text', 'pinkerton circuit', 'pinkertn circuit', 'high'],
    ['text', 'flat 3 light street', 'light street', 'overlap'],
    ['text', 'light street', 'edkins road', 'different'],
    ['number', '12', '12', 'exact'],
    ['number', '12', '13', 'close'],
    ['number', '200', '215', 'near'],
    ['number', '12', '47', 'different'],
    ['date', '19151111', '1915-11-11', 'exact'],
    ['date', '1915', 'about 100 in 2015', 'compatible'],
  ] as const)('%s: %s vs %s: %s', (type, a, b, want) => {
    const c = makeComparator(type);
    expect(level(c, a, b)).toBe(want);
    expect(level(c, b, a)).toBe(want);
  });
  it('numbers that are not numbers are missing', () => {
    expect(makeComparator('number').key('n/a')).toBeUndefined();
  });
});

describe('every comparator, on arbitrary input', () => {
  it.each(FIELD_TYPES)('%s: no throw, symmetric, level in range, identical values at the top levels', (type) => {
    const c = makeComparator(type);
    fc.assert(fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
      const ka = c.key(a);
      const kb = c.key(b);
      if (ka === undefined || kb === undefined) return;
      const pa = c.prepare(ka);
      const pb = c.prepare(kb);
      const l = c.compare(pa, pb);
      expect(l).toBe(c.compare(pb, pa));
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThan(c.levels.length);
      if (c.equalKeyIsExact) expect(c.compare(pa, c.prepare(ka))).toBe(0);
    }), { numRuns: 150 });
  });
});
