import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './tables/index.ts';

export type Db = Kysely<Database>;
export type Engine = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** The SQLite file (embedded engine only). */
  file?: string;
}

/** Name of the embedded database file inside the data directory. */
export const SQLITE_FILE = 'homeward.sqlite';

/**
 * SQLite transactions that take the write lock when they begin. A deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY when
 * another connection (a CLI command, a key rotation) wrote in between: the
 * busy timeout cannot help it. BEGIN IMMEDIATE waits for the lock instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Opens SQLite in `dataDir` or PostgreSQL at `databaseUrl`, then runs migrations.
 * Example: `const { db } = await createDb({ dataDir: './data' })`.
 */
export async function createDb(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<DbHandle> {
  let handle: DbHandle;
  if (opts.databaseUrl) {
    // Drivers load on demand: a SQLite installation never pays for pg, nor the reverse.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection closed by the server (a restart, an administrator, a
    // dropped database) is reported on the pool; unheard, that event would end the
    // whole process. The pool opens a new connection on next use, and a query in
    // flight still fails on its own promise.
    pool.on('error', () => undefined);
    handle = { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
  } else {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const file = join(opts.dataDir, SQLITE_FILE);
    // Create the file owner-only before SQLite opens it; its -wal and -shm inherit the mode.
    closeSync(openSync(file, 'a', 0o600));
    const { default: SQLite } = await import('better-sqlite3');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // Deleted identifying values must not linger in free pages of the file.
    sqlite.pragma('secure_delete = ON');
    // Reads of a large registry (the matching index is ~20 million rows at 200,000 cases) go
    // through memory-mapped pages and a 64 MB page cache instead of a read() per page: a
    // lead's lookups are random reads across the index. Nothing more is written to disk.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 2147418112');
    handle = { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) }), engine: 'sqlite', file };
  }
  const { error, results } = await new Migrator({ db: handle.db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await handle.db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return handle;
}
