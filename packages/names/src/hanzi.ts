// Readings of Chinese characters: Sino-Korean (Unihan kHangul, via the
// generated table) and Mandarin (pinyin-pro).
import { pinyin } from 'pinyin-pro';
import { tables } from './data.ts';
import { dueum, isSyllable } from './hangul.ts';
import { charClass } from './script.ts';
import { Memo } from './memo.ts';

export const isHan = (ch: string): boolean => charClass(ch.codePointAt(0) ?? 0) === 'C';

/** Sino-Korean readings of one character (North Korean form, no initial-sound rule), most likely first. */
export function charKorean(ch: string): string[] {
  return tables().readings.get(ch) ?? [];
}

const pinyinCache = new Memo<string[]>(50000);
const clean = (p: string): string => p.toLowerCase().replace(/v/g, 'ü');

/** Toneless Mandarin readings of one character, most common first (ü kept). */
export function charPinyin(ch: string): string[] {
  let r = pinyinCache.get(ch);
  if (r) return r;
  r = isHan(ch) ? [...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map(clean))].filter((p) => /^[a-zü]+$/.test(p)) : [];
  pinyinCache.set(ch, r);
  return r;
}

const surnameCache = new Memo<string[]>(4096);

/** Mandarin reading of a surname (单 shan, 曾 zeng, 区 ou, 朴 piao), one syllable per character. */
export function surnamePinyin(s: string): string[] {
  let r = surnameCache.get(s);
  if (r) return r;
  r = pinyin(s, { toneType: 'none', type: 'array', surname: 'all' }).map(clean);
  surnameCache.set(s, r);
  return r;
}

/**
 * Sino-Korean Hangul readings of a string of Chinese characters: the North
 * Korean / Yanbian form (no initial-sound rule) and the South Korean form
 * (initial-sound rule on the first syllable of each word), then the
 * characters' other readings; at most 16, most likely first. Characters
 * without a reading are skipped; Hangul passes through.
 * Example: koreanReadings('龙井') -> ['룡정', '용정']; koreanReadings('李美玲') starts ['리미령', '이미령'];
 * koreanReadings('金') -> ['김', '금'].
 */
export function koreanReadings(hanzi: string): string[] {
  const words = hanzi.split(/\s+/).filter(Boolean);
  // Per word, per character: candidate readings.
  const wordSlots: string[][][] = words.map((w) =>
    [...w].map((ch) => (isSyllable(ch) ? [ch] : charKorean(ch))).filter((r) => r.length > 0),
  );
  if (wordSlots.every((w) => w.length === 0)) return [];
  // Enumerate combinations by total rank (sum of reading indices), bounded.
  const flat = wordSlots.flat();
  const maxRank = flat.reduce((a, s) => a + s.length - 1, 0);
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (s: string) => {
    if (!seen.has(s) && out.length < 16) {
      seen.add(s);
      out.push(s);
    }
  };
  for (let rank = 0; rank <= maxRank && out.length < 16; rank++) {
    const picks: number[][] = [];
    const walk = (i: number, left: number, acc: number[]) => {
      if (picks.length > 64) return;
      if (i === flat.length) {
        if (left === 0) picks.push([...acc]);
        return;
      }
      const n = flat[i]!.length;
      for (let k = 0; k < n && k <= left; k++) {
        acc.push(k);
        walk(i + 1, left - k, acc);
        acc.pop();
      }
    };
    walk(0, rank, []);
    for (const pick of picks) {
      let idx = 0;
      const north = wordSlots.map((w) => w.map(() => flat[idx]![pick[idx++]!]!).join(''));
      push(north.join(' '));
      push(north.map((w) => (w ? dueum(w[0]!) + w.slice(1) : w)).join(' '));
    }
  }
  return out;
}

/**
 * Toneless pinyin of a string of Chinese characters, without spaces (ü
 * kept): pinyin-pro's reading in context first, then readings with other
 * pronunciations of polyphonic characters; at most 8. With `surname`, the
 * first character (or compound surname) takes its surname reading.
 * Example: pinyinReadings('龙井') -> ['longjing']; pinyinReadings('单文', { surname: true })[0] === 'shanwen';
 * pinyinReadings('朴成哲', { surname: true })[0] === 'piaochengzhe'.
 */
export function pinyinReadings(hanzi: string, opts: { surname?: boolean } = {}): string[] {
  const key = `${opts.surname ? 's' : 'g'}${hanzi}`;
  let r = readingsCache.get(key);
  if (!r) {
    r = pinyinReadingsUncached(hanzi, opts);
    readingsCache.set(key, r);
  }
  // A copy: the table's array must not change under a caller that sorts or extends its answer.
  return [...r];
}

// Reading a whole name through the pinyin package (word segmentation, tone sandhi) costs
// tens of microseconds; matching asks for the same names again and again (see prepare in score.ts).
const readingsCache = new Memo<string[]>(20000);

function pinyinReadingsUncached(hanzi: string, opts: { surname?: boolean }): string[] {
  const chars = [...hanzi].filter(isHan);
  if (chars.length === 0) return [];
  const text = chars.join('');
  const ctx = pinyin(text, { toneType: 'none', type: 'array', surname: opts.surname ? 'head' : 'off' }).map(clean);
  const out = [ctx.join('')];
  // Alternatives: one character at a time takes another reading.
  for (let i = 0; i < chars.length && out.length < 8; i++) {
    for (const alt of charPinyin(chars[i]!)) {
      if (alt === ctx[i]) continue;
      const v = [...ctx.slice(0, i), alt, ...ctx.slice(i + 1)].join('');
      if (!out.includes(v) && out.length < 8) out.push(v);
    }
  }
  return out;
}
