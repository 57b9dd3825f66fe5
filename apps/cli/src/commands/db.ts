import { copyDatabase, keyLocation } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { installation, progressPrinter, refusalsAsUsage } from './backup.ts';

const USAGE = 'usage: homeward db copy --to postgres://USER@HOST/DB [--data DIR]  (copies the embedded SQLite database into an empty PostgreSQL database)';

/** The URL without its password: it is printed back to the operator. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the --to URL';
  }
}

export const command: Command = {
  summary: 'db copy --to postgres://...: move an embedded installation to PostgreSQL, verified',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { to: { type: 'string' }, data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] !== 'copy' || !values.to) throw new UsageError(USAGE);
    if (!/^postgres(ql)?:\/\//.test(values.to)) throw new UsageError(`--to must be a postgres:// URL\n${USAGE}`);
    const to = values.to;
    const inst = installation(values.data);
    const r = await refusalsAsUsage(() => copyDatabase(inst, to, { read: progressPrinter(io, 'reading'), write: progressPrinter(io, 'copying') }));
    const width = Math.max(...r.tables.map((t) => t.table.length));
    for (const t of r.tables) io.stdout.write(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)} rows  sha256 ${t.digest.slice(0, 16)}\n`);
    io.stdout.write(`copied ${r.tables.length} tables to ${redact(to)}; row counts and checksums match\n`);
    const key = keyLocation(inst);
    io.stdout.write(
      [
        'to switch: stop the server, then start it with',
        `  HOMEWARD_DATABASE_URL=${redact(to)}`,
        `  HOMEWARD_MASTER_KEY=<the key in ${key ?? `${inst.dataDir}/master.key (not found: use the key from your records)`}>`,
        'keep the master key off the database host. Changes made to the SQLite database after this copy began are not in PostgreSQL;',
        `the SQLite file in ${inst.dataDir} is left untouched: remove it once the PostgreSQL installation works.`,
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  },
};
