import { describe, expect, it } from 'vitest';
import { placeComparator, nameComparator, type Comparator, type FieldValue } from '../src/comparators.ts';
import { codeOf, gazetteerPlaceAdapter } from '../src/places.ts';

function level(c: Comparator, a: FieldValue, b: FieldValue): string | undefined {
  const ka = c.key(a);
  const kb = c.key(b);
  if (ka === undefined || kb === undefined) return undefined;
  return c.levels[c.compare(c.prepare(ka), c.prepare(kb))];
}

describe('gazetteer place adapter', () => {
  it('resolves a place written in any script to one code', () => {
    const codes = ['延吉', '연길', 'Yanji', '옌지', '연길시'].map((t) => codeOf(t));
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).toMatch(/^CN-/);
  });
  it('leaves foreign places and guessed typos as text', () => {
    // The gazetteer would read these as Chinese townships by typo or partial
    // romanisation; the adapter only accepts a place's own name.
    for (const t of ['richmond', 'south grafton', 'magill', 'berlin', 'bonn', 'Southampton', 'qqqq']) expect(codeOf(t)).toBeUndefined();
  });
  const c = placeComparator();
  it.each([
    ['연길', 'Yanji', 'same'],
    ['延边', '龙井', 'contains'],
    ['Longjing', 'Yanbian', 'contains'],
    ['延吉', '룡정', 'same-prefecture'],
    ['延吉', '长春', 'same-province'],
    ['延吉', '沈阳', 'different'],
    ['winston hills', 'winston hils', 'similar'],
    ['richlands', 'bega flats', 'different'],
  ])('%s vs %s: %s', (a, b, want) => {
    expect(level(c, a, b)).toBe(want);
    expect(level(c, b, a)).toBe(want);
  });
  it('explains the gazetteer relation without naming the places', () => {
    const x = c.prepare(c.key('연길')!);
    const y = c.prepare(c.key('Longjing')!);
    expect(c.explain?.(x, y)).toEqual(['gazetteer: same-prefecture']);
    expect(c.explain?.(x, c.prepare(c.key('winston hills')!))).toEqual(['not both in the gazetteer: compared as text']);
  });
  it('memoises relations by code pair', () => {
    const a = gazetteerPlaceAdapter();
    const x = a.prepare('연길');
    const y = a.prepare('龙井');
    expect(a.relation(x, y)).toBe('same-prefecture');
    expect(a.relation(y, x)).toBe('same-prefecture');
    expect(a.relation(x, a.prepare('nowhere-town'))).toBeUndefined();
  });
});

describe('name comparator on romanisations', () => {
  const d = nameComparator('surname');
  it.each([
    ['Kim', 'Gim'],
    ['Jin', 'Kim'],
    ['Pak', 'Piao'],
    ['Yun', 'Yoon'],
  ])('%s and %s are the same surname in another spelling', (a, b) => {
    expect(level(d, a, b)).toBe('equivalent');
  });
  it('keeps Latin typos at the similarity levels', () => {
    expect(level(d, 'martha', 'marhta')).toBe('high');
  });
});
