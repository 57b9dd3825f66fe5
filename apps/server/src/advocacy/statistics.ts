import {
  AdvocacyError, ageBand, bandOf, buildRelease, DEFAULT_AGE_BANDS, DEFAULT_THRESHOLD, DEFAULT_YEARS_SINCE_BANDS, methodologyNote,
  releaseToCsv, releaseToJson, renderReleasePdf, UNKNOWN, type MicroRow, type PartialDate, type Release, type TableSpec,
  type VariableSpec, type YMD,
} from '@homeward/advocacy';
import { CASE_STATUSES, type StatsLang, type StatsRelease, type StatsSettings } from '@homeward/contracts';
import { byCode, children } from '@homeward/gazetteer';
import { audit } from '../audit/audit.ts';
import { ServiceError, type Actor, type Deps } from '../services/context.ts';
import { displayOf } from '../services/places.ts';
import { soughtFacts, type SoughtFacts } from './facts-cache.ts';

export { toPartialDate } from './facts-cache.ts';

// Statistics for advocates (issue 8). Aggregates over every case of the
// organisation, never a case list: the sealed fields are decrypted in memory
// here, coarsened at once to bands, years and province/prefecture codes, and
// handed to @homeward/advocacy, which suppresses the whole release together.
// Nothing below the threshold leaves this module; the package's diagnostics
// (which cells are primary) are never asked for.

/** Separation years before this are one category, so a lone early year is not a listed category of its own. */
export const FIRST_YEAR = 1990;
const BEFORE = `before-${FIRST_YEAR}`;

/**
 * Outcome is a coarsening of the case status. Publishing it as the parent of
 * status ("located/located", "none/open") makes the identity outcome = sum of
 * its statuses part of what the suppression protects against; two unrelated
 * one-way tables would let a total give away a hidden status.
 */
export const OUTCOMES = ['none', 'located', 'in_contact', 'reunited'] as const;
const outcomeOf = (status: string): string => ((OUTCOMES as readonly string[]).includes(status) ? status : 'none');

function provinces(): string[] {
  const out: string[] = [];
  for (const country of ['CN', 'KP', 'KR']) {
    for (let i = 0; i < 100; i++) {
      const code = `${country}-${String(i).padStart(2, '0')}`;
      if (byCode(code)?.level === 'province') out.push(code);
    }
  }
  return out;
}

let domainsCache: { provinces: string[]; prefectures: string[] } | undefined;
/**
 * Every province and prefecture of the gazetteer is declared, so a listed
 * place tells the attacker nothing (README of @homeward/advocacy: "Declare domains").
 */
function placeDomains(): { provinces: string[]; prefectures: string[] } {
  if (!domainsCache) {
    const provs = provinces();
    const prefs: string[] = [];
    for (const p of provs) {
      for (const c of children(p)) if (c.level === 'prefecture') prefs.push(`${p}/${c.code}`);
      prefs.push(`${p}/${UNKNOWN}`);
    }
    prefs.push(`${UNKNOWN}/${UNKNOWN}`);
    domainsCache = { provinces: [...provs, UNKNOWN], prefectures: prefs };
  }
  return domainsCache;
}

/** Years-since band as the parent of the separation year: whole calendar years (data year - separation year). */
function yearsBandOf(year: number, dataYear: number): string {
  return bandOf({ min: dataYear - year, max: dataYear - year, precision: 'year' }, DEFAULT_YEARS_SINCE_BANDS).band;
}

export function statisticsVariables(dataYear: number): VariableSpec[] {
  const places = placeDomains();
  const years: string[] = [];
  const bands = [...DEFAULT_YEARS_SINCE_BANDS.map((b) => b.label), UNKNOWN];
  years.push(`${yearsBandOf(FIRST_YEAR - 1, dataYear)}/${BEFORE}`);
  for (let y = FIRST_YEAR; y <= dataYear; y++) years.push(`${yearsBandOf(y, dataYear)}/${y}`);
  years.push(`${UNKNOWN}/${UNKNOWN}`);
  return [
    { name: 'yearsSinceSeparation', domain: bands },
    { name: 'separationYear', parent: 'yearsSinceSeparation', domain: years },
    { name: 'province', domain: places.provinces },
    { name: 'prefecture', parent: 'province', domain: places.prefectures },
    { name: 'ageBand', domain: [...DEFAULT_AGE_BANDS.map((b) => b.label), UNKNOWN] },
    { name: 'outcome', domain: [...OUTCOMES] },
    { name: 'status', parent: 'outcome', domain: CASE_STATUSES.map((s) => `${outcomeOf(s)}/${s}`) },
  ];
}

/**
 * The tables of one release. Cases are counted by status and outcome only;
 * sought children by their own dates and places. Cases and children are not
 * crossed with each other's variables: a case with several children would
 * make the two populations' counts related in ways the suppression does not model.
 */
export const TABLES: readonly TableSpec[] = [
  { id: 'cases-by-outcome', unit: 'cases', variables: ['outcome'] },
  { id: 'cases-by-status', unit: 'cases', variables: ['status'] },
  { id: 'children-by-years-since-separation', unit: 'children', variables: ['yearsSinceSeparation'] },
  { id: 'children-by-separation-year', unit: 'children', variables: ['separationYear'] },
  { id: 'children-by-province', unit: 'children', variables: ['province'] },
  { id: 'children-by-prefecture', unit: 'children', variables: ['prefecture'] },
  { id: 'children-by-age-band', unit: 'children', variables: ['ageBand'] },
  { id: 'children-years-since-by-province', unit: 'children', variables: ['yearsSinceSeparation', 'province'] },
  { id: 'children-age-by-years-since', unit: 'children', variables: ['ageBand', 'yearsSinceSeparation'] },
];

function ageBandSafe(birth: PartialDate | undefined, ref: YMD): string {
  try {
    return ageBand(birth, ref).band;
  } catch (err) {
    // A date after the data date (a clock or entry error) is counted as unknown, never guessed.
    if (err instanceof AdvocacyError) return UNKNOWN;
    throw err;
  }
}

/** Separation year, only when the date says which year (an approximate age does not). */
function separationYearOf(year: number | undefined, dataYear: number): { band: string; year: string } {
  if (year === undefined || year > dataYear) return { band: UNKNOWN, year: UNKNOWN };
  return { band: yearsBandOf(year, dataYear), year: year < FIRST_YEAR ? BEFORE : String(year) };
}

/** What a release is made of, before coarsening: case counts by status, and each sought child's facts. */
interface Inputs {
  statuses: { status: string; n: number }[];
  children: SoughtFacts;
}

async function readInputs(deps: Deps, organisationId: string, opts: { fresh?: boolean; signal?: AbortSignal }): Promise<Inputs> {
  // Cases are counted by status in the database: the release needs nothing else of them.
  // Both reads at once: on PostgreSQL they run on two connections.
  const [byStatus, children] = await Promise.all([
    deps.db
      .selectFrom('cases')
      .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
      .where('organisation_id', '=', organisationId)
      .groupBy('status')
      .orderBy('status')
      .execute(),
    soughtFacts(deps, organisationId, opts),
  ]);
  return { statuses: byStatus.map((c) => ({ status: c.status, n: Number(c.n) })), children };
}

/**
 * Coarsens the inputs at the reference date: each group of children with
 * equal facts once, and rows with the same coarse values as one shared
 * object, which the package counts once with its multiplicity.
 */
function coarsen(inputs: Inputs, ref: YMD): { cases: MicroRow[]; children: MicroRow[] } {
  const cases: MicroRow[] = [];
  for (const { status, n } of inputs.statuses) {
    const row: MicroRow = Object.freeze({ outcome: outcomeOf(status), status });
    for (let i = n; i > 0; i--) cases.push(row);
  }
  const bandOfBirth = new Map<string, string>();
  const byValues = new Map<string, MicroRow>();
  const kids: MicroRow[] = [];
  for (const { facts: f, count } of inputs.children.groups) {
    let age = bandOfBirth.get(f.birthKey);
    if (age === undefined) bandOfBirth.set(f.birthKey, (age = ageBandSafe(f.birth, ref)));
    const sep = separationYearOf(f.separationYear, ref.year);
    const key = `${age}|${sep.year}|${f.province ?? ''}|${f.prefecture ?? ''}`;
    let row = byValues.get(key);
    if (!row) {
      row = Object.freeze({ yearsSinceSeparation: sep.band, separationYear: sep.year, province: f.province, prefecture: f.prefecture, ageBand: age });
      byValues.set(key, row);
    }
    // One row per child; runs of the same object are counted as one by the package.
    for (let i = count; i > 0; i--) kids.push(row);
  }
  return { cases, children: kids };
}

/**
 * One row per case and one per sought child of the organisation, coarsened
 * at the reference date. Children's facts come from the facts cache
 * (facts-cache.ts: only new or changed people are decrypted); `fresh: true`
 * decrypts every child again (tests compare the two).
 */
export async function statisticsRows(deps: Deps, organisationId: string, ref: YMD, opts: { fresh?: boolean; signal?: AbortSignal } = {}): Promise<{ cases: MicroRow[]; children: MicroRow[] }> {
  return coarsen(await readInputs(deps, organisationId, opts), ref);
}

/** The organisation's threshold: default 10, never below 5 (checked again by the package). */
export async function getSettings(deps: Deps, organisationId: string): Promise<StatsSettings> {
  const row = await deps.db.selectFrom('advocacy_settings').select('threshold').where('organisation_id', '=', organisationId).executeTakeFirst();
  return { threshold: row ? Number(row.threshold) : DEFAULT_THRESHOLD };
}

/** Sets the threshold (administrators); audited with the new value, which identifies no one. */
export async function putSettings(deps: Deps, actor: Actor, input: StatsSettings): Promise<StatsSettings> {
  const org = orgOf(actor);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const by = actor.kind === 'user' ? actor.id : null;
    const had = await trx.selectFrom('advocacy_settings').select('organisation_id').where('organisation_id', '=', org).executeTakeFirst();
    if (had) await trx.updateTable('advocacy_settings').set({ threshold: input.threshold, updated_by: by, updated_at: at }).where('organisation_id', '=', org).execute();
    else await trx.insertInto('advocacy_settings').values({ organisation_id: org, threshold: input.threshold, updated_by: by, updated_at: at }).execute();
    await audit(trx, actor, `statistics.threshold.${input.threshold}`, null, null, now);
  });
  return input;
}

function orgOf(actor: Actor): string {
  if (actor.kind !== 'user') throw new ServiceError('FORBIDDEN', 'statistics are for signed-in users');
  return actor.organisationId;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const ymdOf = (d: Date): YMD => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });

/**
 * The last release per organisation (counts only, nothing identifying). Besides
 * sparing the counting and suppression, it means everyone who looks at
 * unchanged data gets the very same release, so two views cannot be differenced.
 */
const releaseCache = new Map<string, { key: string; release: Release }>();

/**
 * Builds the organisation's release at today's date (no audit: callers audit what they show or export).
 * `fresh: true` builds it again instead of returning the cached release (the facts cache is still used);
 * `signal` stops a background warm-up between decryption batches.
 */
export async function computeRelease(deps: Deps, organisationId: string, opts: { fresh?: boolean; signal?: AbortSignal } = {}): Promise<Release> {
  const now = deps.now();
  const ref = ymdOf(now);
  const [{ threshold }, inputs] = await Promise.all([getSettings(deps, organisationId), readInputs(deps, organisationId, opts.signal ? { signal: opts.signal } : {})]);
  // What the release depends on: threshold, data date, case counts by status and the children's facts (their cache version).
  const key = [threshold, isoDay(now), inputs.children.version, ...inputs.statuses.map((s) => `${s.status}=${s.n}`)].join('|');
  const cached = releaseCache.get(organisationId);
  if (cached && cached.key === key && !opts.fresh) return cached.release;
  try {
    const release = buildRelease({ dataDate: isoDay(now), threshold, variables: statisticsVariables(ref.year), populations: coarsen(inputs, ref), tables: TABLES });
    if (releaseCache.size > 100) releaseCache.clear();
    releaseCache.set(organisationId, { key, release });
    return release;
  } catch (err) {
    if (err instanceof AdvocacyError) {
      // Fail closed with a stable code; the message names a table, never a value.
      throw new ServiceError('VALIDATION_FAILED', 'the statistics could not be protected', [{ path: 'statistics', code: err.code, message: err.message }]);
    }
    throw err;
  }
}

/** Display names (ko/en/zh) of every place category in the release. */
function placeLabels(release: Release): StatsRelease['placeLabels'] {
  const out: StatsRelease['placeLabels'] = {};
  for (const t of release.tables) {
    for (const v of ['province', 'prefecture']) {
      for (const cat of t.categories[v] ?? []) {
        const code = cat.includes('/') ? cat.slice(cat.indexOf('/') + 1) : cat;
        const p = byCode(code);
        if (p) out[cat] = displayOf(p);
      }
    }
  }
  return out;
}

/** The dashboard's release, audited as viewed. */
export async function statisticsFor(deps: Deps, actor: Actor, lang: StatsLang): Promise<StatsRelease> {
  const org = orgOf(actor);
  const release = await computeRelease(deps, org);
  await audit(deps.db, actor, 'statistics.viewed', null, null, deps.now());
  return { ...release, tables: release.tables.map((t) => ({ ...t, variables: [...t.variables], categories: { ...t.categories } as Record<string, string[]> })), placeLabels: placeLabels(release), note: methodologyNote(release, lang) + DEFINITIONS[lang].join('\n') + '\n' };
}

/** How this server derives its categories: added to the package's methodology note in every export and on the dashboard. */
export const DEFINITIONS: Record<StatsLang, string[]> = {
  en: [
    'Definitions: a case is one applicant\'s request; a sought child is one person sought in a case (a case may seek several). Cases are counted by status and outcome (outcome: none yet, located, in contact, reunited; each status belongs to one outcome); sought children by their own dates and last known place. Cases and children are not crossed with each other.',
    'Years since separation are calendar years (data year minus the year of separation), so they add up with the year-of-separation table; a separation remembered only as an age at some year is counted as unknown. Current age bands come from the birth date at its precision. Places are the gazetteer province and prefecture of the last known place; a place known only to the province is counted under "province/unknown".',
  ],
  ko: [
    '정의: 사건은 신청인 한 사람의 요청이고, 찾는 자녀는 사건에서 찾는 한 사람입니다(한 사건에서 여러 명을 찾을 수 있음). 사건은 상태와 결과(아직 없음, 소재 확인, 연락 중, 상봉; 각 상태는 한 결과에 속함)로 세고, 찾는 자녀는 그 자녀의 날짜와 마지막으로 확인된 장소로 셉니다. 사건과 자녀는 서로 교차하지 않습니다.',
    '헤어진 지 경과한 햇수는 달력 연도(기준 연도 - 헤어진 해)로 계산하여 헤어진 해 표와 합이 맞습니다. 헤어진 때를 어느 해의 나이로만 기억하는 경우는 "알 수 없음"으로 셉니다. 현재 나이대는 생년월일의 정밀도대로 계산합니다. 장소는 마지막으로 확인된 장소의 지명사전상 성과 지급시이며, 성까지만 알려진 경우 "성/알 수 없음"으로 셉니다.',
  ],
  zh: [
    '定义：一个案件是一位申请人的请求；寻找的子女是案件中寻找的一个人（一个案件可寻找多人）。案件按状态和结果（暂无、已找到、已联系、已团聚；每个状态属于一个结果）统计；寻找的子女按其本人的日期和最后已知地点统计。案件与子女不交叉统计。',
    '分离年数按日历年计算（数据年份减分离年份），因此与分离年份表相加一致；只记得某年时年龄的分离计为"不详"。当前年龄段按出生日期的精度计算。地点为最后已知地点在地名录中的省和地级行政区；只知道省的计为"省/不详"。',
  ],
};

/** Table titles and category names for the PDF export, in its language. */
const PDF_LABELS: Record<StatsLang, Record<string, string>> = {
  en: {
    'cases-by-outcome': 'Cases by outcome', 'cases-by-status': 'Cases by status',
    'children-by-years-since-separation': 'Sought children by years since separation', 'children-by-separation-year': 'Sought children by year of separation',
    'children-by-province': 'Sought children by province', 'children-by-prefecture': 'Sought children by prefecture',
    'children-by-age-band': 'Sought children by current age', 'children-years-since-by-province': 'Sought children by years since separation and province',
    'children-age-by-years-since': 'Sought children by age and years since separation',
    outcome: 'Outcome', status: 'Status', yearsSinceSeparation: 'Years since separation', separationYear: 'Year of separation', province: 'Province', prefecture: 'Prefecture', ageBand: 'Age',
    unknown: 'unknown', none: 'none yet', located: 'located', in_contact: 'in contact', reunited: 'reunited', open: 'open', tracing: 'tracing', closed: 'closed', [BEFORE]: 'before 1990',
  },
  ko: {
    'cases-by-outcome': '결과별 사건 수', 'cases-by-status': '상태별 사건 수',
    'children-by-years-since-separation': '헤어진 지 경과한 햇수별 찾는 자녀 수', 'children-by-separation-year': '헤어진 해별 찾는 자녀 수',
    'children-by-province': '성(도)별 찾는 자녀 수', 'children-by-prefecture': '지급시별 찾는 자녀 수',
    'children-by-age-band': '현재 나이대별 찾는 자녀 수', 'children-years-since-by-province': '경과 햇수 × 성(도)별 찾는 자녀 수',
    'children-age-by-years-since': '나이대 × 경과 햇수별 찾는 자녀 수',
    outcome: '결과', status: '상태', yearsSinceSeparation: '경과 햇수', separationYear: '헤어진 해', province: '성(도)', prefecture: '지급시', ageBand: '나이대',
    unknown: '알 수 없음', none: '아직 없음', located: '소재 확인', in_contact: '연락 중', reunited: '상봉', open: '접수', tracing: '추적 중', closed: '종결', [BEFORE]: '1990년 이전',
  },
  zh: {
    'cases-by-outcome': '按结果统计的案件', 'cases-by-status': '按状态统计的案件',
    'children-by-years-since-separation': '按分离年数统计的寻找子女', 'children-by-separation-year': '按分离年份统计的寻找子女',
    'children-by-province': '按省份统计的寻找子女', 'children-by-prefecture': '按地级行政区统计的寻找子女',
    'children-by-age-band': '按当前年龄统计的寻找子女', 'children-years-since-by-province': '按分离年数与省份统计的寻找子女',
    'children-age-by-years-since': '按年龄与分离年数统计的寻找子女',
    outcome: '结果', status: '状态', yearsSinceSeparation: '分离年数', separationYear: '分离年份', province: '省份', prefecture: '地级行政区', ageBand: '年龄',
    unknown: '不详', none: '暂无', located: '已找到', in_contact: '已联系', reunited: '已团聚', open: '受理', tracing: '寻找中', closed: '已结案', [BEFORE]: '1990年以前',
  },
};

const TITLES: Record<StatsLang, string> = {
  ko: '헤어진 가족 찾기: 통계 (비공개 처리됨)',
  en: 'Separated families: statistics (disclosure-controlled)',
  zh: '离散家庭：统计（已作披露控制）',
};

/** Labels for the PDF export: place codes as names in the export's language. */
function pdfLabels(release: Release, lang: StatsLang): Record<string, string> {
  const out: Record<string, string> = { ...PDF_LABELS[lang] };
  // "parent/child" categories (status under outcome, year under its band) print as the child.
  for (const t of release.tables) {
    for (const v of ['status', 'separationYear']) {
      for (const cat of t.categories[v] ?? []) {
        const leaf = cat.slice(cat.indexOf('/') + 1);
        out[cat] = out[leaf] ?? leaf;
      }
    }
  }
  for (const [cat, l] of Object.entries(placeLabels(release))) out[cat] = l[lang];
  return out;
}

/**
 * One export of the release (CSV, JSON or PDF), each carrying the methodology
 * note; every export is an audit event naming its format.
 */
export async function exportStatistics(deps: Deps, actor: Actor, format: 'csv' | 'json' | 'pdf', lang: StatsLang): Promise<{ body: Buffer; type: string; filename: string }> {
  const org = orgOf(actor);
  const release = await computeRelease(deps, org);
  let body: Buffer;
  let type: string;
  if (format === 'csv') {
    // The note first, as "#" lines (read as comments by most CSV readers, and never a formula).
    const note = [...methodologyNote(release, lang).split('\n'), ...DEFINITIONS[lang]].filter((l) => l.trim() !== '').map((l) => `# ${l.replace(/[\r\n]/g, ' ')}`).join('\r\n');
    body = Buffer.from('\uFEFF' + note + '\r\n' + releaseToCsv(release), 'utf8');
    type = 'text/csv; charset=utf-8';
  } else if (format === 'json') {
    body = Buffer.from(releaseToJson(release, lang, DEFINITIONS[lang]), 'utf8');
    type = 'application/json; charset=utf-8';
  } else {
    body = Buffer.from(await renderReleasePdf(release, { lang, title: TITLES[lang], labels: pdfLabels(release, lang), notes: DEFINITIONS[lang] }));
    type = 'application/pdf';
  }
  await audit(deps.db, actor, `statistics.exported.${format}`, null, null, deps.now());
  return { body, type, filename: `homeward-statistics-${release.dataDate}.${format}` };
}
