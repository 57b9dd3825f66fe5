import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageBand, AdvocacyError, bandOf, dateRange, yearsSince, type PartialDate } from '../src/index.ts';

const REF = { year: 2026, month: 11, day: 29 };

describe('ages from partial birth dates', () => {
  it.each<[PartialDate, number, number, string, string]>([
    [{ year: 2012 }, 13, 14, 'year', '10-14'],
    [{ year: 2011 }, 14, 15, 'year', 'unknown'],
    // Born 1-30 Nov 2012: 14 if born on or before the 29th, else 13.
    [{ year: 2012, month: 11 }, 13, 14, 'month', '10-14'],
    [{ year: 2012, month: 12 }, 13, 13, 'month', '10-14'],
    [{ year: 2009, month: 11 }, 16, 17, 'month', '15-17'],
    [{ year: 2009, month: 11, day: 29 }, 17, 17, 'day', '15-17'],
    [{ year: 2009, month: 11, day: 30 }, 16, 16, 'day', '15-17'],
    // "About 5 in 2015": born 2 Jan 2009 .. 31 Dec 2010.
    [{ approxAge: 5, atYear: 2015 }, 15, 17, 'approximate', '15-17'],
    [{ approxAge: 5, atYear: 2015, plusMinus: 1 }, 14, 18, 'approximate', 'unknown'],
    [{ year: 2026 }, 0, 0, 'year', '0-4'],
  ])('%j at 2026-11-29 is %i..%i (%s), band %s', (birth, min, max, precision, band) => {
    expect(yearsSince(birth, REF)).toEqual({ min, max, precision });
    expect(ageBand(birth, REF).band).toBe(band);
  });

  it('says why a band is unknown', () => {
    expect(ageBand(undefined, REF)).toEqual({ band: 'unknown', reason: 'missing' });
    expect(ageBand({ year: 2011 }, REF).reason).toBe('ambiguous');
    expect(bandOf({ min: 30, max: 40, precision: 'year' })).toEqual({ band: '18+' });
  });

  it('rejects impossible dates with a stable code', () => {
    for (const bad of [{ year: 2013, month: 2, day: 29 }, { year: 2012, month: 13 }, { year: 2012, day: 3 }, { year: 2030 }]) {
      expect(() => yearsSince(bad, REF)).toThrow(AdvocacyError);
    }
    expect(dateRange({ year: 2012, month: 2 }).latest).toEqual({ year: 2012, month: 2, day: 29 });
  });

  it('never claims more precision than it has: every exact date in the range gives an age inside the interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2026 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.boolean(), (year, month, day, withMonth) => {
        if (year === 2026 && (month > 11 || (month === 11 && day > 29))) return; // not born yet
        const partial = withMonth ? { year, month } : { year };
        const iv = yearsSince(partial, REF);
        const exact = yearsSince({ year, month, day }, REF);
        expect(exact.min).toBeGreaterThanOrEqual(iv.min);
        expect(exact.max).toBeLessThanOrEqual(iv.max);
      }),
      { numRuns: 200 },
    );
  });
});
