// Measures the pure import core on generated fictional data:
//   npx tsx packages/intake/scripts/measure.ts [rows]
// Prints parse+convert time for CSV (UTF-8, EUC-KR) and XLSX, and how often
// EUC-KR and GB18030 are told apart on small files. The end-to-end
// `npm run bench -- import` (with the database) comes with the server.
import { dryRun, detectEncoding, encodeText, writeXlsx } from '../src/index.ts';
import { KO_HEADERS, chineseRows, csvText, koreanRows } from '../test/fixtures.ts';

const rows = Number(process.argv[2] ?? 50_000);
const data = koreanRows(rows, 42);

async function time(label: string, bytes: Uint8Array): Promise<void> {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const report = await dryRun(bytes, { currentYear: 2026 });
  const seconds = (performance.now() - start) / 1000;
  // CPU time too: on a shared two-core machine wall time mostly measures the neighbours.
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  if (report.cases.length !== rows) throw new Error(`${label}: expected ${rows} cases, got ${report.cases.length} (${report.errors} errors)`);
  console.log(`intake ${label}: rows=${rows} bytes=${bytes.length} seconds=${seconds.toFixed(2)} cpu_seconds=${cpuSeconds.toFixed(2)} heap_delta_mb=${heapMb.toFixed(0)}`);
}

const text = csvText([KO_HEADERS, ...data]);
await time('csv-utf8', encodeText(text, 'utf-8'));
await time('csv-euc-kr', encodeText(text, 'euc-kr'));
await time('xlsx', await writeXlsx([KO_HEADERS, ...data]));

for (const size of [1, 3, 10]) {
  let right = 0;
  const n = 300;
  for (let i = 0; i < n; i++) {
    const ko = csvText(koreanRows(size, 10_000 + i).map((r) => r.slice(0, 2)));
    const zh = csvText(chineseRows(size, 20_000 + i).map((r) => r.slice(0, 2)));
    if (detectEncoding(encodeText(ko, 'euc-kr')).encoding === 'euc-kr') right++;
    if (detectEncoding(encodeText(zh, 'gb18030')).encoding === 'gb18030') right++;
  }
  console.log(`intake detect euc-kr/gb18030: rows_per_file=${size} (2 name columns) files=${2 * n} correct=${((100 * right) / (2 * n)).toFixed(1)}%`);
}
