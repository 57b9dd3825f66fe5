import type { TFunction } from 'i18next';

// Catalogue keys for the values matching shows, as literal keys (the locale
// tests check each exists), instead of keys built from templates.

const FIELD: Record<string, string> = { name: 'matching.field.name', birth: 'matching.field.birth', place: 'matching.field.place', sex: 'matching.field.sex' };

const LEVEL: Record<string, string> = {
  exact: 'matching.level.exact', equivalent: 'matching.level.equivalent', high: 'matching.level.high', medium: 'matching.level.medium',
  different: 'matching.level.different', typo: 'matching.level.typo', 'same-month': 'matching.level.same-month', 'same-year': 'matching.level.same-year',
  compatible: 'matching.level.compatible', 'within-2-years': 'matching.level.within-2-years', same: 'matching.level.same', contains: 'matching.level.contains',
  'same-county': 'matching.level.same-county', 'same-prefecture': 'matching.level.same-prefecture', 'same-province': 'matching.level.same-province',
  similar: 'matching.level.similar',
};

const STATUS: Record<string, string> = {
  open: 'matching.status.open', needs_info: 'matching.status.needs_info', confirmed: 'matching.status.confirmed', rejected: 'matching.status.rejected', any: 'matching.status.any',
};

const DECISION: Record<string, string> = {
  open: 'matching.decision.open', needs_info: 'matching.decision.needs_info', confirmed: 'matching.decision.confirmed', rejected: 'matching.decision.rejected',
};

const PRECISION: Record<string, string> = {
  day: 'matching.precision.day', month: 'matching.precision.month', year: 'matching.precision.year', 'approximate-age': 'matching.precision.approximate-age',
};

const ROLE: Record<string, string> = { applicant: 'matching.search.applicant', sought: 'matching.search.sought' };

/** Label of a compared field; an unknown one shows as itself. */
export const fieldLabel = (t: TFunction, f: string): string => (FIELD[f] ? t(FIELD[f]) : f);
/** Label of a comparison level; null means a side had no value. */
export const levelLabel = (t: TFunction, l: string | null): string => (l === null ? t('matching.level.missing') : LEVEL[l] ? t(LEVEL[l]) : l);
export const statusLabel = (t: TFunction, s: string): string => (STATUS[s] ? t(STATUS[s]) : s);
export const decisionLabel = (t: TFunction, s: string): string => (DECISION[s] ? t(DECISION[s]) : s);
export const precisionLabel = (t: TFunction, p: string): string => (PRECISION[p] ? t(PRECISION[p]) : p);
export const roleLabel = (t: TFunction, r: string): string => (ROLE[r] ? t(ROLE[r]) : r);
