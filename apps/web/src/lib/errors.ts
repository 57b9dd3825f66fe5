import { SERVER_ERROR_CODES, type Issue } from '../api/types.ts';

/** The server's error codes plus the client's own; each has `errors.CODE` in every catalogue. */
export const ERROR_CODES = [...SERVER_ERROR_CODES, 'NETWORK', 'UNKNOWN'] as const;

/**
 * Issue codes: zod 4's own, plus those the client finds before sending
 * (`required`, `not_a_number`, `password_mismatch`, `totp_format`). Each has `issues.CODE` in every catalogue.
 */
export const ISSUE_CODES = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
  'required',
  'not_a_number',
  'password_mismatch',
  'totp_format',
  'year_range',
  'day_range',
  'invalid',
  'unknown_place',
  'needs_text',
  'password_too_short',
  'password_too_long',
  'password_breached',
  'reauth_failed',
] as const;

/** Catalogue key for an API error code; unknown codes get a generic message. */
export function errorKey(code: string): string {
  return (ERROR_CODES as readonly string[]).includes(code) ? `errors.${code}` : 'errors.UNKNOWN';
}

/** Catalogue key for a field issue code. */
export function issueKey(code: string): string {
  return (ISSUE_CODES as readonly string[]).includes(code) ? `issues.${code}` : 'issues.invalid';
}

/**
 * A more telling code for the contracts' `custom` date checks, which carry
 * only an English message: the field they sit on says what was wrong.
 * @example refineIssueCode('sought.0.birth.year', 'custom') === 'year_range'
 */
export function refineIssueCode(path: string, code: string): string {
  if (code !== 'custom') return code;
  const field = path.split('.').pop();
  if (field === 'year' || field === 'atYear') return 'year_range';
  if (field === 'day') return 'day_range';
  if (field === 'month' || field === 'approxAge') return 'required';
  return code;
}

/**
 * Every path at which the form shows an error: each input, and each group
 * (a partial date, a list of names) that has its own error line.
 */
export function formPaths(values: unknown, prefix = '', into: Set<string> = new Set()): Set<string> {
  if (prefix) into.add(prefix);
  if (Array.isArray(values)) {
    values.forEach((v, i) => formPaths(v, prefix ? `${prefix}.${i}` : String(i), into));
  } else if (values && typeof values === 'object') {
    for (const [k, v] of Object.entries(values)) {
      if (k === 'key') continue;
      formPaths(v, prefix ? `${prefix}.${k}` : k, into);
    }
  }
  return into;
}

/**
 * Splits issues into those a form field can show and those it cannot (an
 * unexpected path), so that no server complaint is ever silently dropped.
 * @example splitIssues([{ path: 'notes', code: 'too_big' }], { notes: '' }).placed.length === 1
 */
export function splitIssues(issues: Issue[], values: unknown): { placed: Issue[]; unplaced: Issue[] } {
  const known = formPaths(values);
  const placed: Issue[] = [];
  const unplaced: Issue[] = [];
  for (const issue of issues) (known.has(issue.path) ? placed : unplaced).push(issue);
  return { placed, unplaced };
}
