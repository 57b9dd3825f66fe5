// Display variants of a name in every script space, and blocking keys.
import { analyze, SPACE_K, SPACE_M, type Analysis, type Structure } from './analyze.ts';
import { romanize, dueum, undueum, isSyllable } from './hangul.ts';
import { koreanReadings, pinyinReadings, isHan } from './hanzi.ts';
import { mandarinToHangul } from './mandarin.ts';
import { kIni, kVow } from './codes.ts';
import { splitPinyin } from './mandarin.ts';
import { PASSPORT } from './surnames.ts';
import { mSyllable } from './codes.ts';

export interface Variant {
  text: string;
  space: string;
  path: string[];
}

export const MAX_VARIANTS = 64;

const cap = (w: string): string => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

class Collector {
  out: Variant[] = [];
  private seen = new Set<string>();
  add(text: string, space: string, path: string[]): void {
    const t = text.trim();
    if (!t || this.out.length >= MAX_VARIANTS) return;
    const key = space + '\u0000' + t;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push({ text: t, space, path });
  }
}

// Romanisations of a Hangul surname + given name pair.
function romanise(c: Collector, sur: string, giv: string, from: string[]): void {
  const surLatin = (sys: 'rr' | 'mr' | 'dprk', breves?: boolean) => (sur ? romanize(sur, sys, { breves }) : '');
  const givRR = giv ? romanize(giv, 'rr') : '';
  const join = (a: string, b: string) => [a, b].filter(Boolean).join(' ');
  // Given names: RR hyphenates syllables optionally; DPRK writes each syllable as a word.
  const givSyl = [...giv];
  const hyphenRR = givSyl.length > 1 ? cap(givSyl.map((s) => romanize(s, 'rr').toLowerCase()).join('-')) : givRR;
  c.add(join(surLatin('rr'), givRR), 'latin-rr', [...from, 'Revised Romanization']);
  c.add(join(surLatin('rr'), hyphenRR), 'latin-rr', [...from, 'Revised Romanization, hyphenated']);
  const mrGiv = givSyl.length > 1 ? cap(givSyl.map((s, i) => romanize(i === 0 ? s : givSyl[i - 1]! + s, 'mr').toLowerCase().slice(i === 0 ? 0 : romanize(givSyl[i - 1]!, 'mr').length)).join('-')) : romanize(giv, 'mr');
  c.add(join(surLatin('mr'), mrGiv), 'latin-mr', [...from, 'McCune-Reischauer']);
  c.add(join(surLatin('mr', false), mrGiv.replace(/ŏ/g, 'o').replace(/ŭ/g, 'u')), 'latin-mr', [...from, 'McCune-Reischauer without breves']);
  c.add(join(surLatin('dprk'), givSyl.map((s) => romanize(s, 'dprk')).join(' ')), 'latin-dprk', [...from, 'DPRK romanisation']);
  for (const p of (sur ? PASSPORT[sur] ?? [] : []).slice(0, 4)) c.add(join(p, hyphenRR), 'latin-passport', [...from, `${p} [passport surname spelling]`]);
}

const hangulPinyin = (m: Structure): string => [...m.sur, ...m.giv].map((sl) => cap(sl.texts[0] ?? '')).join(' ');

function fromStructure(a: Analysis): { kSur: string; kGiv: string } | null {
  const k = a.structures.find((s) => s.space === SPACE_K && !s.viaPinyin);
  if (!k) return null;
  return { kSur: k.sur.map((s) => s.texts[0] ?? '').join(''), kGiv: k.giv.map((s) => s.texts[0] ?? '').join('') };
}

/**
 * Every plausible form of a name in each script space, at most 64,
 * deterministic, each with the path that produced it. Spaces: 'input',
 * 'hangul' (Sino-Korean readings, North and South spelling), 'pinyin',
 * 'hangul-mandarin' (South Korean transcription of Mandarin), 'latin-rr',
 * 'latin-mr', 'latin-dprk', 'latin-passport', and 'latin-key' (the phonetic
 * keys used for blocking).
 * Example: variants('李美玲') includes { text: '리미령', space: 'hangul', ... } and
 * { text: 'Ri Mi Ryong', space: 'latin-dprk', path: ['李美玲', '리미령 [Sino-Korean, North Korean/Yanbian spelling]', 'DPRK romanisation'] }.
 */
export function variants(name: string): Variant[] {
  const c = new Collector();
  const a = analyze(typeof name === 'string' ? name : String(name));
  if (!a.norm) return [];
  c.add(a.norm, 'input', [a.norm]);
  const sur = a.surname ?? '';
  const giv = a.given ?? '';
  const chars = [...a.norm.replace(/ /g, '')];
  if (chars.length > 0 && chars.every(isHan)) {
    const surC = [...sur.replace(/ /g, '')].filter(isHan).join('');
    const givC = [...giv.replace(/ /g, '')].filter(isHan).join('');
    const surK = surC ? koreanReadings(surC) : [''];
    const givK = givC ? koreanReadings(givC) : [''];
    // North/Yanbian: no initial-sound rule. South: the rule on the surname and the given name's first syllable.
    const north = (surK[0] ?? '') + (givK[0] ?? '');
    const south = (surK[0] ? dueum(surK[0][0]!) + surK[0].slice(1) : '') + (givK[0] ? dueum(givK[0][0]!) + givK[0].slice(1) : '');
    const from = [a.norm];
    c.add(north, 'hangul', [...from, `${north} [Sino-Korean, North Korean/Yanbian spelling]`]);
    c.add(south, 'hangul', [...from, `${south} [Sino-Korean, South Korean spelling]`]);
    const sN = surK[0] ?? '';
    const gN = givK[0] ?? '';
    const sS = sN ? dueum(sN[0]!) + sN.slice(1) : '';
    const gS = gN ? dueum(gN[0]!) + gN.slice(1) : '';
    romanise(c, sN, gN, [...from, `${north} [Sino-Korean, North Korean/Yanbian spelling]`]);
    romanise(c, sS, gS, [...from, `${south} [Sino-Korean, South Korean spelling]`]);
    const py = (surC ? pinyinReadings(surC, { surname: true })[0] ?? '' : '') + (givC ? ' ' + (pinyinReadings(givC)[0] ?? '') : '');
    const pyText = py.trim().split(' ').map(cap).join(' ');
    c.add(pyText, 'pinyin', [...from, 'pinyin (Mandarin)']);
    c.add(mandarinToHangul(py.trim()), 'hangul-mandarin', [...from, pyText, 'South Korean transcription of Mandarin']);
    for (const s of surK.slice(1, 3)) for (const g of givK.slice(0, 2)) c.add(s + g, 'hangul', [...from, `${s + g} [other Sino-Korean reading]`]);
    for (const g of givK.slice(1, 4)) c.add(sN + g, 'hangul', [...from, `${sN + g} [other Sino-Korean reading]`]);
    for (const p of pinyinReadings(a.norm.replace(/ /g, ''), { surname: true }).slice(1, 4)) c.add(p, 'pinyin', [...from, 'pinyin, other reading of a polyphonic character']);
  } else if (chars.length > 0 && chars.every(isSyllable)) {
    const s0 = sur.replace(/ /g, '');
    const g0 = giv.replace(/ /g, '');
    const from = [a.norm];
    romanise(c, s0, g0, from);
    const m0 = a.structures.find((st) => st.space === SPACE_M);
    if (m0) c.add(hangulPinyin(m0), 'pinyin', [...from, 'read as a transcription of Mandarin']);
    // The initial-sound rule both ways on the surname and the given name's first syllable.
    const toggles = (w: string): string[] => (w ? [w, dueum(w[0]!) + w.slice(1), ...undueum(w[0]!).map((x) => x + w.slice(1))] : ['']);
    const other: [string, string, string[]][] = [];
    for (const s of toggles(s0)) {
      for (const g of toggles(g0)) {
        if (s + g === s0 + g0) continue;
        const why = s !== s0 ? (dueum(s0[0] ?? '') === s[0] ? 'South Korean initial-sound rule' : 'North Korean spelling, no initial-sound rule') : 'initial-sound rule on the given name';
        const path = [...from, `${s}${g} [${why}]`];
        c.add(s + g, 'hangul', path);
        other.push([s, g, path]);
      }
    }
    for (const [s, g, path] of other) romanise(c, s, g, path);
  } else {
    const k = fromStructure(a);
    const from = [a.norm];
    if (k) {
      const h = k.kSur + k.kGiv;
      c.add(h, 'hangul', [...from, `${h} [read as romanised Korean]`]);
      romanise(c, k.kSur, k.kGiv, [...from, `${h} [read as romanised Korean]`]);
      const dS = k.kSur ? dueum(k.kSur[0]!) + k.kSur.slice(1) : '';
      if (dS !== k.kSur) c.add(dS + k.kGiv, 'hangul', [...from, `${dS + k.kGiv} [South Korean initial-sound rule]`]);
    }
    const m = a.structures.find((s) => s.space === SPACE_M);
    if (m) {
      const p = [...m.sur, ...m.giv].map((s) => s.texts[0] ?? '');
      const pt = p.join(' ');
      c.add(mandarinToHangul(pt), 'hangul-mandarin', [...from, `${pt} [read as pinyin]`, 'South Korean transcription of Mandarin']);
      const via = a.structures.find((s) => s.viaPinyin);
      if (via) {
        const h = [...via.sur, ...via.giv].map((s) => s.texts[0] ?? '').join('');
        c.add(h, 'hangul', [...from, `${pt} [read as pinyin]`, `${h} [likely Sino-Korean reading]`]);
      }
    }
  }
  for (const key of keysOf(a)) c.add(key, 'latin-key', [a.norm, 'phonetic blocking key']);
  return c.out;
}

// ---- blocking keys ------------------------------------------------------

// Coarse classes: initial with ∅/ㄴ/ㄹ merged (initial-sound rule, r/l/n), vowels in four groups.
const K_INI = ['a', 'k', 'a', 't', 'a', 'm', 'p', 's', 'c', 'h'];
const K_VOW = 'AAAAO-OAOAA-OUOAUUUII';
// Pinyin initials and main vowels, merged the same way as the Hangul transcription merges them.
const M_INI: Record<string, string> = { '': 'a', b: 'p', p: 'p', m: 'm', f: 'h', d: 't', t: 't', n: 'l', l: 'l', g: 'k', k: 'k', h: 'h', j: 'c', q: 'c', x: 's', zh: 'c', ch: 'c', sh: 's', r: 'l', z: 'c', c: 'c', s: 's' };

const kCoarse = (code: number): string => (K_INI[kIni(code)] ?? '?') + (K_VOW[kVow(code)] ?? '?');
function mCoarse(code: number): string {
  const [ini, fin] = splitPinyin(mSyllable(code));
  const core = fin.replace(/^[iuü](?=[aeiouü])/, '');
  return (M_INI[ini] ?? '?') + (core[0] ?? '?').toUpperCase();
}

function slotKeys(slot: { alts: Int32Array } | undefined, m: boolean): string[] {
  if (!slot) return ['_'];
  const out: string[] = [];
  for (let i = 0; i < slot.alts.length; i++) {
    const x = slot.alts[i] ?? 0;
    if ((x & 7) > 3) continue; // weight below 0.85: not worth a key
    const k = m ? mCoarse(x >> 3) : kCoarse(x >> 3);
    if (!out.includes(k)) out.push(k);
  }
  return out.length ? out : ['_'];
}

function structureKeys(s: Structure): string[] {
  const m = s.space === SPACE_M;
  const p = m ? 'm' : 'k';
  const out: string[] = [];
  const slots = s.giv.length ? s.giv : s.sur;
  // Given name: first two syllables. The whole name's first two syllables (surname + given, or a
  // place name however it was split) as a second chance.
  for (const a of slotKeys(slots[0], m)) for (const b of slotKeys(slots[1], m)) out.push(`${p}:${a}${b}`);
  const whole = s.sur.length ? [...s.sur, ...s.giv] : s.giv;
  for (const a of slotKeys(whole[0], m)) for (const b of slotKeys(whole[1], m)) out.push(`${p}w:${a}${b}`);
  return out;
}

export const MAX_KEYS = 24;

function keysOf(a: Analysis): string[] {
  const seen = new Set<string>();
  const lists = a.structures.map((s) => (s.raw !== undefined ? [`r:${s.raw.slice(0, 4)}`] : structureKeys(s)));
  // Round-robin over structures so every reading contributes its most likely keys first.
  for (let i = 0; seen.size < MAX_KEYS && lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const k = l[i];
      if (k !== undefined && seen.size < MAX_KEYS) seen.add(k);
    }
  }
  return [...seen];
}

/**
 * A handful (at most 24) of short keys for candidate retrieval: coarse
 * phonetic classes of the first given-name syllables (and of surname + first
 * given syllable) in the Korean and Mandarin key spaces, so that one name in
 * Hangul, Chinese characters, pinyin or any romanisation shares at least one key.
 * Example: blockingKeys('李美玲') and blockingKeys('Ri Mi Ryong') both contain 'k:mIaO'.
 */
export function blockingKeys(name: string): string[] {
  const a = analyze(typeof name === 'string' ? name : String(name));
  return keysOf(a);
}
