// Display variants of a name in every script space, and blocking keys.
import { analyze, SPACE_K, SPACE_M, type Analysis, type Slot } from './analyze.ts';
import { romanize, romanizeWordOnce, dueum, undueum, S_BASE, S_COUNT } from './hangul.ts';
import { transcribeSyllable } from './mandarin.ts';
import { PASSPORT } from './surnames.ts';
import { coarseName, slotKeyIds, NO_KEY } from './codes.ts';
import { Memo, memoEnabled, onMemoReset } from './memo.ts';

export interface Variant {
  text: string;
  space: string;
  path: string[];
}

export const MAX_VARIANTS = 64;

const cap = (w: string): string => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

// Variants are collected in order, without duplicates (same space and text). A path is built only
// for a form that is kept: duplicates are common (North and South spellings agree on most names),
// and a path is an array per form. At most 64 forms, so a linear scan beats hashing fresh strings.
class Collector {
  out: Variant[] = [];
  add(text: string, space: string, prefix: readonly string[], step?: string, step2?: string): void {
    if (!text) return;
    const out = this.out;
    const n = out.length;
    if (n >= MAX_VARIANTS) return;
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (v.space === space && v.text === text) return;
    }
    out.push({ text, space, path: pathOf(prefix, step, step2) });
  }
}

// Array literals of the final length: copying the prefix and pushing would grow the copy.
function pathOf(prefix: readonly string[], step: string | undefined, step2: string | undefined): string[] {
  if (prefix.length === 1) {
    const a = prefix[0]!;
    return step === undefined ? [a] : step2 === undefined ? [a, step] : [a, step, step2];
  }
  if (prefix.length === 2) {
    const a = prefix[0]!;
    const b = prefix[1]!;
    return step === undefined ? [a, b] : step2 === undefined ? [a, b, step] : [a, b, step, step2];
  }
  const path = prefix.slice();
  if (step !== undefined) path.push(step);
  if (step2 !== undefined) path.push(step2);
  return path;
}

// Romanised forms of a Hangul surname, and of a given name, in each system. Surnames and given
// names recur across names (and across the readings of one name): computed once each.
interface SurForms { rr: string; mr: string; mrPlain: string; dprk: string; passport: readonly string[] }
interface GivForms { rr: string; hyphenRR: string; mr: string; mrPlain: string; dprk: string }
const surForms = new Memo<SurForms>(4096);
const NO_PASSPORT: readonly string[] = [];

// One-syllable surnames (nearly all) by syllable number.
let surFormsBySyllable: (SurForms | undefined)[] = [];
onMemoReset(() => {
  surFormsBySyllable = [];
});

function surFormsOf(sur: string): SurForms {
  const c = sur.length === 1 ? sur.charCodeAt(0) - S_BASE : -1;
  if (c >= 0 && c < S_COUNT && memoEnabled()) {
    if (surFormsBySyllable.length === 0) surFormsBySyllable = new Array<SurForms | undefined>(S_COUNT).fill(undefined);
    return (surFormsBySyllable[c] ??= surFormsUncached(sur));
  }
  let f = surForms.get(sur);
  if (!f) {
    f = surFormsUncached(sur);
    surForms.set(sur, f);
  }
  return f;
}

function surFormsUncached(sur: string): SurForms {
  if (!sur) return { rr: '', mr: '', mrPlain: '', dprk: '', passport: NO_PASSPORT };
  return {
    rr: romanize(sur, 'rr'),
    mr: romanize(sur, 'mr'),
    mrPlain: romanize(sur, 'mr', { breves: false }),
    dprk: romanize(sur, 'dprk'),
    passport: (PASSPORT[sur] ?? NO_PASSPORT).slice(0, 4),
  };
}

// Per syllable, in the context of the syllable before it (romanisation depends on the previous final):
// the lower-case RR, MR and DPRK spellings. Given names are new in almost every name, their syllables are not.
interface SylForms { rr: string; mr: string; dprk: string }
const sylForms = new Memo<SylForms>(20000);
// Keyed by the pair of syllable numbers (a small integer: no string to build or hash), falling back
// to the text for anything that is not a precomposed syllable.
let sylFormsByCode = new Map<number, SylForms>();
onMemoReset(() => {
  sylFormsByCode = new Map();
});
function sylFormsOf(prev: string, syl: string): SylForms {
  const p = prev ? prev.charCodeAt(0) - S_BASE : -1;
  const c = syl.charCodeAt(0) - S_BASE;
  const numeric = syl.length === 1 && c >= 0 && c < S_COUNT && (prev === '' || (prev.length === 1 && p >= 0 && p < S_COUNT));
  const code = (p + 1) * S_COUNT + c;
  let f = numeric ? sylFormsByCode.get(code) : sylForms.get(prev + syl);
  if (!f) {
    const key = prev + syl;
    const mrPrev = prev ? romanize(prev, 'mr').length : 0;
    f = {
      rr: romanize(syl, 'rr').toLowerCase(),
      mr: romanize(key, 'mr').toLowerCase().slice(mrPrev),
      dprk: romanize(syl, 'dprk'),
    };
    if (!numeric) sylForms.set(key, f);
    else if (memoEnabled()) {
      // Pairs of syllables are bounded only by 11,172 squared: start afresh rather than grow without end.
      if (sylFormsByCode.size >= 50_000) sylFormsByCode = new Map();
      sylFormsByCode.set(code, f);
    }
  }
  return f;
}

const sylAt = (giv: string, syls: string[] | null, i: number): string => (syls ? syls[i]! : giv[i]!);

// Not memoised: a given name is new in most names; its syllables' forms are (sylFormsOf), and the
// caller computes each given name's forms once per name.
function givFormsOf(giv: string): GivForms {
  const givRR = !giv ? '' : /\s/.test(giv) ? romanize(giv, 'rr') : romanizeWordOnce(giv, 'rr');
  // Given names: RR hyphenates syllables optionally; DPRK writes each syllable as a word.
  // Syllables are one UTF-16 unit each (anything else goes through the array of characters).
  const givSyl = /[\ud800-\udfff]/.test(giv) ? [...giv] : null;
  const n = givSyl ? givSyl.length : giv.length;
  let hyphenRR = givRR;
  let mrGiv = n > 1 ? '' : romanize(giv, 'mr');
  let dprk = '';
  for (let i = 0; i < n; i++) {
    const y = sylFormsOf(i === 0 ? '' : sylAt(giv, givSyl, i - 1), sylAt(giv, givSyl, i));
    dprk = i === 0 ? y.dprk : dprk + ' ' + y.dprk;
    if (n > 1) {
      hyphenRR = i === 0 ? y.rr : hyphenRR + '-' + y.rr;
      mrGiv = i === 0 ? y.mr : mrGiv + '-' + y.mr;
    }
  }
  if (n > 1) {
    hyphenRR = cap(hyphenRR);
    mrGiv = cap(mrGiv);
  }
  const mrPlain = mrGiv.includes('ŏ') || mrGiv.includes('ŭ') ? mrGiv.replace(/ŏ/g, 'o').replace(/ŭ/g, 'u') : mrGiv;
  return { rr: givRR, hyphenRR, mr: mrGiv, mrPlain, dprk };
}

const join = (a: string, b: string): string => (a && b ? a + ' ' + b : a || b);

// Romanisations of a Hangul surname + given name pair.
function romanise(c: Collector, sur: string, G: GivForms, from: readonly string[], brief = false): void {
  const S = surFormsOf(sur);
  if (brief) {
    c.add(join(S.rr, G.hyphenRR), 'latin-rr', from, 'Revised Romanization, hyphenated');
    c.add(join(S.dprk, G.dprk), 'latin-dprk', from, 'DPRK romanisation');
    return;
  }
  c.add(join(S.rr, G.rr), 'latin-rr', from, 'Revised Romanization');
  c.add(join(S.rr, G.hyphenRR), 'latin-rr', from, 'Revised Romanization, hyphenated');
  c.add(join(S.mr, G.mr), 'latin-mr', from, 'McCune-Reischauer');
  c.add(join(S.mrPlain, G.mrPlain), 'latin-mr', from, 'McCune-Reischauer without breves');
  c.add(join(S.dprk, G.dprk), 'latin-dprk', from, 'DPRK romanisation');
  for (const p of S.passport) c.add(join(p, G.hyphenRR), 'latin-passport', from, `${p} [passport surname spelling]`);
}

type St = Analysis['structures'][number];
/** The first (most likely) reading of each slot, concatenated; `sep` between slots. */
function first(a: readonly Slot[], b: readonly Slot[] = NO_SLOTS, sep = ''): string {
  let out = '';
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.texts[0] ?? '';
    out = i === 0 ? t : out + sep + t;
  }
  for (let i = 0; i < b.length; i++) {
    const t = b[i]!.texts[0] ?? '';
    out = i === 0 && a.length === 0 ? t : out + sep + t;
  }
  return out;
}
const NO_SLOTS: readonly Slot[] = [];
const southOf = (w: string): string => (w ? dueum(w[0]!) + w.slice(1) : w);
/** The word with the initial-sound rule applied, and the North Korean forms it may stand for. */
function toggles(w: string): string[] {
  if (!w) return [''];
  const out = [w, dueum(w[0]!) + w.slice(1)];
  for (const x of undueum(w[0]!)) out.push(x + w.slice(1));
  return out;
}
// The South Korean transcription of a Mandarin slot's first reading, by its syllable code (the
// code determines the syllable: pinyin v and ü share one).
let transByCode: string[] = [];
onMemoReset(() => {
  transByCode = [];
});
function transcribedSlot(sl: Slot): string {
  const code = (sl.alts[0] ?? -8) >> 3;
  if (code < 0 || code >= 4096 || !memoEnabled()) return transcribeSyllable(sl.texts[0] ?? '');
  if (transByCode.length === 0) transByCode = new Array<string>(4096).fill('');
  return (transByCode[code] ||= transcribeSyllable(sl.texts[0] ?? ''));
}
function transcribed(a: readonly Slot[]): string {
  let out = '';
  for (const sl of a) out += transcribedSlot(sl);
  return out;
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
  const from = [a.norm];
  c.add(a.norm, 'input', from);
  let k: St | undefined;
  let m: St | undefined;
  let via: St | undefined;
  for (const s of a.structures) {
    if (!k && s.space === SPACE_K && !s.viaPinyin) k = s;
    if (!m && s.space === SPACE_M) m = s;
    if (!via && s.viaPinyin) via = s;
  }
  const script = a.script;
  if (k && (script === 'hanzi-simplified' || script === 'hanzi-traditional')) {
    const sN = first(k.sur);
    const gN = first(k.giv);
    const sS = southOf(sN);
    const gS = southOf(gN);
    const north = sN + gN;
    const south = sS + gS;
    const pn = [a.norm, `${north} [Sino-Korean, North Korean/Yanbian spelling]`];
    const ps = [a.norm, `${south} [Sino-Korean, South Korean spelling]`];
    c.add(north, 'hangul', pn);
    c.add(south, 'hangul', ps);
    if (m) {
      const pyS = first(m.sur);
      const pyG = first(m.giv);
      const pyText = pyS && pyG ? cap(pyS) + ' ' + cap(pyG) : cap(pyS || pyG);
      c.add(pyText, 'pinyin', from, 'pinyin (Mandarin)');
      c.add(join(transcribed(m.sur), transcribed(m.giv)), 'hangul-mandarin', from, pyText, 'South Korean transcription of Mandarin');
    }
    const GN = givFormsOf(gN);
    romanise(c, sN, GN, pn);
    romanise(c, sS, gS === gN ? GN : givFormsOf(gS), ps);
    // Other readings of single characters (金 금, 樂 락/악), one character at a time.
    const ns = k.sur.length;
    const n = ns + k.giv.length;
    for (let i = 0; i < n; i++) {
      const slot = i < ns ? k.sur[i]! : k.giv[i - ns]!;
      for (let r = 1; r < 3 && r < slot.texts.length; r++) {
        const alt = slot.texts[r]!;
        let h = '';
        for (let j = 0; j < n; j++) h += j === i ? alt : (j < ns ? k.sur[j]! : k.giv[j - ns]!).texts[0] ?? '';
        c.add(h, 'hangul', from, `${h} [other Sino-Korean reading of ${slot.src}]`);
      }
    }
    if (m) {
      const ms = m.sur.length;
      const mn = ms + m.giv.length;
      for (let i = 0; i < mn; i++) {
        const slot = i < ms ? m.sur[i]! : m.giv[i - ms]!;
        if (slot.texts.length < 2) continue;
        const alt = slot.texts[1]!;
        let p = '';
        for (let j = 0; j < mn; j++) p += j === i ? alt : (j < ms ? m.sur[j]! : m.giv[j - ms]!).texts[0] ?? '';
        c.add(p, 'pinyin', from, `pinyin, other reading of ${slot.src}`);
      }
    }
  } else if (k && script === 'hangul') {
    const s0 = first(k.sur);
    const g0 = first(k.giv);
    // The given name's forms, once per spelling (the spelling toggles below reuse them).
    const tg = toggles(g0);
    const g0Forms = givFormsOf(g0);
    const tgForms = tg.map((g, i) => (i === 0 || g === g0 ? g0Forms : givFormsOf(g)));
    romanise(c, s0, g0Forms, from);
    if (m) {
      let pt = '';
      let n = 0;
      for (const list of [m.sur, m.giv]) for (const sl of list) pt = n++ === 0 ? cap(sl.texts[0] ?? '') : pt + ' ' + cap(sl.texts[0] ?? '');
      c.add(pt, 'pinyin', from, 'read as a transcription of Mandarin');
    }
    // The initial-sound rule both ways on the surname and the given name's first syllable.
    const ts = toggles(s0);
    const whole = s0 + g0;
    const other: [string, string, string[]][] = [];
    const south0 = s0 ? dueum(s0[0]!) : '';
    for (const s of ts) {
      for (const g of tg) {
        const sg = s + g;
        if (sg === whole) continue;
        const why = s !== s0 ? (south0 === s[0] ? 'South Korean initial-sound rule' : 'North Korean spelling, no initial-sound rule') : 'initial-sound rule on the given name';
        const path = [a.norm, `${sg} [${why}]`];
        c.add(sg, 'hangul', path);
        other.push([s, g, path]);
      }
    }
    // Spelling toggles get the two romanisations that matter for them: South (RR) and North (DPRK).
    for (const [s, g, path] of other) romanise(c, s, tgForms[tg.indexOf(g)]!, path, true);
  } else {
    if (k) {
      const fs = first(k.sur);
      const fg = first(k.giv);
      const h = fs + fg;
      const p = [a.norm, `${h} [read as romanised Korean]`];
      c.add(h, 'hangul', p);
      const dS = southOf(fs);
      if (dS !== fs) c.add(dS + fg, 'hangul', from, `${dS + fg} [South Korean initial-sound rule]`);
      romanise(c, fs, givFormsOf(fg), p);
    }
    if (m) {
      const pt = first(m.sur, m.giv, ' ');
      const tr = transcribed(m.sur) + transcribed(m.giv);
      c.add(tr, 'hangul-mandarin', from, `${pt} [read as pinyin]`, 'South Korean transcription of Mandarin');
      if (via) {
        const h = first(via.sur) + first(via.giv);
        const path = [a.norm, `${pt} [read as pinyin]`];
        c.add(h, 'hangul', path, `${h} [likely Sino-Korean reading]`);
      }
    }
  }
  const keyPath = [a.norm];
  for (const key of keysOf(a)) c.add(key, 'latin-key', keyPath, 'phonetic blocking key');
  return c.out;
}

// ---- blocking keys ------------------------------------------------------

const PREFIX = ['k:', 'm:', 'kw:', 'mw:'];
const MAX_CLASS = 128;
// Keys as interned strings looked up by (prefix, class id, class id): a name's keys are then found
// and de-duplicated without building or hashing new strings. One short row per (prefix, first
// class), so the rows in use stay in the processor cache.
const keyRows: string[][] = [];
function keyString(p: number, a: number, b: number): string {
  if (a >= MAX_CLASS || b >= MAX_CLASS) return PREFIX[p]! + coarseName(a) + coarseName(b);
  const r = p * MAX_CLASS + a;
  while (keyRows.length <= r) keyRows.push([]);
  const row = keyRows[r]!;
  let s = row[b];
  if (!s) {
    while (row.length < b) row.push(''); // keep the row packed (holes are slower); '' is "not yet"
    s = PREFIX[p]! + coarseName(a) + coarseName(b);
    row[b] = s;
  }
  return s;
}

// A slot is always in one key space (m or not), and slots are shared between names: memoised on the slot.
function slotKeys(slot: Slot | undefined, m: boolean): readonly number[] {
  if (!slot) return NO_KEY;
  return (slot.keys ??= slotKeyIds(slot.alts, m));
}

// The keys of each structure are written into one scratch list (structure i's keys at
// scratch[from[i]..from[i + 1])), then taken round-robin: no list per structure.
const scratch: string[] = [];
let used = 0;

function put(k: string): void {
  if (used < scratch.length) scratch[used] = k;
  else scratch.push(k);
  used++;
}

function structureKeys(s: St): void {
  const m = s.space === SPACE_M;
  const p = m ? 1 : 0;
  const slots = s.giv.length ? s.giv : s.sur;
  // Given name: first two syllables. The whole name's first two syllables (surname + given, or a
  // place name however it was split) as a second chance.
  const a0 = slotKeys(slots[0], m);
  const b0 = slotKeys(slots[1], m);
  for (let i = 0; i < a0.length; i++) for (let j = 0; j < b0.length; j++) put(keyString(p, a0[i]!, b0[j]!));
  const ns = s.sur.length;
  const w0 = ns ? s.sur[0] : s.giv[0];
  const w1 = ns > 1 ? s.sur[1] : ns === 1 ? s.giv[0] : s.giv[1];
  const a1 = slotKeys(w0, m);
  const b1 = slotKeys(w1, m);
  for (let i = 0; i < a1.length; i++) for (let j = 0; j < b1.length; j++) put(keyString(p + 2, a1[i]!, b1[j]!));
}

export const MAX_KEYS = 24;

function keysOf(a: Analysis): string[] {
  return (a.keys ??= computeKeys(a));
}

const from = new Int32Array(64);

function computeKeys(a: Analysis): string[] {
  const out: string[] = [];
  used = 0;
  let longest = 0;
  const n = Math.min(a.structures.length, from.length - 1);
  for (let j = 0; j < n; j++) {
    const s = a.structures[j]!;
    const start = used;
    from[j] = start;
    if (s.raw !== undefined) put(`r:${s.raw.slice(0, 4)}`);
    // A two-syllable name read as a given name alone adds nothing: the whole-name keys (kw:, mw:) of
    // its full-name reading are the same syllables, and more keys per name mean larger blocks.
    else if (s.givenAlone !== true) structureKeys(s);
    if (used - start > longest) longest = used - start;
  }
  from[n] = used;
  // Round-robin over structures so every reading contributes its most likely keys first.
  for (let i = 0; i < longest && out.length < MAX_KEYS; i++) {
    for (let j = 0; j < n; j++) {
      const at = from[j]! + i;
      if (at >= from[j + 1]!) continue;
      const k = scratch[at]!;
      if (out.length < MAX_KEYS && !out.includes(k)) out.push(k);
    }
  }
  return out;
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
  return keysOf(a).slice();
}
