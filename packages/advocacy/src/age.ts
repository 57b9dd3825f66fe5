import { AdvocacyError } from './errors.ts';

/** A calendar date with full precision. */
export interface YMD {
  year: number;
  month: number;
  day: number;
}

/**
 * What a mother remembers of a birth (or any) date: a year, a year and month,
 * a full date, or "about N years old in year Y" (optionally give or take
 * `plusMinus` years).
 */
export type PartialDate =
  | { year: number; month?: number; day?: number }
  | { approxAge: number; atYear: number; plusMinus?: number };

export type DatePrecision = 'day' | 'month' | 'year' | 'approximate';

/** The whole range of values consistent with what is known, never a guess. */
export interface YearsInterval {
  min: number;
  max: number;
  precision: DatePrecision;
}

export interface Band {
  label: string;
  min: number;
  /** Inclusive; omit for an open-ended band such as "18+". */
  max?: number;
}

/** Children's age bands used by default (UNICEF-style, with 15-17 kept apart from adults). */
export const DEFAULT_AGE_BANDS: readonly Band[] = [
  { label: '0-4', min: 0, max: 4 },
  { label: '5-9', min: 5, max: 9 },
  { label: '10-14', min: 10, max: 14 },
  { label: '15-17', min: 15, max: 17 },
  { label: '18+', min: 18 },
];

/** Bands for years since separation. */
export const DEFAULT_YEARS_SINCE_BANDS: readonly Band[] = [
  { label: '0-4', min: 0, max: 4 },
  { label: '5-9', min: 5, max: 9 },
  { label: '10-14', min: 10, max: 14 },
  { label: '15-19', min: 15, max: 19 },
  { label: '20+', min: 20 },
];

/** Category used when no band can be assigned without inventing precision. */
export const UNKNOWN = 'unknown';

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
const cmp = (a: YMD, b: YMD): number => a.year - b.year || a.month - b.month || a.day - b.day;

function checkYmd(d: YMD, what: string): void {
  const ok =
    Number.isInteger(d.year) && Number.isInteger(d.month) && Number.isInteger(d.day) &&
    d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysIn(d.year, d.month);
  if (!ok) throw new AdvocacyError('ADVOCACY_BAD_DATE', `${what} is not a valid date: ${JSON.stringify(d)}`);
}

/** Completed years from `from` to `to` (a birthday on 29 February counts on 1 March in common years). */
function completedYears(from: YMD, to: YMD): number {
  const before = to.month < from.month || (to.month === from.month && to.day < from.day);
  return to.year - from.year - (before ? 1 : 0);
}

/**
 * Earliest and latest calendar dates consistent with a partial date.
 *
 * @example
 * dateRange({ year: 2012, month: 2 }) // { earliest: 2012-02-01, latest: 2012-02-29, precision: 'month' }
 */
export function dateRange(d: PartialDate): { earliest: YMD; latest: YMD; precision: DatePrecision } {
  if ('approxAge' in d) {
    const k = d.plusMinus ?? 0;
    if (!Number.isInteger(d.approxAge) || d.approxAge < 0 || !Number.isInteger(d.atYear) || !Number.isInteger(k) || k < 0) {
      throw new AdvocacyError('ADVOCACY_BAD_DATE', `approximate age must be whole non-negative years: ${JSON.stringify(d)}`);
    }
    // Aged N at some day of year Y means born after 1 Jan (Y-N-1) and no later than 31 Dec (Y-N).
    const oldest = d.approxAge + k;
    const youngest = Math.max(0, d.approxAge - k);
    return {
      earliest: { year: d.atYear - oldest - 1, month: 1, day: 2 },
      latest: { year: d.atYear - youngest, month: 12, day: 31 },
      precision: 'approximate',
    };
  }
  if (d.day !== undefined && d.month === undefined) {
    throw new AdvocacyError('ADVOCACY_BAD_DATE', `a day without a month is not a usable date: ${JSON.stringify(d)}`);
  }
  const month = d.month ?? 1;
  const earliest = { year: d.year, month, day: d.day ?? 1 };
  checkYmd(earliest, 'date');
  if (d.day !== undefined) return { earliest, latest: earliest, precision: 'day' };
  if (d.month !== undefined) return { earliest, latest: { year: d.year, month, day: daysIn(d.year, month) }, precision: 'month' };
  return { earliest, latest: { year: d.year, month: 12, day: 31 }, precision: 'year' };
}

/**
 * Every whole number of years that may have passed between a partial date
 * and a reference date (for an age: the partial date is the birth).
 *
 * @example
 * yearsSince({ year: 2012 }, { year: 2026, month: 11, day: 29 }) // { min: 13, max: 14, precision: 'year' }
 */
export function yearsSince(d: PartialDate, ref: YMD): YearsInterval {
  checkYmd(ref, 'reference date');
  const { earliest, latest, precision } = dateRange(d);
  if (cmp(earliest, ref) > 0) {
    throw new AdvocacyError('ADVOCACY_BAD_DATE', `date ${JSON.stringify(d)} is after the reference date`);
  }
  // The event cannot have happened after the reference date.
  const last = cmp(latest, ref) > 0 ? ref : latest;
  return { min: completedYears(last, ref), max: completedYears(earliest, ref), precision };
}

/**
 * The band containing the whole interval, or UNKNOWN when the interval
 * straddles bands (ambiguous) or nothing is known.
 *
 * @example
 * bandOf({ min: 13, max: 14, precision: 'year' }) // { band: '10-14' }
 * bandOf({ min: 14, max: 15, precision: 'year' }) // { band: 'unknown', reason: 'ambiguous' }
 */
export function bandOf(
  interval: YearsInterval | null | undefined,
  bands: readonly Band[] = DEFAULT_AGE_BANDS,
): { band: string; reason?: 'ambiguous' | 'missing' } {
  if (!interval) return { band: UNKNOWN, reason: 'missing' };
  for (const b of bands) {
    if (interval.min >= b.min && (b.max === undefined || interval.max <= b.max)) return { band: b.label };
  }
  return { band: UNKNOWN, reason: 'ambiguous' };
}

/**
 * Age band of a child from a partial birth date at a reference date.
 *
 * @example
 * ageBand({ year: 2012 }, { year: 2026, month: 11, day: 29 }) // { band: '10-14', min: 13, max: 14, precision: 'year' }
 */
export function ageBand(
  birth: PartialDate | null | undefined,
  ref: YMD,
  bands: readonly Band[] = DEFAULT_AGE_BANDS,
): { band: string; reason?: 'ambiguous' | 'missing'; min?: number; max?: number; precision?: DatePrecision } {
  if (!birth) return { band: UNKNOWN, reason: 'missing' };
  const interval = yearsSince(birth, ref);
  return { ...bandOf(interval, bands), ...interval };
}
