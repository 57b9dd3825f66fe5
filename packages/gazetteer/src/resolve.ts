/**
 * Free text -> ranked places. The text is cut into known names and suffix
 * words (a dictionary segmentation, so 延边龙井三合镇 and 용정시삼합진 need no
 * spaces), each name's places are looked up, and a place scores by how much
 * of the text it and its ancestors explain: in "룡정 삼합" the township 三合镇
 * of 龙井市 explains both words, a 三合镇 elsewhere only one.
 */
import {
  findKey, hasPrefix, postingsOf, postingPlace, postingKind, gramCandidates, keyText, placeAt, levelAt, getGazetteer,
  type Gazetteer,
} from './data.ts';
import { KINDS, KIND, fuzzyForm, bigrams, MIN_FUZZY_LENGTH } from './keys.ts';
import { SUFFIXES, MAX_SUFFIX_LENGTH, NEAR_WORDS } from './suffixes.ts';
import { foldKeepSpaces, editDistance, scriptOf } from './text.ts';
import type { Candidate, Country, HierarchyItem, Level } from './types.ts';

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
  /** Row -> [quality, kind] of its best posting. */
  rows: Map<number, [number, number]>;
  /** Level hinted by a suffix word after the name (용정*시*, 三合*镇*). */
  hint?: Level | 'any';
  /** Typo match: the key matched and its distance. */
  typo?: { key: string; distance: number };
}

const MAX_QUERY = 80;
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
  const code = g.store.rowsText.slice(g.store.rowStart[row]!, g.store.rowStart[row]! + 7);
  const korea = !code.startsWith('CN-');
  if (!korea && KOREAN_FORMS.has(kind) && !/^CN-2[123]/.test(code)) return 0.85;
  if (korea && (CHINESE_FORMS.has(kind) || kind === KIND['ROK transcription of the Mandarin'])) return 0.9;
  return 1;
}

function regionPrior(code: string): number {
  if (code.startsWith('CN-2224')) return 0.04;
  if (code.startsWith('CN-22') || code.startsWith('CN-23') || code.startsWith('CN-21')) return 0.025;
  if (code.startsWith('KP')) return 0.02;
  if (code.startsWith('KR')) return 0.015;
  return 0;
}

// Mothers name the larger places more often than a village of the same name.
const LEVEL_PRIOR = [0.06, 0.05, 0.04, 0.02, 0];
// Sharpness of the confidence split between candidates (softmax over scores):
// a difference of 0.035 (a county over a village of one name) gives about 3:1.
const CONFIDENCE_SHARPNESS = 30;

function lookup(g: Gazetteer, key: string, q = 1): Map<number, [number, number]> | undefined {
  const id = findKey(g, key);
  if (id < 0) return undefined;
  const rows = new Map<number, [number, number]>();
  for (const p of postingsOf(g, id)) {
    const row = postingPlace(p), kind = postingKind(p);
    const qq = q * quality(g, row, kind);
    const prev = rows.get(row);
    if (!prev || prev[0] < qq) rows.set(row, [qq, kind]);
  }
  return rows;
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
      const isKey = findKey(g, sub) >= 0;
      if (isKey) {
        const off = latin && (!boundaries.has(i) || !boundaries.has(j)) ? OFF_BOUNDARY_COST : 0;
        const c = cost[i]! + NAME_COST + off;
        if (c < cost[j]!) { cost[j] = c; back[j] = { from: i, type: 'name' }; }
      } else if (isSuffix && i > 0) {
        const off = latin && (!boundaries.has(i) || !boundaries.has(j)) ? OFF_BOUNDARY_COST : 0;
        const c = cost[i]! + SUFFIX_COST + off;
        if (c < cost[j]!) { cost[j] = c; back[j] = { from: i, type: 'suffix' }; }
      }
      if (!isKey && j - i >= MAX_SUFFIX_LENGTH && !hasPrefix(g, sub)) break;
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
    if (p.type === 'name') segs.push({ text, start: p.from, end: p.to, rows: lookup(g, text)! });
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
    const max = form.length >= 8 ? 2 : 1;
    const grams = bigrams(form);
    const found: { key: string; d: number }[] = [];
    for (const id of gramCandidates(g, grams, Math.max(1, grams.length - 2 * max - 1))) {
      const key = keyText(g, id);
      const kf = fuzzyForm(key)!;
      const d = editDistance(form, kf, max);
      if (d <= max) found.push({ key, d });
    }
    if (!found.length) return undefined;
    const best = Math.min(...found.map((f) => f.d));
    const rows = new Map<number, [number, number]>();
    let shown = '';
    for (const f of found) {
      if (f.d > best) continue;
      shown ||= f.key;
      const q = f.d === 1 ? 0.8 : 0.7;
      for (const [row, [qq, kind]] of lookup(g, f.key, q)!) {
        const prev = rows.get(row);
        if (!prev || prev[0] < qq) rows.set(row, [qq, kind]);
      }
    }
    return { text, start, end, rows, hint, typo: { key: shown, distance: best } };
  };
  return tryOne(body) ?? (body !== text ? tryOne(text) : undefined);
}

function hierarchyOf(g: Gazetteer, row: number): HierarchyItem[] {
  const out: HierarchyItem[] = [];
  for (let k = row; k >= 0; k = g.store.parent[k]!) {
    const p = placeAt(g, k);
    out.unshift({ code: p.code, level: p.level, zh: p.names.zh, korean: p.names.koreanDprk });
  }
  return out;
}

interface Scored { row: number; score: number; coverage: number; notes: string[] }

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
  // A typo leaves characters unmatched: try the whole word around them as a typo of one name.
  for (const [a, b] of unmatched) {
    const span = tokenSpans.find(([x, y]) => x <= a && b <= y) ?? [a, b];
    const covered = segs.filter((sg) => sg.start >= span[0] && sg.end <= span[1]);
    const fixed = typoSegment(g, s.slice(span[0], span[1]), span[0], span[1]) ?? (span[0] !== a || span[1] !== b ? typoSegment(g, s.slice(a, b), a, b) : undefined);
    if (!fixed) continue;
    if (fixed.start === span[0] && fixed.end === span[1]) for (const c of covered) segs.splice(segs.indexOf(c), 1);
    segs.push(fixed);
  }
  segs.sort((x, y) => x.start - y.start);
  if (!segs.length) return [];

  const total = segs.length;
  const scored = new Map<number, Scored>();
  segs.forEach((sg, si) => {
    for (const [row, [q, kind]] of sg.rows) {
      const notes = [describe(g, sg, row, kind)];
      let explained = q;
      // Ancestors named elsewhere in the text: 龙井 in "龙井三合镇" for 三合镇.
      for (let a = g.store.parent[row]!; a >= 0; a = g.store.parent[a]!) {
        segs.forEach((other, sj) => {
          if (sj === si) return;
          const hit = other.rows.get(a);
          if (hit) { explained += hit[0]; notes.push(describe(g, other, a, hit[1], 'in')); }
        });
      }
      const coverage = Math.min(1, explained / total);
      let score = coverage + regionPrior(rowCode(g, row)) + LEVEL_PRIOR[g.store.level[row]!]!;
      const lv = levelAt(g, row);
      if (sg.hint && sg.hint !== 'any') {
        if (sg.hint === lv) score += 0.05;
        else { score -= 0.15; notes.push(`the text says ${sg.hint}, this is a ${lv}`); }
      } else if (sg.hint === 'any' && (lv === 'county' || lv === 'prefecture')) score += 0.03;
      if (si === total - 1) score += 0.005;
      const prev = scored.get(row);
      if (!prev || prev.score < score) scored.set(row, { row, score, coverage, notes });
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
    const rivals = list.filter((o) => o !== c && Math.abs(o.score - c.score) < 0.01 && !nested(o)).length;
    const p = placeAt(g, c.row);
    const explanation = [...c.notes];
    if (rivals > 0) explanation.push(`${rivals} other place${rivals > 1 ? 's fit' : ' fits'} the text about as well`);
    if (nested(c)) explanation.push('inside a better candidate of the same name');
    if (near) explanation.push('the text says near/around this place: it is a reference point, not necessarily the place itself');
    const unexplained = segs.filter((sg) => !c.notes.some((n) => n.startsWith(`"${sg.text}"`)));
    for (const u of unexplained) explanation.push(`"${u.text}" is not explained by this place`);
    return {
      code: p.code, level: p.level, country: p.country, names: p.names, hierarchy: hierarchyOf(g, c.row),
      confidence: Math.round(c.coverage * share * 1000) / 1000,
      explanation,
    };
  });
}

function rowCode(g: Gazetteer, row: number): string {
  const t = g.store.rowsText, s = g.store.rowStart[row]!;
  return t.slice(s, t.indexOf('\t', s));
}

function describe(g: Gazetteer, sg: Segment, row: number, kind: number, rel: 'is' | 'in' = 'is'): string {
  const p = placeAt(g, row);
  const what = `${p.names.zh || p.names.koreanDprk} (${p.names.koreanDprk}, ${p.level})`;
  const typo = sg.typo ? `, read as "${sg.typo.key}" (${sg.typo.distance} typo${sg.typo.distance > 1 ? 's' : ''})` : '';
  return rel === 'is'
    ? `"${sg.text}" = ${KINDS[kind]} of ${what}${typo}`
    : `"${sg.text}" = ${KINDS[kind]} of ${what}${typo}, which contains it`;
}
