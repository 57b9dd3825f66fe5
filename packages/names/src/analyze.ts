// Turning one name into structured readings in the K and M key spaces.
import { normalize, detectScript, charClass, type Script } from './script.ts';
import { isSyllable, S_BASE, S_COUNT } from './hangul.ts';
import { charKorean, charPinyin, surnamePinyin, isHan } from './hanzi.ts';
import { latinToHangulAll, type Alt } from './latin.ts';
import { segmentPinyin, segmentTranscription } from './mandarin.ts';
import { kCode, mCode, kSig, mSig, slotKeyIds } from './codes.ts';
import { Memo, memoEnabled, onMemoReset } from './memo.ts';
import { tables } from './data.ts';
import { KOREAN_COMPOUND, KOREAN_SURNAMES, HANZI_COMPOUND, KOREAN_SURNAME_HANZI, isLatinSurname, surnameFromLatin } from './surnames.ts';

/** Weight levels of an alternative reading; an alternative is stored as code << 3 | level. */
export const WEIGHTS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6];
const level = (w: number): number => {
  let best = 0;
  for (let i = 1; i < WEIGHTS.length; i++) if (Math.abs((WEIGHTS[i] ?? 0) - w) < Math.abs((WEIGHTS[best] ?? 0) - w)) best = i;
  return best;
};

export const SPACE_K = 0;
export const SPACE_M = 1;
export const SPACE_RAW = 2;

/** One syllable position: its source text and weighted alternatives. */
export interface Slot {
  src: string;
  alts: number[]; // code << 3 | weight level, most likely first
  sig: number; // OR of the coarse-class bits (kSig/mSig) of the alternatives
  texts: string[]; // display text per alternative (Hangul syllable or pinyin)
  how: string[]; // how each alternative was obtained
  keys: readonly number[] | null; // coarse blocking-key classes (ids) of the alternatives, filled on first use (slots are shared)
}

/** A slot sequence flattened for the scorer: slot i's alternatives are alts[off[i]..off[i+1]). */
export interface FastSeq {
  n: number;
  off: number[];
  alts: number[];
  sig: number[]; // per slot: OR of the coarse-class bits of its alternatives
}

export interface Draft {
  space: number;
  sur: Slot[];
  giv: Slot[];
  prior: number;
  raw?: string;
  /** K readings guessed from pinyin (Li Meiling -> 리미령): used only against names with no Mandarin reading. */
  viaPinyin?: boolean;
  /** Two syllables that could be a full name read as a given name alone (진우 as 진우, not 진 + 우). */
  givenAlone?: boolean;
}

/**
 * A structure prepared for the scorer. Built by one object literal with every field set, so that
 * the scorer's property reads stay monomorphic (drafts come in several object shapes).
 */
export interface Structure {
  readonly space: number;
  readonly sur: Slot[];
  readonly giv: Slot[];
  readonly prior: number;
  readonly raw: string | undefined;
  readonly viaPinyin: boolean;
  readonly givenAlone: boolean;
  readonly fSur: FastSeq;
  readonly fGiv: FastSeq;
  readonly fAll: FastSeq;
  /** OR of the coarse-class bits of every slot: no bit in common with another structure, no syllable alike. */
  readonly sigAll: number;
  /** The same for the surname slots and for the given-name slots. */
  readonly sigSur: number;
  readonly sigGiv: number;
}

// Plain arrays of small integers: cheaper to allocate than typed arrays and as fast to read.
function fast(a: readonly Slot[], b: readonly Slot[]): FastSeq {
  const off: number[] = [];
  const alts: number[] = [];
  const sig: number[] = [];
  for (const list of [a, b]) {
    for (const slot of list) {
      off.push(alts.length);
      for (const x of slot.alts) alts.push(x);
      sig.push(slot.sig);
    }
  }
  off.push(alts.length);
  return { n: sig.length, off, alts, sig };
}

const NONE: Slot[] = [];

/** Adds the scorer's flattened sequences to a structure (done by prepare(), not needed for variants or keys). */
export function finish(d: Draft): Structure {
  const fSur = fast(d.sur, NONE);
  const fGiv = fast(d.giv, NONE);
  let sigSur = 0;
  let sigGiv = 0;
  for (const slot of d.sur) sigSur |= slot.sig;
  for (const slot of d.giv) sigGiv |= slot.sig;
  return {
    space: d.space,
    sur: d.sur,
    giv: d.giv,
    prior: d.prior,
    raw: d.raw,
    viaPinyin: d.viaPinyin === true,
    givenAlone: d.givenAlone === true,
    fSur,
    fGiv,
    fAll: fast(d.sur, d.giv),
    sigAll: sigSur | sigGiv,
    sigSur,
    sigGiv,
  };
}

export interface Analysis {
  norm: string;
  script: Script;
  surname?: string;
  given?: string;
  structures: Draft[];
  /** Blocking keys, computed on first use (variants() and blockingKeys() share them). */
  keys: string[] | null;
}

interface AltIn { text: string; code: number; w: number; how: string }

function makeSlot(src: string, ins: AltIn[], m: boolean): Slot | null {
  const best = new Map<number, AltIn>();
  for (const a of ins) {
    if (a.code < 0) continue;
    const prev = best.get(a.code);
    if (!prev || prev.w < a.w) best.set(a.code, a);
  }
  const list = [...best.values()].sort((a, b) => b.w - a.w).slice(0, 6);
  if (list.length === 0) return null;
  let sig = 0;
  for (const a of list) sig |= m ? mSig(a.code) : kSig(a.code);
  return {
    src,
    alts: list.map((a) => (a.code << 3) | level(a.w)),
    sig,
    texts: list.map((a) => a.text),
    how: list.map((a) => a.how),
    keys: null,
  };
}

const kAlt = (syl: string, w: number, how: string): AltIn => ({ text: syl, code: kCode(syl), w, how });
const mAlt = (p: string, w: number, how: string): AltIn => ({ text: p, code: mCode(p), w, how });

// ---- per token readings -------------------------------------------------

/** Readings of a token as alternative slot sequences in K and M. */
interface TokenReadings { k: Slot[][]; m: Slot[][]; viaPinyin?: Slot[] }

const SK_W = [1, 0.95, 0.9, 0.85];
const PY_SK_W = [0.92, 0.9, 0.88, 0.85];

// Per-syllable and per-character slots. Names are mostly new, their syllables and characters are
// not: a slot read once is shared (read-only) by every name that holds it. A slot whose source text
// is the whole romanised word (the explanation shows the word) is a copy of a shared template that
// differs only in `src`. Templates carry their blocking-key classes, so copies need not recompute them.
const unitSlots = new Memo<Slot | null>(20000);
const hanziKSlots = new Memo<Slot | null>(20000);
const hanziMSlots = new Memo<Slot | null>(20000);
const pinyinSlotTable = new Memo<PinyinSlots>(20000);
// Romanised syllables: keyed by the (shared) alternatives from latin.ts, one table per explanation.
let latinSlots = new WeakMap<readonly Alt[], Slot | null>();
let latinOtherSlots = new WeakMap<readonly Alt[], Slot | null>();
onMemoReset(() => {
  latinSlots = new WeakMap();
  latinOtherSlots = new WeakMap();
});

function template(slot: Slot | null, m: boolean): Slot | null {
  if (slot) slot.keys = slotKeyIds(slot.alts, m);
  return slot;
}

/** A shared slot with another source text (the romanised word it was read from). */
function withSrc(t: Slot, src: string): Slot {
  if (t.src === src) return t;
  return { src, alts: t.alts, sig: t.sig, texts: t.texts, how: t.how, keys: t.keys };
}

// Indexed by syllable number: the commonest lookup of all, without hashing a string.
let hangulSlots: (Slot | null | undefined)[] = [];
onMemoReset(() => {
  hangulSlots = [];
});
function hangulSlot(syl: string): Slot | null {
  const c = syl.charCodeAt(0) - S_BASE;
  if (syl.length !== 1 || c < 0 || c >= S_COUNT) return makeSlot(syl, [kAlt(syl, 1, 'Hangul')], false);
  if (hangulSlots.length === 0 && memoEnabled()) hangulSlots = new Array<Slot | null | undefined>(S_COUNT).fill(undefined);
  let r = hangulSlots[c];
  if (r === undefined) {
    r = template(makeSlot(syl, [kAlt(syl, 1, 'Hangul')], false), false);
    if (hangulSlots.length > 0) hangulSlots[c] = r;
  }
  return r;
}

function unitSlot(u: { hangul: string; pinyin: string[] }): Slot | null {
  let r = unitSlots.get(u.hangul);
  if (r === undefined) {
    r = template(makeSlot(u.hangul, u.pinyin.map((p, j) => mAlt(p, j === 0 ? 1 : 0.95, 'Hangul transcription of Mandarin')), true), true);
    unitSlots.set(u.hangul, r);
  }
  return r;
}

/** Slots of a Hangul transcription of Mandarin (추이 = cui), or null unless every unit is regular. */
function transcriptionSlots(hangul: string): Slot[] | null {
  const units = segmentTranscription(hangul);
  if (!units) return null;
  const m: Slot[] = [];
  for (const u of units) {
    const s = unitSlot(u);
    if (s) m.push(s);
  }
  return m.length === units.length ? m : null;
}

function hanziKSlot(ch: string): Slot | null {
  let r = hanziKSlots.get(ch);
  if (r === undefined) {
    const ko = charKorean(ch);
    const ins: AltIn[] = [];
    for (let j = 0; j < ko.length && j < 4; j++) ins.push(kAlt(ko[j]!, SK_W[j] ?? 0.85, 'Sino-Korean'));
    hanziKSlots.set(ch, (r = template(makeSlot(ch, ins, false), false)));
  }
  return r;
}

function hanziMSlot(ch: string, surnameReading: string | undefined): Slot | null {
  const mk = (): Slot | null => {
    const py = charPinyin(ch);
    const mins: AltIn[] = [];
    if (surnameReading) mins.push(mAlt(surnameReading, 1, 'pinyin, surname reading'));
    for (let j = 0; j < py.length && j < 3; j++) mins.push(mAlt(py[j]!, surnameReading ? 0.9 : j === 0 ? 1 : 0.9, 'pinyin'));
    return makeSlot(ch, mins, true);
  };
  // Surname readings are read once per surname token (the token table keeps them).
  if (surnameReading) return mk();
  let r = hanziMSlots.get(ch);
  if (r === undefined) hanziMSlots.set(ch, (r = template(mk(), true)));
  return r;
}

function hanziToken(chars: string[], surname: boolean): TokenReadings {
  const k: Slot[] = [];
  const m: Slot[] = [];
  const sp = surname ? surnamePinyin(chars.join('')) : [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const ks = hanziKSlot(ch);
    if (ks) k.push(ks);
    const ms = hanziMSlot(ch, sp[i]);
    if (ms) m.push(ms);
  }
  return { k: k.length ? [k] : [], m: m.length ? [m] : [] };
}

function hangulToken(syls: string[]): TokenReadings {
  const k: Slot[] = [];
  for (const s of syls) {
    const slot = hangulSlot(s);
    if (slot) k.push(slot);
  }
  const out: TokenReadings = { k: k.length ? [k] : [], m: [] };
  // As a transcription of Mandarin (룽징 = longjing), only if every syllable is a regular transcription.
  const m = transcriptionSlots(syls.join(''));
  if (m) out.m.push(m);
  return out;
}

// Not memoised by itself: only latinToken reads it, and the token table already keeps the word.
function pinyinWord(w: string): string[] | null {
  const chunks = w.split(/['-]/).filter(Boolean);
  const acc: string[] = [];
  let ok = chunks.length > 0;
  for (const c of chunks) {
    const s = segmentPinyin(c);
    if (!s) {
      ok = false;
      break;
    }
    acc.push(...s);
  }
  return ok ? acc : null;
}

function latinKSlot(alts: readonly Alt[], other: boolean): Slot | null {
  const table = other ? latinOtherSlots : latinSlots;
  let r = table.get(alts);
  if (r === undefined) {
    const how = other ? 'romanised Korean, other syllable division' : 'romanised Korean';
    r = template(makeSlot('', alts.map((a) => kAlt(a.syl, a.w, how)), false), false);
    if (memoEnabled()) table.set(alts, r);
  }
  return r;
}

/** Slots of one romanised reading of a word (one per syllable), or null if a syllable has none. */
function latinKSlots(word: string, kr: readonly (readonly Alt[])[], other: boolean): Slot[] {
  const out: Slot[] = [];
  for (const alts of kr) {
    const t = latinKSlot(alts, other);
    if (t) out.push(withSrc(t, word));
  }
  return out;
}

// Per pinyin syllable, in one table (one probe per syllable): its M slot, and its K slots read back
// into Sino-Korean through the characters that are read that way; a lone surname syllable also as
// the Korean surnames written so in China (jin 김, piao 박).
interface PinyinSlots { m: Slot | null; k: Slot | null; kSurname: Slot | null | undefined }

function pinyinSlots(p: string): PinyinSlots {
  let r = pinyinSlotTable.get(p);
  if (r === undefined) {
    r = { m: template(makeSlot('', [mAlt(p, 1, 'pinyin')], true), true), k: pinyinKSlot(p, false), kSurname: undefined };
    pinyinSlotTable.set(p, r);
  }
  return r;
}

function pinyinKSlot(p: string, asSurname: boolean): Slot | null {
  const ins: AltIn[] = [];
  if (asSurname) for (const h of koreanSurnameOfPinyin().get(p) ?? []) ins.push(kAlt(h, 1, `Korean surname written ${p} in China`));
  const readings = tables().pinyinToHangul.get(p.replace(/ü/g, 'v')) ?? [];
  for (let j = 0; j < readings.length; j++) ins.push(kAlt(readings[j]!, PY_SK_W[j] ?? 0.85, `Sino-Korean reading of pinyin ${p}`));
  return template(makeSlot('', ins, false), false);
}

function latinToken(word: string, surname: boolean): TokenReadings {
  const out: TokenReadings = { k: [], m: [] };
  const py = pinyinWord(word);
  // x, q, z, c without h and zh never occur in Korean romanisations: such a word is pinyin only.
  // Nor do the diphthongs ua, uo, ei, ao, ie, iu (Guang, Guo, Mei, Hao, Jie, Liu).
  const krAll = py && /[xqz]|c(?!h)|ua|uo|ei|ao|ie|iu/.test(word) ? [] : latinToHangulAll(word);
  const kr = krAll[0] ?? null;
  const table = surname ? surnameFromLatin(word) : [];
  // Korean romanisation reading.
  let krSlots: Slot[] | null = kr ? latinKSlots(word, kr, false) : null;
  // Passport table for surnames: exact Hangul spellings.
  if (table.length > 0) {
    const syl = [...(table[0] ?? '')];
    const slots: Slot[] = syl.map((_, i) =>
      makeSlot(word, [
        ...table.filter((t) => [...t].length === syl.length).map((t, j) => kAlt([...t][i] ?? '', j === 0 ? 1 : 0.95, 'passport surname spelling')),
      ], false),
    ).filter((s): s is Slot => s !== null);
    if (krSlots && krSlots.length === slots.length) krSlots = slots.map((s, i) => mergeSlots(s, krSlots![i]!));
    else if (slots.length) out.k.push(slots);
  }
  // A pinyin word read back into Sino-Korean through the characters that are read that way (Li Meiling ~ 리미령).
  if (py) {
    const asSurname = surname && py.length === 1;
    const sk: Slot[] = [];
    const ms: Slot[] = [];
    for (const p of py) {
      const rec = pinyinSlots(p);
      const k = asSurname ? (rec.kSurname === undefined ? (rec.kSurname = pinyinKSlot(p, true)) : rec.kSurname) : rec.k;
      if (k) sk.push(withSrc(k, word));
      if (rec.m) ms.push(withSrc(rec.m, word));
    }
    if (sk.length === py.length) out.viaPinyin = sk;
    if (ms.length === py.length) out.m.push(ms);
  }
  if (krSlots && krSlots.length) out.k.unshift(krSlots);
  for (let i = 1; i < krAll.length; i++) {
    const other = krAll[i]!;
    const slots = latinKSlots(word, other, true);
    if (slots.length === other.length) out.k.push(slots);
  }
  return out;
}

function mergeSlots(a: Slot, b: Slot): Slot {
  const ins: AltIn[] = [];
  for (const s of [a, b]) s.texts.forEach((t, i) => ins.push({ text: t, code: (s.alts[i] ?? 0) >> 3, w: WEIGHTS[(s.alts[i] ?? 0) & 7] ?? 0, how: s.how[i] ?? '' }));
  return makeSlot(a.src, ins, false) ?? a;
}

let ksurCache: Map<string, string[]> | null = null;
/** pinyin of a Korean surname character -> its Korean readings (jin -> 김, piao -> 박, cui -> 최). */
function koreanSurnameOfPinyin(): Map<string, string[]> {
  if (ksurCache) return ksurCache;
  const m = new Map<string, string[]>();
  for (const ch of KOREAN_SURNAME_HANZI) {
    const p = surnamePinyin(ch)[0];
    if (!p) continue;
    const list = m.get(p) ?? [];
    for (const r of charKorean(ch)) if (!list.includes(r)) list.push(r);
    m.set(p, list.slice(0, 4));
  }
  ksurCache = m;
  return m;
}

// ---- tokens and name structure -----------------------------------------

interface Token { text: string; cls: 'H' | 'C' | 'L' | 'O' }

// Runs of one character class within a space-separated word; a hyphen or apostrophe belongs to the
// run it follows. Latin runs lose leading and trailing hyphens and apostrophes. Scans by index and
// slices (no per-character strings).
function tokenize(norm: string): Token[] {
  const out: Token[] = [];
  const n = norm.length;
  let start = 0;
  let cls: Token['cls'] | null = null;
  for (let i = 0; i < n; ) {
    const cp = norm.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === 0x20) {
      if (cls !== null) pushToken(out, norm.slice(start, i), cls);
      cls = null;
      i += width;
      continue;
    }
    let c = charClass(cp);
    if (cp === 0x2d || cp === 0x27) c = cls ?? 'O';
    if (cls === null) start = i;
    else if (c !== cls) {
      pushToken(out, norm.slice(start, i), cls);
      start = i;
    }
    cls = c;
    i += width;
  }
  if (cls !== null) pushToken(out, norm.slice(start, n), cls);
  return out;
}

const isMark = (code: number): boolean => code === 0x2d || code === 0x27;

function pushToken(out: Token[], text: string, cls: Token['cls']): void {
  if (cls === 'L') {
    let a = 0;
    let b = text.length;
    while (a < b && isMark(text.charCodeAt(a))) a++;
    while (b > a && isMark(text.charCodeAt(b - 1))) b--;
    if (a > 0 || b < text.length) text = text.slice(a, b);
  }
  if (text.length > 0) out.push({ text, cls });
}

// Tokens (a surname, a syllable, a romanised word) recur across names: read each once.
// One table per (surname or given, token class), keyed by the token text itself. 8,192 entries a
// generation hold the surnames and common given names in their usual spellings (with 4,096, the
// bench's recurring words were evicted and read again, and twice the bytes reached the old
// generation); at most 16,384 entries a table.
const TOKEN_CLASSES = 'HCLO';
const tokenCaches = Array.from({ length: 8 }, () => new Memo<TokenReadings>(8192));
// One-character tokens (a surname in Hangul or Chinese characters, a syllable written apart) by
// code point: no string to hash. Bounded by the number of such characters.
let charTokens = [new Map<number, TokenReadings>(), new Map<number, TokenReadings>()];
onMemoReset(() => {
  charTokens = [new Map(), new Map()];
});

function readToken(t: Token, surname: boolean): TokenReadings {
  const text = t.text;
  if ((t.cls === 'H' || t.cls === 'C') && memoEnabled()) {
    const cp = text.codePointAt(0) ?? 0;
    if (text.length === (cp > 0xffff ? 2 : 1)) {
      const table = charTokens[surname ? 1 : 0]!;
      let r = table.get(cp);
      if (!r) {
        r = readTokenUncached(t, surname);
        if (table.size >= 50_000) table.clear(); // more characters than any real data set uses
        table.set(cp, r);
      }
      return r;
    }
  }
  const cache = tokenCaches[(surname ? 4 : 0) + TOKEN_CLASSES.indexOf(t.cls)]!;
  let r = cache.get(t.text);
  if (!r) {
    r = readTokenUncached(t, surname);
    cache.set(t.text, r);
  }
  return r;
}

function readTokenUncached(t: Token, surname: boolean): TokenReadings {
  if (t.cls === 'C') return hanziToken([...t.text].filter(isHan), surname);
  if (t.cls === 'H') return hangulToken([...t.text].filter(isSyllable));
  if (t.cls === 'L') return latinToken(t.text, surname);
  return { k: [], m: [] };
}

const NOTHING: Slot[][] = [[]];

// Cartesian product of alternative sequences, bounded. With `skipUnread`, a token without a
// reading (an initial, a stray word) is left out instead of sinking the whole name.
// The result may share arrays with the token readings: read-only.
function product(lists: readonly Slot[][][], cap: number, skipUnread = false): Slot[][] {
  let acc: Slot[][] = NOTHING;
  for (const alts of lists) {
    if (alts.length === 0) {
      if (skipUnread) continue;
      return [];
    }
    if (acc === NOTHING) {
      acc = alts.length <= cap ? alts : alts.slice(0, cap);
      continue;
    }
    const next: Slot[][] = [];
    for (const a of acc) for (const b of alts) if (next.length < cap) next.push(a.concat(b));
    acc = next;
  }
  return acc;
}

interface Split { sur: Token[]; giv: Token[]; prior: number; givenAlone?: boolean }

/** Prior of reading a two-syllable Hangul or Chinese-character name as a given name alone. */
const GIVEN_ALONE = 0.99;

const MAX_TOKENS = 8;

function splits(tokens: Token[], raw: string): Split[] {
  const n = tokens.length;
  if (n === 0) return [];
  if (n === 1) {
    const t = tokens[0]!;
    if (t.cls === 'H' || t.cls === 'C') {
      // Characters, not UTF-16 units (a Chinese character beyond the BMP is two units); most
      // names have no surrogate pair and are sliced as strings.
      const text = t.text;
      const chars = hasSurrogate(text) ? [...text] : null;
      const count = chars ? chars.length : text.length;
      const two = headOf(text, chars, 2);
      const compound = count >= 3 && (t.cls === 'H' ? KOREAN_COMPOUND.has(two) : HANZI_COMPOUND.has(two));
      const cut = compound ? 2 : 1;
      if (count === 1) {
        const isSur = t.cls === 'C' || KOREAN_SURNAMES.has(text);
        return [isSur ? { sur: [t], giv: [], prior: 1 } : { sur: [], giv: [t], prior: 1 }];
      }
      // A two-syllable surname on its own (남궁, 欧阳).
      if (count === 2 && (t.cls === 'H' ? KOREAN_COMPOUND.has(two) : HANZI_COMPOUND.has(two))) return [{ sur: [t], giv: [], prior: 1 }];
      if (t.cls === 'H' && count === 2 && !KOREAN_SURNAMES.has(headOf(text, chars, 1))) return [{ sur: [], giv: [t], prior: 1 }];
      const tail = chars ? chars.slice(cut).join('') : text.slice(cut);
      const full: Split = { sur: [{ text: headOf(text, chars, cut), cls: t.cls }], giv: [{ text: tail, cls: t.cls }], prior: 1 };
      // Two syllables may as well be a given name written alone (진우 = Zhenyu, 俊元 = Junyuan): a
      // surname syllable starts many given names. Kept second and a little less likely, so that a full
      // name still wins where it fits; against a given name alone it need not be capped as a name
      // missing its surname.
      if (count === 2) return [full, { sur: [], giv: [t], prior: GIVEN_ALONE, givenAlone: true }];
      return [full];
    }
    if (t.cls === 'L' && isLatinSurname(t.text)) return [{ sur: [t], giv: [], prior: 1 }];
    return [{ sur: [], giv: [t], prior: 1 }];
  }
  const first = tokens[0]!;
  const last = tokens[n - 1]!;
  const firstOnly: Split = { sur: [first], giv: tokens.slice(1), prior: 1 };
  const lastFirst: Split = { sur: [last], giv: tokens.slice(0, -1), prior: 1 };
  // CJK names are written surname first.
  if (first.cls === 'H' || first.cls === 'C') return [firstOnly];
  // Hints in the original text: "KIM, Young-hee" or "Young-hee KIM".
  if (/^[^,]+,/.test(raw)) return [firstOnly];
  const caps = capsWords(raw);
  if (caps.words === n && caps.count === 1) {
    if (caps.first) return [firstOnly];
    if (caps.last) return [lastFirst];
  }
  const fk = first.cls === 'L' && isLatinSurname(first.text);
  const lk = last.cls === 'L' && isLatinSurname(last.text);
  // A known surname spelling at one end decides the likely order; the other stays possible.
  if (lk && !fk) return [lastFirst, { ...firstOnly, prior: 0.97 }];
  return [firstOnly, { ...lastFirst, prior: fk && !lk ? 0.97 : 0.98 }];
}

function headOf(text: string, chars: string[] | null, k: number): string {
  return chars ? chars.slice(0, k).join('') : text.slice(0, k);
}
const hasSurrogate = (s: string): boolean => /[\ud800-\udfff]/.test(s);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Words of the original text (NFKC, split at white space) written in capitals ("KIM": two capitals
// in a row, no small letter): how many, and whether the first and the last word are.
const capsResult = { words: 0, count: 0, first: false, last: false };
function capsWords(raw: string): typeof capsResult {
  const r = capsResult;
  r.words = r.count = 0;
  r.first = r.last = false;
  if (!PRINTABLE_ASCII.test(raw)) {
    const words = raw.normalize('NFKC').trim().split(/\s+/);
    r.words = words.length;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (/\p{Lu}{2,}/u.test(w) && !/\p{Ll}/u.test(w)) {
        r.count++;
        if (i === 0) r.first = true;
        if (i === words.length - 1) r.last = true;
      }
    }
    return r;
  }
  // The same for printable ASCII without building the words (NFKC changes nothing there).
  const n = raw.length;
  let i = 0;
  while (i < n && raw.charCodeAt(i) === 0x20) i++;
  if (i === n) {
    r.words = 1; // ''.split(/\s+/) is ['']
    return r;
  }
  while (i < n) {
    let upperRun = 0;
    let twoUpper = false;
    let lower = false;
    for (; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c === 0x20) break;
      if (c >= 0x41 && c <= 0x5a) {
        if (++upperRun >= 2) twoUpper = true;
      } else {
        upperRun = 0;
        if (c >= 0x61 && c <= 0x7a) lower = true;
      }
    }
    const caps = twoUpper && !lower;
    if (caps) r.count++;
    if (r.words === 0) r.first = caps;
    r.words++;
    r.last = caps;
    while (i < n && raw.charCodeAt(i) === 0x20) i++;
  }
  return r;
}

const HANZI_PLACE_SUFFIX = /^(.{2,})(市|县|縣|镇|鎮|村|区|區|州|乡|鄉|省|自治州|自治县)$/u;
const LATIN_PLACE_SUFFIX = new Set(['city', 'shi', 'county', 'xian', 'town', 'zhen', 'village', 'cun', 'province', 'sheng', 'prefecture', 'district', 'qu']);

function stripPlaceSuffix(tokens: Token[]): Token[] | null {
  if (tokens.length === 1 && tokens[0]!.cls === 'C') {
    const m = HANZI_PLACE_SUFFIX.exec(tokens[0]!.text);
    return m ? [{ text: m[1]!, cls: 'C' }] : null;
  }
  const last = tokens[tokens.length - 1];
  if (tokens.length >= 2 && last && last.cls === 'L' && LATIN_PLACE_SUFFIX.has(last.text)) return tokens.slice(0, -1);
  return null;
}

const joinTexts = (ts: readonly Token[]): string => (ts.length === 1 ? ts[0]!.text : ts.map((t) => t.text).join(' '));
const kOf = (r: TokenReadings): Slot[][] => r.k;
const mOf = (r: TokenReadings): Slot[][] => r.m;
const viaOf = (r: TokenReadings): Slot[] => r.viaPinyin ?? [];
const hasViaPinyin = (r: TokenReadings): boolean => r.viaPinyin !== undefined;
const isHangulToken = (t: Token): boolean => t.cls === 'H';

// variants() and blockingKeys() are usually called one after the other on the same name.
let lastName: string | null = null;
let lastAnalysis: Analysis | null = null;
onMemoReset(() => {
  lastName = null;
  lastAnalysis = null;
});

/** Structured readings of a name in the K and M spaces (or a raw fallback). Treat the result as read-only. */
export function analyze(name: string): Analysis {
  if (name === lastName && lastAnalysis) return lastAnalysis;
  const norm = normalize(name.length > 2000 ? name.slice(0, 2000) : name);
  const script = detectScript(norm);
  const all = tokenize(norm);
  const tokens = all.length > MAX_TOKENS ? all.slice(0, MAX_TOKENS) : all;
  const structures: Draft[] = [];
  const sp = splits(tokens, name.length > 2000 ? '' : name);
  let surname: string | undefined;
  let given: string | undefined;
  if (sp[0]) {
    surname = joinTexts(sp[0].sur) || undefined;
    given = joinTexts(sp[0].giv) || undefined;
  }
  for (const s of sp) {
    const surR = s.sur.map((t) => readToken(t, true));
    const givR = s.giv.map((t) => readToken(t, false));
    for (let space = SPACE_K; space <= SPACE_M; space++) {
      const skip = space === SPACE_K;
      const surAlts = s.sur.length ? product(space === SPACE_K ? surR.map(kOf) : surR.map(mOf), 3, skip) : NOTHING;
      const givAlts = s.giv.length ? product(space === SPACE_K ? givR.map(kOf) : givR.map(mOf), 4, skip) : NOTHING;
      for (const sa of surAlts) {
        for (const ga of givAlts) {
          if (sa.length + ga.length === 0 || sa.length > 12 || ga.length > 12) continue;
          // A part whose every token went unread would turn a full name into a bare surname.
          if ((s.giv.length > 0 && ga.length === 0) || (s.sur.length > 0 && sa.length === 0 && ga.length < 2)) continue;
          if (structures.length < 12) {
            const prior = s.prior * (space === SPACE_M && script === 'hangul' ? 0.97 : 1);
            structures.push(s.givenAlone ? { space, sur: sa, giv: ga, prior, givenAlone: true } : { space, sur: sa, giv: ga, prior });
          }
        }
      }
    }
    // Hangul written as a transcription of Mandarin: the surname is the first transcription unit
    // (추이 = cui, 퍄오 = piao), not the first syllable.
    if (script === 'hangul' && s === sp[0] && structures.length < 12 && tokens.every(isHangulToken)) {
      const slots = transcriptionSlots(tokens.length === 1 ? tokens[0]!.text : tokens.map((t) => t.text).join(''));
      if (slots && slots.length >= 2 && slots.length <= 12) structures.push({ space: SPACE_M, sur: slots.slice(0, 1), giv: slots.slice(1), prior: 0.97 });
    }
    // Sino-Korean readings guessed from pinyin, when every token has them.
    if (surR.length + givR.length > 0 && surR.every(hasViaPinyin) && givR.every(hasViaPinyin) && structures.length < 14) {
      const sur = surR.length === 1 ? surR[0]!.viaPinyin! : surR.flatMap(viaOf);
      const giv = givR.length === 1 ? givR[0]!.viaPinyin! : givR.flatMap(viaOf);
      if (sur.length <= 12 && giv.length <= 12) structures.push({ space: SPACE_K, sur, giv, prior: s.prior, viaPinyin: true });
    }
  }
  // A place written with its administrative suffix (延吉市, 龙井市, Yanji City) is also the bare place.
  const bare = stripPlaceSuffix(tokens);
  if (bare && structures.length < 14) {
    const r = bare.map((t) => readToken(t, false));
    for (const space of [SPACE_K, SPACE_M]) {
      const alts = product(r.map((x) => (space === SPACE_K ? x.k : x.m)), 2);
      for (const giv of alts) if (giv.length > 0 && giv.length <= 12 && structures.length < 14) structures.push({ space, sur: [], giv, prior: 0.95 });
    }
  }
  if (structures.length === 0 && norm.length > 0) {
    structures.push({ space: SPACE_RAW, sur: [], giv: [], prior: 1, raw: norm.replace(/ /g, '').slice(0, 200) });
  }
  const result: Analysis = { norm, script, surname, given, structures, keys: null };
  lastName = name;
  lastAnalysis = result;
  return result;
}

