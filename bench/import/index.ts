// `npm run bench -- import [--rows N] [--pg URL]`: import N (default 50,000)
// generated fictional rows from a CSV file into a fresh installation, the way
// `homeward cases import FILE.csv --allow-duplicates` does (read, convert,
// duplicate check, one transaction). Target: under a minute. Reports wall and
// CPU seconds per phase (the machine is shared: CPU time is the steadier figure).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSpreadsheet, loadConfig, openDeps, OPERATOR, writeCases } from '@homeward/server/operator';
import { fictionalCsv } from './generate.ts';

const { values: args } = parseArgs({ options: { rows: { type: 'string' }, pg: { type: 'string' } } });
const n = args.rows === undefined ? 50_000 : Number(args.rows);
if (!(n >= 1)) throw new Error('--rows must be at least 1');

const csv = fictionalCsv(n);
console.log(`generated ${n} fictional rows (${(csv.length / 1e6).toFixed(1)} MB CSV)`);
const dir = mkdtempSync(join(tmpdir(), 'hw-bench-import-'));
const deps = await openDeps(loadConfig({ data: dir }, args.pg ? { ...process.env, HOMEWARD_DATABASE_URL: args.pg } : process.env));
try {
  if (args.pg) {
    // A fresh PostgreSQL database is the caller's to provide; refuse to count on top of old rows.
    const c = await deps.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    if (Number(c.n) > 0) throw new Error('--pg must name an empty Homeward database');
  }
  const phases: Record<string, { wall: number; cpu: number }> = {};
  const time = async <T,>(name: string, fn: () => Promise<T>): Promise<T> => {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return await fn();
    } finally {
      const c = process.cpuUsage(c0);
      phases[name] = { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
      console.log(`${name}: ${phases[name].wall.toFixed(2)} s wall, ${phases[name].cpu.toFixed(2)} s CPU`);
    }
  };
  const check = await time('read+check', () => checkSpreadsheet(deps, OPERATOR, csv));
  console.log(`${check.report.rowsRead} rows, ${check.report.cases.length} cases, ${check.report.errors} errors, ${check.report.warnings} warnings, ${check.duplicates.total} possible duplicates`);
  if (!check.report.ok) throw new Error('the generated file has errors');
  const written = await time('write', () => writeCases(deps, OPERATOR, check.report.cases));
  const stored = await deps.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(stored.n) !== written || written !== n) throw new Error(`expected ${n} cases, stored ${String(stored.n)}`);
  const wall = Object.values(phases).reduce((a, p) => a + p.wall, 0);
  const cpu = Object.values(phases).reduce((a, p) => a + p.cpu, 0);
  console.log(`engine ${deps.engine}; ${(cpu * 1e6 / n).toFixed(0)} µs CPU per row`);
  console.log(`import: rows=${n} seconds=${wall.toFixed(1)} cpu_seconds=${cpu.toFixed(1)} cpu_us_per_row=${(cpu * 1e6 / n).toFixed(0)} engine=${deps.engine}`);
} finally {
  await deps.db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
