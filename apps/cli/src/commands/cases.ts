import { readFileSync, writeFileSync } from 'node:fs';
import { CaseFileSchema, formatPath } from '@homeward/contracts';
import { checkImport, deleteCase, exportCases, importCases, OPERATOR, ServiceError } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = 'usage: homeward cases import FILE.json [--data DIR] | homeward cases export [--out FILE] [--data DIR] | homeward cases delete ID [--data DIR]';

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

async function runExport(out: string | undefined, data: string | undefined, io: CliIo): Promise<number> {
  return withDeps(data, async (deps) => {
    const cases = await exportCases(deps, OPERATOR);
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
  summary: 'cases import FILE.json | cases export [--out FILE] (docs/case-format.md)',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    const [sub, file, ...rest] = positionals;
    if (sub === 'import' && file && rest.length === 0 && !values.out) return runImport(file, values.data, io);
    if (sub === 'export' && !file) return runExport(values.out, values.data, io);
    if (sub === 'delete' && file && rest.length === 0 && !values.out) return runDelete(file, values.data, io);
    throw new UsageError(USAGE);
  },
};
