import {
  BACKUP_KDF, createBackup, isRefusal, loadConfig, recordBackupEvent, restoreBackup, type BackupEvent, type Installation, type Progress, type TableSummary,
} from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = [
  'usage: homeward backup create --out FILE [--data DIR] [--include-master-key] [--kdf-memory MIB]',
  '       homeward backup restore FILE [--data DIR]',
  'The passphrase is HOMEWARD_BACKUP_PASSPHRASE, or else the first line of stdin. HOMEWARD_DATABASE_URL selects PostgreSQL.',
].join('\n');

const MIN_PASSPHRASE = 12;

/** Reads up to the first line break, so an interactive terminal needs no Ctrl-D. */
async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function passphrase(io: CliIo, creating: boolean): Promise<string> {
  let p = process.env.HOMEWARD_BACKUP_PASSPHRASE;
  if (!p) {
    if ((io.stdin as NodeJS.ReadStream).isTTY) io.stderr.write('backup passphrase (it will show as you type; prefer piping it or HOMEWARD_BACKUP_PASSPHRASE): ');
    p = await firstLine(io.stdin);
  }
  if (!p) throw new UsageError('no backup passphrase: set HOMEWARD_BACKUP_PASSPHRASE or give it as the first line of stdin');
  if (creating && [...p].length < MIN_PASSPHRASE) throw new UsageError(`the backup passphrase must be at least ${MIN_PASSPHRASE} characters`);
  return p;
}

/**
 * Progress on stderr at most once a second, and only once a run has lasted a
 * second: short runs stay quiet. Shared with `db copy`.
 */
export function progressPrinter(io: CliIo, verb: string): Progress {
  // The clock starts with the first rows, not with the key derivation before them.
  let start: number | undefined;
  let last = 0;
  let finished = false;
  return (done, total, table) => {
    const now = Date.now();
    start ??= now;
    if (finished || now - start < 1000 || (now - last < 1000 && done < total)) return;
    last = now;
    finished = done >= total;
    io.stderr.write(`${verb}: ${done}/${total} rows (${total ? Math.floor((done * 100) / total) : 100}%, table ${table})\n`);
  };
}

/** How a command sees the installation: flags and environment, as the server does. */
export function installation(data: string | undefined): Installation {
  try {
    const c = loadConfig({ data });
    return { dataDir: c.dataDir, databaseUrl: c.databaseUrl, masterKey: c.masterKey };
  } catch (err) {
    if (isRefusal(err)) throw new UsageError((err as Error).message);
    throw err;
  }
}

/** Runs a backup operation, turning refusals into usage errors (exit 2). */
export async function refusalsAsUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isRefusal(err)) throw new UsageError((err as Error).message);
    throw err;
  }
}

/**
 * Records the backup or restore in the installation's audit trail (operator
 * actor), which is also where administrators' "last backup" comes from. The
 * file is already safe when this runs, so a failure here is a warning, not a
 * failed backup.
 */
async function recordInAudit(data: string | undefined, event: BackupEvent, io: CliIo): Promise<void> {
  try {
    await withDeps(data, (deps) => recordBackupEvent(deps, event));
  } catch (err) {
    io.stderr.write(`warning: the ${event === 'restored' ? 'restore' : 'backup'} succeeded but could not be recorded in the audit trail: ${err instanceof Error ? err.message : 'unknown error'}\n`);
  }
}

const rowsIn = (tables: TableSummary[]) => tables.reduce((a, t) => a + t.rows, 0);

function where(inst: Installation): string {
  return inst.databaseUrl ? 'the PostgreSQL database in HOMEWARD_DATABASE_URL' : inst.dataDir;
}

async function runCreate(out: string, inst: Installation, includeMasterKey: boolean, kdfMemory: string | undefined, io: CliIo): Promise<number> {
  let memoryCost = BACKUP_KDF.memoryCost;
  if (kdfMemory !== undefined) {
    const mib = Number(kdfMemory);
    if (!Number.isInteger(mib) || mib < 8 || mib > 1024) throw new UsageError('--kdf-memory must be a whole number of MiB from 8 to 1024 (default 64)');
    memoryCost = mib * 1024;
  }
  const pass = await passphrase(io, true);
  const r = await refusalsAsUsage(() =>
    createBackup(inst, { out, passphrase: pass, includeMasterKey, kdf: { ...BACKUP_KDF, memoryCost }, progress: progressPrinter(io, 'backup') }),
  );
  await recordInAudit(inst.dataDir, 'created', io);
  io.stdout.write(`backup written to ${out} (${r.tables.length} tables, ${rowsIn(r.tables)} rows, ${r.bytes} bytes) from ${where(inst)}\n`);
  io.stdout.write(
    includeMasterKey
      ? 'this backup contains the master key: its passphrase alone now protects every identity in it\n'
      : 'this backup does not contain the master key: keep a copy of the key apart from it, or the backup cannot be read (docs/operations.md)\n',
  );
  return EXIT.ok;
}

async function runRestore(file: string, inst: Installation, io: CliIo): Promise<number> {
  const pass = await passphrase(io, false);
  const r = await refusalsAsUsage(() => restoreBackup(inst, { file, passphrase: pass, progress: progressPrinter(io, 'restore') }));
  io.stdout.write(`restored ${r.tables.length} tables, ${rowsIn(r.tables)} rows (backup taken ${r.createdAt}) into ${where(inst)}; checksums verified\n`);
  // Without its key the restored installation cannot sign its audit trail yet; the first start after the key is supplied can.
  if (!r.keyNeeded) await recordInAudit(inst.dataDir, 'restored', io);
  if (r.keyWrittenTo) io.stdout.write(`the master key from the backup was written to ${r.keyWrittenTo} (mode 600)\n`);
  else if (r.keyNeeded) {
    io.stdout.write(`before starting, supply the master key this data was encrypted with: set HOMEWARD_MASTER_KEY, or put the key file at ${inst.dataDir}/master.key (chmod 600)\n`);
  }
  return EXIT.ok;
}

export const command: Command = {
  summary: 'backup create --out FILE | backup restore FILE: encrypted, verified backups (docs/operations.md)',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({
        args: argv,
        allowPositionals: true,
        options: { out: { type: 'string' }, data: { type: 'string' }, 'include-master-key': { type: 'boolean' }, 'kdf-memory': { type: 'string' } },
      }, USAGE);
    const { values, positionals } = parsed;
    const [sub, file, ...rest] = positionals;
    if (sub === 'create' && !file && values.out) {
      return runCreate(values.out, installation(values.data), values['include-master-key'] ?? false, values['kdf-memory'], io);
    }
    if (sub === 'restore' && file && rest.length === 0 && !values.out && !values['include-master-key'] && !values['kdf-memory']) {
      return runRestore(file, installation(values.data), io);
    }
    throw new UsageError(USAGE);
  },
};
