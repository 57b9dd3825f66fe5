import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ko from './locales/ko.json';
import en from './locales/en.json';
import zh from './locales/zh.json';
import { LANGUAGES, type Language } from './lib/languages.ts';

export { LANGUAGES, type Language };

// Only the language choice is kept in the browser; nothing about cases is.
const STORAGE_KEY = 'homeward.language';

/** BCP 47 tag for <html lang>, so screen readers and fonts pick the right script. */
const HTML_LANG: Record<Language, string> = { ko: 'ko', en: 'en', zh: 'zh-Hans' };

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'ko';
  } catch {
    // Storage can be disabled by policy; Korean is the default anyway.
    return 'ko';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ko';
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch itself still works.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = isLanguage(lng) ? HTML_LANG[lng] : 'ko';
});

type Catalogue = Record<string, unknown>;
// Feature catalogues (locales/features/README.md): one file per feature, under its own key.
const features = import.meta.glob<{ default: Record<Language, Catalogue> }>('./locales/features/*.json', { eager: true });
function withFeatures(language: Language, base: Catalogue): Catalogue {
  const out: Catalogue = { ...base };
  for (const [path, mod] of Object.entries(features)) {
    const name = /([^/]+)\.json$/.exec(path)?.[1];
    if (name) out[name] = mod.default[language];
  }
  return out;
}

void i18n.use(initReactI18next).init({
  resources: {
    ko: { translation: withFeatures('ko', ko) },
    en: { translation: withFeatures('en', en) },
    zh: { translation: withFeatures('zh', zh) },
  },
  lng: storedLanguage(),
  fallbackLng: 'ko',
  supportedLngs: [...LANGUAGES],
  // React escapes output already.
  interpolation: { escapeValue: false },
  returnNull: false,
  // Keeps the console free of third-party promotion (it also names a remote URL).
  showSupportNotice: false,
});

export default i18n;
