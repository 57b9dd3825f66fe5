/** The UI languages: Korean (default), English, Chinese (simplified). */
export const LANGUAGES = ['ko', 'en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
