import { resolve } from 'node:path';
import { ConfigError, loadConfig, start } from '@homeward/server';
import { parseInterval, startBackupSchedule, type BackupSchedule } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'backup-every': { type: 'string' },
  'backup-dir': { type: 'string' },
  'backup-keep': { type: 'string' },
} as const;

interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  data?: string | undefined;
  'backup-every'?: string | undefined;
  'backup-dir'?: string | undefined;
  'backup-keep'?: string | undefined;
}

/** Scheduled backups asked for by `--backup-every`, checked before the server starts. */
function backupPlan(flags: ServeFlags): { dir: string; everyMs: number; keep: number; passphrase: string } | undefined {
  const every = flags['backup-every'];
  if (every === undefined) {
    if (flags['backup-dir'] !== undefined || flags['backup-keep'] !== undefined) throw new UsageError('--backup-dir and --backup-keep go with --backup-every');
    return undefined;
  }
  const everyMs = parseInterval(every);
  if (everyMs === undefined) throw new UsageError('--backup-every must be a whole number with s, m, h or d, e.g. 24h');
  if (!flags['backup-dir']) throw new UsageError('--backup-every needs --backup-dir DIR (keep backups off the machine they protect)');
  const keep = flags['backup-keep'] === undefined ? 14 : Number(flags['backup-keep']);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) throw new UsageError('--backup-keep must be a whole number from 1 to 1000');
  const passphrase = process.env.HOMEWARD_BACKUP_PASSPHRASE ?? '';
  if (passphrase.length < 12) throw new UsageError('scheduled backups need HOMEWARD_BACKUP_PASSPHRASE (at least 12 characters)');
  return { dir: resolve(flags['backup-dir']), everyMs, keep, passphrase };
}

/** Runs the server until SIGINT/SIGTERM; shared by `serve` and `demo`. */
export async function serveUntilSignal(flags: ServeFlags, io: CliIo, before?: (dataDir: string) => Promise<void>): Promise<number> {
  let config;
  try {
    config = loadConfig(flags);
    if (before) await before(config.dataDir);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  // Listen for signals before the server announces itself: a supervisor (or a
  // test) may send SIGTERM as soon as it reads the first line, and a signal
  // that arrives before a listener exists kills the process uncleanly.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const backups = backupPlan(flags);
  let app;
  try {
    app = await start(config, io.stdout);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${config.port} on ${config.host} is already in use; choose another with --port N (or HOMEWARD_PORT)`);
    }
    throw err;
  }
  let schedule: BackupSchedule | undefined;
  if (backups) {
    schedule = startBackupSchedule({
      inst: config,
      deps: app.homeward.deps,
      ...backups,
      // File names and error messages only: a backup carries no identifying value into the log.
      onResult: (r) =>
        io.stderr.write('error' in r ? `scheduled backup failed: ${r.error.message}\n` : `scheduled backup written: ${r.file}${r.removed.length ? ` (removed ${r.removed.length} older)` : ''}\n`),
    });
  }
  await stopped;
  schedule?.stop();
  await app.close();
  return EXIT.ok;
}

export const command: Command = {
  summary: 'run the Homeward server (--port N, --host H, --data DIR; --backup-every 24h --backup-dir DIR [--backup-keep N] with HOMEWARD_BACKUP_PASSPHRASE; HOMEWARD_DATABASE_URL for PostgreSQL)',
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false });
    return serveUntilSignal(values, io);
  },
};
