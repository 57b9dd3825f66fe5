/**
 * @homeward/names: one name seen through Hangul, Chinese characters, pinyin
 * and romanisations. Pure: no IO, no network at run time.
 *
 * First cut: the signatures below are the stable public API; the
 * implementations are deliberately simple and will be replaced module by
 * module behind them.
 */
import { pinyin } from 'pinyin-pro';

export type Script = 'hangul' | 'hanzi-simplified' | 'hanzi-traditional' | 'latin' | 'other';

const HANGUL = /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/u;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/** Dominant script of a string. Example: `detectScript('리미령') === 'hangul'`. */
export function detectScript(text: string): Script {
  let h = 0, c = 0, l = 0;
  for (const ch of text) {
    if (HANGUL.test(ch)) h++;
    else if (HAN.test(ch)) c++;
    else if (LATIN.test(ch)) l++;
  }
  const max = Math.max(h, c, l);
  if (max === 0) return 'other';
  if (h === max) return 'hangul';
  if (c === max) return 'hanzi-simplified';
  return 'latin';
}

/** NFKC, case fold, unify spacing/hyphens/apostrophes/middle dots; idempotent. Example: `normalize('  Lee  MI-Ryeong ') === 'lee mi-ryeong'`. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212_]/g, '-')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u00b7\u30fb\u2027\u318d]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sino-Korean readings (DPRK and ROK forms), most likely first. Example: `koreanReadings('龙井')` includes '룡정' and '용정'. */
export function koreanReadings(_hanzi: string): string[] {
  return [];
}

/** Mandarin pinyin without tones. Example: `pinyinReadings('龙井') -> ['longjing']`. */
export function pinyinReadings(hanzi: string, opts: { surname?: boolean } = {}): string[] {
  const s = pinyin(hanzi, { toneType: 'none', type: 'array', v: true, surname: opts.surname ? 'head' : 'off' });
  return [s.join('').toLowerCase()];
}

/** ROK standard transcription of Mandarin. Example: `mandarinToHangul('longjing') === '룽징'`. */
export function mandarinToHangul(pinyinText: string): string {
  return pinyinText;
}

/** Keys comparable with pinyin for a Hangul transcription of Mandarin. Example: `hangulToMandarinKeys('룽징')`. */
export function hangulToMandarinKeys(hangul: string): string[] {
  return [hangul];
}

/** Romanise Hangul. Example: `romanize('리미령', 'dprk') === 'Ri Mi Ryong'`. */
export function romanize(hangul: string, _system: 'rr' | 'mr' | 'dprk'): string {
  return hangul;
}

export interface NameParts { surname?: string; given?: string; script: Script; }

/** Split a personal name into surname and given name. Example: `parseName('김영희') -> { surname: '김', given: '영희', script: 'hangul' }`. */
export function parseName(text: string): NameParts {
  const n = normalize(text);
  const script = detectScript(n);
  if (script === 'latin') {
    const parts = n.split(' ');
    if (parts.length < 2) return { given: n, script };
    return { surname: parts[0], given: parts.slice(1).join(' '), script };
  }
  const compact = n.replace(/ /g, '');
  if ([...compact].length < 2) return { given: compact, script };
  const first = [...compact][0];
  return { surname: first, given: [...compact].slice(1).join(''), script };
}

export interface Variant { text: string; space: string; path: string[]; }

/** Plausible forms of a name in each script space (<= 64), deterministic. */
export function variants(name: string): Variant[] {
  const n = normalize(name);
  return [{ text: n, space: detectScript(n), path: [n] }];
}

/** A handful of short keys for candidate retrieval. */
export function blockingKeys(name: string): string[] {
  const n = normalize(name).replace(/ /g, '');
  return n ? [n.slice(0, 3)] : [];
}

export interface PreparedName { readonly normalized: string; }

/** Precompute what scoring needs once per name. */
export function prepare(name: string): PreparedName {
  return { normalized: normalize(name) };
}

export interface ScoreExplanation { score: number; aligned: { a: string; b: string; path: string[] }[]; surname?: number; given?: number; notes: string[] }

function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) { const g = a.slice(i, i + 2); grams.set(g, (grams.get(g) ?? 0) + 1); }
  let hit = 0;
  for (let i = 0; i < b.length - 1; i++) { const g = b.slice(i, i + 2); const k = grams.get(g) ?? 0; if (k > 0) { hit++; grams.set(g, k - 1); } }
  return (2 * hit) / (a.length + b.length - 2);
}

/** Fast similarity in [0, 1] of two prepared names. */
export function scorePrepared(a: PreparedName, b: PreparedName): number {
  return dice(a.normalized, b.normalized);
}

/** Similarity of two prepared names with its explanation. */
export function explainPrepared(a: PreparedName, b: PreparedName): ScoreExplanation {
  const s = scorePrepared(a, b);
  return { score: s, aligned: [{ a: a.normalized, b: b.normalized, path: [] }], notes: ['first cut: bigram similarity'] };
}

/** Similarity in [0, 1] with an explanation. Example: `score('李美玲', 'Ri Mi Ryong').score >= DEFAULT_THRESHOLD`. */
export function score(a: string, b: string): ScoreExplanation {
  return explainPrepared(prepare(a), prepare(b));
}

/** Scores at or above this are "same". */
export const DEFAULT_THRESHOLD = 0.8;
