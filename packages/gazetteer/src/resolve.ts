/**
 * Free text -> ranked places. The text is cut into known names and suffix
 * words (a dictionary segmentation, so 延边龙井三合镇 and 용정시삼합진 need no
 * spaces), each name's places are looked up, and a place scores by how much
 * of the text it and its ancestors explain: in "룡정 삼합" the township 三合镇
 * of 龙井市 explains both words, a 三合镇 elsewhere only one.
 */
import {
  findKey, probeKey, postingsOf, postingPlace, postingKind, gramCandidates, keyText, placeAt, getGazetteer, rowAt,
  type Gazetteer,
} from './data.ts';
import { KINDS, KIND, LEVELS, COL, fuzzyForm, bigrams, MIN_FUZZY_LENGTH } from './keys.ts';
import { SUFFIXES, MAX_SUFFIX_LENGTH, NEAR_WORDS } from './suffixes.ts';
import { foldKeepSpaces, editDistance, scriptOf } from './text.ts';
import type { Candidate, Country, HierarchyItem, Level, Place } from './types.ts';

export interface ResolveOptions {
  /** Most candidates returned (default 10). */
  limit?: number;
  /** Keep only places of this country. */
  country?: Country;
  /** Keep only this place and places inside it (a code). */
  within?: string;
}

interface Segment {
  /** The words of the query this segment covers. */
  text: string;
  start: number;
  end: number;
  /** Row -> packed best posting: quality in thousandths * 32 + kind. */
  rows: Map<number, number>;
  /** Level hinted by a suffix word after the name (용정*시*, 三合*镇*). */
  hint?: Level | 'any';
  /** Typo match: the key matched and its distance. */
  typo?: { key: string; distance: number };
}

const MAX_QUERY = 80;
// Every proper prefix of a suffix word, so the segmenter keeps growing a window towards one.
const SUFFIX_PREFIXES = new Set([...SUFFIXES.keys()].flatMap((w) => [...Array(w.length).keys()].map((k) => w.slice(0, k + 1))));
const SKIP_COST = 1;
const NAME_COST = 0.2;
const SUFFIX_COST = 0.1;
const OFF_BOUNDARY_COST = 0.3;

// Names Chinese people do not use for a Chinese place: its Korean readings
// outside the Korean-speaking border region score lower, as do Chinese
// readings of Korean places.
const KOREAN_FORMS = new Set([KIND['Korean reading (DPRK/Yanbian spelling)'], KIND['Korean reading without suffix (DPRK/Yanbian spelling)'],
  KIND['Korean reading (ROK spelling)'], KIND['Korean reading without suffix (ROK spelling)'], KIND['Revised Romanization'],
  KIND['McCune-Reischauer'], KIND['DPRK romanisation'], KIND['romanised name without suffix']]);
const CHINESE_FORMS = new Set([KIND.pinyin, KIND['pinyin without suffix'], KIND['Chinese name'], KIND['Chinese name without suffix'],
  KIND['traditional Chinese'], KIND['traditional Chinese without suffix']]);

function quality(g: Gazetteer, row: number, kind: number): number {
  const r = g.region[row]!;
  if (r === 0 && KOREAN_FORMS.has(kind)) return 0.85;
  if ((r === 1 || r === 2) && (CHINESE_FORMS.has(kind) || kind === KIND['ROK transcription of the Mandarin'])) return 0.9;
  return 1;
}

// By region class (see Gazetteer.region): elsewhere, ROK, DPRK, border provinces, Yanbian.
const REGION_PRIOR = [0, 0.015, 0.02, 0.025, 0.04];

const pack = (q: number, kind: number): number => Math.round(q * 1000) * 32 + kind;
const packedQuality = (v: number): number => Math.floor(v / 32) / 1000;
const packedKind = (v: number): number => v % 32;

// Mothers name the larger places more often than a village of the same name.
const LEVEL_PRIOR = [0.06, 0.05, 0.04, 0.02, 0];
// Sharpness of the confidence split between candidates (softmax over scores):
// a difference of 0.035 (a county over a village of one name) gives about 3:1.
const CONFIDENCE_SHARPNESS = 30;

function addPostings(g: Gazetteer, id: number, q: number, rows: Map<number, number>): void {
  for (const p of postingsOf(g, id)) {
    const row = postingPlace(p), kind = postingKind(p);
    const v = pack(q * quality(g, row, kind), kind);
    const prev = rows.get(row);
    if (prev === undefined || prev < v) rows.set(row, v);
  }
}

/** Dictionary segmentation minimising unmatched characters, then the number of names. */
function segment(g: Gazetteer, s: string, boundaries: Set<number>, latin: boolean): { segs: Segment[]; unmatched: [number, number][] } {
  const L = s.length;
  const cost = new Array<number>(L + 1).fill(Infinity);
  const back = new Array<{ from: number; type: 'skip' | 'name' | 'suffix' } | undefined>(L + 1);
  cost[0] = 0;
  const maxLen = Math.max(24, MAX_SUFFIX_LENGTH);
  for (let i = 0; i < L; i++) {
    if (cost[i] === Infinity) continue;
    if (cost[i]! + SKIP_COST < cost[i + 1]!) { cost[i + 1] = cost[i]! + SKIP_COST; back[i + 1] = { from: i, type: 'skip' }; }
    for (let j = i + 1; j <= Math.min(L, i + maxLen); j++) {
      const sub = s.slice(i, j);
      const isSuffix = SUFFIXES.has(sub);
      const probe = probeKey(g, sub);
      const isKey = probe.id >= 0;
      if (isKey) {
        const off = latin && (!boundaries.has(i) || !boundaries.has(j)) ? OFF_BOUNDARY_COST : 0;
        const c = cost[i]! + NAME_COST + off;
        if (c < cost[j]!) { cost[j] = c; back[j] = { from: i, type: 'name' }; }
      } else if (isSuffix && i > 0) {
        const off = latin && (!boundaries.has(i) || !boundaries.has(j)) ? OFF_BOUNDARY_COST : 0;
        const c = cost[i]! + SUFFIX_COST + off;
        if (c < cost[j]!) { cost[j] = c; back[j] = { from: i, type: 'suffix' }; }
      }
      if (!probe.prefix && !SUFFIX_PREFIXES.has(sub)) break;
    }
  }
  const parts: { from: number; to: number; type: 'skip' | 'name' | 'suffix' }[] = [];
  for (let j = L; j > 0;) {
    const b = back[j]!;
    parts.unshift({ from: b.from, to: j, type: b.type });
    j = b.from;
  }
  const segs: Segment[] = [];
  const unmatched: [number, number][] = [];
  for (const p of parts) {
    const text = s.slice(p.from, p.to);
    if (p.type === 'name') {
      const rows = new Map<number, number>();
      addPostings(g, findKey(g, text), 1, rows);
      segs.push({ text, start: p.from, end: p.to, rows });
    }
    else if (p.type === 'suffix') {
      const last = segs[segs.length - 1];
      if (last && last.end === p.from) last.hint = SUFFIXES.get(text)!.level;
    } else {
      const u = unmatched[unmatched.length - 1];
      if (u && u[1] === p.from) u[1] = p.to; else unmatched.push([p.from, p.to]);
    }
  }
  return { segs, unmatched };
}

/** Places whose name is within a typo or two of the text (Latin and Hangul only). */
function typoSegment(g: Gazetteer, text: string, start: number, end: number): Segment | undefined {
  let body = text, hint: Level | 'any' | undefined;
  for (let k = Math.min(MAX_SUFFIX_LENGTH, body.length - 2); k >= 1; k--) {
    const suf = body.slice(body.length - k);
    if (SUFFIXES.has(suf) && scriptOf(suf) === scriptOf(body)) { hint = SUFFIXES.get(suf)!.level; body = body.slice(0, body.length - k); break; }
  }
  const tryOne = (b: string): Segment | undefined => {
    const form = fuzzyForm(b);
    if (!form || form.length < MIN_FUZZY_LENGTH) return undefined;
    const max = form.length >= 12 ? 2 : 1;
    const grams = bigrams(form);
    const latinQuery = form === b;
    // An edit destroys at most three distinct bigrams (a transposition), so a
    // key within `max` edits shares at least this many with the text.
    const minShared = Math.max(1, grams.length - 3 * max);
    const found: { key: string; d: number }[] = [];
    for (const id of gramCandidates(g, grams, minShared, b.length - max, b.length + max)) {
      const len = g.store.keyStart[id + 1]! - g.store.keyStart[id]! - 1;
      // Key length in code units: letters for Latin, syllables for Hangul (one jamo edit changes at most one syllable).
      if (Math.abs(len - b.length) > max) continue;
      // One edit cannot change both the first and the last letter of a Latin key.
      if (latinQuery && max === 1 && len > 2) {
        const ks = g.store.keyStart[id]!, t = g.store.keysText;
        if (t.charCodeAt(ks) !== b.charCodeAt(0) && t.charCodeAt(ks + len - 1) !== b.charCodeAt(b.length - 1)) continue;
      }
      const key = keyText(g, id);
      const d = editDistance(form, fuzzyForm(key)!, max);
      if (d <= max) found.push({ key, d });
    }
    if (!found.length) return undefined;
    const best = Math.min(...found.map((f) => f.d));
    const rows = new Map<number, number>();
    let shown = '';
    for (const f of found) {
      if (f.d > best) continue;
      shown ||= f.key;
      addPostings(g, findKey(g, f.key), f.d === 1 ? 0.8 : 0.7, rows);
    }
    return { text, start, end, rows, hint, typo: { key: shown, distance: best } };
  };
  return tryOne(body) ?? (body !== text ? tryOne(text) : undefined);
}

let charPinyin: Map<string, string> | undefined;

/**
 * Pinyin of each Chinese character as the place names themselves read it,
 * built once on the first homophone search from the names' own pinyin
 * (a few hundred milliseconds; most queries never need it).
 */
function pinyinOfChars(g: Gazetteer): Map<string, string> {
  if (charPinyin) return charPinyin;
  const m = new Map<string, string>();
  for (let i = 0; i < g.size; i++) {
    const f = rowAt(g, i);
    const chars = [...f[COL.zh]!], syl = f[COL.py]!.split(' ');
    if (chars.length !== syl.length) continue;
    chars.forEach((ch, k) => { if (!m.has(ch)) m.set(ch, syl[k]!.replace(/v/g, 'u')); });
  }
  return (charPinyin = m);
}

/** A Chinese word typed with a wrong character of the same sound (龙景 for 龙井): look its pinyin up. */
function homophoneSegment(g: Gazetteer, text: string, start: number, end: number): Segment | undefined {
  if (scriptOf(text) !== 'han' || [...text].length < 2) return undefined;
  const py = pinyinOfChars(g);
  const attempt = (t: string): Segment | undefined => {
    let key = '';
    for (const ch of t) { const p = py.get(ch); if (!p) return undefined; key += p; }
    const id = findKey(g, key);
    if (id < 0) return undefined;
    const rows = new Map<number, number>();
    addPostings(g, id, 0.75, rows);
    return { text, start, end, rows, typo: { key, distance: 1 } };
  };
  const chars = [...text];
  const suffix = chars.length > 2 ? SUFFIXES.get(chars[chars.length - 1]!) : undefined;
  const stem = suffix ? chars.slice(0, -1).join('') : undefined;
  const found = attempt(text) ?? (stem ? attempt(stem) : undefined);
  if (found && suffix) found.hint = suffix.level;
  return found;
}

function hierarchyOf(g: Gazetteer, row: number, self: Place): HierarchyItem[] {
  const out: HierarchyItem[] = [{ code: self.code, level: self.level, zh: self.names.zh, korean: self.names.koreanDprk }];
  for (let k = g.store.parent[row]!; k >= 0; k = g.store.parent[k]!) {
    const p = placeAt(g, k);
    out.unshift({ code: p.code, level: p.level, zh: p.names.zh, korean: p.names.koreanDprk });
  }
  return out;
}

interface Scored { row: number; score: number; coverage: number; seg: number }

/**
 * Ranked places for free text in any script or mixture, best first; empty
 * when nothing matches (unresolved text stays text). Ambiguity is kept:
 * several places that fit equally share the confidence.
 * Example: `resolve('룡정 삼합')[0].code === 'CN-222405103'` (三合镇, 龙井市).
 */
export function resolve(text: string, opts: ResolveOptions = {}): Candidate[] {
  const g = getGazetteer();
  const limit = opts.limit ?? 10;
  let near = false;
  const folded = foldKeepSpaces(String(text).slice(0, 4 * MAX_QUERY)).replace(NEAR_WORDS, (w) => {
    if (!/^(the|in|of|area|region|지역)$/.test(w)) near = true;
    return ' ';
  });
  const tokens = folded.split(' ').filter(Boolean);
  if (!tokens.length) return [];
  const boundaries = new Set<number>([0]);
  const tokenSpans: [number, number][] = [];
  let s = '';
  for (const t of tokens) {
    if (s.length >= MAX_QUERY) break;
    tokenSpans.push([s.length, s.length + t.length]);
    s += t;
    boundaries.add(s.length);
  }
  const latin = scriptOf(s) === 'latin';
  const { segs, unmatched } = segment(g, s, boundaries, latin);
  // A typo leaves characters unmatched: try the whole word around them as a
  // typo of one name (once per word), else the unmatched run alone.
  const tried = new Set<number>();
  for (const [a, b] of unmatched) {
    const span = tokenSpans.find(([x, y]) => x <= a && b <= y) ?? [a, b];
    if (tried.has(span[0])) continue;
    tried.add(span[0]);
    let fixed = typoSegment(g, s.slice(span[0], span[1]), span[0], span[1]) ?? homophoneSegment(g, s.slice(span[0], span[1]), span[0], span[1]);
    if (fixed) {
      for (let k = segs.length - 1; k >= 0; k--) if (segs[k]!.start >= span[0] && segs[k]!.end <= span[1]) segs.splice(k, 1);
    } else if (span[0] !== a || span[1] !== b) {
      fixed = typoSegment(g, s.slice(a, b), a, b);
      // A wrong character next to a right one (八家字 for 八家子): the name
      // found beside the unmatched run may be part of the misspelt word.
      if (!fixed && scriptOf(s.slice(a, b)) === 'han') {
        const before = segs.find((sg) => sg.end === a && sg.start >= span[0]);
        const after = segs.find((sg) => sg.start === b && sg.end <= span[1]);
        for (const [x, y, drop] of [[a, b, []], [before?.start, b, [before]], [a, after?.end, [after]], [before?.start, after?.end, [before, after]]] as const) {
          if (x === undefined || y === undefined || drop.some((d) => !d)) continue;
          fixed = homophoneSegment(g, s.slice(x, y), x, y);
          if (fixed) { for (const d of drop) segs.splice(segs.indexOf(d!), 1); break; }
        }
      }
    }
    if (fixed) segs.push(fixed);
  }
  segs.sort((x, y) => x.start - y.start);
  if (!segs.length) return [];

  const total = segs.length;
  const scored = new Map<number, Scored>();
  segs.forEach((sg, si) => {
    for (const [row, v] of sg.rows) {
      let explained = packedQuality(v);
      // Ancestors named elsewhere in the text: 龙井 in "龙井三合镇" for 三合镇.
      if (total > 1) {
        for (let a = g.store.parent[row]!; a >= 0; a = g.store.parent[a]!) {
          for (let sj = 0; sj < total; sj++) {
            if (sj === si) continue;
            const hit = segs[sj]!.rows.get(a);
            if (hit !== undefined) explained += packedQuality(hit);
          }
        }
      }
      const coverage = Math.min(1, explained / total);
      const lv = g.store.level[row]!;
      let score = coverage + REGION_PRIOR[g.region[row]!]! + LEVEL_PRIOR[lv]!;
      if (sg.hint && sg.hint !== 'any') score += sg.hint === LEVELS[lv] ? 0.05 : -0.15;
      else if (sg.hint === 'any' && (lv === 1 || lv === 2)) score += 0.03;
      if (si === total - 1) score += 0.005;
      const prev = scored.get(row);
      if (!prev || prev.score < score) scored.set(row, { row, score, coverage, seg: si });
    }
  });

  let list = [...scored.values()];
  if (opts.country) list = list.filter((c) => rowCode(g, c.row).startsWith(opts.country!));
  if (opts.within) {
    const w = opts.within;
    list = list.filter((c) => { for (let k = c.row; k >= 0; k = g.store.parent[k]!) if (rowCode(g, k) === w) return true; return false; });
  }
  list.sort((a, b) => b.score - a.score || a.row - b.row);
  // A place inside a better-scoring candidate of the same reading (三合村 in
  // 三合镇) does not compete with it, so it does not take its confidence.
  const inList = new Map(list.map((c) => [c.row, c]));
  const nested = (c: Scored): boolean => {
    for (let k = g.store.parent[c.row]!; k >= 0; k = g.store.parent[k]!) { const a = inList.get(k); if (a && a.score >= c.score) return true; }
    return false;
  };
  const best = list[0]?.score ?? 0;
  let denominator = 0;
  for (const c of list) if (!nested(c)) denominator += Math.exp(CONFIDENCE_SHARPNESS * (c.score - best));
  const top = list.slice(0, limit);
  return top.map((c) => {
    const weight = Math.exp(CONFIDENCE_SHARPNESS * (c.score - best));
    const share = weight / (nested(c) ? denominator + weight : denominator);
    const rivals = list.filter((o) => o !== c && Math.abs(o.coverage - c.coverage) < 1e-9 && !nested(o)).length;
    const p = placeAt(g, c.row);
    const explanation = notesFor(g, segs, c, p);
    if (rivals > 0) explanation.push(`${rivals} other place${rivals > 1 ? 's fit' : ' fits'} the text as well; ranked by region (border region first) and size`);
    if (nested(c)) explanation.push('inside a better candidate of the same name');
    if (near) explanation.push('the text says near/around this place: it is a reference point, not necessarily the place itself');
    const unexplained = segs.filter((sg) => !explanation.some((n) => n.startsWith(`"${sg.text}"`)));
    for (const u of unexplained) explanation.push(`"${u.text}" is not explained by this place`);
    return {
      code: p.code, level: p.level, country: p.country, names: p.names, hierarchy: hierarchyOf(g, c.row, p),
      confidence: Math.round(c.coverage * share * 1000) / 1000,
      explanation,
    };
  });
}

/** Why a candidate: the name it matched, the ancestors the rest of the text named, level hints. */
function notesFor(g: Gazetteer, segs: Segment[], c: Scored, self: Place): string[] {
  const sg = segs[c.seg]!;
  const v = sg.rows.get(c.row)!;
  const notes = [describe(g, sg, self, packedKind(v))];
  for (let a = g.store.parent[c.row]!; a >= 0; a = g.store.parent[a]!) {
    segs.forEach((other, sj) => {
      if (sj === c.seg) return;
      const hit = other.rows.get(a);
      if (hit !== undefined) notes.push(describe(g, other, placeAt(g, a), packedKind(hit), 'in'));
    });
  }
  const lv = self.level;
  if (sg.hint && sg.hint !== 'any' && sg.hint !== lv) notes.push(`the text says ${sg.hint}, this is a ${lv}`);
  return notes;
}

function rowCode(g: Gazetteer, row: number): string {
  const t = g.store.rowsText, s = g.store.rowStart[row]!;
  return t.slice(s, t.indexOf('\t', s));
}

function describe(_g: Gazetteer, sg: Segment, p: Place, kind: number, rel: 'is' | 'in' = 'is'): string {
  const what = `${p.names.zh || p.names.koreanDprk} (${p.names.koreanDprk}, ${p.level})`;
  const typo = !sg.typo ? '' : scriptOf(sg.text) === 'han'
    ? `, read as a character of the same sound (pinyin "${sg.typo.key}")`
    : `, read as "${sg.typo.key}" (${sg.typo.distance} typo${sg.typo.distance > 1 ? 's' : ''})`;
  return rel === 'is'
    ? `"${sg.text}" = ${KINDS[kind]} of ${what}${typo}`
    : `"${sg.text}" = ${KINDS[kind]} of ${what}${typo}, which contains it`;
}
