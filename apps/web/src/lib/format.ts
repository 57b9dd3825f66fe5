import type { TFunction } from 'i18next';
import type { PartialDate } from '../api/types.ts';
import { partialDateMessage } from './partial-date.ts';

/** A partial date as text in the current language, at exactly its precision. */
export function formatPartialDate(t: TFunction, date: PartialDate | null | undefined): string {
  const message = date ? partialDateMessage(date) : null;
  return message ? t(message.key, message.values) : t('common.unknown');
}

/** An ISO timestamp as local date and time in the current language. */
export function formatTimestamp(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = language === 'zh' ? 'zh-Hans' : language;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Catalogue keys for the field names the server lists in a case's history. */
export const CASE_FIELD_KEYS: Record<string, string> = {
  applicant: 'case.applicant',
  sought: 'case.sought',
  status: 'case.status',
  assignedTo: 'case.assignedTo',
  riskLevel: 'case.riskLevel',
  riskNotes: 'case.riskNotes',
  notes: 'case.notes',
  stepsTaken: 'steps.title',
};

/** Catalogue keys for a person's fields, as they appear after "applicant." or "sought.N.". */
export const PERSON_FIELD_KEYS: Record<string, string> = {
  id: 'person.id',
  names: 'person.names',
  sex: 'person.sex',
  birth: 'person.birth',
  lastKnownPlace: 'person.lastKnownPlace',
  lastKnownPlaceCode: 'person.lastKnownPlaceCode',
  separatedOn: 'person.separatedOn',
  separationCircumstances: 'person.separationCircumstances',
  safeContact: 'person.safeContact',
  relation: 'person.relation',
  notes: 'person.notes',
  childDetails: 'tracing.child.title',
};

/**
 * A changed-field path from the history ("sought.0.birth") as words in the
 * current language ("Sought person 1: Birth"); unknown paths are shown as they are.
 */
export function formatFieldPath(t: TFunction, path: string): string {
  const parts = path.split('.');
  const [head, second, third] = parts;
  if (head === 'applicant' && second && parts.length === 2 && PERSON_FIELD_KEYS[second]) {
    return t('history.fieldPath', { part: t('case.applicant'), field: t(PERSON_FIELD_KEYS[second]) });
  }
  if (head === 'sought' && second && /^\d+$/.test(second) && third && parts.length === 3 && PERSON_FIELD_KEYS[third]) {
    return t('history.fieldPath', {
      part: t('case.soughtN', { n: Number(second) + 1 }),
      field: t(PERSON_FIELD_KEYS[third]),
    });
  }
  if (head && parts.length === 1 && CASE_FIELD_KEYS[head]) return t(CASE_FIELD_KEYS[head]);
  return path;
}
