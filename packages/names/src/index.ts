/**
 * @homeward/names: one name seen through Hangul, Chinese characters, pinyin
 * and romanisations. Pure: no IO, no network at run time; the Unihan-derived
 * table ships in data/ and is parsed once on first use.
 */
export { type Script, detectScript, normalize } from './script.ts';
export { koreanReadings, pinyinReadings } from './hanzi.ts';
export { mandarinToHangul, hangulToMandarinKeys } from './mandarin.ts';
export { romanize, dueum } from './hangul.ts';
export { type Variant, variants, blockingKeys } from './variants.ts';
export {
  type PreparedName,
  type ScoreExplanation,
  prepare,
  score,
  scorePrepared,
  explainPrepared,
  DEFAULT_THRESHOLD,
} from './score.ts';
import { analyze } from './analyze.ts';
import type { Script } from './script.ts';

export interface NameParts {
  surname?: string;
  given?: string;
  script: Script;
}

/**
 * Splits a personal name into surname and given name (normalised text).
 * Korean and Chinese names are surname first (two-syllable surnames such as
 * 남궁, 황보, 欧阳, 司马 recognised); Latin names may be in either order, and
 * a comma ("KIM, Young-hee"), an all-capitals word ("Young-hee KIM") or a
 * known surname spelling decides.
 * Example: parseName('김영희') -> { surname: '김', given: '영희', script: 'hangul' };
 * parseName('Young Hee KIM') -> { surname: 'kim', given: 'young hee', script: 'latin' }.
 */
export function parseName(text: string): NameParts {
  const a = analyze(typeof text === 'string' ? text : String(text));
  const out: NameParts = { script: a.script };
  if (a.surname) out.surname = a.surname;
  if (a.given) out.given = a.given;
  return out;
}
