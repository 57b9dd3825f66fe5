// Fictional registry for the tracing benchmark: cases of a Korean mother
// (Hangul, Hanja and romanised names) seeking a child with a Chinese name
// (Hanzi, its Korean reading in Hangul, pinyin), and leads from the field
// naming children in any of those forms, with remembered ages and places of
// the border region. Names are assembled at random from common characters:
// no record describes a real person. Readings come from @homeward/names
// (Unihan), places from @homeward/gazetteer.
import type { PartialDate } from '@homeward/contracts';
import { children } from '@homeward/gazetteer';
import { rng } from '@homeward/match';
import * as names from '@homeward/names';

const SURNAMES = '金李朴崔郑姜赵尹张林韩吴申徐权黄安宋柳全洪高文梁孙裴白许南卢'.split('');
const SURNAME_W = [21, 15, 8, 5, 4, 2, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.3, 1.3, 1.3, 1.3, 1.2, 1.2, 1, 1, 1, 1, 1, 0.8, 0.8, 0.7, 0.5, 0.5];
const GIVEN = '美玲英秀珍明成哲浩俊贤恩惠智敏淑正光国东花玉顺春海龙日永南善仁文学云兰丽红军勇杰强林香梅雪银峰锦石宇泰秋燕京镇基范相万吉福德在允元钟植赫烈兴汉喜荣根爱彩芝孝昌斗炳奎泽容星铁太河夏松竹莲柱心新道贞熙'.split('');

export interface GenPerson {
  hanzi: string;
  hangul: string;
  latin: string;
  birth: PartialDate;
  placeCode: string;
  sex: 'female' | 'male';
}

export interface GenCase {
  applicant: GenPerson;
  sought: GenPerson[];
  assignee: number;
}

export interface GenLead {
  name: string;
  birth?: PartialDate;
  approxAge?: { age: number; atYear: number };
  placeCode?: string;
  sex?: 'female' | 'male';
  /** Index of the case and sought person it is about, or -1 for a stranger. */
  truth: [number, number] | -1;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const korean = new Map<string, string>();
const pinyin = new Map<string, string>();
const koreanOf = (ch: string) => {
  let k = korean.get(ch);
  if (k === undefined) korean.set(ch, (k = names.koreanReadings(ch)[0] ?? ch));
  return k;
};
const pinyinOf = (ch: string, surname: boolean) => {
  const key = `${surname ? 's' : 'g'}${ch}`;
  let p = pinyin.get(key);
  if (p === undefined) pinyin.set(key, (p = names.pinyinReadings(ch, { surname })[0] ?? ch));
  return p;
};

/** Townships of Yanbian and its neighbours: gazetteer codes, so place relations are real. */
function placeCodes(): { codes: string[]; county: Map<string, string> } {
  const codes: string[] = [];
  const county = new Map<string, string>();
  for (const c of children('CN-2224')) {
    for (const t of children(c.code)) {
      codes.push(t.code);
      county.set(t.code, c.code);
    }
  }
  return { codes, county };
}

export interface Registry {
  cases: GenCase[];
  leads: GenLead[];
  newLeads: GenLead[];
  queries: { text: string; caseIndex: number }[];
}

/**
 * `n` cases, `leadCount` stored leads (a quarter about sought children),
 * `samples` new leads (half true) and search queries for the timed part.
 */
export function generate(n: number, leadCount: number, samples: number, caseworkers: number, seed = 2026): Registry {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const totalW = SURNAME_W.reduce((a, b) => a + b, 0);
  const surname = () => {
    let x = r() * totalW;
    for (let i = 0; i < SURNAMES.length; i++) { x -= SURNAME_W[i]!; if (x < 0) return SURNAMES[i]!; }
    return SURNAMES[0]!;
  };
  const { codes, county } = placeCodes();
  const person = (yearLo: number, yearHi: number, sex: 'female' | 'male'): GenPerson => {
    const s = surname();
    const given = r() < 0.08 ? [pick(GIVEN)] : [pick(GIVEN), pick(GIVEN)];
    const hanzi = s + given.join('');
    const hangul = koreanOf(s) + given.map(koreanOf).join('');
    const latin = `${cap(pinyinOf(s, true))} ${cap(given.map((g) => pinyinOf(g, false)).join(''))}`;
    const year = yearLo + Math.floor(r() * (yearHi - yearLo + 1));
    const birth: PartialDate = r() < 0.5 ? { year } : r() < 0.5 ? { year, month: 1 + Math.floor(r() * 12) } : { approxAge: Math.max(1, 2024 - year), atYear: 2024 };
    return { hanzi, hangul, latin, birth, placeCode: pick(codes), sex };
  };
  const cases: GenCase[] = [];
  for (let i = 0; i < n; i++) {
    const sought = [person(2000, 2020, r() < 0.5 ? 'female' : 'male')];
    if (r() < 0.1) sought.push(person(2000, 2020, r() < 0.5 ? 'female' : 'male'));
    cases.push({ applicant: person(1965, 1995, 'female'), sought, assignee: i % caseworkers });
  }
  const yearOf = (b: PartialDate) => b.year ?? (b.atYear ?? 2024) - (b.approxAge ?? 0);
  // A lead about a sought child: another script, an age remembered roughly, the same or a neighbouring place.
  const about = (ci: number, si: number): GenLead => {
    const p = cases[ci]!.sought[si]!;
    const form = r();
    const lead: GenLead = { name: form < 0.4 ? p.hanzi : form < 0.75 ? p.hangul : p.latin, truth: [ci, si] };
    const y = yearOf(p.birth) + (r() < 0.2 ? (r() < 0.5 ? -1 : 1) : 0);
    if (r() < 0.7) lead.approxAge = { age: Math.max(0, 2025 - y), atYear: 2025 };
    else if (r() < 0.5) lead.birth = { year: y };
    if (r() < 0.8) {
      const c = county.get(p.placeCode)!;
      lead.placeCode = r() < 0.5 ? p.placeCode : r() < 0.5 ? c : pick(codes);
    }
    if (r() < 0.9) lead.sex = p.sex;
    return lead;
  };
  const stranger = (): GenLead => {
    const p = person(2000, 2020, r() < 0.5 ? 'female' : 'male');
    const form = r();
    const lead: GenLead = { name: form < 0.4 ? p.hanzi : form < 0.75 ? p.hangul : p.latin, truth: -1 };
    if (r() < 0.7) lead.approxAge = { age: Math.max(0, 2025 - yearOf(p.birth)), atYear: 2025 };
    if (r() < 0.8) lead.placeCode = p.placeCode;
    if (r() < 0.9) lead.sex = p.sex;
    return lead;
  };
  const lead = () => {
    if (r() < 0.25) {
      const ci = Math.floor(r() * n);
      return about(ci, Math.floor(r() * cases[ci]!.sought.length));
    }
    return stranger();
  };
  const leads = Array.from({ length: leadCount }, lead);
  const newLeads = Array.from({ length: samples }, (_, i) => {
    if (i % 2 === 1) return stranger();
    const ci = Math.floor(r() * n);
    return about(ci, 0);
  });
  // Searches by a caseworker (number 0) for children in their own cases, in another script.
  const own = cases.map((_, i) => i).filter((i) => cases[i]!.assignee === 0);
  const queries = Array.from({ length: samples }, () => {
    const ci = pick(own);
    const p = cases[ci]!.sought[0]!;
    const f = r();
    return { text: f < 0.33 ? p.hanzi : f < 0.66 ? p.hangul : p.latin, caseIndex: ci };
  });
  return { cases, leads, newLeads, queries };
}
