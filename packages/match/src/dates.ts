/**
 * Partial dates: what a mother remembers is often a year, a season, or an
 * age at a known date. We keep exactly the precision given and compare
 * intervals, never inventing a month or a day.
 */
import { levenshtein } from './strings.ts';

/** A date known to some precision. Example: `{ year: 2012, month: 3 }`. */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

/** An approximate age at a known year. Example: `{ age: 4, at: 2016 }` ("about 4 in 2016"). */
export interface ApproximateAge {
  age: number;
  at: number | PartialDate;
  /** Default true: remembered ages are off by one as often as not. */
  approximate?: boolean;
}

/** Prepared form used by the comparator: birth-year interval plus whatever parts are known. */
export interface PreparedDate {
  readonly year: number; // 0 when only an interval is known
  readonly month: number; // 0 = unknown
  readonly day: number; // 0 = unknown
  readonly lo: number; // earliest possible birth year
  readonly hi: number; // latest possible birth year
  readonly digits: string; // YYYYMMDD when fully known, else ''
}

function valid(y: number, m?: number, d?: number): PartialDate {
  const out: PartialDate = { year: y };
  if (m !== undefined && m >= 1 && m <= 12) {
    out.month = m;
    const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (d !== undefined && d >= 1 && d <= dim) out.day = d;
  }
  return out;
}

const AGE = /^(?:about|approx\.?|approximately|around|ca?\.?|~|약)?\s*(\d{1,3})\s*(?:y|yo|yrs?|years?(?:\s+old)?|세|살)?\s*(?:in|at|@|,)\s*(\d{4})(?:년)?$/iu;

/**
 * Parses text into a partial date or an approximate age; undefined when it
 * is not a date (including empty text). Invalid months or days lower the
 * precision instead of being guessed.
 * @example parseDate('19151111') // { year: 1915, month: 11, day: 11 }
 * @example parseDate('about 4 in 2016') // { age: 4, at: 2016, approximate: true }
 */
export function parseDate(text: string): PartialDate | ApproximateAge | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  let r = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (r) return valid(+r[1]!, +r[2]!, +r[3]!);
  r = /^(\d{4})[-/.년\s]\s*(\d{1,2})(?:[-/.월\s]\s*(\d{1,2})일?)?\s*(?:월)?$/u.exec(t);
  if (r) return valid(+r[1]!, +r[2]!, r[3] === undefined ? undefined : +r[3]);
  r = /^(\d{4})(?:년)?$/u.exec(t);
  if (r) return { year: +r[1]! };
  r = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t); // day/month/year, as FEBRL-era forms write it
  if (r) return valid(+r[3]!, +r[2]!, +r[1]!);
  r = AGE.exec(t);
  if (r) return { age: +r[1]!, at: +r[2]!, approximate: true };
  return undefined;
}

function isAge(v: PartialDate | ApproximateAge): v is ApproximateAge {
  return (v as ApproximateAge).age !== undefined;
}

/**
 * Prepares a date value (text, PartialDate or ApproximateAge) for comparison;
 * undefined when missing or unreadable.
 * @example prepareDate({ age: 4, at: 2016 }) // lo 2010, hi 2013
 */
export function prepareDate(v: string | PartialDate | ApproximateAge | null | undefined): PreparedDate | undefined {
  if (v === null || v === undefined) return undefined;
  const p = typeof v === 'string' ? parseDate(v) : v;
  if (!p) return undefined;
  if (isAge(p)) {
    const at = typeof p.at === 'number' ? p.at : p.at.year;
    if (!Number.isFinite(at) || !Number.isFinite(p.age)) return undefined;
    // Aged A at some point in year T: born in T-A-1 or T-A; "about" widens by a year each side.
    const slack = p.approximate === false ? 0 : 1;
    return { year: 0, month: 0, day: 0, lo: at - p.age - 1 - slack, hi: at - p.age + slack, digits: '' };
  }
  if (!Number.isFinite(p.year)) return undefined;
  const c = valid(Math.trunc(p.year), p.month, p.day);
  const month = c.month ?? 0;
  const day = c.day ?? 0;
  const digits = day > 0 ? `${c.year}`.padStart(4, '0') + `${month}`.padStart(2, '0') + `${day}`.padStart(2, '0') : '';
  return { year: c.year, month, day, lo: c.year, hi: c.year, digits };
}

/**
 * Canonical text of a prepared date (for interning and term frequencies):
 * `year/month/day` with 0 for unknown parts, or `~lo/hi` for an interval.
 * Works for any year, including the negative years of historical data.
 */
export function dateKey(d: PreparedDate): string {
  if (d.year === 0) return `~${d.lo}/${d.hi}`;
  return `${d.year}/${d.month}/${d.day}`;
}

/** Inverse of dateKey. Example: `fromDateKey('2012/3/0').month === 3`. */
export function fromDateKey(key: string): PreparedDate {
  if (key.startsWith('~')) {
    const [lo, hi] = key.slice(1).split('/').map(Number);
    return { year: 0, month: 0, day: 0, lo: lo!, hi: hi!, digits: '' };
  }
  const [year, month, day] = key.split('/').map(Number);
  const digits = day ? `${year}`.padStart(4, '0') + `${month}`.padStart(2, '0') + `${day}`.padStart(2, '0') : '';
  return { year: year!, month: month!, day: day!, lo: year!, hi: year!, digits };
}

/** Comparison levels of dates, most to least similar. */
export const DATE_LEVELS = ['exact', 'typo', 'same-month', 'same-year', 'compatible', 'within-2-years', 'different'] as const;

/**
 * Level index (into DATE_LEVELS) of two prepared dates. A full date and a
 * year-only date can at best agree on the year: precision is never invented.
 * @example compareDates(prepareDate('2012')!, prepareDate({ age: 4, at: 2016 })!) // 4 ('compatible')
 */
export function compareDates(a: PreparedDate, b: PreparedDate): number {
  if (a.day && b.day) {
    if (a.digits === b.digits) return 0;
    if (
      levenshtein(a.digits, b.digits, 1) <= 1 ||
      (a.year === b.year && a.month === b.day && a.day === b.month)
    ) return 1;
  }
  if (a.month && b.month && a.year === b.year && a.month === b.month) return 2;
  if (a.year && b.year && a.year === b.year) return 3;
  const gap = a.hi < b.lo ? b.lo - a.hi : b.hi < a.lo ? a.lo - b.hi : 0;
  if (gap <= (a.year && b.year ? 1 : 0)) return 4;
  if (gap <= 2) return 5;
  return 6;
}
