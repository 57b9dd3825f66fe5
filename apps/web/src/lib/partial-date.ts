import type { PartialDate } from '../api/types.ts';

/** How precisely a date is known; 'age' is "about N years old in YEAR". */
export const DATE_MODES = ['none', 'year', 'month', 'day', 'age'] as const;
export type DateMode = (typeof DATE_MODES)[number];

/** What the date inputs hold: strings, exactly as typed. */
export interface DateFields {
  mode: DateMode;
  year: string;
  month: string;
  day: string;
  approxAge: string;
  atYear: string;
}

/** Field path -> issue code, for problems found before anything is sent. */
export type ClientErrors = Record<string, string>;

export function emptyDate(mode: DateMode = 'none'): DateFields {
  return { mode, year: '', month: '', day: '', approxAge: '', atYear: '' };
}

function integer(text: string, path: string, errors: ClientErrors): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    errors[path] = 'required';
    return undefined;
  }
  if (!/^\d{1,4}$/.test(trimmed)) {
    errors[path] = 'not_a_number';
    return undefined;
  }
  return Number(trimmed);
}

/**
 * Reads the date inputs into the API's partial date, keeping only the
 * precision the user chose (a date is never made more precise than known).
 * Range checks (month 1-12, real days, plausible years) are the server's job;
 * here we only refuse what is not a number at all.
 * @example toPartialDate({ ...emptyDate('month'), year: '2012', month: '5' }, 'birth', {}) // { year: 2012, month: 5 }
 */
export function toPartialDate(fields: DateFields, path: string, errors: ClientErrors): PartialDate | undefined {
  switch (fields.mode) {
    case 'none':
      return undefined;
    case 'age': {
      const approxAge = integer(fields.approxAge, `${path}.approxAge`, errors);
      const atYear = integer(fields.atYear, `${path}.atYear`, errors);
      return approxAge === undefined || atYear === undefined ? undefined : { approxAge, atYear };
    }
    case 'year': {
      const year = integer(fields.year, `${path}.year`, errors);
      return year === undefined ? undefined : { year };
    }
    case 'month': {
      const year = integer(fields.year, `${path}.year`, errors);
      const month = integer(fields.month, `${path}.month`, errors);
      return year === undefined || month === undefined ? undefined : { year, month };
    }
    case 'day': {
      const year = integer(fields.year, `${path}.year`, errors);
      const month = integer(fields.month, `${path}.month`, errors);
      const day = integer(fields.day, `${path}.day`, errors);
      return year === undefined || month === undefined || day === undefined ? undefined : { year, month, day };
    }
  }
}

/**
 * The inverse of toPartialDate, for editing a stored date.
 * @example fromPartialDate({ approxAge: 4, atYear: 2016 }).mode === 'age'
 */
export function fromPartialDate(date: PartialDate | null | undefined): DateFields {
  if (!date) return emptyDate();
  if (date.approxAge != null || date.atYear != null) {
    return { ...emptyDate('age'), approxAge: String(date.approxAge ?? ''), atYear: String(date.atYear ?? '') };
  }
  if (date.year == null) return emptyDate();
  const mode: DateMode = date.day != null ? 'day' : date.month != null ? 'month' : 'year';
  return {
    ...emptyDate(mode),
    year: String(date.year),
    month: date.month != null ? String(date.month) : '',
    day: date.day != null ? String(date.day) : '',
  };
}

/** Catalogue key and values for showing a partial date as text. */
export function partialDateMessage(date: PartialDate): { key: string; values: Record<string, number> } | null {
  if (date.approxAge != null && date.atYear != null) {
    return { key: 'dateFormat.approx', values: { age: date.approxAge, year: date.atYear } };
  }
  if (date.year == null) return null;
  if (date.day != null && date.month != null) {
    return { key: 'dateFormat.day', values: { year: date.year, month: date.month, day: date.day } };
  }
  if (date.month != null) return { key: 'dateFormat.month', values: { year: date.year, month: date.month } };
  return { key: 'dateFormat.year', values: { year: date.year } };
}
