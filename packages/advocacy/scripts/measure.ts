// Measures the two figures issue 8 asks for, on synthetic fictional data:
// a statistics release over 200,000 rows and a 20-page dossier.
// Run: npx tsx packages/advocacy/scripts/measure.ts [rows] [dossier.pdf]
import { writeFileSync } from 'node:fs';
import { buildDossier, buildReleaseWithDiagnostics, renderDossierPdf, type CaseView, type MicroRow, type TableSpec } from '../src/index.ts';

function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const rnd = random(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const PLACES: Record<string, string[]> = {
  Jilin: ['Yanbian', 'Changchun', 'Jilin', 'Tonghua', 'Baishan'],
  Heilongjiang: ['Mudanjiang', 'Harbin', 'Jixi'],
  Liaoning: ['Dandong', 'Shenyang', 'Dalian'],
};

function rows(n: number): MicroRow[] {
  return Array.from({ length: n }, () => {
    const province = pick(Object.keys(PLACES));
    const year = 1998 + Math.floor(rnd() * rnd() * 28);
    const since = 2026 - year;
    return {
      separationYear: year,
      province,
      prefecture: pick(PLACES[province]!),
      ageBand: pick(['0-4', '5-9', '10-14', '15-17', '18+', 'unknown']),
      yearsSinceSeparation: since < 5 ? '0-4' : since < 10 ? '5-9' : since < 15 ? '10-14' : since < 20 ? '15-19' : '20+',
      status: pick(['open', 'tracing', 'matched', 'closed']),
      outcome: rnd() < 0.7 ? undefined : pick(['located', 'in contact', 'reunited']),
    };
  });
}

const T = (id: string, ...variables: [string] | [string, string]): TableSpec => ({ id, unit: 'children', variables });
const TABLES: TableSpec[] = [
  T('separation-year', 'separationYear'),
  T('province', 'province'),
  T('prefecture', 'prefecture'),
  T('age-band', 'ageBand'),
  T('years-since', 'yearsSinceSeparation'),
  T('status', 'status'),
  T('outcome', 'outcome'),
  T('year-by-province', 'separationYear', 'province'),
  T('prefecture-by-outcome', 'prefecture', 'outcome'),
  T('age-by-status', 'ageBand', 'status'),
  T('years-since-by-outcome', 'yearsSinceSeparation', 'outcome'),
];

function caseView(i: number): CaseView {
  const long = '어머니는 단속을 피해 아이를 시댁에 남기고 떠났다. 그 뒤 친척을 통해 아이가 延吉市에서 학교에 다닌다는 소식을 들었다. ';
  return {
    caseRef: `HW-2026-${String(i).padStart(4, '0')}`,
    fields: {
      'sought.names': [{ text: '李美玲', form: 'hanzi' }, { text: '리미령' }, { text: 'Li Meiling', form: 'pinyin' }],
      'sought.birth': { year: 2010 + (i % 6) },
      'applicant.relationship': 'mother',
      'separation.date': { year: 2014 + (i % 5), month: 1 + (i % 12) },
      'separation.place': { names: [{ text: '龙井' }, { text: '룡정' }, { text: 'Longjing' }] },
      'separation.circumstances': long.repeat(6),
      'whereabouts.known': long.repeat(4),
      steps: Array.from({ length: 6 }, (_, k) => ({ date: { year: 2018 + k }, description: '공안국과 학교에 문의', outcome: '답변 없음' })),
      request: '아이의 안전 확인과 소식 전달을 요청합니다.',
    },
  };
}

// Wall time on a shared two-core machine varies with the neighbours' load; CPU time less so.
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

// Ten cases of two pages each after the cover page: a 20-page-or-so packet.
const CASES = 10;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const data = rows(n);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { release, diagnostics } = buildReleaseWithDiagnostics({ dataDate: '2026-11-29', populations: { children: data }, tables: TABLES });
  const statsS = (performance.now() - t0) / 1000;
  const statsCpu = cpuSeconds(c0);
  const cells = release.tables.reduce((s, t) => s + t.cells.length, 0);

  const consented = ['sought.names', 'sought.birth', 'applicant.relationship', 'separation.date', 'separation.place', 'separation.circumstances', 'whereabouts.known', 'steps', 'request'];
  const input = (cases: number) => ({
    dossierId: 'D-2026-0099',
    date: '2026-11-29',
    lang: 'ko' as const,
    recipient: { name: 'UN Working Group on Enforced or Involuntary Disappearances', kind: 'un-working-group' as const },
    purpose: 'communication',
    cases: Array.from({ length: cases }, (_, i) => ({ view: caseView(i + 1), consentedFields: consented })),
  });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const pdf = await renderDossierPdf(buildDossier(input(CASES)));
  const dossierS = (performance.now() - t1) / 1000;
  const dossierCpu = cpuSeconds(c1);
  if (process.argv[3]) writeFileSync(process.argv[3], pdf);
  const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  const t2 = performance.now();
  await renderDossierPdf(buildDossier(input(CASES)));
  const warmS = (performance.now() - t2) / 1000;

  console.log(`stats: rows=${n} tables=${TABLES.length} cells=${cells} suppressed=${release.suppressedCells} (primary=${diagnostics.primary}) wall_s=${statsS.toFixed(3)} cpu_s=${statsCpu.toFixed(3)}`);
  console.log(`dossier: cases=${CASES} pages=${pages} bytes=${pdf.length} wall_s=${dossierS.toFixed(3)} cpu_s=${dossierCpu.toFixed(3)} (fonts read and parsed) warm_wall_s=${warmS.toFixed(3)}`);
  console.log(`advocacy: engine=none cases=${n} stats_s=${statsS.toFixed(3)} dossier_s=${dossierS.toFixed(3)}`);
}

await main();
