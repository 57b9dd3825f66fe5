import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config.ts';
import { keyringFrom, sameCheckValue } from '../crypto/envelope.ts';
import { MASTER_KEY_FILE, readKeyFile, ROTATION_KEY } from '../crypto/master-key.ts';
import { SQLITE_FILE } from '../db/create-db.ts';
import { packArchive, unpackArchive, ArchiveError, type Archive } from './archive.ts';
import { BACKUP_KDF, BackupFileError, inspectBackup, openBackup, sealBackup, type KdfParams } from './file-format.ts';
import { dropAllTables, hasNoTables, knownMigrations, migrationProblem, openRaw, readChecks, readSnapshot, writeSnapshot, type BatchLimits, type TableCheck, type Location, type Progress, type Snapshot } from './snapshot.ts';

export { BACKUP_KDF, BackupFileError, type KdfParams } from './file-format.ts';
export { ArchiveError } from './archive.ts';
export type { BatchLimits, Progress } from './snapshot.ts';
export { INSERT_BATCH } from './snapshot.ts';

/** The operator asked for something that cannot be done as asked (exit 2); nothing was written. */
export class BackupRefusal extends Error {
  override name = 'BackupRefusal';
}

/** True for every error that is the input's or the target's fault rather than a failure of the machine. */
export function isRefusal(err: unknown): boolean {
  return err instanceof BackupRefusal || err instanceof BackupFileError || err instanceof ArchiveError || err instanceof ConfigError;
}

/** Where the installation lives, as `loadConfig` resolves it. */
export interface Installation {
  dataDir: string;
  databaseUrl: string | undefined;
  /** From HOMEWARD_MASTER_KEY. */
  masterKey: Buffer | undefined;
}

export interface TableSummary {
  table: string;
  rows: number;
  digest: string;
}

const KEY_CHECK = 'key_check_value';

function locate(inst: Installation): Location {
  if (inst.databaseUrl) return { engine: 'postgres', url: inst.databaseUrl };
  return { engine: 'sqlite', file: join(inst.dataDir, SQLITE_FILE) };
}

function summary(snap: Snapshot): TableSummary[] {
  return snap.tables.map((t) => ({ table: t.name, rows: t.rows.length, digest: t.digest }));
}

function metaValue(snap: Snapshot, key: string): string | undefined {
  const meta = snap.tables.find((t) => t.name === 'meta');
  const [k, v] = [meta?.columns.indexOf('key') ?? -1, meta?.columns.indexOf('value') ?? -1];
  const row = meta?.rows.find((r) => r[k] === key);
  return row && typeof row[v] === 'string' ? row[v] : undefined;
}

const keyCheckOf = (snap: Snapshot) => metaValue(snap, KEY_CHECK);

function keyMatches(key: Buffer, check: string | undefined): boolean {
  return check === undefined || sameCheckValue(keyringFrom(key).checkValue, check);
}

async function snapshotOf(inst: Installation, progress?: Progress): Promise<Snapshot> {
  const loc = locate(inst);
  if (loc.engine === 'sqlite' && !existsSync(loc.file!)) throw new BackupRefusal(`there is no Homeward database in ${inst.dataDir}; pass --data DIR or set HOMEWARD_DATABASE_URL`);
  const db = await openRaw(loc, { readonly: true });
  try {
    return await readSnapshot(db, loc.engine, progress);
  } finally {
    await db.destroy();
  }
}

async function checksOf(loc: Location): Promise<Map<string, TableCheck>> {
  const db = await openRaw(loc, { readonly: true });
  try {
    return await readChecks(db, loc.engine);
  } finally {
    await db.destroy();
  }
}

/**
 * Takes a consistent snapshot of the installation (the server may be running)
 * and writes it to `out`, encrypted under the passphrase. Never overwrites a
 * file; writes beside it and renames, removing the partial file on failure.
 * Example: `await createBackup(inst, { out: 'b.hwbackup', passphrase })`.
 */
export async function createBackup(
  inst: Installation,
  opts: { out: string; passphrase: string; includeMasterKey?: boolean; kdf?: KdfParams; now?: Date; progress?: Progress },
): Promise<{ tables: TableSummary[]; bytes: number }> {
  if (existsSync(opts.out)) throw new BackupRefusal(`${opts.out} already exists; choose another file name (backups never overwrite)`);
  if (!existsSync(dirname(opts.out))) throw new BackupRefusal(`the folder of ${opts.out} does not exist`);
  const snapshot = await snapshotOf(inst, opts.progress);
  let masterKey: string | null = null;
  if (opts.includeMasterKey) {
    const file = join(inst.dataDir, MASTER_KEY_FILE);
    const key = inst.masterKey ?? (existsSync(file) ? readKeyFile(file) : undefined);
    if (!key) throw new BackupRefusal(`--include-master-key: no master key found (neither HOMEWARD_MASTER_KEY nor ${file})`);
    // Mid-rotation, rows are wrapped under two keys and one key cannot restore them all.
    if (metaValue(snapshot, ROTATION_KEY) !== undefined) {
      throw new BackupRefusal('--include-master-key: a master key rotation is in progress; let `homeward keys rotate` finish, then take the backup');
    }
    // A backup carrying the wrong key would fail on the day it is needed.
    if (!keyMatches(key, keyCheckOf(snapshot))) throw new BackupRefusal('--include-master-key: the master key does not match this database');
    masterKey = key.toString('base64');
  }
  const gz = await packArchive({ createdAt: (opts.now ?? new Date()).toISOString(), snapshot, masterKey });
  const sealed = await sealBackup(gz, opts.passphrase, opts.kdf ?? BACKUP_KDF);
  // The partial file is already ciphertext; it sits beside the target so the rename is atomic.
  const partial = `${opts.out}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const fd = openSync(partial, 'wx', 0o600);
    try {
      writeSync(fd, sealed);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(opts.out)) throw new BackupRefusal(`${opts.out} appeared while the backup was written; it was left alone`);
    renameSync(partial, opts.out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { tables: summary(snapshot), bytes: sealed.length };
}

/** What restore found out and did; never the key itself. */
export interface RestoreResult {
  tables: TableSummary[];
  createdAt: string;
  /** Where a master key carried by the backup was written. */
  keyWrittenTo: string | undefined;
  /** The backup carries no key and none was given: the operator must supply it before starting. */
  keyNeeded: boolean;
}

function dirIsEmpty(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) throw new BackupRefusal(`${dir} is not a directory`);
  return readdirSync(dir).length === 0;
}

async function checkEmptyDatabase(url: string): Promise<void> {
  const db = await openRaw({ engine: 'postgres', url });
  try {
    if (!(await hasNoTables(db, 'postgres'))) {
      throw new BackupRefusal('the target PostgreSQL database is not empty (it has tables); restore or copy only into a new, empty database (createdb NAME)');
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Decrypts and verifies a whole backup file in memory; nothing is written.
 * Example: `const archive = await verifyBackup(file, passphrase)`.
 */
export async function verifyBackup(file: string, passphrase: string): Promise<Archive> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new BackupRefusal(`${file} cannot be read`);
  }
  inspectBackup(bytes);
  const archive = await unpackArchive(await openBackup(bytes, passphrase));
  const problem = migrationProblem(archive.snapshot.migrations, await knownMigrations());
  if (problem) throw new BackupRefusal(problem);
  const check = keyCheckOf(archive.snapshot);
  if (archive.masterKey !== null && !keyMatches(Buffer.from(archive.masterKey, 'base64'), check)) {
    throw new ArchiveError('the master key inside the backup does not match its database');
  }
  return archive;
}

/**
 * Restores a backup into an empty data directory (SQLite) or an empty
 * PostgreSQL database. Checks the target, then decrypts and verifies the
 * whole file, and only then writes; a failure while writing undoes it.
 * Example: `await restoreBackup(inst, { file: 'b.hwbackup', passphrase })`.
 */
export async function restoreBackup(inst: Installation, opts: { file: string; passphrase: string; progress?: Progress; batch?: BatchLimits }): Promise<RestoreResult> {
  const loc = locate(inst);
  if (loc.engine === 'sqlite' && !dirIsEmpty(inst.dataDir)) {
    throw new BackupRefusal(`${inst.dataDir} is not empty; restore only into a new or empty data directory`);
  }
  if (loc.engine === 'postgres') await checkEmptyDatabase(loc.url!);
  const archive = await verifyBackup(opts.file, opts.passphrase);
  const check = keyCheckOf(archive.snapshot);
  if (inst.masterKey && !keyMatches(inst.masterKey, check)) {
    throw new BackupRefusal('HOMEWARD_MASTER_KEY does not match the database in this backup; set the key it was taken with, or unset it');
  }
  const keyFile = join(inst.dataDir, MASTER_KEY_FILE);
  if (archive.masterKey !== null && existsSync(keyFile)) throw new BackupRefusal(`${keyFile} already exists; the backup carries its own key`);

  const createdDir = !existsSync(inst.dataDir);
  if (loc.engine === 'sqlite') {
    mkdirSync(inst.dataDir, { recursive: true, mode: 0o700 });
    // Built under a temporary name inside the (private) data directory, renamed when complete.
    const temp = join(inst.dataDir, `.restore-${randomBytes(4).toString('hex')}.sqlite`);
    closeSync(openSync(temp, 'wx', 0o600));
    try {
      const db = await openRaw({ engine: 'sqlite', file: temp });
      try {
        await writeSnapshot(db, 'sqlite', archive.snapshot, opts.progress, opts.batch);
      } finally {
        await db.destroy();
      }
      renameSync(temp, loc.file!);
    } catch (err) {
      for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
      if (createdDir) rmdirSync(inst.dataDir);
      throw err;
    }
  } else {
    const db = await openRaw(loc);
    try {
      // Checked again on this connection: someone may have created tables meanwhile.
      if (!(await hasNoTables(db, 'postgres'))) throw new BackupRefusal('the target PostgreSQL database stopped being empty; nothing was restored');
      try {
        await writeSnapshot(db, 'postgres', archive.snapshot, opts.progress, opts.batch);
      } catch (err) {
        await dropAllTables(db);
        throw err;
      }
    } finally {
      await db.destroy();
    }
  }
  let keyWrittenTo: string | undefined;
  if (archive.masterKey !== null) {
    mkdirSync(inst.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, archive.masterKey + '\n', { mode: 0o600, flag: 'wx' });
    keyWrittenTo = keyFile;
  }
  return { tables: summary(archive.snapshot), createdAt: archive.createdAt, keyWrittenTo, keyNeeded: archive.masterKey === null && !inst.masterKey };
}

/**
 * Copies an embedded (SQLite) installation into an empty PostgreSQL database:
 * migrations first, then every row in one transaction, then row counts and
 * per-table checksums compared. Undoes the copy if anything differs.
 * Example: `await copyDatabase({ dataDir, databaseUrl: undefined, masterKey }, 'postgres://...')`.
 */
export async function copyDatabase(inst: Installation, to: string, progress?: { read?: Progress; write?: Progress }, batch?: BatchLimits): Promise<{ tables: TableSummary[] }> {
  if (inst.databaseUrl) throw new BackupRefusal('HOMEWARD_DATABASE_URL is set, so this installation already uses PostgreSQL; db copy moves an embedded (SQLite) installation');
  if (!/^postgres(ql)?:\/\//.test(to)) throw new BackupRefusal('--to must be a postgres:// URL');
  const file = locate(inst).file!;
  if (!existsSync(file)) throw new BackupRefusal(`there is no Homeward database in ${inst.dataDir}; pass --data DIR`);
  await checkEmptyDatabase(to);
  const source = await snapshotOf(inst, progress?.read);
  const db = await openRaw({ engine: 'postgres', url: to });
  try {
    if (!(await hasNoTables(db, 'postgres'))) throw new BackupRefusal('the target PostgreSQL database stopped being empty; nothing was copied');
    try {
      // The same row and byte limits per INSERT as a restore.
      await writeSnapshot(db, 'postgres', source, progress?.write, batch);
      // Compared once more on a fresh connection, as the server will see it. Only when the
      // source was already at this version's schema: newer migrations may rightly change rows.
      if (source.migrations.length === (await knownMigrations()).length) {
        // Counts and digests only: a second copy of every row (attachments included) is not needed to compare.
        const copied = await checksOf({ engine: 'postgres', url: to });
        for (const t of source.tables) {
          const got = copied.get(t.name);
          if (!got || got.rows !== t.rows.length || got.digest !== t.digest) throw new Error(`table ${t.name} differs after the copy (rows ${got?.rows ?? 0} of ${t.rows.length}); the copy was removed`);
        }
      }
    } catch (err) {
      await dropAllTables(db);
      throw err;
    }
  } finally {
    await db.destroy();
  }
  return { tables: summary(source) };
}

/**
 * Where the master key of an installation is, for messages; never the key.
 * Example: `keyLocation(inst) // '/srv/homeward/master.key'`.
 */
export function keyLocation(inst: Installation): string | undefined {
  if (inst.masterKey) return 'HOMEWARD_MASTER_KEY (set in this environment)';
  const file = join(inst.dataDir, MASTER_KEY_FILE);
  return existsSync(file) ? file : undefined;
}
