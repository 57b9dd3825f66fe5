import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Sets the document title for the current page, in the current language.
 * Titles end up in browser history, so they never carry a name: only page
 * names and case references.
 * @example usePageTitle(t('cases.title'))
 */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? t('app.pageTitle', { page: title }) : t('app.name');
  }, [title, t]);
}
