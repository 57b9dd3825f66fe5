import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FileCase } from '@homeward/contracts';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/src/main.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDeps } from '../src/deps.ts';
import { exportCases, importCases } from '../src/services/cases.ts';
import { OPERATOR } from '../src/services/context.ts';
import { createUser } from '../src/services/users.ts';
import { ArchiveError, copyDatabase, createBackup, restoreBackup, type Installation } from '../src/backup/index.ts';
import { packArchive, unpackArchive } from '../src/backup/archive.ts';
import { batches, tableDigest, type Snapshot, type Value } from '../src/backup/snapshot.ts';
import { describeEachEngine, TEST_OVERRIDES, type Store } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/homeward.mjs', import.meta.url));
// Each command is a fresh Node process loading TypeScript through tsx: seconds each on a busy machine.
const SLOW = 180_000;
const PASS = 'correct horse backup staple';
// Tests pay 8 MiB for the passphrase KDF; the production default stays 64 MiB.
const CHEAP_KDF = ['--kdf-memory', '8'];
const year = new Date().getUTCFullYear();

// Fictional identities in three scripts; none may appear in a backup file's bytes.
const NAMES = ['박순옥', '朴順玉', 'Pak Sun-ok', '王小龙', 'Wang Xiaolong', 'Choe Kyong-hui', '丫丫', 'Left asleep at the grandmother', 'Tumen ferry landing'];
const FILE: FileCase[] = [
  {
    reference: `HW-${year}-0100`, status: 'tracing', riskLevel: 'high', riskNotes: 'Keep away from the husband',
    applicant: { names: [{ text: '박순옥', script: 'hangul', kind: 'korean' }, { text: '朴順玉', script: 'hanzi-traditional', kind: 'legal' }, { text: 'Pak Sun-ok', script: 'latin', kind: 'legal' }], sex: 'female', birth: { year: 1980, month: 2 } },
    sought: [{ names: [{ text: '王小龙', script: 'hanzi-simplified', kind: 'chinese' }, { text: 'Wang Xiaolong', script: 'latin', kind: 'chinese' }], sex: 'male', lastKnownPlace: 'Tumen ferry landing', separationCircumstances: 'Left asleep at the grandmother\'s', relation: 'son' }],
    consents: [{ purpose: 'tracing', givenOn: { year: 2025, month: 4 } }],
  },
  {
    reference: `HW-${year}-0101`, status: 'open', riskLevel: 'low',
    applicant: { names: [{ text: 'Choe Kyong-hui', script: 'latin', kind: 'legal' }] },
    sought: [{ names: [{ text: '丫丫', script: 'hanzi-simplified', kind: 'nickname' }], relation: 'daughter' }],
    consents: [],
  },
] as FileCase[];

interface Result { code: number | null; stdout: string; stderr: string }

/** The CLI as a separate process, against `dataDir`, with exactly the given database URL (or none). */
function cli(args: string[], opts: { dataDir: string; databaseUrl?: string | undefined; input?: string; env?: NodeJS.ProcessEnv }): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOMEWARD_LOG_LEVEL: 'silent', ...opts.env };
    for (const k of ['HOMEWARD_DATABASE_URL', 'HOMEWARD_MASTER_KEY', 'HOMEWARD_BACKUP_PASSPHRASE']) if (!opts.env?.[k]) delete env[k];
    if (opts.databaseUrl) env.HOMEWARD_DATABASE_URL = opts.databaseUrl;
    const child = spawn(process.execPath, [BIN, ...args, '--data', opts.dataDir], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** The CLI in this process: for refusals, where a process per case would only add start-up time. */
async function inProcess(store: Store, args: string[], input = '', env: Record<string, string> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { add(String(chunk)); cb(); } });
  const keys = ['HOMEWARD_DATABASE_URL', 'HOMEWARD_MASTER_KEY', 'HOMEWARD_BACKUP_PASSPHRASE'];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  if (store.databaseUrl) process.env.HOMEWARD_DATABASE_URL = store.databaseUrl;
  Object.assign(process.env, env);
  try {
    const code = await main([...args, '--data', store.dataDir], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), stdin: Readable.from([input]) });
    return { code, stdout, stderr };
  } finally {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

function keyOf(dataDir: string): Buffer {
  return Buffer.from(readFileSync(join(dataDir, 'master.key'), 'utf8').trim(), 'base64');
}

/** Fills a store with cases (names in three scripts, history, audit, blind indexes) and a user. */
async function seed(config: Config): Promise<void> {
  const deps = await openDeps(config);
  try {
    await createUser(deps, OPERATOR, { email: 'worker@example.org', displayName: 'Case Worker', role: 'caseworker', password: 'a long enough passphrase' });
    await importCases(deps, OPERATOR, FILE);
  } finally {
    await deps.db.destroy();
  }
}

type Rows = Record<string, unknown>[];
/** Every row of every table, read with Kysely's own introspection (not the backup code), in a stable order. */
async function everyRow(config: Config): Promise<Record<string, Rows>> {
  const deps = await openDeps(config);
  try {
    const db = deps.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const out: Record<string, Rows> = {};
    for (const t of await db.introspection.getTables()) {
      // The migrator's bookkeeping records when each migration ran, which a restore rightly redoes.
      if (t.name.startsWith('kysely_')) continue;
      const rows = (await db.selectFrom(t.name).selectAll().execute()) as Rows;
      out[t.name] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort().map((s) => JSON.parse(s) as Record<string, unknown>);
    }
    return out;
  } finally {
    await deps.db.destroy();
  }
}

async function exported(config: Config): Promise<FileCase[]> {
  const deps = await openDeps(config);
  try {
    return await exportCases(deps, OPERATOR);
  } finally {
    await deps.db.destroy();
  }
}

function namesIn(bytes: Buffer): string[] {
  return NAMES.filter((n) => bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')) || bytes.toString('latin1').toLowerCase().includes(n.toLowerCase()));
}

async function pgTables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() order by 1");
    return r.rows.map((x) => x.name);
  } finally {
    await c.end();
  }
}

/** Nothing was written: the data directory is as it was and the database still has no tables. */
async function untouched(store: Store, files: string[] = []): Promise<void> {
  expect(readdirSync(store.dataDir).sort()).toEqual(files);
  if (store.databaseUrl) expect(await pgTables(store.databaseUrl)).toEqual([]);
}

describeEachEngine('backup', (engine, fresh) => {
  it('restores a backup taken while the database is open: every row identical, cases decrypt, no plaintext names in the file', async () => {
    const source = await fresh();
    await seed(source.config());
    const out = join(source.dataDir, 'nightly.hwbackup');
    // Read before the backup, which records itself in the audit trail after its snapshot.
    const before = await everyRow(source.config());
    // An open connection stands in for the running server.
    const live = await openDeps(source.config());
    let made: Result;
    try {
      made = await cli(['backup', 'create', '--out', out, ...CHEAP_KDF], { dataDir: source.dataDir, databaseUrl: source.databaseUrl, input: `${PASS}\n` });
    } finally {
      await live.db.destroy();
    }
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/backup written to .*nightly\.hwbackup \(\d+ tables, \d+ rows, \d+ bytes\)/);
    expect(made.stdout).toMatch(/does not contain the master key/);
    const bytes = readFileSync(out);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('HOMEWARD-BACKUP\n');
    expect(namesIn(bytes)).toEqual([]);
    // The backup is in the source's audit trail (operator, no path), after the snapshot it took.
    const sourceEvents = (await everyRow(source.config())).audit_events!;
    expect(sourceEvents.length).toBe(before.audit_events!.length + 1);
    expect(sourceEvents.filter((e) => e.action === 'backup.created')).toEqual([expect.objectContaining({ actor_kind: 'operator', record_id: null })]);
    // Positive control: the same search finds every name in the plaintext export.
    expect(namesIn(Buffer.from(JSON.stringify(await exported(source.config())), 'utf8'))).toEqual(NAMES);

    const target = await fresh();
    const restored = await cli(['backup', 'restore', out], { dataDir: target.dataDir, databaseUrl: target.databaseUrl, env: { HOMEWARD_BACKUP_PASSPHRASE: PASS } });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/restored \d+ tables, \d+ rows .*checksums verified/);
    expect(restored.stdout).toMatch(/supply the master key/);
    expect(existsSync(join(target.dataDir, 'master.key'))).toBe(false);

    const key = keyOf(source.dataDir);
    const after = await everyRow(target.config({ masterKey: key }));
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after.cases).toHaveLength(2);
    expect(after).toEqual(before);
    expect(await exported(target.config({ masterKey: key }))).toEqual(await exported(source.config()));
    // Without the key the restored installation refuses to start rather than make a new one.
    await expect(openDeps(target.config())).rejects.toThrow(/no master key was found/);
  }, SLOW);

  it('refuses a wrong passphrase, a truncated or altered file and a non-empty target, writing nothing; a backup with its key restores whole', async () => {
    const source = await fresh();
    await seed(source.config());
    const file = join(source.dataDir, 'with-key.hwbackup');
    const snapshot = await everyRow(source.config());
    const made = await inProcess(source, ['backup', 'create', '--out', file, '--include-master-key', ...CHEAP_KDF], `${PASS}\n`);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/contains the master key/);
    const good = readFileSync(file);
    expect(namesIn(good)).toEqual([]);
    expect(good.includes(Buffer.from(keyOf(source.dataDir).toString('base64')))).toBe(false);
    // Never overwrites.
    const again = await inProcess(source, ['backup', 'create', '--out', file, ...CHEAP_KDF], `${PASS}\n`);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(file).equals(good)).toBe(true);
    // Too short a passphrase for a new backup.
    expect((await inProcess(source, ['backup', 'create', '--out', `${file}.2`, ...CHEAP_KDF], 'short\n')).code).toBe(2);
    expect(existsSync(`${file}.2`)).toBe(false);

    const target = await fresh();
    const variant = (name: string, bytes: Buffer): string => {
      const p = join(source.dataDir, name);
      writeFileSync(p, bytes);
      return p;
    };
    const flip = (at: number) => {
      const b = Buffer.from(good);
      b[at] = b[at]! ^ 0x01;
      return b;
    };
    const headerEnd = 20 + good.readUInt32BE(16);
    const cases: [string, string, RegExp][] = [
      [file, 'a different passphrase', /wrong backup passphrase/],
      [variant('truncated', good.subarray(0, good.length - 100)), PASS, /truncated/],
      [variant('truncated-header', good.subarray(0, 30)), PASS, /truncated/],
      [variant('flipped-body', flip(good.length - 40)), PASS, /damaged \(its contents fail authentication\)/],
      [variant('flipped-check', flip(headerEnd + 3)), PASS, /wrong backup passphrase \(or the file header is damaged\)/],
      [variant('flipped-tag', flip(good.length - 1)), PASS, /damaged/],
      [variant('flipped-magic', flip(2)), PASS, /not a Homeward backup/],
      [variant('extra', Buffer.concat([good, Buffer.from('x')])), PASS, /damaged/],
      [join(source.dataDir, 'missing'), PASS, /cannot be read/],
    ];
    for (const [path, pass, why] of cases) {
      const r = await inProcess(target, ['backup', 'restore', path], `${pass}\n`);
      expect({ path, code: r.code }).toEqual({ path, code: 2 });
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      await untouched(target);
    }
    // A master key in the environment that does not match the backup.
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    const wrongKey = await inProcess(target, ['backup', 'restore', file], `${PASS}\n`, { HOMEWARD_MASTER_KEY: otherKey });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/HOMEWARD_MASTER_KEY does not match/);
    expect(wrongKey.stderr).not.toContain(otherKey);
    await untouched(target);

    // A target that is not empty.
    if (target.databaseUrl) {
      const c = new pg.Client({ connectionString: target.databaseUrl });
      await c.connect();
      await c.query('create table unrelated (x integer)');
      const r = await inProcess(target, ['backup', 'restore', file], `${PASS}\n`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not empty/);
      expect(await pgTables(target.databaseUrl)).toEqual(['unrelated']);
      await c.query('drop table unrelated');
      await c.end();
    } else {
      writeFileSync(join(target.dataDir, 'notes.txt'), 'someone else\'s file');
      const r = await inProcess(target, ['backup', 'restore', file], `${PASS}\n`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not empty/);
      expect(readdirSync(target.dataDir)).toEqual(['notes.txt']);
      rmSync(join(target.dataDir, 'notes.txt'));
    }
    await untouched(target);

    const ok = await cli(['backup', 'restore', file], { dataDir: target.dataDir, databaseUrl: target.databaseUrl, input: `${PASS}\n` });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/master key from the backup was written to .*master\.key/);
    expect(statSync(join(target.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(keyOf(target.dataDir).equals(keyOf(source.dataDir))).toBe(true);
    // Every row as the backup took it; the restored installation's audit trail goes on with the restore itself.
    const { audit_events: restoredEvents, audit_head: _h1, ...restored } = await everyRow(target.config());
    const { audit_events: snapshotEvents, audit_head: _h2, ...taken } = snapshot;
    expect(restored).toEqual(taken);
    expect(restoredEvents!.filter((e) => e.action !== 'backup.restored')).toEqual(snapshotEvents);
    expect(restoredEvents!.filter((e) => e.action === 'backup.restored')).toEqual([expect.objectContaining({ actor_kind: 'operator' })]);
    expect(await exported(target.config())).toEqual(await exported(source.config()));
  }, SLOW);
});

describeEachEngine('db copy', (engine, fresh) => {
  if (engine === 'sqlite') {
    it('refuses bad usage and an installation that already runs on PostgreSQL, before connecting anywhere', async () => {
      const store = await fresh();
      const noUrl = await inProcess(store, ['db', 'copy']);
      expect(noUrl.code).toBe(2);
      expect(noUrl.stderr).toMatch(/usage: homeward db copy/);
      const notPg = await inProcess(store, ['db', 'copy', '--to', 'mysql://localhost/x']);
      expect(notPg.code).toBe(2);
      expect(notPg.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
      // Port 1 is never contacted: the refusal comes first.
      const onPg = await inProcess({ ...store, databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }, ['db', 'copy', '--to', 'postgres://nobody@127.0.0.1:1/other']);
      expect(onPg.code).toBe(2);
      expect(onPg.stderr).toMatch(/already uses PostgreSQL/);
      const noDb = await inProcess(store, ['db', 'copy', '--to', 'postgres://nobody@127.0.0.1:1/other']);
      expect(noDb.code).toBe(2);
      expect(noDb.stderr).toMatch(/there is no Homeward database/);
      expect(readdirSync(store.dataDir)).toEqual([]);
    });
    return;
  }
  it('copies an embedded installation into empty PostgreSQL: identical rows, cases decrypt, says how to switch without printing the key', async () => {
    const target = await fresh();
    const sourceDir = (await fresh()).dataDir;
    const sqliteConfig = (overrides: Partial<Config> = {}) => loadConfig({ data: sourceDir }, {}, { ...TEST_OVERRIDES, ...overrides });
    await seed(sqliteConfig());
    const r = await cli(['db', 'copy', '--to', target.databaseUrl!], { dataDir: sourceDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}cases +2 rows +sha256 [0-9a-f]{16}$/m);
    expect(r.stdout).toMatch(/row counts and checksums match/);
    expect(r.stdout).toContain(`HOMEWARD_DATABASE_URL=${target.databaseUrl}`);
    expect(r.stdout).toContain(join(sourceDir, 'master.key'));
    const key = keyOf(sourceDir);
    expect(r.stdout).not.toContain(key.toString('base64'));

    expect(await everyRow(target.config({ masterKey: key }))).toEqual(await everyRow(sqliteConfig()));
    expect(await exported(target.config({ masterKey: key }))).toEqual(await exported(sqliteConfig()));

    // The target is no longer empty: a second copy is refused and changes nothing.
    const rowsBefore = await everyRow(target.config({ masterKey: key }));
    const again = await inProcess({ ...target, databaseUrl: undefined, dataDir: sourceDir }, ['db', 'copy', '--to', target.databaseUrl!]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    expect(await everyRow(target.config({ masterKey: key }))).toEqual(rowsBefore);

    // A backup is engine-neutral too: one taken from SQLite restores into PostgreSQL.
    const sqliteStore = { ...target, databaseUrl: undefined, dataDir: sourceDir };
    const file = join(sourceDir, 'cross.hwbackup');
    // Read before the backup, which then records itself in the source's audit trail.
    const sqliteRows = await everyRow(sqliteConfig());
    expect((await inProcess(sqliteStore, ['backup', 'create', '--out', file, ...CHEAP_KDF], `${PASS}\n`)).code).toBe(0);
    const other = await fresh();
    const restored = await inProcess(other, ['backup', 'restore', file], `${PASS}\n`);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await everyRow(other.config({ masterKey: key }))).toEqual(sqliteRows);
  }, SLOW);
});

describe('backup archive', () => {
  /** A synthetic table of many rows with attachment-sized text, several MB in all. */
  function bigSnapshot(rows: number, width: number): Snapshot {
    const data: Value[][] = [];
    for (let i = 0; i < rows; i++) data.push([`row-${i}`, i, i % 7 === 0 ? null : `${String.fromCharCode(65 + (i % 26)).repeat(width)}-${i}`]);
    return { engine: 'sqlite', migrations: ['m1'], tables: [{ name: 'blobs', columns: ['id', 'n', 'content'], rows: data, digest: tableDigest(data) }] };
  }

  it('packs and unpacks an archive of several MB built from many rows, byte for byte in the documented line format', async () => {
    const snapshot = bigSnapshot(3000, 2600);
    const gz = await packArchive({ createdAt: '2026-11-29T00:00:00.000Z', snapshot, masterKey: null });
    const text = gunzipSync(gz);
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    // The layout older versions wrote (one string joined from the lines): old backups and new ones are the same bytes.
    const lines = [JSON.stringify({ homewardBackup: 1, createdAt: '2026-11-29T00:00:00.000Z', engine: 'sqlite', migrations: ['m1'], masterKey: null })];
    lines.push(JSON.stringify({ table: 'blobs', columns: ['id', 'n', 'content'], rows: 3000, digest: snapshot.tables[0]!.digest }));
    for (const r of snapshot.tables[0]!.rows) lines.push(JSON.stringify(r));
    const body = lines.join('\n') + '\n';
    const expected = body + JSON.stringify({ end: true, sha256: createHash('sha256').update(body).digest('hex') }) + '\n';
    expect(text.equals(Buffer.from(expected, 'utf8'))).toBe(true);

    const back = await unpackArchive(gz);
    expect(back.createdAt).toBe('2026-11-29T00:00:00.000Z');
    expect(back.snapshot).toEqual(snapshot);
  });

  it('refuses an archive whose bytes were altered, whose trailer is missing, or whose table stops short', async () => {
    const snapshot = bigSnapshot(50, 100);
    const text = gunzipSync(await packArchive({ createdAt: '2026-11-29T00:00:00.000Z', snapshot, masterKey: null }));
    const altered = Buffer.from(text);
    altered[text.indexOf('row-10')] = 0x52;
    await expect(unpackArchive(gzipSync(altered))).rejects.toThrow(/checksum does not match/);
    const noTrailer = text.subarray(0, text.lastIndexOf(0x0a, text.length - 2) + 1);
    await expect(unpackArchive(gzipSync(noTrailer))).rejects.toThrow(ArchiveError);
    // A consistent archive (checksum recomputed) that claims more rows than it holds.
    const short = noTrailer.toString('utf8').replace('"rows":50', '"rows":51');
    const resealed = short + JSON.stringify({ end: true, sha256: createHash('sha256').update(short).digest('hex') }) + '\n';
    await expect(unpackArchive(gzipSync(Buffer.from(resealed)))).rejects.toThrow(/table blobs is incomplete/);
    await expect(unpackArchive(Buffer.from('not gzip'))).rejects.toThrow(/cannot be decompressed/);
  });

  it('batches INSERTs by rows and by bytes; a row above the byte budget goes alone', () => {
    const rows: Value[][] = [];
    for (let i = 0; i < 10; i++) rows.push([`id-${i}`, 'x'.repeat(i === 4 ? 100_000 : 10_000)]);
    const out = [...batches(rows, 2, { rows: 1000, bytes: 30_000 })];
    expect(out.flatMap(([a, b]) => rows.slice(a, b)).length).toBe(10);
    expect(out).toContainEqual([4, 5]);
    for (const [a, b] of out) {
      const bytes = rows.slice(a, b).reduce((n, r) => n + String(r[1]).length + String(r[0]).length, 0);
      if (b - a > 1) expect(bytes).toBeLessThanOrEqual(30_000);
    }
    expect([...batches(rows.slice(0, 3), 2, { rows: 2, bytes: Infinity })]).toEqual([[0, 2], [2, 3]]);
    // Bound parameters stay below SQLite's limit however generous the row limit.
    const wide = Array.from({ length: 40_000 }, (_, i) => [i, i] as Value[]);
    expect([...batches(wide, 2, { rows: 1e9, bytes: Infinity })][0]).toEqual([0, 15_000]);
  });
});

describeEachEngine('backup of large rows', (engine, fresh) => {
  const KDF = { memoryCost: 8192, timeCost: 1, parallelism: 1 };
  const BUDGET = { rows: 1000, bytes: 64 * 1024 };
  const inst = (s: Store): Installation => ({ dataDir: s.dataDir, databaseUrl: s.databaseUrl, masterKey: undefined });

  /** Attachment-shaped rows (random base64, as sealed files look) totalling several times the byte budget. */
  async function withAttachments(config: Config): Promise<number> {
    const deps = await openDeps(config);
    let bytes = 0;
    try {
      for (let i = 0; i < 25; i++) {
        const content = randomBytes(i === 3 ? 90_000 : 12_000).toString('base64');
        bytes += content.length;
        await deps.db.insertInto('attachments').values({
          id: `att-${i}`, organisation_id: 'org', owner_type: 'case', owner_id: 'case-1', case_id: null, kind: 'photo', created_by: null,
          created_at: '2026-11-29T00:00:00.000Z', wrapped_key: 'k', sealed: 's', content, thumbnail: null,
        }).execute();
      }
    } finally {
      await deps.db.destroy();
    }
    return bytes;
  }

  it('restore (and db copy) split INSERTs by a byte budget: several statements, an identical round trip, progress per statement', async () => {
    const source = await fresh();
    await seed(source.config());
    const bytes = await withAttachments(source.config());
    expect(bytes).toBeGreaterThan(4 * BUDGET.bytes);
    const before = await everyRow(source.config());
    const out = join(source.dataDir, 'big.hwbackup');
    await createBackup(inst(source), { out, passphrase: PASS, kdf: KDF });

    const target = await fresh();
    const seen: { done: number; table: string }[] = [];
    await restoreBackup(inst(target), { file: out, passphrase: PASS, batch: BUDGET, progress: (done, _total, table) => seen.push({ done, table }) });
    const statements = seen.filter((p) => p.table === 'attachments');
    // 24 rows of ~16 KB fit at most four to 64 KiB, and the ~120 KB row goes alone: at least 7 statements.
    expect(statements.length).toBeGreaterThanOrEqual(7);
    expect(statements.length).toBeLessThan(25);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    const key = keyOf(source.dataDir);
    expect(await everyRow(target.config({ masterKey: key }))).toEqual(before);

    if (engine === 'postgres') {
      // db copy writes through the same batching.
      const sqliteDir = (await fresh()).dataDir;
      const sqliteConfig = () => loadConfig({ data: sqliteDir }, {}, TEST_OVERRIDES);
      await seed(sqliteConfig());
      await withAttachments(sqliteConfig());
      const copyTarget = await fresh();
      const writes: string[] = [];
      await copyDatabase({ dataDir: sqliteDir, databaseUrl: undefined, masterKey: undefined }, copyTarget.databaseUrl!, { write: (_d, _t, table) => writes.push(table) }, BUDGET);
      expect(writes.filter((t) => t === 'attachments').length).toBeGreaterThanOrEqual(7);
      expect(await everyRow(copyTarget.config({ masterKey: keyOf(sqliteDir) }))).toEqual(await everyRow(sqliteConfig()));
    }
  }, SLOW);
});
