/**
 * Place adapter backed by @homeward/gazetteer: a place text resolves to a
 * gazetteer code only when the gazetteer's best reading of it is the place's
 * own name in some script (with or without its administrative suffix), so
 * 연길 = 延吉 = Yanji, 延边 contains 龙井, 延吉 and 龙井 share a prefecture;
 * anything else (a foreign town, a typo the gazetteer would have to guess
 * at) stays text and the comparator falls back to comparing spellings.
 */
import { relation, resolve, suggest, type Candidate } from '@homeward/gazetteer';
import * as names from '@homeward/names';
import type { PlaceAdapter, PlaceRelation } from './adapters.ts';

/** A resolved place: the gazetteer code and a small dense id for memo tables. */
export interface GazetteerPlace {
  readonly code: string;
  readonly id: number;
}

// Administrative suffixes a written place name may carry or drop (Chinese,
// Korean reading, pinyin, romanisations, English), longest first. Public
// conventions: the NBS division names (市 县 区 镇 乡 村 街道 州 省 旗) and
// their Korean readings and romanisations.
const SUFFIXES = [
  'zizhizhou', 'zizhixian', 'jiedao', 'sheng', 'xiang', 'zhou', 'zhen', 'xian', 'shi', 'cun', 'qu', 'qi',
  'county', 'city', 'province', 'prefecture', 'town', 'village', 'district', 'si', 'gun', 'gu', 'do', 'eup', 'myeon', 'ri', 'hyeon', 'jin', 'hyang', 'chon', 'ju', 'seong',
  '조선족자치주', '자치주', '가도', '시', '현', '구', '진', '향', '촌', '주', '성', '군', '도', '읍', '면', '리',
  '朝鲜族自治州', '自治州', '街道', '市', '县', '区', '镇', '乡', '村', '州', '省', '旗',
];

function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s'’.\-·]+/gu, '');
}

/** True when `text` is `name`, or `name` with one administrative suffix dropped. */
function namesIt(text: string, name: string): boolean {
  const n = fold(name);
  if (n === text) return true;
  if (!n.startsWith(text)) return false;
  const rest = n.slice(text.length);
  return SUFFIXES.includes(rest);
}

function verified(text: string, c: Candidate): boolean {
  if (c.explanation.some((e) => e.includes('typo'))) return false;
  const nm = c.names;
  return [nm.zh, nm.zhTraditional, nm.koreanDprk, nm.koreanRok, nm.koreanFromMandarin, nm.pinyin, nm.rr, nm.mr, nm.dprk, ...nm.aliases]
    .some((x) => x !== '' && namesIt(text, x));
}

/**
 * Code of a place text, or undefined when the gazetteer does not clearly know it.
 * @example codeOf('룡정') // 'CN-222405'
 */
export function codeOf(text: string): string | undefined {
  const t = fold(text);
  if (t.length < 2) return undefined;
  // Autocomplete is a binary search: most foreign place names start no
  // gazetteer name, and then the full resolver need not run at all.
  if (suggest(text, 1).length === 0) return undefined;
  for (const c of resolve(text, { limit: 5 })) if (verified(t, c)) return c.code;
  return undefined;
}

/**
 * A gazetteer-backed place adapter. Codes get dense ids and relations are
 * memoised per pair of codes, so the scoring loop pays the gazetteer once
 * per pair of distinct places.
 * @example const a = gazetteerPlaceAdapter(); a.relation(a.prepare('연길'), a.prepare('龙井')) // 'same-prefecture'
 */
export function gazetteerPlaceAdapter(): PlaceAdapter<GazetteerPlace | undefined> {
  const ids = new Map<string, number>();
  const memo = new Map<number, PlaceRelation>();
  return {
    normalize: (t) => names.normalize(t),
    prepare(norm) {
      let code: string | undefined;
      try {
        code = codeOf(norm);
      } catch {
        // An unreadable text is compared as text.
        code = undefined;
      }
      if (code === undefined) return undefined;
      let id = ids.get(code);
      if (id === undefined) { id = ids.size; ids.set(code, id); }
      return { code, id };
    },
    relation(a, b) {
      if (!a || !b) return undefined;
      if (a.id === b.id) return 'same';
      const key = a.id < b.id ? a.id * 0x100000 + b.id : b.id * 0x100000 + a.id;
      let r = memo.get(key);
      if (r === undefined) {
        r = relation(a.code, b.code);
        memo.set(key, r);
      }
      return r;
    },
    // A known place blocks (and refines big blocks) by its province, so
    // 연길, Yanji and 延边 fall together; an unknown one by its text.
    blockingKeys: (n, p) => (p ? [`@${p.code.slice(0, 5)}`] : n ? [n] : []),
  };
}
