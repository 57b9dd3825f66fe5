import { createHash } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { migrationProvider } from '../db/migrations/index.ts';
import type { Engine } from '../db/create-db.ts';

// Engine-neutral reading and writing of every table, so that a backup of
// one engine restores into either, and `db copy` is a restore without a file.
// Kysely's typed builder cannot name tables known only at run time, hence raw
// `sql` with identifiers quoted by sql.table / sql.ref.

/** A Kysely instance whose schema is discovered at run time. */
export type AnyDb = Kysely<Record<string, never>>;

/** Plain columns hold text and integers only (docs/data-model.md). */
export type Value = string | number | null;

export interface TableDump {
  name: string;
  columns: string[];
  rows: Value[][];
  /** Order-independent checksum of the rows: engines sort text differently. */
  digest: string;
}

export interface Snapshot {
  engine: Engine;
  /** Names of the applied migrations, oldest first. */
  migrations: string[];
  /** In an order that satisfies foreign keys when inserted first to last. */
  tables: TableDump[];
}

/** Where to read from or write to, as loadConfig resolves it. */
export interface Location {
  engine: Engine;
  /** The SQLite file (embedded engine). */
  file?: string;
  /** postgres://... */
  url?: string;
}

export type Progress = (done: number, total: number, table: string) => void;

const PAGE = 2000;

/**
 * Opens a database without running migrations or writing anything.
 * Example: `const db = await openRaw({ engine: 'sqlite', file }, { readonly: true })`.
 */
export async function openRaw(loc: Location, opts: { readonly?: boolean; create?: boolean } = {}): Promise<AnyDb> {
  if (loc.engine === 'postgres') {
    const { default: pg } = await import('pg');
    // int8 arrives as a string by default; the schema has none today, but a
    // later bigint column must not silently compare unequal across engines.
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => toSafeNumber(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    };
    const pool = new pg.Pool({ connectionString: loc.url, max: 2, types });
    // As in db/create-db.ts: an idle connection closed by the server must not end the process.
    pool.on('error', () => undefined);
    return new Kysely({ dialect: new PostgresDialect({ pool }) });
  }
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(loc.file!, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  if (!opts.readonly) db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  return new Kysely({ dialect: new SqliteDialect({ database: db }) });
}

function toSafeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error('an integer column holds a value beyond 2^53; backups cannot carry it exactly');
  return n;
}

function normalise(v: unknown): Value {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return toSafeNumber(v.toString());
  throw new Error('a column holds a value that is neither text nor a number; backups carry only those');
}

/** One row's hash, from which table digests are made. */
const rowHash = (r: Value[]): Buffer => createHash('sha256').update(JSON.stringify(r)).digest();

function digestOfHashes(hashes: Buffer[]): string {
  hashes.sort(Buffer.compare);
  const h = createHash('sha256');
  for (const x of hashes) h.update(x);
  return h.digest('hex');
}

/** The digest of a table's rows, independent of their order. Example: `tableDigest([[1, 'a']])`. */
export function tableDigest(rows: Value[][]): string {
  return digestOfHashes(rows.map(rowHash));
}

async function rowsOf(db: AnyDb, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return (await query.execute(db)).rows as Record<string, unknown>[];
}

/** Every table of the application (not the migrator's, not SQLite's own). */
export async function listTables(db: AnyDb, engine: Engine): Promise<string[]> {
  const rows =
    engine === 'sqlite'
      ? await rowsOf(db, sql`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`)
      : await rowsOf(db, sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
  return rows.map((r) => String(r.name)).filter((n) => !n.startsWith('kysely_')).sort();
}

/** True when the database holds no tables at all (not even the migrator's). */
export async function hasNoTables(db: AnyDb, engine: Engine): Promise<boolean> {
  const rows =
    engine === 'sqlite'
      ? await rowsOf(db, sql`select count(*) as n from sqlite_master where type = 'table'`)
      : await rowsOf(db, sql`select count(*) as n from information_schema.tables where table_schema = current_schema()`);
  return Number(rows[0]?.n) === 0;
}

async function columnsOf(db: AnyDb, engine: Engine, table: string): Promise<string[]> {
  const rows =
    engine === 'sqlite'
      ? await rowsOf(db, sql`select name from pragma_table_info(${table}) order by cid`)
      : await rowsOf(db, sql`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`);
  return rows.map((r) => String(r.name));
}

async function referencedBy(db: AnyDb, engine: Engine, table: string): Promise<string[]> {
  const rows =
    engine === 'sqlite'
      ? await rowsOf(db, sql`select "table" as name from pragma_foreign_key_list(${table})`)
      : await rowsOf(
          db,
          sql`select distinct ccu.table_name as name
              from information_schema.table_constraints tc
              join information_schema.constraint_column_usage ccu
                on tc.constraint_name = ccu.constraint_name and tc.constraint_schema = ccu.constraint_schema
              where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema() and tc.table_name = ${table}`,
        );
  return rows.map((r) => String(r.name));
}

/** Tables ordered so that every table comes after those its foreign keys point at. */
async function insertOrder(db: AnyDb, engine: Engine, tables: string[]): Promise<string[]> {
  const deps = new Map<string, string[]>();
  for (const t of tables) deps.set(t, (await referencedBy(db, engine, t)).filter((r) => r !== t && tables.includes(r)));
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`tables reference each other in a cycle (${t}); backups cannot order them`);
    state.set(t, 'visiting');
    for (const d of deps.get(t)!) visit(d);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

/** Applied migrations, oldest first; empty when the migrator never ran. */
async function appliedMigrations(db: AnyDb, engine: Engine): Promise<string[]> {
  const present =
    engine === 'sqlite'
      ? await rowsOf(db, sql`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`)
      : await rowsOf(db, sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`);
  if (!present.length) return [];
  return (await rowsOf(db, sql`select name from kysely_migration order by name`)).map((r) => String(r.name));
}

/** Row count and digest of one table, without its rows. */
export interface TableCheck {
  rows: number;
  digest: string;
}

/**
 * Reads every table; with `keep` false only counts and digests (32 bytes per
 * row), so checking a restore does not hold a second copy of the database.
 */
async function readTables(db: AnyDb, engine: Engine, progress: Progress | undefined, keep: boolean): Promise<{ snapshot: Snapshot; checks: Map<string, TableCheck> }> {
  const names = await insertOrder(db, engine, await listTables(db, engine));
  const migrations = await appliedMigrations(db, engine);
  const counts = new Map<string, number>();
  for (const t of names) counts.set(t, Number((await rowsOf(db, sql`select count(*) as n from ${sql.table(t)}`))[0]?.n));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  const tables: TableDump[] = [];
  const checks = new Map<string, TableCheck>();
  for (const name of names) {
    const columns = await columnsOf(db, engine, name);
    const refs = columns.map((c) => sql.ref(c));
    const order = sql.join(columns.map((_c, i) => sql.lit(i + 1)));
    const rows: Value[][] = [];
    const hashes: Buffer[] = [];
    // Pages inside one snapshot, ordered by every column: stable, and no driver cursor needed.
    for (let offset = 0; ; offset += PAGE) {
      const page = await rowsOf(db, sql`select ${sql.join(refs)} from ${sql.table(name)} order by ${order} limit ${sql.lit(PAGE)} offset ${sql.lit(offset)}`);
      for (const r of page) {
        const row = columns.map((c) => normalise(r[c]));
        hashes.push(rowHash(row));
        if (keep) rows.push(row);
      }
      done += page.length;
      progress?.(done, total, name);
      if (page.length < PAGE) break;
    }
    if (hashes.length !== counts.get(name)) throw new Error(`table ${name} changed while it was read; the snapshot is not consistent`);
    const digest = digestOfHashes(hashes);
    checks.set(name, { rows: hashes.length, digest });
    tables.push({ name, columns, rows, digest });
  }
  return { snapshot: { engine, migrations, tables }, checks };
}

async function inSnapshot<T>(db: AnyDb, engine: Engine, read: (trx: AnyDb) => Promise<T>): Promise<T> {
  if (engine === 'postgres') return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
  return db.transaction().execute(read);
}

/**
 * Reads every table in one consistent snapshot while the server may keep
 * writing: a read transaction on SQLite (WAL readers see one point in time),
 * REPEATABLE READ READ ONLY on PostgreSQL.
 * Example: `const snap = await readSnapshot(db, 'sqlite')`.
 */
export async function readSnapshot(db: AnyDb, engine: Engine, progress?: Progress): Promise<Snapshot> {
  return (await inSnapshot(db, engine, (trx) => readTables(trx, engine, progress, true))).snapshot;
}

/**
 * Row counts and digests of every table, read as readSnapshot reads but
 * without keeping the rows. Example: `(await readChecks(db, 'sqlite')).get('cases')`.
 */
export async function readChecks(db: AnyDb, engine: Engine): Promise<Map<string, TableCheck>> {
  return (await inSnapshot(db, engine, (trx) => readTables(trx, engine, undefined, false))).checks;
}

/** Names of the migrations this version of Homeward knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
}

/**
 * Why a snapshot cannot be written by this version of Homeward, or undefined.
 * Example: `checkMigrations(snap.migrations, await knownMigrations())`.
 */
export function migrationProblem(theirs: string[], ours: string[]): string | undefined {
  if (!theirs.length) return 'the backup holds no schema (no migrations were applied where it was taken)';
  for (let i = 0; i < theirs.length; i++) {
    if (ours[i] !== theirs[i]) {
      return ours.includes(theirs[i]!)
        ? 'the backup was taken from a database whose migrations differ from this version of Homeward'
        : `the backup was taken by a newer version of Homeward (migration ${theirs[i]} is unknown here); upgrade Homeward first`;
    }
  }
  return undefined;
}

async function migrate(db: AnyDb, to: string | 'latest'): Promise<void> {
  const m = new Migrator({ db, provider: migrationProvider });
  const { error, results } = to === 'latest' ? await m.migrateToLatest() : await m.migrateTo(to);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** How many rows, and how many bytes of values, one INSERT statement carries at most. */
export interface BatchLimits {
  rows: number;
  bytes: number;
}

/**
 * Rows alone are not enough: attachments hold up to ~27 MB of base64 each, and
 * 1,000 of them in one statement would pass PostgreSQL's 1 GB message limit
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html, Bind)
 * and SQLite's 1,000,000,000-byte SQLITE_MAX_LENGTH (https://www.sqlite.org/limits.html).
 * 16 MB keeps each statement far below both while still amortising round trips.
 */
export const INSERT_BATCH: BatchLimits = { rows: 1000, bytes: 16 * 1024 * 1024 };

/** Bytes a value takes as a bound parameter, near enough for batching. */
const sizeOf = (v: Value): number => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 8);

/**
 * Splits rows into consecutive batches within the limits (a single row larger
 * than the byte limit goes alone). Example: `batches(rows, 3, INSERT_BATCH)` yields `[start, end)` pairs.
 */
export function* batches(rows: Value[][], columns: number, limits: BatchLimits): Generator<[number, number]> {
  // Below SQLite's 32 766 and PostgreSQL's 65 535 bound parameters per statement.
  const maxRows = Math.max(1, Math.min(limits.rows, Math.floor(30_000 / Math.max(1, columns))));
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const size = rows[i]!.reduce<number>((a, v) => a + sizeOf(v), 0);
    if (i > start && (i - start >= maxRows || bytes + size > limits.bytes)) {
      yield [start, i];
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < rows.length) yield [start, rows.length];
}

/**
 * Writes a snapshot into a database that holds no tables: migrates to the
 * snapshot's schema, inserts every row in one transaction (in statements
 * bounded by `limits`), reads everything back and compares checksums, then
 * migrates to this version's latest schema. Returns how many INSERTs it used.
 * Example: `await writeSnapshot(db, 'postgres', snap)`.
 */
export async function writeSnapshot(db: AnyDb, engine: Engine, snap: Snapshot, progress?: Progress, limits: BatchLimits = INSERT_BATCH): Promise<{ statements: number }> {
  const problem = migrationProblem(snap.migrations, await knownMigrations());
  if (problem) throw new Error(problem);
  await migrate(db, snap.migrations.at(-1)!);
  const have = await listTables(db, engine);
  const want = snap.tables.map((t) => t.name).sort();
  if (have.join() !== want.join()) throw new Error('the backup\'s tables differ from the schema its migrations create; it cannot be restored');
  for (const t of snap.tables) {
    if ((await columnsOf(db, engine, t.name)).join() !== t.columns.join()) throw new Error(`the backup's columns of ${t.name} differ from the schema; it cannot be restored`);
  }
  const total = snap.tables.reduce((a, t) => a + t.rows.length, 0);
  let done = 0;
  let statements = 0;
  await db.transaction().execute(async (trx) => {
    // Migrations may seed rows; the backup carries them as they were at the source.
    for (const t of [...snap.tables].reverse()) await sql`delete from ${sql.table(t.name)}`.execute(trx);
    for (const t of snap.tables) {
      const cols = sql.join(t.columns.map((c) => sql.ref(c)));
      for (const [from, to] of batches(t.rows, t.columns.length, limits)) {
        const rows = t.rows.slice(from, to).map((r) => sql`(${sql.join(r)})`);
        await sql`insert into ${sql.table(t.name)} (${cols}) values ${sql.join(rows)}`.execute(trx);
        statements++;
        done += rows.length;
        progress?.(done, total, t.name);
      }
    }
  });
  const back = await readChecks(db, engine);
  for (const t of snap.tables) {
    const got = back.get(t.name);
    if (!got || got.rows !== t.rows.length || got.digest !== t.digest) throw new Error(`table ${t.name} reads back differently from what was written`);
  }
  await migrate(db, 'latest');
  return { statements };
}

/** Drops every table of the current PostgreSQL schema: undoes a failed write into a database that had none. */
export async function dropAllTables(db: AnyDb): Promise<void> {
  const rows = await rowsOf(db, sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
  for (const r of rows) await sql`drop table if exists ${sql.table(String(r.name))} cascade`.execute(db);
}
