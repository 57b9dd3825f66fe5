/**
 * Builds pairs.tsv, the labelled corpus for the names benchmark and tests:
 *
 *   node --import tsx packages/names/test/corpus/build-corpus.ts
 *
 * Everything here is typed by hand from public references (see README.md),
 * never produced by @homeward/names itself, so the corpus can catch the
 * library's mistakes. Given names are fictional: random combinations of
 * common name characters (seeded, deterministic). Columns:
 *   a <TAB> b <TAB> same (1/0) <TAB> kind (surname|name|place) <TAB> how
 */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SURNAMES, GIVEN, PLACES, type Sur, type Giv } from './tables.ts';

// Different places that look alike (hanzi pairs); each is expanded across scripts.
const PLACE_NEGATIVES: [string, string][] = [
  ['龙井', '龙江'], ['延吉', '延寿'], ['吉林', '桂林'], ['长春', '长白'], ['丹东', '山东'], ['珲春', '长春'], ['和龙', '黑龙'],
  ['通化', '敦化'], ['图们', '天门'], ['延边', '延安'], ['沈阳', '洛阳'], ['辽阳', '沈阳'], ['大连', '大同'], ['青岛', '青海'],
  ['汪清', '汪洋'], ['临江', '龙江'], ['白山', '鞍山'], ['东宁', '西宁'], ['宁安', '西安'], ['抚顺', '抚松'],
];
const NEG_PLACES: Record<string, [string, string, string]> = {
  龙江: ['룡강', '룽장', 'Longjiang'], 延寿: ['연수', '옌서우', 'Yanshou'], 桂林: ['계림', '구이린', 'Guilin'],
  山东: ['산동', '산둥', 'Shandong'], 黑龙: ['흑룡', '헤이룽', 'Heilong'], 天门: ['천문', '톈먼', 'Tianmen'],
  延安: ['연안', '옌안', "Yan'an"], 洛阳: ['락양', '뤄양', 'Luoyang'], 大同: ['대동', '다퉁', 'Datong'],
  青海: ['청해', '칭하이', 'Qinghai'], 汪洋: ['왕양', '왕양', 'Wangyang'], 西宁: ['서녕', '시닝', 'Xining'],
  西安: ['서안', '시안', "Xi'an"], 抚松: ['무송', '푸쑹', 'Fusong'],
};

// Deterministic PRNG (mulberry32) so the corpus is reproducible.
let seed = 20240611;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

interface Name { sur: Sur; giv: [Giv, Giv] }
function forms(n: Name): Record<string, string> {
  const [s, [g1, g2]] = [n.sur, n.giv];
  const pass = s[5][0]!;
  return {
    hanzi: s[0] + g1[0] + g2[0],
    north: s[1] + g1[1] + g2[1],
    south: s[2] + g1[2] + g2[1],
    pinyin: `${s[3]} ${cap(g1[3] + (/^[aeo]/.test(g2[3]) ? "'" : '') + g2[3])}`,
    transcription: s[4] + g1[4] + g2[4],
    rr: `${pass} ${cap(g1[5])}-${g2[5].replace(/^r/, g1[5].endsWith('l') ? 'l' : 'r')}`,
    rrJoined: `${s[5][1] ?? pass} ${cap(g1[5] + g2[5])}`,
    dprk: `${s[5].includes('Ri') ? 'Ri' : s[5].find((x) => /^R/.test(x)) ?? pass} ${cap(g1[6])} ${cap(g2[6])}`,
    mr: `${s[5][1] ?? pass} ${cap(g1[6])}-${g2[6]}`,
    passport: `${pass} ${cap(g1[7])} ${cap(g2[7])}`,
    passportReversed: `${cap(g1[7])}-${g2[7]} ${pass.toUpperCase()}`,
    passportJoined: `${cap(g1[7] + g2[7])} ${pass}`,
  };
}

// Spelling variation in a Latin string, as seen in real records: one vowel or consonant
// spelling replaced by another common one in the given name (Young/Yong, Soo/Su, Chul/Cheol,
// Kwang/Gwang, Ryong/Lyong), or the given name's syllables joined or split.
const VARIANTS: [RegExp, string][] = [
  [/oo/, 'u'], [/ee/, 'i'], [/eo/, 'u'], [/eo/, 'o'], [/eu/, 'u'], [/ou/, 'o'], [/ae/, 'e'], [/yeo/, 'yo'],
  [/i(?!n)/, 'ee'], [/k/, 'g'], [/(?<!n)g/, 'k'], [/b/, 'p'], [/p/, 'b'], [/d/, 't'], [/j/, 'ch'], [/ch/, 'j'], [/r/, 'l'], [/sh/, 's'],
];
function typo(s: string): string {
  const sp = s.indexOf(' ');
  const head = s.slice(0, sp + 1);
  let tail = s.slice(sp + 1);
  const order = [...VARIANTS.keys()].sort(() => rand() - 0.5);
  for (const k of order) {
    const [re, rep] = VARIANTS[k]!;
    const m = re.exec(tail.toLowerCase());
    if (m) {
      const at = m.index;
      const piece = tail.slice(at, at + m[0].length);
      const out = piece[0] === piece[0]!.toUpperCase() ? rep[0]!.toUpperCase() + rep.slice(1) : rep;
      tail = tail.slice(0, at) + out + tail.slice(at + m[0].length);
      return head + tail;
    }
  }
  return head + (tail.includes('-') ? tail.replace('-', '') : tail.replace(' ', '-'));
}

const rows: string[] = [];
const seen = new Set<string>();
function add(a: string, b: string, same: 0 | 1, kind: string, how: string): void {
  const key = a < b ? a + '\t' + b : b + '\t' + a;
  if (a === b || seen.has(key)) return;
  seen.add(key);
  rows.push([a, b, same, kind, how].join('\t'));
}

// Korean readings equal up to the initial-sound rule: not a fair negative.
const KEY = (h: string): string => h.replace(/[리이니]/g, 'I').replace(/[령영녕]/g, 'Y').replace(/[량양냥]/g, 'A').replace(/[련연]/g, 'E').replace(/[룡용]/g, 'O').replace(/[란난]/g, 'N').replace(/[려여녀]/g, 'R');
const confusable = (a: Giv, b: Giv): boolean => KEY(a[1]) === KEY(b[1]) || a[3] === b[3] || a[5] === b[5] || a[6] === b[6] || a[7] === b[7];

// ---- surnames -----------------------------------------------------------
for (const s of SURNAMES) {
  add(s[0], s[1], 1, 'surname', 'hanzi-north');
  if (s[2] !== s[1]) add(s[0], s[2], 1, 'surname', 'hanzi-south');
  if (s[2] !== s[1]) add(s[1], s[2], 1, 'surname', 'north-south');
  add(s[0], s[3], 1, 'surname', 'hanzi-pinyin');
  for (const l of s[5].slice(0, 3)) add(s[2], l, 1, 'surname', 'hangul-latin');
  add(s[0], s[5][0]!, 1, 'surname', 'hanzi-latin');
}
const SURNEG: [string, string][] = [
  ['김', '감'], ['Kim', 'Kang'], ['Park', 'Pang'], ['Lee', 'Lim'], ['이', '임'], ['Choi', 'Cho'], ['최', '조'], ['정', '전'],
  ['Jung', 'Jeon'], ['李', '林'], ['李', '刘'], ['Li', 'Liu'], ['王', '黄'], ['Wang', 'Huang'], ['金', '陈'],
  ['朴', '白'], ['박', '백'], ['Park', 'Baek'], ['尹', '严'], ['윤', '엄'], ['Yoon', 'Yang'], ['张', '章'].reverse() as [string, string],
  ['강', '장'], ['Kang', 'Jang'], ['송', '손'], ['Song', 'Son'], ['한', '황'], ['Han', 'Hwang'], ['홍', '공'], ['Hong', 'Kong'],
  ['오', '우'], ['Oh', 'Woo'], ['서', '소'], ['신', '심'], ['Shin', 'Shim'], ['고', '구'], ['Ko', 'Koo'], ['문', '민'],
  ['Moon', 'Min'], ['南', '蓝'], ['남', '나'], ['Nam', 'Na'], ['崔', '曹'], ['Choi', 'Cao'], ['郑', '曾'], ['赵', '周'],
  ['Zhao', 'Zhou'], ['林', '杨'], ['Lim', 'Yang'], ['柳', '刘'].reverse() as [string, string], ['徐', '许'].reverse() as [string, string],
];
for (const [a, b] of SURNEG) {
  // 张/章, 柳/刘 and 徐/许 read alike in one language: keep them out of the negatives. So is Kim/Jin:
  // Korean-Chinese write 金 (Kim) as Jin.
  if ((a === '章' && b === '张') || (a === '刘' && b === '柳') || (a === '许' && b === '徐')) continue;
  add(a, b, 0, 'surname', 'different surname');
}

// ---- full names ---------------------------------------------------------
const names: Name[] = [];
for (let i = 0; i < 150; i++) {
  const g1 = pick(GIVEN);
  let g2 = pick(GIVEN);
  while (g2 === g1) g2 = pick(GIVEN);
  names.push({ sur: pick(SURNAMES.slice(0, 41)), giv: [g1, g2] });
}
const POS: [string, string][] = [
  ['hanzi', 'north'], ['hanzi', 'south'], ['hanzi', 'pinyin'], ['hanzi', 'dprk'], ['hanzi', 'rr'], ['north', 'south'],
  ['south', 'rr'], ['south', 'passport'], ['north', 'dprk'], ['south', 'mr'], ['pinyin', 'transcription'], ['hanzi', 'transcription'],
  ['rr', 'dprk'], ['south', 'passportReversed'], ['hanzi', 'passportJoined'], ['north', 'rrJoined'], ['dprk', 'passport'],
];
names.forEach((n, i) => {
  const f = forms(n);
  const [x, y] = POS[i % POS.length]!;
  add(f[x]!, f[y]!, 1, 'name', `${x}-${y}`);
  const [x2, y2] = POS[(i * 7 + 3) % POS.length]!;
  add(f[x2]!, f[y2]!, 1, 'name', `${x2}-${y2}`);
  if (i % 3 === 0) add(f.south!, typo(f.passport!), 1, 'name', 'south-passport, spelling variant');
  if (i % 5 === 1) add(f.hanzi!, typo(f.rr!), 1, 'name', 'hanzi-rr, spelling variant');
});
// Hard negatives: same surname, different given name; one given syllable different; same given name, different surname.
const SCRIPTS = ['hanzi', 'north', 'south', 'pinyin', 'rr', 'dprk', 'passport'];
for (let i = 0; i < 300; i++) {
  const n = names[i % names.length]!;
  const f = forms(n);
  const kind = i % 3;
  let other: Name;
  let how: string;
  if (kind === 0) {
    let g1 = pick(GIVEN);
    let g2 = pick(GIVEN);
    while (confusable(g1, n.giv[0]) || confusable(g1, n.giv[1])) g1 = pick(GIVEN);
    while (g2 === g1 || confusable(g2, n.giv[1]) || confusable(g2, n.giv[0])) g2 = pick(GIVEN);
    other = { sur: n.sur, giv: [g1, g2] };
    how = 'same surname, different given name';
  } else if (kind === 1) {
    let g2 = pick(GIVEN);
    while (confusable(g2, n.giv[1]) || confusable(g2, n.giv[0])) g2 = pick(GIVEN);
    other = { sur: n.sur, giv: [n.giv[0], g2] };
    how = 'same surname, one given syllable different';
  } else {
    let s = pick(SURNAMES.slice(0, 41));
    while (KEY(s[1]) === KEY(n.sur[1]) || s[3] === n.sur[3] || s[5][0] === n.sur[5][0]) s = pick(SURNAMES.slice(0, 41));
    other = { sur: s, giv: n.giv };
    how = 'same given name, different surname';
  }
  const g = forms(other);
  const x = SCRIPTS[i % SCRIPTS.length]!;
  const y = SCRIPTS[(i * 3 + 1) % SCRIPTS.length]!;
  add(f[x]!, g[y]!, 0, 'name', `${how} (${x}-${y})`);
}

// ---- places -------------------------------------------------------------
for (const [h, n, s, t, p] of PLACES) {
  add(h, n, 1, 'place', 'hanzi-north');
  if (s !== n) add(h, s, 1, 'place', 'hanzi-south');
  add(h, t, 1, 'place', 'hanzi-transcription');
  add(h, p, 1, 'place', 'hanzi-pinyin');
  add(t, p, 1, 'place', 'transcription-pinyin');
}
const placeBy = new Map(PLACES.map((p) => [p[0], p]));
for (const [a, b] of PLACE_NEGATIVES) {
  const pa = placeBy.get(a)!;
  const pb = placeBy.get(b);
  const nb = pb ? [pb[1], pb[3], pb[4]] : NEG_PLACES[b]!;
  add(a, b, 0, 'place', 'different place, hanzi');
  add(pa[1], nb[0]!, 0, 'place', 'different place, Korean reading');
  add(pa[4], nb[2]!, 0, 'place', 'different place, pinyin');
  add(pa[3], b, 0, 'place', 'different place, transcription-hanzi');
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'pairs.tsv');
writeFileSync(out, '# a\tb\tsame\tkind\thow (generated by build-corpus.ts; see README.md)\n' + rows.join('\n') + '\n');
const pos = rows.filter((r) => r.split('\t')[2] === '1').length;
console.log(`wrote ${rows.length} pairs (${pos} positive, ${rows.length - pos} negative) to ${out}`);
