/**
 * The name keys of one place row: every form a query may meet, folded.
 * Shared by the generator (which writes the index) and the drift test
 * (which recomputes it), so both agree by construction.
 */
import { fold, toJamo, scriptOf } from './text.ts';

export const LEVELS = ['province', 'prefecture', 'county', 'township', 'village'] as const;

/** Which name form a key came from; kept beside each posting to explain a match. */
export const KINDS = [
  'Chinese name', 'Chinese name without suffix', 'traditional Chinese', 'traditional Chinese without suffix',
  'Korean reading (DPRK/Yanbian spelling)', 'Korean reading without suffix (DPRK/Yanbian spelling)',
  'Korean reading (ROK spelling)', 'Korean reading without suffix (ROK spelling)',
  'ROK transcription of the Mandarin', 'ROK transcription of the Mandarin with Korean suffix',
  'pinyin', 'pinyin without suffix', 'Revised Romanization', 'McCune-Reischauer', 'DPRK romanisation',
  'other name', 'romanised name without suffix',
] as const;
export type KindName = (typeof KINDS)[number];
export const KIND = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<KindName, number>;
export const KIND_BITS = 5;

/** Column positions in a place row. */
export const COL = { code: 0, parent: 1, level: 2, zh: 3, zht: 4, ko: 5, kos: 6, kom: 7, py: 8, rr: 9, mr: 10, dprk: 11, stem: 12, aliases: 13 } as const;

function cut(s: string, n: number): string {
  // By code points: a few village names use supplementary-plane characters.
  let out = '', k = 0;
  for (const ch of s) { if (k++ >= n) break; out += ch; }
  return out;
}

/**
 * Calls emit(key, kind) for each folded name key of a row (duplicates possible).
 * Example: the row of 龙井市 emits 龙井市, 龙井, 룡정시, 룡정, 용정시, 용정, 룽징, 룽징시, longjingshi, longjing, yongjeong, ryongjong.
 */
export function rowKeys(f: readonly string[], emit: (key: string, kind: number) => void): void {
  const stem = Number(f[COL.stem]);
  const zh = f[COL.zh]!, zht = f[COL.zht]!, ko = f[COL.ko]!, kos = f[COL.kos]!, kom = f[COL.kom]!, py = f[COL.py]!;
  const full = (s: string, kind: number) => { if (s) emit(fold(s), kind); };
  full(zh, KIND['Chinese name']);
  full(cut(zh, stem), KIND['Chinese name without suffix']);
  if (zht) { full(zht, KIND['traditional Chinese']); full(cut(zht, stem), KIND['traditional Chinese without suffix']); }
  full(ko, KIND['Korean reading (DPRK/Yanbian spelling)']);
  const koStem = cut(ko, stem);
  full(koStem, KIND['Korean reading without suffix (DPRK/Yanbian spelling)']);
  if (kos) { full(kos, KIND['Korean reading (ROK spelling)']); full(cut(kos, stem), KIND['Korean reading without suffix (ROK spelling)']); }
  if (kom) {
    full(kom, KIND['ROK transcription of the Mandarin']);
    full(kom + ko.slice(koStem.length), KIND['ROK transcription of the Mandarin with Korean suffix']);
  }
  if (py) {
    const syl = py.replace(/v/g, 'u').split(' ');
    emit(syl.join(''), KIND.pinyin);
    if (stem < syl.length) emit(syl.slice(0, stem).join(''), KIND['pinyin without suffix']);
  }
  const roman = (s: string | undefined, kind: number) => {
    if (!s) return;
    emit(fold(s), kind);
    const dash = s.indexOf('-');
    if (dash > 0) emit(fold(s.slice(0, dash)), KIND['romanised name without suffix']);
  };
  roman(f[COL.rr], KIND['Revised Romanization']);
  roman(f[COL.mr], KIND['McCune-Reischauer']);
  roman(f[COL.dprk], KIND['DPRK romanisation']);
  const aliases = f[COL.aliases];
  if (aliases) for (const a of aliases.split('|')) full(a, KIND['other name']);
}

/** Form a key takes in the typo index: jamo for Hangul, itself for Latin, none for Chinese. Example: `fuzzyForm('룡정') === 'ㄹㅛㅇㅈㅓㅇ'`. */
export function fuzzyForm(key: string): string | undefined {
  const s = scriptOf(key);
  if (s === 'hangul') return toJamo(key);
  if (s === 'latin') return key;
  return undefined;
}

/**
 * Kinds of key in the typo index: names without their suffix (the resolver
 * strips a suffix word before a typo search), so the index stays small.
 */
export const FUZZY_KINDS: ReadonlySet<number> = new Set([
  KIND['Korean reading without suffix (DPRK/Yanbian spelling)'], KIND['Korean reading without suffix (ROK spelling)'],
  KIND['ROK transcription of the Mandarin'], KIND.pinyin, KIND['pinyin without suffix'], KIND['Revised Romanization'],
  KIND['McCune-Reischauer'], KIND['DPRK romanisation'], KIND['other name'], KIND['romanised name without suffix'],
]);

/** Shortest fuzzy form worth a typo search: shorter keys match too much by one edit. */
export const MIN_FUZZY_LENGTH = 4;

/** Whether a row's keys enter the typo index: all counties and above, the three border provinces down to townships, Yanbian villages, all of Korea. */
export function inFuzzyScope(code: string, level: string): boolean {
  if (!code.startsWith('CN-')) return true;
  if (level === 'province' || level === 'prefecture' || level === 'county') return true;
  const p = code.slice(3, 5);
  if (level === 'township') return p === '21' || p === '22' || p === '23';
  return code.startsWith('CN-2224');
}

/** Distinct bigrams of a fuzzy form. Example: `bigrams('abab') -> ['ab', 'ba']`. */
export function bigrams(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return [...out];
}
