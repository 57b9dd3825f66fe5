/**
 * A date as precise as the person remembered it, never more. Same shape as
 * @homeward/contracts' PartialDate: `{year}`, `{year,month}`,
 * `{year,month,day}` or `{approxAge, atYear}`.
 */
export interface PartialDate {
  year?: number;
  month?: number;
  day?: number;
  approxAge?: number;
  atYear?: number;
}

export type DateParse =
  | { ok: true; date: PartialDate | undefined; note?: string }
  | { ok: false; code: 'date_unparseable' | 'date_ambiguous' | 'date_out_of_range'; reason: string };

export interface DateOptions {
  /** Latest acceptable year; defaults to the current UTC year. Tests pin it. */
  currentYear?: number;
}

const MIN_YEAR = 1900;
const UNKNOWN = /^(?:미상|모름|불명|불상|알\s*수\s*없음|不详|不明|未知|unknown|n\/?a|\?+|-+|—)$/u;
const APPROX = '(?:약|대략|about|approx\\.?|approximately|around|circa|ca\\.?|c\\.|约|大约|大概|~)';
const AGE_UNIT = '(?:세|살|岁|周岁|歳|years?\\s*old|years?|yrs?|y\\.?o\\.?)';
const YEAR_UNIT = '(?:년|年)';

const RE = {
  ageParen: new RegExp(`^${APPROX}?\\s*(\\d{1,3})\\s*${AGE_UNIT}?\\s*\\(\\s*(\\d{4})\\s*${YEAR_UNIT}?\\s*(?:기준|时|時)?\\s*\\)$`, 'u'),
  yearThenAge: new RegExp(`^(\\d{4})\\s*${YEAR_UNIT}?\\s*(?:에|당시|时|時|,)?\\s*${APPROX}?\\s*(\\d{1,3})\\s*${AGE_UNIT}$`, 'u'),
  ageInYear: new RegExp(`^(?:${APPROX}|aged?)?\\s*(\\d{1,3})\\s*${AGE_UNIT}?\\s+in\\s+(\\d{4})$`, 'u'),
  ymd: /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?$/u,
  ymdCjk: new RegExp(`^(\\d{4})\\s*${YEAR_UNIT}\\s*(\\d{1,2})\\s*(?:월|月)\\s*(\\d{1,2})\\s*(?:일|日|号|號)?$`, 'u'),
  compact: /^(\d{4})(\d{2})(\d{2})$/u,
  isoTime: /^(\d{4})-(\d{2})-(\d{2})[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$/u,
  ym: /^(\d{4})\s*[-./]\s*(\d{1,2})\s*\.?$/u,
  ymCjk: new RegExp(`^(\\d{4})\\s*${YEAR_UNIT}\\s*(\\d{1,2})\\s*(?:월|月)(?:\\s*(?:경|쯤|초|말|중순|份))?$`, 'u'),
  year: new RegExp(`^(\\d{4})\\s*${YEAR_UNIT}?\\.?$`, 'u'),
  approxYear: new RegExp(`^(?:${APPROX}\\s*(\\d{4})\\s*${YEAR_UNIT}?\\s*(?:경|쯤|께|左右|前后)?|(\\d{4})\\s*${YEAR_UNIT}?\\s*(?:경|쯤|께|左右|前后|\\?))$`, 'u'),
  dmy: /^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})$/u,
  decade: new RegExp(`^(?:\\d{2,4}\\s*(?:년대|年代)|\\d{4}'?s)$`, 'u'),
  twoDigitYear: /^\d{2}\s*[-./]\s*\d{1,2}(?:\s*[-./]\s*\d{1,2})?$/u,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function outOfRange(reason: string): DateParse {
  return { ok: false, code: 'date_out_of_range', reason };
}

function checkYear(year: number, currentYear: number): DateParse | undefined {
  if (year < MIN_YEAR || year > currentYear) return outOfRange(`year ${year} is outside ${MIN_YEAR}-${currentYear}`);
  return undefined;
}

function full(y: number, m: number, d: number, currentYear: number): DateParse {
  const bad = checkYear(y, currentYear);
  if (bad) return bad;
  if (m < 1 || m > 12) return outOfRange(`month ${m} is not 1-12`);
  const max = daysInMonth(y, m);
  if (d < 1 || d > max) return outOfRange(`day ${d} is not 1-${max} for that month`);
  return { ok: true, date: { year: y, month: m, day: d } };
}

function yearMonth(y: number, m: number, currentYear: number): DateParse {
  const bad = checkYear(y, currentYear);
  if (bad) return bad;
  if (m < 1 || m > 12) return outOfRange(`month ${m} is not 1-12`);
  return { ok: true, date: { year: y, month: m } };
}

function approxAge(age: number, atYear: number, currentYear: number): DateParse {
  const bad = checkYear(atYear, currentYear);
  if (bad) return bad;
  if (age > 120) return outOfRange(`age ${age} is over 120`);
  return { ok: true, date: { approxAge: age, atYear } };
}

/**
 * Reads a remembered date in the ways caseworkers write them, keeping exactly
 * the precision given: `2012` → `{year: 2012}`, `2012.5` / `2012년 5월` /
 * `2012年5月` → `{year, month}`, `2012-05-03` / `2012.5.3` / `2012年5月3日` →
 * full date, `약 4세 (2016)` / `约4岁（2016）` / `about 4 in 2016` →
 * `{approxAge: 4, atYear: 2016}`. Empty and "unknown" (미상, 不详, ?) give
 * no date. Day/month/year is accepted only when unambiguous (25/12/2010);
 * 05/03/2012 is refused rather than guessed.
 * Example: `parsePartialDate('2012년 5월')` → `{ ok: true, date: { year: 2012, month: 5 } }`.
 */
export function parsePartialDate(input: string, options: DateOptions = {}): DateParse {
  const currentYear = options.currentYear ?? new Date().getUTCFullYear();
  // NFKC folds full-width digits and brackets (２０１２年５月, （2016）) to ASCII.
  const s = input.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
  if (s === '' || UNKNOWN.test(s)) return { ok: true, date: undefined };
  let m: RegExpExecArray | null;
  if ((m = RE.ageParen.exec(s))) return approxAge(Number(m[1]), Number(m[2]), currentYear);
  if ((m = RE.yearThenAge.exec(s))) return approxAge(Number(m[2]), Number(m[1]), currentYear);
  if ((m = RE.ageInYear.exec(s))) return approxAge(Number(m[1]), Number(m[2]), currentYear);
  if ((m = RE.ymd.exec(s) ?? RE.ymdCjk.exec(s) ?? RE.compact.exec(s) ?? RE.isoTime.exec(s))) {
    return full(Number(m[1]), Number(m[2]), Number(m[3]), currentYear);
  }
  if ((m = RE.ym.exec(s) ?? RE.ymCjk.exec(s))) return yearMonth(Number(m[1]), Number(m[2]), currentYear);
  if ((m = RE.year.exec(s))) {
    const y = Number(m[1]);
    return checkYear(y, currentYear) ?? { ok: true, date: { year: y } };
  }
  if ((m = RE.approxYear.exec(s))) {
    const y = Number(m[1] ?? m[2]);
    return checkYear(y, currentYear) ?? { ok: true, date: { year: y }, note: 'an approximate year is recorded as that year' };
  }
  if ((m = RE.dmy.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a > 12 && b <= 12) return full(y, b, a, currentYear);
    if (b > 12 && a <= 12) return full(y, a, b, currentYear);
    if (a === b) return full(y, a, b, currentYear);
    return { ok: false, code: 'date_ambiguous', reason: 'day and month order is ambiguous; write it as year-month-day (2012-05-03)' };
  }
  if (RE.decade.test(s)) return { ok: false, code: 'date_unparseable', reason: 'a decade cannot be recorded; give a year or an approximate age with its year, e.g. 약 4세 (2016)' };
  if (RE.twoDigitYear.test(s)) return { ok: false, code: 'date_ambiguous', reason: 'a two-digit year is ambiguous; write all four digits' };
  return { ok: false, code: 'date_unparseable', reason: 'not a date in a recognised form (2012, 2012-05, 2012-05-03, 2012년 5월, 2012年5月3日, 약 4세 (2016))' };
}
