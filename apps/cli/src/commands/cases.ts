import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { CaseFileSchema, formatPath } from '@homeward/contracts';
import { DEFAULT_LIMITS, IntakeError, parseMapping, type Mapping } from '@homeward/intake';
import {
  casesToSheet, checkImport, checkSpreadsheet, deleteCase, EXPORT_MAPPING, exportCases, importCases, OPERATOR, ServiceError, writeCases,
  type ImportCheck, type ImportPhase, type ImportProgress,
} from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = [
  'usage: homeward cases import FILE.json [--data DIR]',
  '       homeward cases import FILE.csv|FILE.xlsx [--mapping M.json] [--write-mapping M.json] [--dry-run] [--allow-duplicates] [--data DIR]',
  '       homeward cases export [--format json|csv|xlsx] [--out FILE] [--data DIR]',
  '       homeward cases delete [--data DIR] [--] ID   (put -- before an id that starts with -)',
].join('\n');

async function runImport(file: string, data: string | undefined, io: CliIo): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // The parser's message names a position, never the content.
    const why = err instanceof SyntaxError ? `not valid JSON (${err.message})` : 'cannot be read';
    throw new UsageError(`${file}: ${why}`);
  }
  const parsed = CaseFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) io.stderr.write(`${formatPath(issue.path)}: ${issue.message}\n`);
    io.stderr.write(`homeward cases import: ${parsed.error.issues.length} problem(s) in ${file}; nothing was imported\n`);
    return EXIT.usage;
  }
  return withDeps(data, async (deps) => {
    const problems = await checkImport(deps, parsed.data);
    if (problems.length) {
      for (const p of problems) io.stderr.write(`${p}\n`);
      io.stderr.write(`homeward cases import: ${problems.length} problem(s) in ${file}; nothing was imported\n`);
      return EXIT.usage;
    }
    const n = await importCases(deps, OPERATOR, parsed.data);
    io.stdout.write(`imported ${n} case(s)\n`);
    return EXIT.ok;
  });
}

const FLAGS = {
  out: { type: 'string' },
  data: { type: 'string' },
  format: { type: 'string' },
  mapping: { type: 'string' },
  'write-mapping': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-duplicates': { type: 'boolean' },
} as const;

interface SheetFlags {
  data?: string | undefined;
  mapping?: string | undefined;
  'write-mapping'?: string | undefined;
  'dry-run'?: boolean | undefined;
  'allow-duplicates'?: boolean | undefined;
}

const PHASE_WORDS: Record<ImportPhase, [verb: string, unit: string]> = {
  read: ['reading', 'rows'],
  duplicates: ['checking duplicates', 'cases'],
  write: ['writing', 'cases'],
};

/**
 * Progress on stderr for long files: at most five lines a second, and only
 * once a phase has run for half a second, so small files stay quiet.
 */
function importProgress(io: CliIo): ImportProgress {
  let phase: ImportPhase | undefined;
  let started = 0;
  let last = 0;
  return (p, done, total) => {
    const now = Date.now();
    if (p !== phase) {
      phase = p;
      started = now;
      last = 0;
    }
    if (now - started < 500 || (now - last < 200 && done < total)) return;
    last = now;
    const [verb, unit] = PHASE_WORDS[p];
    io.stderr.write(`${verb}: ${done}/${total} ${unit} (${total ? Math.floor((done * 100) / total) : 100}%)\n`);
  };
}

function readMapping(file: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : 'cannot be read'}`);
  }
  try {
    return parseMapping(json);
  } catch (err) {
    if (err instanceof IntakeError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

/** The dry-run report on stdout: encoding, mapping, every problem by row and column, possible duplicates. Never a cell's content. */
function printReport(check: ImportCheck, io: CliIo): void {
  const r = check.report;
  const out = (line: string) => io.stdout.write(line + '\n');
  out(`format: ${r.format}${r.sheet ? ` (sheet "${r.sheet}")` : ''}`);
  if (r.encoding) out(`encoding: ${r.encoding.encoding}${r.encoding.bom ? ' with BOM' : ''} (confidence ${r.encoding.confidence.toFixed(2)}: ${r.encoding.reason})`);
  if (r.suggestion) {
    out('suggested mapping (edit it with --write-mapping M.json, then import with --mapping M.json):');
    for (const c of r.suggestion.columns) out(`  ${c.header} -> ${c.field} (${c.score.toFixed(2)}: ${c.reason})`);
    for (const m of r.suggestion.missing) out(`  missing: ${m.message}`);
  } else {
    out('mapping:');
    for (const c of r.mapping.columns) out(`  ${c.header} -> ${c.field}`);
  }
  for (const p of r.problems) {
    out(`${p.severity}: ${p.code}: ${p.message}`);
  }
  for (const d of check.duplicates.findings) {
    const rows = d.rows.length === 1 ? `row ${d.rows[0]}` : `rows ${d.rows.join(' and ')}`;
    const what = d.existingReference ? `${rows} may be case ${d.existingReference}` : `${rows} may be the same case`;
    out(`possible duplicate: ${what} (score ${d.score.toFixed(2)}; agreed: ${d.explanation})`);
  }
  if (check.duplicates.total > check.duplicates.findings.length) out(`... and ${check.duplicates.total - check.duplicates.findings.length} more possible duplicate(s)`);
  out(`${r.rowsRead} row(s) read, ${r.cases.length} case(s), ${r.errors} error(s), ${r.warnings} warning(s), ${check.duplicates.total} possible duplicate(s)`);
}

async function runSheetImport(file: string, flags: SheetFlags, io: CliIo): Promise<number> {
  let bytes: Buffer;
  try {
    // Checked before reading, so a huge file is refused without filling memory.
    if (statSync(file).size > DEFAULT_LIMITS.maxBytes) throw new UsageError(`${file} is larger than ${DEFAULT_LIMITS.maxBytes} bytes; split it`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} cannot be read`);
  }
  const mapping = flags.mapping ? readMapping(flags.mapping) : undefined;
  return withDeps(flags.data, async (deps) => {
    const progress = importProgress(io);
    let check: ImportCheck;
    try {
      check = await checkSpreadsheet(deps, OPERATOR, bytes, { mapping, onProgress: progress });
    } catch (err) {
      if (err instanceof IntakeError) {
        const where = [err.where.row ? `row ${err.where.row}` : '', err.where.columnLetter ? `column ${err.where.columnLetter}` : '', err.where.line ? `line ${err.where.line}` : '']
          .filter(Boolean)
          .join(', ');
        throw new UsageError(`${file}: ${err.code}: ${err.message}${where ? ` (${where})` : ''}; nothing was imported`);
      }
      throw err;
    }
    printReport(check, io);
    if (flags['write-mapping']) {
      writeFileSync(flags['write-mapping'], JSON.stringify(check.report.mapping, null, 2) + '\n');
      io.stderr.write(`mapping written to ${flags['write-mapping']}; edit it, then import with --mapping ${flags['write-mapping']}\n`);
    }
    if (flags['dry-run'] || flags['write-mapping']) {
      io.stderr.write('dry run: nothing was written\n');
      return check.report.ok ? EXIT.ok : EXIT.usage;
    }
    if (!check.report.ok) {
      io.stderr.write(`homeward cases import: ${check.report.errors} error(s) in ${file}; nothing was imported\n`);
      return EXIT.usage;
    }
    if (check.report.cases.length === 0) {
      io.stderr.write(`homeward cases import: ${file} has no data rows under its header; nothing was imported\n`);
      return EXIT.usage;
    }
    if (check.duplicates.total > 0 && !flags['allow-duplicates']) {
      io.stderr.write(`homeward cases import: ${check.duplicates.total} possible duplicate(s); check them, then import with --allow-duplicates (or remove the rows); nothing was imported\n`);
      return EXIT.usage;
    }
    const n = await writeCases(deps, OPERATOR, check.report.cases, progress);
    io.stdout.write(`imported ${n} case(s) from ${check.report.rowsRead} row(s)\n`);
    return EXIT.ok;
  });
}

async function runExport(out: string | undefined, format: string | undefined, data: string | undefined, io: CliIo): Promise<number> {
  if (format !== undefined && format !== 'json' && format !== 'csv' && format !== 'xlsx') throw new UsageError('--format must be json, csv or xlsx');
  if ((format === 'csv' || format === 'xlsx') && !out) throw new UsageError(`--format ${format} needs --out FILE`);
  return withDeps(data, async (deps) => {
    const cases = await exportCases(deps, OPERATOR);
    if (out && (format === 'csv' || format === 'xlsx')) {
      writeFileSync(out, await casesToSheet(cases, format), { mode: 0o600 });
      const mappingFile = `${out}.mapping.json`;
      writeFileSync(mappingFile, JSON.stringify(EXPORT_MAPPING, null, 2) + '\n');
      io.stderr.write(`wrote ${cases.length} case(s) to ${out}; it contains identifying data in clear text: keep it encrypted and delete it when done\n`);
      io.stderr.write(`to import it again: homeward cases import ${out} --mapping ${mappingFile}\n`);
      return EXIT.ok;
    }
    const text = JSON.stringify(cases, null, 2) + '\n';
    if (out) {
      // The file holds identities in clear text: owner-only, and say so.
      writeFileSync(out, text, { mode: 0o600 });
      io.stderr.write(`wrote ${cases.length} case(s) to ${out}; it contains identifying data in clear text: keep it encrypted and delete it when done\n`);
    } else io.stdout.write(text);
    return EXIT.ok;
  });
}

/** Crypto-shredding: the case's data keys go with it, so no copy of its ciphertexts can be opened again. */
async function runDelete(id: string, data: string | undefined, io: CliIo): Promise<number> {
  return withDeps(data, async (deps) => {
    try {
      await deleteCase(deps, OPERATOR, id);
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'NOT_FOUND') throw new UsageError(`no case with id ${id}`);
      throw err;
    }
    io.stdout.write(`deleted case ${id}; its data keys are destroyed\n`);
    return EXIT.ok;
  });
}

export const command: Command = {
  summary: 'cases import FILE.json|.csv|.xlsx [--mapping M] [--dry-run] | cases export [--format json|csv|xlsx] [--out FILE] (docs/case-format.md)',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: FLAGS }, USAGE);
    const { values, positionals } = parsed;
    const [sub, file, ...rest] = positionals;
    const sheetFlags = values.mapping !== undefined || values['write-mapping'] !== undefined || values['dry-run'] || values['allow-duplicates'];
    if (sub === 'import' && file && rest.length === 0 && !values.out && !values.format) {
      if (/\.json$/i.test(file)) {
        if (sheetFlags) throw new UsageError('--mapping, --write-mapping, --dry-run and --allow-duplicates are for CSV and XLSX files; a JSON case file is checked whole before anything is written');
        return runImport(file, values.data, io);
      }
      return runSheetImport(file, values, io);
    }
    if (sub === 'export' && !file && !sheetFlags) return runExport(values.out, values.format, values.data, io);
    if (sub === 'delete' && file && rest.length === 0 && !values.out) return runDelete(file, values.data, io);
    throw new UsageError(USAGE);
  },
};
