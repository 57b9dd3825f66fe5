import type { Issue, Place as PlaceView, PlaceDisplay } from '@homeward/contracts';
import { byCode, hierarchy, resolve, suggest, type Candidate, type Place } from '@homeward/gazetteer';

// Places a mother named, resolved through @homeward/gazetteer. The typed text
// is identifying: it is never logged, never put in an error message, and the
// gazetteer keeps nothing of it.

// Chinese administrative suffixes (and the ethnic words before 自治州/自治县),
// dropped from the English form: 延边朝鲜族自治州 -> Yanbian, 龙井市 -> Longjing.
const CHINESE_SUFFIX = /(?:(?:朝鲜|满|蒙古|回|达斡尔|鄂伦春|鄂温克|赫哲|锡伯|各)族)*(?:特别行政区|自治区|自治州|自治县|自治旗|街道|地区|社区|民族乡|省|市|县|区|旗|盟|镇|乡|村|屯)$/u;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** English-readable form: pinyin of the Chinese stem for China, RR for the ROK, the DPRK's own romanisation for the DPRK. */
function englishName(p: Place): string {
  if (p.country === 'KR') return p.names.rr || p.names.pinyin;
  if (p.country === 'KP') return p.names.dprk || p.names.mr || p.names.rr;
  const syllables = p.names.pinyin.split(/\s+/).filter(Boolean);
  const chars = [...p.names.zh];
  const m = CHINESE_SUFFIX.exec(p.names.zh);
  // One syllable per character in the gazetteer's pinyin; keep the whole name when it is not so, or the stem would be one character.
  let keep = syllables.length;
  if (m && syllables.length === chars.length && chars.length - [...m[0]].length >= 2) keep = chars.length - [...m[0]].length;
  return capitalise(syllables.slice(0, keep).join(''));
}

/** The three display forms: Korean in ROK spelling (what a Seoul caseworker reads), simplified Chinese, a romanisation. */
export function displayOf(p: Place): PlaceDisplay {
  return { ko: p.names.koreanRok || p.names.koreanDprk, zh: p.names.zh, en: englishName(p) };
}

/**
 * A gazetteer place as the API shows it, or undefined for an unknown code.
 * Example: `presentPlace('CN-222405')?.display.en === 'Longjing'`.
 */
export function presentPlace(code: string): PlaceView | undefined {
  const p = byCode(code);
  if (!p) return undefined;
  return viewOf(p);
}

function viewOf(p: Place): PlaceView {
  return {
    code: p.code,
    level: p.level,
    country: p.country,
    display: displayOf(p),
    names: { ...p.names, aliases: [...p.names.aliases] },
    hierarchy: hierarchy(p.code).map((h) => {
      const link = byCode(h.code);
      return { code: h.code, level: h.level, display: link ? displayOf(link) : { ko: h.korean, zh: h.zh, en: h.zh } };
    }),
  };
}

export interface PlaceMatch {
  place: PlaceView;
  confidence: number;
  explanation: string[];
}

const PREFIX_EXPLANATION = 'a name of this place starts with the text typed so far';

/**
 * Ranked places for free text in any script, best first: what resolve() reads
 * in the whole text, then places whose name starts with it (so autocomplete
 * offers something while a word is still being typed), confidence 0.
 * Example: `resolvePlaces('룡정', 5)[0].place.code === 'CN-222405'`.
 */
export function resolvePlaces(text: string, limit: number): PlaceMatch[] {
  const out: PlaceMatch[] = resolve(text, { limit }).map((c: Candidate) => ({
    place: viewOf({ code: c.code, level: c.level, country: c.country, parent: undefined, names: c.names }),
    confidence: c.confidence,
    explanation: c.explanation,
  }));
  if (out.length < limit) {
    const seen = new Set(out.map((m) => m.place.code));
    for (const p of suggest(text.trim(), limit)) {
      if (out.length >= limit) break;
      if (seen.has(p.code)) continue;
      seen.add(p.code);
      out.push({ place: viewOf(p), confidence: 0, explanation: [PREFIX_EXPLANATION] });
    }
  }
  return out;
}

/**
 * Checks the place codes of a write: each must name a known place, and sit
 * beside the text it was chosen for. One issue per problem, at the code's path.
 * Example: `placeCodeIssues([['placeCode', 'CN-99', 'x']])[0].code === 'unknown_place'`.
 */
export function placeCodeIssues(fields: readonly (readonly [path: string, code: string | undefined, text: string | undefined])[]): Issue[] {
  const issues: Issue[] = [];
  for (const [path, code, text] of fields) {
    if (code === undefined) continue;
    if (!byCode(code)) issues.push({ path, code: 'unknown_place', message: 'is not a known place' });
    else if (text === undefined || text.trim() === '') issues.push({ path, code: 'needs_text', message: 'needs the place text it was chosen for' });
  }
  return issues;
}
