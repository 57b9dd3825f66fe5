// Display variants of a name in every script space, and blocking keys.
import { analyze, SPACE_K, SPACE_M, type Analysis, type Slot } from './analyze.ts';
import { romanize, dueum, undueum } from './hangul.ts';
import { transcribeSyllable } from './mandarin.ts';
import { PASSPORT } from './surnames.ts';
import { kCoarse, mCoarse } from './codes.ts';

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
    const t = text;
    if (!t || this.out.length >= MAX_VARIANTS) return;
    const key = space + '\u0000' + t;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push({ text: t, space, path });
  }
}

// Romanised forms of a Hangul surname, and of a given name, in each system. Surnames and given
// names recur across names (and across the readings of one name): computed once each.
interface SurForms { rr: string; mr: string; mrPlain: string; dprk: string }
interface GivForms { rr: string; hyphenRR: string; mr: string; mrPlain: string; dprk: string }
const surForms = new Map<string, SurForms>();
const givForms = new Map<string, GivForms>();

function surFormsOf(sur: string): SurForms {
  let f = surForms.get(sur);
  if (!f) {
    f = sur
      ? { rr: romanize(sur, 'rr'), mr: romanize(sur, 'mr'), mrPlain: romanize(sur, 'mr', { breves: false }), dprk: romanize(sur, 'dprk') }
      : { rr: '', mr: '', mrPlain: '', dprk: '' };
    if (surForms.size >= 20000) surForms.clear();
    surForms.set(sur, f);
  }
  return f;
}

function givFormsOf(giv: string): GivForms {
  let f = givForms.get(giv);
  if (!f) {
    const givRR = giv ? romanize(giv, 'rr') : '';
    // Given names: RR hyphenates syllables optionally; DPRK writes each syllable as a word.
    const givSyl = [...giv];
    const hyphenRR = givSyl.length > 1 ? cap(givSyl.map((s) => romanize(s, 'rr').toLowerCase()).join('-')) : givRR;
    const mrGiv = givSyl.length > 1 ? cap(givSyl.map((s, i) => romanize(i === 0 ? s : givSyl[i - 1]! + s, 'mr').toLowerCase().slice(i === 0 ? 0 : romanize(givSyl[i - 1]!, 'mr').length)).join('-')) : romanize(giv, 'mr');
    f = { rr: givRR, hyphenRR, mr: mrGiv, mrPlain: mrGiv.replace(/ŏ/g, 'o').replace(/ŭ/g, 'u'), dprk: givSyl.map((s) => romanize(s, 'dprk')).join(' ') };
    if (givForms.size >= 20000) givForms.clear();
    givForms.set(giv, f);
  }
  return f;
}

const join = (a: string, b: string): string => (a && b ? a + ' ' + b : a || b);

// Romanisations of a Hangul surname + given name pair.
function romanise(c: Collector, sur: string, giv: string, from: string[], brief = false): void {
  const S = surFormsOf(sur);
  const G = givFormsOf(giv);
  if (brief) {
    c.add(join(S.rr, G.hyphenRR), 'latin-rr', [...from, 'Revised Romanization, hyphenated']);
    c.add(join(S.dprk, G.dprk), 'latin-dprk', [...from, 'DPRK romanisation']);
    return;
  }
  c.add(join(S.rr, G.rr), 'latin-rr', [...from, 'Revised Romanization']);
  c.add(join(S.rr, G.hyphenRR), 'latin-rr', [...from, 'Revised Romanization, hyphenated']);
  c.add(join(S.mr, G.mr), 'latin-mr', [...from, 'McCune-Reischauer']);
  c.add(join(S.mrPlain, G.mrPlain), 'latin-mr', [...from, 'McCune-Reischauer without breves']);
  c.add(join(S.dprk, G.dprk), 'latin-dprk', [...from, 'DPRK romanisation']);
  for (const p of (sur ? PASSPORT[sur] ?? [] : []).slice(0, 4)) c.add(join(p, G.hyphenRR), 'latin-passport', [...from, `${p} [passport surname spelling]`]);
}

type St = Analysis['structures'][number];
const first = (slots: readonly { texts: string[] }[]): string => slots.map((sl) => sl.texts[0] ?? '').join('');
const hangulPinyin = (m: St): string => [...m.sur, ...m.giv].map((sl) => cap(sl.texts[0] ?? '')).join(' ');
const southOf = (w: string): string => (w ? dueum(w[0]!) + w.slice(1) : w);

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
  const from = [a.norm];
  c.add(a.norm, 'input', from);
  const k = a.structures.find((s) => s.space === SPACE_K && !s.viaPinyin);
  const m = a.structures.find((s) => s.space === SPACE_M);
  const script = a.script;
  if (k && (script === 'hanzi-simplified' || script === 'hanzi-traditional')) {
    const sN = first(k.sur);
    const gN = first(k.giv);
    const sS = southOf(sN);
    const gS = southOf(gN);
    const north = sN + gN;
    const south = sS + gS;
    const pn = [...from, `${north} [Sino-Korean, North Korean/Yanbian spelling]`];
    const ps = [...from, `${south} [Sino-Korean, South Korean spelling]`];
    c.add(north, 'hangul', pn);
    c.add(south, 'hangul', ps);
    if (m) {
      const py = [m.sur.map((sl) => sl.texts[0] ?? '').join(''), m.giv.map((sl) => sl.texts[0] ?? '').join('')].filter(Boolean);
      const pyText = py.map(cap).join(' ');
      c.add(pyText, 'pinyin', [...from, 'pinyin (Mandarin)']);
      c.add([m.sur, m.giv].map((part) => part.map((sl) => transcribeSyllable(sl.texts[0] ?? '')).join('')).filter(Boolean).join(' '), 'hangul-mandarin', [...from, pyText, 'South Korean transcription of Mandarin']);
    }
    romanise(c, sN, gN, pn);
    romanise(c, sS, gS, ps);
    // Other readings of single characters (金 금, 樂 락/악), one character at a time.
    const all = [...k.sur, ...k.giv];
    all.forEach((slot, i) => {
      slot.texts.slice(1, 3).forEach((alt) => {
        const h = all.map((sl, j) => (j === i ? alt : sl.texts[0] ?? '')).join('');
        c.add(h, 'hangul', [...from, `${h} [other Sino-Korean reading of ${slot.src}]`]);
      });
    });
    if (m) {
      const allM = [...m.sur, ...m.giv];
      allM.forEach((slot, i) => {
        slot.texts.slice(1, 2).forEach((alt) => {
          const p = allM.map((sl, j) => (j === i ? alt : sl.texts[0] ?? '')).join('');
          c.add(p, 'pinyin', [...from, `pinyin, other reading of ${slot.src}`]);
        });
      });
    }
  } else if (k && script === 'hangul') {
    const s0 = first(k.sur);
    const g0 = first(k.giv);
    romanise(c, s0, g0, from);
    if (m) c.add(hangulPinyin(m), 'pinyin', [...from, 'read as a transcription of Mandarin']);
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
    // Spelling toggles get the two romanisations that matter for them: South (RR) and North (DPRK).
    for (const [s, g, path] of other) romanise(c, s, g, path, true);
  } else {
    if (k) {
      const fs = first(k.sur);
      const fg = first(k.giv);
      const h = fs + fg;
      const p = [...from, `${h} [read as romanised Korean]`];
      c.add(h, 'hangul', p);
      const dS = southOf(fs);
      if (dS !== fs) c.add(dS + fg, 'hangul', [...from, `${dS + fg} [South Korean initial-sound rule]`]);
      romanise(c, fs, fg, p);
    }
    if (m) {
      const pt = [...m.sur, ...m.giv].map((s) => s.texts[0] ?? '').join(' ');
      c.add([...m.sur, ...m.giv].map((s) => transcribeSyllable(s.texts[0] ?? '')).join(''), 'hangul-mandarin', [...from, `${pt} [read as pinyin]`, 'South Korean transcription of Mandarin']);
      const via = a.structures.find((s) => s.viaPinyin);
      if (via) {
        const h = first(via.sur) + first(via.giv);
        c.add(h, 'hangul', [...from, `${pt} [read as pinyin]`, `${h} [likely Sino-Korean reading]`]);
      }
    }
  }
  for (const key of keysOf(a)) c.add(key, 'latin-key', [a.norm, 'phonetic blocking key']);
  return c.out;
}

// ---- blocking keys ------------------------------------------------------

const NO_SLOT = ['_'];

// A slot is always in one key space (m or not), and slots are shared between names: memoised on the slot.
function slotKeys(slot: Slot | undefined, m: boolean): string[] {
  if (!slot) return NO_SLOT;
  return (slot.keys ??= slotKeysOf(slot, m));
}

function slotKeysOf(slot: Slot, m: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < slot.alts.length; i++) {
    const x = slot.alts[i] ?? 0;
    if ((x & 7) > 3) continue; // weight below 0.85: not worth a key
    const k = m ? mCoarse(x >> 3) : kCoarse(x >> 3);
    if (!out.includes(k)) out.push(k);
  }
  return out.length ? out : ['_'];
}

function structureKeys(s: St): string[] {
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

const keyCache = new WeakMap<Analysis, string[]>();

function keysOf(a: Analysis): string[] {
  const hit = keyCache.get(a);
  if (hit) return hit;
  const out = computeKeys(a);
  keyCache.set(a, out);
  return out;
}

function computeKeys(a: Analysis): string[] {
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
  return [...keysOf(a)];
}
