import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { audit, auditWithCheckpoint } from '../audit/audit.ts';
import { checkpointMac, headMac, sameMac } from '../audit/chain.ts';
import { verifyTrail, type VerifyReport } from '../audit/verify.ts';
import { keyringFrom, rewrap, wrapDataKey, type Keyring } from '../crypto/envelope.ts';
import { INDEX_ROOT_KEY, LiveKeyring, MASTER_KEY_FILE, OLD_KEY_FILE, readKeyFile, ROTATION_KEY } from '../crypto/master-key.ts';
import { registerAuditKey } from '../crypto/signing-keys.ts';
import type { Db } from '../db/create-db.ts';
import { deleteMeta, getMeta, setMeta } from '../db/repositories/meta.ts';
import type { Actor, Deps } from './context.ts';

/** Tables whose rows carry a wrapped data key (`id`, `wrapped_key`). */
const WRAPPED_TABLES = ['cases', 'people', 'leads', 'users', 'case_access', 'consents', 'attachments', 'match_candidates', 'match_decisions', 'tracing_requests', 'partner_leads', 'disclosure_consents', 'family_messages', 'dossiers'] as const;
type WrappedTable = (typeof WRAPPED_TABLES)[number];

function live(deps: Deps): LiveKeyring {
  if (!(deps.kr instanceof LiveKeyring)) throw new Error('key commands need the keyring from openDeps()');
  return deps.kr;
}

/** Audit signing keys this process holds, by key id (for verification). */
export function auditKeys(deps: Deps): Map<string, Buffer> {
  return new Map(live(deps).rings().map((r) => [r.kid, r.auditKey]));
}

/**
 * Verifies the audit trail and records that it did (the record comes after
 * the check, so a verification never vouches for itself).
 * Example: `const report = await verifyAudit(deps, OPERATOR)`.
 */
export async function verifyAudit(deps: Deps, actor: Actor): Promise<VerifyReport> {
  const report = await verifyTrail(deps.db, auditKeys(deps));
  try {
    await audit(deps.db, actor, report.problems.length ? 'audit.verify.failed' : 'audit.verified', null, null, deps.now());
  } catch (err) {
    // A tampered trail may refuse the record (e.g. the next event number already taken); the findings still matter more.
    if (report.problems.length === 0) throw err;
    report.problems.push({ kind: 'head', seq: null, id: null, message: 'this verification could not be recorded in the trail (its next place is taken)' });
  }
  return report;
}

/** Stores a signed checkpoint at the head of the trail now. Returns its event number. */
export async function checkpointAudit(deps: Deps, actor: Actor): Promise<number> {
  return auditWithCheckpoint(deps.db, actor, 'audit.checkpoint', deps.now());
}

/** Writes a file the crash-safe way: temp file, fsync, rename, fsync the directory. */
function writeAtomic(dir: string, name: string, content: string): void {
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, join(dir, name));
  syncDir(dir);
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rewrapTable(db: Db, kr: LiveKeyring, table: WrappedTable, batch: number): Promise<number> {
  const current = `k1.${kr.kid}.%`;
  let done = 0;
  for (;;) {
    // Dynamic table name over tables of the same shape (id, wrapped_key; a NULL wrapped_key never matches); the cast keeps Kysely's types to that shape.
    const rows = await db.selectFrom(table as 'cases').select(['id', 'wrapped_key']).where('wrapped_key', 'not like', current).limit(batch).execute();
    if (rows.length === 0) return done;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const next = rewrap(kr, table, r.id, r.wrapped_key);
        // Only if nobody rewrote the row meanwhile (a running server may have); the next pass picks it up otherwise.
        const res = await trx.updateTable(table as 'cases').set({ wrapped_key: next }).where('id', '=', r.id).where('wrapped_key', '=', r.wrapped_key).executeTakeFirst();
        done += Number(res.numUpdatedRows);
      }
    });
  }
}

/** Sealed values kept in `meta`: the blind-index root (a bare wrapped key) and JSON `{wrapped, sealed}` values. */
async function rewrapMeta(db: Db, kr: LiveKeyring): Promise<number> {
  let done = 0;
  const rows = await db.selectFrom('meta').select(['key', 'value']).execute();
  for (const r of rows) {
    if (r.key === INDEX_ROOT_KEY) {
      if (!r.value.startsWith(`k1.${kr.kid}.`)) {
        await setMeta(db, r.key, rewrap(kr, 'meta', r.key, r.value));
        done++;
      }
      continue;
    }
    if (!r.value.startsWith('{"wrapped":')) continue;
    const v = JSON.parse(r.value) as { wrapped?: unknown };
    if (typeof v.wrapped !== 'string' || v.wrapped.startsWith(`k1.${kr.kid}.`)) continue;
    await setMeta(db, r.key, JSON.stringify({ ...v, wrapped: rewrap(kr, 'meta', r.key, v.wrapped) }));
    done++;
  }
  return done;
}

async function rewrapAll(db: Db, kr: LiveKeyring, batch: number): Promise<number> {
  let n = await rewrapMeta(db, kr);
  for (const t of WRAPPED_TABLES) n += await rewrapTable(db, kr, t, batch);
  return n;
}

/**
 * Signs the trail's checkpoints and head with the new key, after checking
 * each under the key that made it: a forged checkpoint stops the rotation
 * instead of being laundered by a fresh signature.
 */
async function resignAudit(db: Db, kr: LiveKeyring): Promise<void> {
  const keys = new Map(kr.rings().map((r) => [r.kid, r.auditKey]));
  await db.transaction().execute(async (trx) => {
    const head = await trx.updateTable('audit_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).returning(['seq', 'hash', 'key_id', 'mac']).executeTakeFirstOrThrow();
    const cps = await trx.selectFrom('audit_checkpoints').selectAll().where('key_id', '!=', kr.kid).execute();
    for (const cp of cps) {
      const key = keys.get(cp.key_id);
      if (!key || !sameMac(cp.mac, checkpointMac(key, cp.seq, cp.hash, cp.at))) {
        throw new Error(`the audit checkpoint at event #${cp.seq} does not verify; run "homeward audit verify". The rotation stopped before the old key was retired`);
      }
      await trx.updateTable('audit_checkpoints').set({ key_id: kr.kid, mac: checkpointMac(kr.auditKey, cp.seq, cp.hash, cp.at) }).where('seq', '=', cp.seq).execute();
    }
    const oldKey = head.key_id ? keys.get(head.key_id) : undefined;
    if (head.seq > 0 && head.key_id !== kr.kid && (!oldKey || !sameMac(head.mac, headMac(oldKey, head.seq, head.hash)))) {
      throw new Error('the audit chain head does not verify; run "homeward audit verify". The rotation stopped before the old key was retired');
    }
    await trx.updateTable('audit_head').set({ key_id: kr.kid, mac: headMac(kr.auditKey, head.seq, head.hash) }).where('id', '=', 1).execute();
  });
}

/**
 * The blind-index root outlives master keys (re-indexing would need every
 * name decrypted); once a rotation begins it is kept in meta, wrapped.
 */
async function keepIndexRoot(db: Db, wrapper: Keyring, root: Buffer): Promise<void> {
  if (!(await getMeta(db, INDEX_ROOT_KEY))) await setMeta(db, INDEX_ROOT_KEY, wrapDataKey(wrapper, root, 'meta', INDEX_ROOT_KEY));
}

export interface RotationResult {
  /** Wrapped keys re-wrapped under the new master key. */
  rewrapped: number;
  /** Where the new key lives: the key file, or HOMEWARD_NEW_MASTER_KEY (to be made HOMEWARD_MASTER_KEY). */
  source: 'file' | 'env';
}

/**
 * Rotates the master key: every data key re-wrapped under a new one, in
 * batches, while the application keeps working (each wrapped key names its
 * master key, and processes hold both keys until the end). With the key file,
 * the new key replaces it atomically and the old one stays as
 * `master.key.old` until the last row is re-wrapped, then is deleted. With
 * HOMEWARD_MASTER_KEY, the new key must be in HOMEWARD_NEW_MASTER_KEY (read
 * by openDeps, which then holds both). Safe to run again after a crash.
 * Example: `await rotateMasterKey(deps, OPERATOR)`.
 */
export async function rotateMasterKey(deps: Deps, actor: Actor, opts: { batch?: number; settleMs?: number } = {}): Promise<RotationResult> {
  const batch = opts.batch ?? 200;
  const { db, config } = deps;
  const fromFile = !config.masterKey;
  let kr = live(deps);
  const rotation = await getMeta(db, ROTATION_KEY);
  const rotatingTo = rotation ? (JSON.parse(rotation) as { to: string }).to : undefined;
  const resuming = rotatingTo !== undefined && rotatingTo === kr.checkValue && kr.rings().length > 1;

  if (!resuming) {
    if (!fromFile) {
      throw new Error('set HOMEWARD_NEW_MASTER_KEY to a new key (e.g. openssl rand -base64 32) beside HOMEWARD_MASTER_KEY, for this command and for the running server, then run homeward keys rotate again');
    }
    const dir = config.dataDir;
    const oldMaster = readKeyFile(join(dir, MASTER_KEY_FILE));
    const oldRing = keyringFrom(oldMaster);
    const newMaster = randomBytes(32);
    const newRing = keyringFrom(newMaster);
    await keepIndexRoot(db, oldRing, kr.indexRoot);
    // Recorded before the new key exists on disk, so no process can start with it unrecognised.
    await setMeta(db, ROTATION_KEY, JSON.stringify({ to: newRing.checkValue }));
    writeAtomic(dir, OLD_KEY_FILE, oldMaster.toString('base64') + '\n');
    writeAtomic(dir, MASTER_KEY_FILE, newMaster.toString('base64') + '\n');
    kr = new LiveKeyring(newRing, [oldRing], kr.indexRoot);
    registerAuditKey(newRing.kid, newRing.auditKey);
  }
  await keepIndexRoot(db, kr, kr.indexRoot);
  await audit(db, actor, 'keys.rotation.started', null, null, deps.now());
  let rewrapped = await rewrapAll(db, kr, batch);
  // A running server polls the key file about once a second; rows it wrapped under the old key before noticing are caught here.
  await sleep(opts.settleMs ?? 2500);
  rewrapped += await rewrapAll(db, kr, batch);
  await resignAudit(db, kr);
  await db.transaction().execute(async (trx) => {
    await setMeta(trx, 'key_check_value', kr.checkValue);
    await deleteMeta(trx, ROTATION_KEY);
    await audit(trx, actor, 'keys.rotated', null, null, deps.now());
  });
  await auditWithCheckpoint(db, actor, 'audit.checkpoint', deps.now());
  if (fromFile) {
    const old = join(config.dataDir, OLD_KEY_FILE);
    if (existsSync(old)) unlinkSync(old);
    syncDir(config.dataDir);
  }
  return { rewrapped, source: fromFile ? 'file' : 'env' };
}

/** Rows still wrapped under some key other than the current one (0 after a finished rotation). */
export async function rowsNotUnder(db: Db, kid: string): Promise<number> {
  let n = 0;
  for (const t of WRAPPED_TABLES) {
    const r = await db.selectFrom(t as 'cases').select(sql<number>`count(*)`.as('n')).where('wrapped_key', 'not like', `k1.${kid}.%`).executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}
