import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareDates, DATE_LEVELS, parseDate, prepareDate } from '../src/dates.ts';

const level = (a: Parameters<typeof prepareDate>[0], b: Parameters<typeof prepareDate>[0]) => DATE_LEVELS[compareDates(prepareDate(a)!, prepareDate(b)!)];

describe('parseDate', () => {
  it.each([
    ['19151111', { year: 1915, month: 11, day: 11 }],
    ['1915-11-11', { year: 1915, month: 11, day: 11 }],
    ['2012-03', { year: 2012, month: 3 }],
    ['2012', { year: 2012 }],
    ['2012년 3월', { year: 2012, month: 3 }],
    ['11/03/2012', { year: 2012, month: 3, day: 11 }],
    ['about 4 in 2016', { age: 4, at: 2016, approximate: true }],
    ['4살 in 2016', { age: 4, at: 2016, approximate: true }],
  ])('%s', (text, want) => {
    expect(parseDate(text)).toEqual(want);
  });
  it('never invents precision: an impossible day or month is dropped', () => {
    expect(parseDate('19150231')).toEqual({ year: 1915, month: 2 });
    expect(parseDate('19151311')).toEqual({ year: 1915 });
  });
  it('returns undefined for non-dates', () => {
    expect(parseDate('')).toBeUndefined();
    expect(parseDate('unknown')).toBeUndefined();
  });
});

describe('compareDates levels', () => {
  it.each([
    ['2012-03-04', '2012-03-04', 'exact'],
    ['20120304', '20120305', 'typo'],
    ['2012-03-04', '2012-04-03', 'typo'],
    ['2012-03-04', '2012-03-25', 'same-month'],
    ['2012-03', '2012-03', 'same-month'],
    ['2012', '2012', 'same-year'],
    ['2012-03-04', '2012', 'same-year'],
    ['2012-03-04', '2012-09-30', 'same-year'],
    ['2012', '2013', 'compatible'],
    ['2012', 'about 4 in 2016', 'compatible'],
    ['2012', '2014', 'within-2-years'],
    ['2012', '2016', 'different'],
    ['about 4 in 2016', 'about 20 in 2016', 'different'],
  ])('%s vs %s: %s', (a, b, want) => {
    expect(level(a, b)).toBe(want);
    expect(level(b, a)).toBe(want);
  });
  it('a year alone never reaches the exact level, even against itself', () => {
    expect(level('2012', '2012')).not.toBe('exact');
  });
  it('is symmetric and within range for arbitrary partial dates', () => {
    const pd = fc.oneof(
      fc.record({ year: fc.integer({ min: 1900, max: 2030 }), month: fc.option(fc.integer({ min: 0, max: 13 }), { nil: undefined }), day: fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }) }),
      fc.record({ age: fc.integer({ min: 0, max: 90 }), at: fc.integer({ min: 1950, max: 2030 }) }),
    );
    fc.assert(fc.property(pd, pd, (a, b) => {
      const pa = prepareDate(a)!;
      const pb = prepareDate(b)!;
      const l = compareDates(pa, pb);
      expect(l).toBe(compareDates(pb, pa));
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThan(DATE_LEVELS.length);
    }));
  });
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const p = prepareDate(s);
      if (p) expect(compareDates(p, p)).toBeLessThanOrEqual(4);
    }));
  });
});
