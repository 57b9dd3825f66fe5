import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

// i18n.ts remembers the language under this key for staff. On a field
// partner's phone even that is too much: a stored 'homeward.language' proves
// the phone opened Homeward, which a search of the phone at a checkpoint in
// China must not find. So partner pages drop it as soon as it is written.
const LANGUAGE_KEY = 'homeward.language';

function forget(): void {
  try {
    window.localStorage.removeItem(LANGUAGE_KEY);
  } catch {
    // Storage disabled: nothing was kept anyway.
  }
}

/**
 * Keeps a field partner's browser storage empty: the language choice still
 * applies for this page load but is never left behind.
 */
export function usePartnerPrivacy(): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    forget();
    // setLanguage writes the key, then switches; the switch event follows the write.
    i18n.on('languageChanged', forget);
    return () => i18n.off('languageChanged', forget);
  }, [i18n]);
}
