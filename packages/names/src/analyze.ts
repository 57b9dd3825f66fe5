// Turning one name into structured readings in the K and M key spaces.
import { normalize, detectScript, charClass, type Script } from './script.ts';
import { isSyllable } from './hangul.ts';
import { charKorean, charPinyin, surnamePinyin, isHan } from './hanzi.ts';
import { latinToHangulAll } from './latin.ts';
import { segmentPinyin, segmentTranscription } from './mandarin.ts';
import { kCode, mCode, kSig, mSig } from './codes.ts';
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
  keys: string[] | null; // coarse blocking-key classes of the alternatives, filled on first use (slots are shared)
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

function hanziToken(chars: string[], surname: boolean): TokenReadings {
  const k: Slot[] = [];
  const m: Slot[] = [];
  const sp = surname ? surnamePinyin(chars.join('')) : [];
  chars.forEach((ch, i) => {
    const ko = charKorean(ch);
    const ks = makeSlot(ch, ko.slice(0, 4).map((r, j) => kAlt(r, SK_W[j] ?? 0.85, 'Sino-Korean')), false);
    if (ks) k.push(ks);
    const py = charPinyin(ch);
    const first = sp[i];
    const mins: AltIn[] = [];
    if (first) mins.push(mAlt(first, 1, 'pinyin, surname reading'));
    py.slice(0, 3).forEach((p, j) => mins.push(mAlt(p, first ? 0.9 : j === 0 ? 1 : 0.9, 'pinyin')));
    const ms = makeSlot(ch, mins, true);
    if (ms) m.push(ms);
  });
  return { k: k.length ? [k] : [], m: m.length ? [m] : [] };
}

function hangulToken(syls: string[]): TokenReadings {
  const k = syls.map((s) => makeSlot(s, [kAlt(s, 1, 'Hangul')], false)).filter((s): s is Slot => s !== null);
  const out: TokenReadings = { k: k.length ? [k] : [], m: [] };
  // As a transcription of Mandarin (룽징 = longjing), only if every syllable is a regular transcription.
  const units = segmentTranscription(syls.join(''));
  if (units) {
    const m = units
      .map((u) => makeSlot(u.hangul, u.pinyin.map((p, j) => mAlt(p, j === 0 ? 1 : 0.95, 'Hangul transcription of Mandarin')), true))
      .filter((s): s is Slot => s !== null);
    if (m.length === units.length) out.m.push(m);
  }
  return out;
}

const pinyinCache = new Map<string, string[] | null>();
function pinyinWord(w: string): string[] | null {
  let r = pinyinCache.get(w);
  if (r !== undefined) return r;
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
  r = ok ? acc : null;
  if (pinyinCache.size < 20000) pinyinCache.set(w, r);
  return r;
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
  let krSlots: Slot[] | null = null;
  if (kr) {
    krSlots = kr
      .map((alts) => makeSlot(word, alts.map((a) => kAlt(a.syl, a.w, 'romanised Korean')), false))
      .filter((s): s is Slot => s !== null);
  }
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
    const p2h = tables().pinyinToHangul;
    const ksur = surname ? koreanSurnameOfPinyin() : null;
    const sk = py
      .map((p) =>
        makeSlot(
          word,
          [
            ...(py.length === 1 ? ksur?.get(p) ?? [] : []).map((h) => kAlt(h, 1, `Korean surname written ${p} in China`)),
            ...(p2h.get(p.replace(/ü/g, 'v')) ?? []).map((h, j) => kAlt(h, PY_SK_W[j] ?? 0.85, `Sino-Korean reading of pinyin ${p}`)),
          ],
          false,
        ),
      )
      .filter((s): s is Slot => s !== null);
    if (sk.length === py.length) out.viaPinyin = sk;
    const ms = py.map((p) => makeSlot(word, [mAlt(p, 1, 'pinyin')], true)).filter((s): s is Slot => s !== null);
    if (ms.length === py.length) out.m.push(ms);
  }
  if (krSlots && krSlots.length) out.k.unshift(krSlots);
  for (const other of krAll.slice(1)) {
    const slots = other.map((alts) => makeSlot(word, alts.map((a) => kAlt(a.syl, a.w, 'romanised Korean, other syllable division')), false)).filter((x): x is Slot => x !== null);
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

function tokenize(norm: string): Token[] {
  const out: Token[] = [];
  for (const word of norm.split(' ')) {
    let cur = '';
    let cls: Token['cls'] | null = null;
    for (const ch of word) {
      let c = charClass(ch.codePointAt(0) ?? 0);
      if (ch === '-' || ch === "'") c = cls ?? 'O';
      if (cls !== null && c !== cls) {
        out.push({ text: cur, cls });
        cur = '';
      }
      cls = c;
      cur += ch;
    }
    if (cls !== null && cur) out.push({ text: cur, cls });
  }
  return out.map((t) => (t.cls === 'L' ? { ...t, text: t.text.replace(/^['-]+|['-]+$/g, '') } : t)).filter((t) => t.text.length > 0);
}

// Tokens (a surname, a syllable, a romanised word) recur across names: read each once.
// One cache per (surname or given, token class), keyed by the token text itself.
const TOKEN_CLASSES = 'HCLO';
const tokenCaches: Map<string, TokenReadings>[] = Array.from({ length: 8 }, () => new Map<string, TokenReadings>());
function readToken(t: Token, surname: boolean): TokenReadings {
  const cache = tokenCaches[(surname ? 4 : 0) + TOKEN_CLASSES.indexOf(t.cls)]!;
  let r = cache.get(t.text);
  if (!r) {
    r = readTokenUncached(t, surname);
    if (cache.size >= 50000) cache.clear();
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

// Cartesian product of alternative sequences, bounded. With `skipUnread`, a token without a
// reading (an initial, a stray word) is left out instead of sinking the whole name.
function product(lists: Slot[][][], cap: number, skipUnread = false): Slot[][] {
  let acc: Slot[][] = [[]];
  for (const alts0 of lists) {
    const alts = alts0.length === 0 && skipUnread ? [[]] : alts0;
    if (alts.length === 0) return [];
    const next: Slot[][] = [];
    for (const a of acc) for (const b of alts) if (next.length < cap) next.push([...a, ...b]);
    acc = next;
  }
  return acc;
}

interface Split { sur: Token[]; giv: Token[]; prior: number }

const MAX_TOKENS = 8;

function splits(tokens: Token[], raw: string): Split[] {
  const n = tokens.length;
  if (n === 0) return [];
  if (n === 1) {
    const t = tokens[0]!;
    if (t.cls === 'H' || t.cls === 'C') {
      const chars = [...t.text];
      const two = chars.slice(0, 2).join('');
      const compound = chars.length >= 3 && (t.cls === 'H' ? KOREAN_COMPOUND.has(two) : HANZI_COMPOUND.has(two));
      const cut = compound ? 2 : 1;
      if (chars.length === 1) {
        const isSur = t.cls === 'C' || KOREAN_SURNAMES.has(t.text);
        return [isSur ? { sur: [t], giv: [], prior: 1 } : { sur: [], giv: [t], prior: 1 }];
      }
      // A two-syllable surname on its own (남궁, 欧阳).
      if (chars.length === 2 && (t.cls === 'H' ? KOREAN_COMPOUND.has(two) : HANZI_COMPOUND.has(two))) return [{ sur: [t], giv: [], prior: 1 }];
      if (t.cls === 'H' && chars.length === 2 && !KOREAN_SURNAMES.has(chars[0]!)) return [{ sur: [], giv: [t], prior: 1 }];
      return [{ sur: [{ text: chars.slice(0, cut).join(''), cls: t.cls }], giv: [{ text: chars.slice(cut).join(''), cls: t.cls }], prior: 1 }];
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
  const words = raw.normalize('NFKC').trim().split(/\s+/);
  if (words.length === n) {
    const caps = words.map((w) => /\p{Lu}{2,}/u.test(w) && !/\p{Ll}/u.test(w));
    const capsCount = caps.filter(Boolean).length;
    if (capsCount === 1) {
      if (caps[0]) return [firstOnly];
      if (caps[n - 1]) return [lastFirst];
    }
  }
  const fk = first.cls === 'L' && isLatinSurname(first.text);
  const lk = last.cls === 'L' && isLatinSurname(last.text);
  // A known surname spelling at one end decides the likely order; the other stays possible.
  if (lk && !fk) return [lastFirst, { ...firstOnly, prior: 0.97 }];
  return [firstOnly, { ...lastFirst, prior: fk && !lk ? 0.97 : 0.98 }];
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

// variants() and blockingKeys() are usually called one after the other on the same name.
let lastName: string | null = null;
let lastAnalysis: Analysis | null = null;

/** Structured readings of a name in the K and M spaces (or a raw fallback). Treat the result as read-only. */
export function analyze(name: string): Analysis {
  if (name === lastName && lastAnalysis) return lastAnalysis;
  const norm = normalize(name.length > 2000 ? name.slice(0, 2000) : name);
  const script = detectScript(norm);
  const tokens = tokenize(norm).slice(0, MAX_TOKENS);
  const structures: Draft[] = [];
  const sp = splits(tokens, name.length > 2000 ? '' : name);
  let surname: string | undefined;
  let given: string | undefined;
  if (sp[0]) {
    surname = sp[0].sur.map((t) => t.text).join(' ') || undefined;
    given = sp[0].giv.map((t) => t.text).join(' ') || undefined;
  }
  for (const s of sp) {
    const surR = s.sur.map((t) => readToken(t, true));
    const givR = s.giv.map((t) => readToken(t, false));
    for (const space of [SPACE_K, SPACE_M]) {
      const pick = (r: TokenReadings) => (space === SPACE_K ? r.k : r.m);
      const skip = space === SPACE_K;
      const surAlts = s.sur.length ? product(surR.map(pick), 3, skip) : [[]];
      const givAlts = s.giv.length ? product(givR.map(pick), 4, skip) : [[]];
      for (const sa of surAlts) {
        for (const ga of givAlts) {
          if (sa.length + ga.length === 0 || sa.length > 12 || ga.length > 12) continue;
          // A part whose every token went unread would turn a full name into a bare surname.
          if ((s.giv.length > 0 && ga.length === 0) || (s.sur.length > 0 && sa.length === 0 && ga.length < 2)) continue;
          if (structures.length < 12) structures.push({ space, sur: sa, giv: ga, prior: s.prior * (space === SPACE_M && script === 'hangul' ? 0.97 : 1) });
        }
      }
    }
    // Hangul written as a transcription of Mandarin: the surname is the first transcription unit
    // (추이 = cui, 퍄오 = piao), not the first syllable.
    if (script === 'hangul' && s === sp[0] && tokens.every((t) => t.cls === 'H') && structures.length < 12) {
      const units = segmentTranscription(tokens.map((t) => t.text).join(''));
      if (units && units.length >= 2) {
        const slots = units
          .map((u) => makeSlot(u.hangul, u.pinyin.map((p, j) => mAlt(p, j === 0 ? 1 : 0.95, 'Hangul transcription of Mandarin')), true))
          .filter((x): x is Slot => x !== null);
        if (slots.length === units.length && slots.length <= 12) structures.push({ space: SPACE_M, sur: slots.slice(0, 1), giv: slots.slice(1), prior: 0.97 });
      }
    }
    // Sino-Korean readings guessed from pinyin, when every token has them.
    const all = [...surR, ...givR];
    if (all.length > 0 && all.every((r) => r.viaPinyin) && structures.length < 14) {
      const sur = surR.flatMap((r) => r.viaPinyin ?? []);
      const giv = givR.flatMap((r) => r.viaPinyin ?? []);
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
  const result: Analysis = { norm, script, surname, given, structures };
  lastName = name;
  lastAnalysis = result;
  return result;
}

