import type { AgeRange, Name, PartialDate, Place, Sex, SharedChild, TracingField } from '@homeward/contracts';
import { hierarchy } from '@homeward/gazetteer';
import { presentPlace } from '../services/places.ts';

/** The part of a sought person's sealed record a tracing request may copy from (see services/cases.ts PersonSealed). */
export interface SoughtSource {
  names: Name[];
  birth?: PartialDate;
  lastKnownPlaceCode?: string;
  separatedOn?: PartialDate;
}

/**
 * An age range in `today`'s year from a date as precise as it was given,
 * never more precise: a full date gives one age, a year and month give one or
 * two, a year alone two, an "about N in year Y" three (N-1..N+1 carried
 * forward). Undefined when nothing is known: an age is never invented.
 * Example: `ageRange({ year: 2014 }, new Date('2026-06-01')) // { low: 11, high: 12, atYear: 2026 }`.
 */
export function ageRange(birth: PartialDate | undefined, today: Date): AgeRange | undefined {
  if (!birth) return undefined;
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth() + 1;
  const d = today.getUTCDate();
  const clamp = (low: number, high: number): AgeRange | undefined =>
    high < 0 ? undefined : { low: Math.max(0, low), high: Math.max(0, high), atYear: y };
  if (birth.approxAge !== undefined && birth.atYear !== undefined) {
    const a = birth.approxAge + (y - birth.atYear);
    return clamp(a - 1, a + 1);
  }
  if (birth.year === undefined) return undefined;
  const full = y - birth.year;
  if (birth.month === undefined) return clamp(full - 1, full);
  if (birth.month < m) return clamp(full, full);
  if (birth.month > m) return clamp(full - 1, full - 1);
  if (birth.day === undefined) return clamp(full - 1, full);
  return birth.day <= d ? clamp(full, full) : clamp(full - 1, full - 1);
}

/**
 * The county (or the coarser place given) of a gazetteer code: a village or
 * township code would point at a family, so a request never carries one.
 * Example: `countyOf('CN-222405101')?.code === 'CN-222405'`.
 */
export function countyOf(code: string | undefined): Place | undefined {
  if (!code) return undefined;
  const chain = hierarchy(code);
  const county = chain.find((h) => h.level === 'county');
  if (county) return presentPlace(county.code);
  // No county in the chain: the place is a prefecture or province (or a DPRK/ROK unit); share it only if it is that coarse.
  const place = presentPlace(code);
  return place && (place.level === 'province' || place.level === 'prefecture' || place.level === 'county') ? place : undefined;
}

const isChinese = (n: Name) => n.kind === 'chinese' || n.script === 'hanzi-simplified' || n.script === 'hanzi-traditional';
const isKorean = (n: Name) => n.kind === 'korean' || n.script === 'hangul';

/**
 * The copy of the chosen fields that goes into a request, sealed there. Only
 * the sought person is read: the mother's record is never a source.
 */
export function sharedChild(person: SoughtSource, sex: Sex | undefined, fields: readonly TracingField[], today: Date): SharedChild {
  const out: SharedChild = {};
  for (const f of fields) {
    if (f === 'chineseName') {
      const names = person.names.filter(isChinese);
      if (names.length > 0) out.chineseNames = names;
    } else if (f === 'koreanName') {
      const names = person.names.filter((n) => isKorean(n) && !isChinese(n));
      if (names.length > 0) out.koreanNames = names;
    } else if (f === 'approxAge') {
      const age = ageRange(person.birth, today);
      if (age) out.approxAge = age;
    } else if (f === 'county') {
      const county = countyOf(person.lastKnownPlaceCode);
      if (county) out.county = county;
    } else if (f === 'sex') {
      if (sex) out.sex = sex;
    } else if (f === 'separationYear') {
      const s = person.separatedOn;
      const year = s?.year ?? (s?.atYear !== undefined ? s.atYear : undefined);
      if (year !== undefined) out.separationYear = year;
    }
  }
  return out;
}
