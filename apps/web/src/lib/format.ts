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
