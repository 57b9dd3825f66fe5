import type { Place } from '../api/types.ts';

export type DisplayLanguage = 'ko' | 'zh' | 'en';

/** The UI language as one of the place display forms. Example: `displayLanguage('zh-CN') === 'zh'`. */
export function displayLanguage(language: string): DisplayLanguage {
  const base = language.slice(0, 2);
  return base === 'zh' || base === 'en' ? base : 'ko';
}

/**
 * A place's name in the UI language, followed by its other forms where they
 * differ (a Seoul caseworker reads 용정시 but a lead says 龙井市; the DPRK
 * spelling 룡정시 is what many mothers say).
 * @example placeLine(longjing, 'ko') === '용정시 · 룡정시 · 龙井市 · Longjing'
 */
export function placeLine(place: Place, lang: DisplayLanguage): string {
  const forms = [place.display[lang]];
  if (lang === 'ko') forms.push(place.names.koreanDprk);
  forms.push(place.display.zh, place.display.en);
  if (lang !== 'ko') forms.push(place.display.ko);
  return [...new Set(forms.filter((f) => f !== ''))].join(' · ');
}

/**
 * The places above it, province first, in the UI language.
 * @example placeTrail(longjing, 'en') === 'Jilin › Yanbian'
 */
export function placeTrail(place: Place, lang: DisplayLanguage): string {
  return place.hierarchy
    .filter((h) => h.code !== place.code)
    .map((h) => h.display[lang] || h.display.zh)
    .join(' › ');
}
