import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createBackup, type Installation } from './index.ts';
import type { Deps } from '../services/context.ts';
import { recordBackupEvent } from './audit-events.ts';
import { BACKUP_KDF, type KdfParams } from './file-format.ts';

// Scheduled backups for `homeward serve --backup-every 24h --backup-dir DIR
// --backup-keep N`. The time of the last backup is read back from the file
// names, so it survives restarts without the backup writing to the database.

const NAME = /^homeward-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.hwbackup$/;

/**
 * Parses an interval such as `90s`, `30m`, `24h` or `7d` into milliseconds;
 * undefined when it is not one. Example: `parseInterval('24h') === 86_400_000`.
 */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return n > 0 ? n : undefined;
}

/** The file name of a scheduled backup taken at `at`. Example: `homeward-20261129T083000Z.hwbackup`. */
export function scheduledName(at: Date): string {
  return `homeward-${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.hwbackup`;
}

function scheduled(dir: string): { file: string; at: Date }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => ({ file, m: NAME.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ file, at: new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * When the newest scheduled backup in `dir` was taken, for administrators.
 * Example: `lastBackupAt('/backups')?.toISOString()`.
 */
export function lastBackupAt(dir: string): Date | undefined {
  return scheduled(dir).at(-1)?.at;
}

export interface ScheduleOptions {
  inst: Installation;
  dir: string;
  everyMs: number;
  /** How many scheduled backups to keep; older ones are deleted after a new one succeeds. */
  keep: number;
  passphrase: string;
  kdf?: KdfParams;
  now?: () => Date;
  /** The running server's: each successful run is recorded in its audit trail ('backup.scheduled'). */
  deps?: Deps;
  /** Told of each run; messages carry no data, only file names and error messages. */
  onResult?: (r: { file: string; removed: string[] } | { error: Error }) => void;
}

export interface BackupSchedule {
  /** Takes one backup now and applies retention; returns the new file's path. */
  runNow(): Promise<string>;
  stop(): void;
}

/**
 * Starts taking a backup every `everyMs` (the first one after one interval).
 * Runs never overlap; a failed run is reported and the schedule goes on.
 * Example: `const s = startBackupSchedule({ inst, dir, everyMs: parseInterval('24h')!, keep: 14, passphrase })`.
 */
export function startBackupSchedule(opts: ScheduleOptions): BackupSchedule {
  if (opts.keep < 1) throw new Error('keep at least one backup');
  const now = opts.now ?? (() => new Date());
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string> | undefined;
  let stopped = false;

  const runNow = (): Promise<string> => {
    running ??= (async () => {
      try {
        const at = now();
        const file = join(opts.dir, scheduledName(at));
        await createBackup(opts.inst, { out: file, passphrase: opts.passphrase, kdf: opts.kdf ?? BACKUP_KDF, now: at });
        const all = scheduled(opts.dir);
        const removed = all.slice(0, Math.max(0, all.length - opts.keep)).map((x) => x.file);
        for (const f of removed) rmSync(join(opts.dir, f), { force: true });
        if (opts.deps) await recordBackupEvent(opts.deps, 'scheduled');
        opts.onResult?.({ file, removed });
        return file;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((err: unknown) => opts.onResult?.({ error: err instanceof Error ? err : new Error('backup failed') }))
        .finally(arm);
    }, opts.everyMs);
    // A pending backup must not keep a stopping server alive.
    timer.unref();
  };
  arm();
  return {
    runNow,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
