import { describe, expect, it } from 'vitest';
import { ageRange, countyOf, sharedChild } from '../src/tracing/shared.ts';

// The age a tracing request shares is computed at the precision the birth date
// was given, never more precise, and absent when nothing is known.
const JUNE_15 = new Date('2026-06-15T12:00:00Z');

describe('ageRange', () => {
  it('gives one age for a full date, on either side of the birthday', () => {
    expect(ageRange({ year: 2014, month: 6, day: 15 }, JUNE_15)).toEqual({ low: 12, high: 12, atYear: 2026 });
    expect(ageRange({ year: 2014, month: 6, day: 16 }, JUNE_15)).toEqual({ low: 11, high: 11, atYear: 2026 });
  });
  it('gives one age for a year and month not this month, two for this month or a year alone', () => {
    expect(ageRange({ year: 2014, month: 3 }, JUNE_15)).toEqual({ low: 12, high: 12, atYear: 2026 });
    expect(ageRange({ year: 2014, month: 9 }, JUNE_15)).toEqual({ low: 11, high: 11, atYear: 2026 });
    expect(ageRange({ year: 2014, month: 6 }, JUNE_15)).toEqual({ low: 11, high: 12, atYear: 2026 });
    expect(ageRange({ year: 2014 }, JUNE_15)).toEqual({ low: 11, high: 12, atYear: 2026 });
  });
  it('carries "about N in year Y" forward with a year either side', () => {
    expect(ageRange({ approxAge: 4, atYear: 2016 }, JUNE_15)).toEqual({ low: 13, high: 15, atYear: 2026 });
    expect(ageRange({ approxAge: 0, atYear: 2026 }, JUNE_15)).toEqual({ low: 0, high: 1, atYear: 2026 });
  });
  it('invents nothing: no date, no age; a birth this year is 0', () => {
    expect(ageRange(undefined, JUNE_15)).toBeUndefined();
    expect(ageRange({ year: 2026 }, JUNE_15)).toEqual({ low: 0, high: 0, atYear: 2026 });
  });
});

describe('sharedChild', () => {
  const person = {
    names: [
      { text: '李美玲', script: 'hanzi-simplified' as const, kind: 'legal' as const },
      { text: '이미령', script: 'hangul' as const, kind: 'korean' as const },
      { text: 'Li Meiling', script: 'latin' as const, kind: 'chinese' as const },
    ],
    birth: { year: 2014 },
    lastKnownPlaceCode: 'CN-222405103',
    separatedOn: { year: 2017, month: 3 },
  };
  it('copies only the chosen fields, the county instead of the township', () => {
    const s = sharedChild(person, 'female', ['chineseName', 'county'], JUNE_15);
    expect(Object.keys(s).sort()).toEqual(['chineseNames', 'county']);
    expect(s.chineseNames?.map((n) => n.text)).toEqual(['李美玲', 'Li Meiling']);
    expect(s.county?.code).toBe('CN-222405');
    expect(sharedChild(person, 'female', ['koreanName', 'sex', 'separationYear'], JUNE_15)).toEqual({
      koreanNames: [person.names[1]], sex: 'female', separationYear: 2017,
    });
  });
  it('never shares a place finer than a county, nor an unknown one', () => {
    expect(countyOf('CN-222405103001')?.code).toBe('CN-222405');
    expect(countyOf('CN-22')?.level).toBe('province');
    expect(countyOf('CN-99999999')).toBeUndefined();
    expect(countyOf(undefined)).toBeUndefined();
  });
});
