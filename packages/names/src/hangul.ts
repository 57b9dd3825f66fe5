// Hangul syllable arithmetic, the initial-sound rule and romanisation.
// Syllable layout from The Unicode Standard, ch. 3.12 (Conjoining Jamo Behavior):
// S = 0xAC00 + (L * 21 + V) * 28 + T.
import { Memo } from './memo.ts';

export const S_BASE = 0xac00;
export const S_COUNT = 11172;

/** True for a precomposed Hangul syllable (가..힣). */
export function isSyllable(ch: string): boolean {
  const c = ch.charCodeAt(0) - S_BASE;
  return ch.length === 1 && c >= 0 && c < S_COUNT;
}

/** [initial 0..18, vowel 0..20, final 0..27] of a precomposed syllable. */
export function decompose(ch: string): [number, number, number] {
  const c = ch.charCodeAt(0) - S_BASE;
  return [Math.floor(c / 588), Math.floor((c % 588) / 28), c % 28];
}

export function compose(ini: number, vow: number, fin = 0): string {
  return String.fromCharCode(S_BASE + (ini * 21 + vow) * 28 + fin);
}

// Jamo indices used by the rules below.
export const I = { g: 0, kk: 1, n: 2, d: 3, tt: 4, r: 5, m: 6, b: 7, pp: 8, s: 9, ss: 10, o: 11, j: 12, jj: 13, ch: 14, k: 15, t: 16, p: 17, h: 18 } as const;
// Vowels that begin with an i/y sound: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ. The initial-sound rule drops ㄹ/ㄴ before them.
export const IOTIZED = new Set([2, 3, 6, 7, 12, 17, 20]);

/**
 * The initial-sound rule (두음법칙) of South Korean spelling, applied to one
 * word-initial syllable: ㄹ -> ㅇ before i/y vowels, ㄹ -> ㄴ elsewhere,
 * ㄴ -> ㅇ before i/y vowels. North Korea and Yanbian do not apply it.
 * Example: dueum('리') === '이', dueum('로') === '노', dueum('녀') === '여'.
 */
export function dueum(syl: string): string {
  if (!isSyllable(syl)) return syl;
  const [ini, vow, fin] = decompose(syl);
  if (ini === I.r) return compose(IOTIZED.has(vow) ? I.o : I.n, vow, fin);
  if (ini === I.n && IOTIZED.has(vow)) return compose(I.o, vow, fin);
  return syl;
}

/**
 * The inverse of the initial-sound rule: the North Korean forms that a South
 * Korean word-initial syllable may stand for. Example: undueum('이') -> ['리', '니'].
 */
export function undueum(syl: string): string[] {
  if (!isSyllable(syl)) return [];
  const [ini, vow, fin] = decompose(syl);
  if (ini === I.o && IOTIZED.has(vow)) return [compose(I.r, vow, fin), compose(I.n, vow, fin)];
  if (ini === I.n && !IOTIZED.has(vow)) return [compose(I.r, vow, fin)];
  return [];
}

type System = 'rr' | 'mr' | 'dprk';

// Revised Romanization (Ministry of Culture and Tourism, 2000).
const RR_INI = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const RR_VOW = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
// Final consonants as pronounced (neutralised); shared by all three systems apart from RR's g/k split.
const FIN = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
// McCune-Reischauer (1939); voiced g/d/b/j between voiced sounds, apostrophe for aspirates.
const MR_INI = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'ch', 'tch', "ch'", "k'", "t'", "p'", 'h'];
const MR_VOICED: Record<number, string> = { 0: 'g', 3: 'd', 7: 'b', 12: 'j' };
const MR_VOW = ['a', 'ae', 'ya', 'yae', 'ŏ', 'e', 'yŏ', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wŏ', 'we', 'wi', 'yu', 'ŭ', 'ŭi', 'i'];
// DPRK official romanisation (조선어의 라틴문자표기법, 1992 / ISO TR 11941 DPRK table).
const DPRK_INI = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'kh', 'th', 'ph', 'h'];
const DPRK_VOICED: Record<number, string> = { 0: 'g', 3: 'd', 7: 'b' };

const VOICED_FINALS = new Set(['', 'n', 'm', 'ng', 'l']);

function romanizeWord(word: string, system: System, breves: boolean): string {
  let out = '';
  let prevFin = -1; // -1: word start
  const rr = system === 'rr';
  const table = system === 'mr' ? MR_INI : DPRK_INI;
  const voiced = system === 'mr' ? MR_VOICED : DPRK_VOICED;
  const vows = rr ? RR_VOW : MR_VOW;
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    const c = code - S_BASE;
    if (c < 0 || c >= S_COUNT) {
      out += word[k] ?? ''; // not a precomposed syllable: passed through
      prevFin = -1;
      continue;
    }
    const ini = (c / 588) | 0;
    const vow = ((c % 588) / 28) | 0;
    const fin = c % 28;
    const prev = prevFin < 0 ? null : FIN[prevFin] ?? '';
    let i: string;
    // ㄹ after any final but ㄴ/ㄹ is pronounced [n] (독립 tongnip); MR writes it so.
    if (rr) {
      i = RR_INI[ini] ?? '';
      if (ini === I.r && prev === 'l') i = 'l';
    } else {
      i = table[ini] ?? '';
      if (prev !== null && VOICED_FINALS.has(prev) && voiced[ini] !== undefined) i = voiced[ini] ?? i;
      if (ini === I.r && prev === 'l') i = 'l';
      if (system === 'mr' && ini === I.r && prev !== null && prev !== '' && prev !== 'l') i = 'n';
    }
    let v = vows[vow] ?? '';
    if (!breves && !rr) v = v.replace('ŏ', 'o').replace('ŭ', 'u');
    // ㄴ+ㄹ is pronounced [ll] (신라 Silla, 한라 Halla): all three systems write it so.
    if (ini === I.r && prev === 'n') {
      out = out.slice(0, -1) + 'l';
      i = 'l';
    }
    out += i + v + (FIN[fin] ?? '');
    prevFin = fin;
  }
  return out;
}

const capitalize = (w: string): string => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

/**
 * Romanise Hangul text word by word (spaces kept, other characters passed
 * through). 'rr' is the Revised Romanization, 'mr' McCune-Reischauer (with
 * breves unless `breves: false`), 'dprk' the North Korean official system
 * as printed in practice (no breves unless asked).
 * Example: romanize('룡정', 'dprk') === 'Ryongjong'; romanize('이미령', 'rr') === 'Imiryeong';
 * romanize('이미령', 'mr') === 'Imiryŏng'.
 */
export function romanize(hangul: string, system: System, opts: { breves?: boolean } = {}): string {
  const breves = opts.breves ?? system === 'mr';
  const cache = romanCaches[(system === 'rr' ? 0 : system === 'mr' ? 2 : 4) + (breves ? 1 : 0)]!;
  let r = cache.get(hangul);
  if (r === undefined) {
    r = hangul.includes(' ') || /\s/.test(hangul)
      ? hangul
          .split(/(\s+)/)
          .map((w) => (/\s/.test(w) ? w : capitalize(romanizeWord(w, system, breves))))
          .join('')
      : capitalize(romanizeWord(hangul, system, breves));
    cache.set(hangul, r);
  }
  return r;
}

/** romanize() of one word (no white space) without the memo table: for text seen once (a new given name). */
export function romanizeWordOnce(word: string, system: System, breves = system === 'mr'): string {
  return capitalize(romanizeWord(word, system, breves));
}

// Surnames and common given names recur: romanise each spelling once.
// One cache per system and breves setting, keyed by the Hangul text itself (no key concatenation).
const romanCaches = Array.from({ length: 6 }, () => new Memo<string>(4096));
