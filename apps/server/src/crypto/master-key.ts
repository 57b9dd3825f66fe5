import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config.ts';
import type { Db } from '../db/create-db.ts';
import { getMeta, setMeta } from '../db/repositories/meta.ts';
import { keyringFrom, sameCheckValue, unwrapDataKey, type Keyring } from './envelope.ts';
import { onMissingAuditKey, registerAuditKey } from './signing-keys.ts';

/** File holding the embedded installation's master key (base64), mode 0600. */
export const MASTER_KEY_FILE = 'master.key';
const CHECK_KEY = 'key_check_value';

/** Reads a master key file, refusing one that other users could read. */
export function readKeyFile(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new ConfigError(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte base64 key; restore it from your backup`);
  return key;
}

/** meta key of an unfinished rotation: `{"to": <check value of the new key>}`. */
export const ROTATION_KEY = 'key_rotation';
/** meta key of the blind-index root, wrapped under the master key once a rotation has happened. */
export const INDEX_ROOT_KEY = 'blind_index_root';
/** The previous key file, kept only while a rotation runs. */
export const OLD_KEY_FILE = 'master.key.old';

type Ring = ReturnType<typeof keyringFrom>;

function keyFromEnv(value: string | undefined, name: string): Buffer | undefined {
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 random bytes in base64 (e.g. openssl rand -base64 32)`);
  return key;
}

/**
 * The keyring a process works with: the current master key for new wraps
 * and checkpoints, any other known key for opening (during a rotation), and a
 * stable blind-index root. With the embedded key file it notices when
 * `homeward keys rotate` replaces the file (at most one stat a second), so a
 * running server switches to the new key without a restart.
 */
export class LiveKeyring implements Keyring {
  #current: Ring;
  #others: Ring[];
  readonly #indexRoot: Buffer;
  readonly #file: string | undefined;
  #signature = '';
  #polledAt = 0;

  constructor(current: Ring, others: Ring[], indexRoot: Buffer, file?: string) {
    this.#current = current;
    this.#others = others;
    this.#indexRoot = indexRoot;
    this.#file = file;
    this.#signature = file ? fileSignature(file) : '';
    for (const r of [current, ...others]) registerAuditKey(r.kid, r.auditKey);
    if (file) onMissingAuditKey(() => this.#poll(true));
  }

  get wrapKey(): Buffer {
    this.#poll(false);
    return this.#current.wrapKey;
  }
  get kid(): string {
    return this.#current.kid;
  }
  get checkValue(): string {
    return this.#current.checkValue;
  }
  get auditKey(): Buffer {
    return this.#current.auditKey;
  }
  get indexRoot(): Buffer {
    return this.#indexRoot;
  }
  /** Every key this process can open with, by key id. */
  rings(): Ring[] {
    return [this.#current, ...this.#others];
  }
  unwrapKeys(): ReadonlyMap<string, Buffer> {
    return new Map(this.rings().map((r) => [r.kid, r.wrapKey]));
  }
  reload(): void {
    this.#poll(true);
  }

  #poll(force: boolean): void {
    if (!this.#file) return;
    const now = Date.now();
    if (!force && now - this.#polledAt < 1000) return;
    this.#polledAt = now;
    const sig = fileSignature(this.#file);
    if (sig === this.#signature || sig === '') return;
    this.#signature = sig;
    const next = keyringFrom(readKeyFile(this.#file));
    if (next.kid === this.#current.kid) return;
    const old = join(dirname(this.#file), OLD_KEY_FILE);
    const others = [this.#current, ...this.#others];
    if (existsSync(old)) others.push(keyringFrom(readKeyFile(old)));
    this.#others = others.filter((r, i) => r.kid !== next.kid && others.findIndex((o) => o.kid === r.kid) === i);
    this.#current = next;
    registerAuditKey(next.kid, next.auditKey);
  }
}

function fileSignature(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return '';
  }
}

/**
 * Finds the master key (HOMEWARD_MASTER_KEY, else the key file in the data
 * directory, else a new one on a database that holds nothing yet), checks it
 * against the stored key check value and returns the derived keyring.
 * Refuses to start with a wrong key, and never makes a new key for a
 * database that already has data. During a rotation it also takes the other
 * key (`master.key.old`, or HOMEWARD_NEW_MASTER_KEY beside HOMEWARD_MASTER_KEY).
 * Example: `const kr = await resolveKeyring(db, config)`.
 */
export async function resolveKeyring(
  db: Db,
  opts: { dataDir: string; masterKey: Buffer | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<LiveKeyring> {
  const stored = await getMeta(db, CHECK_KEY);
  const file = join(opts.dataDir, MASTER_KEY_FILE);
  let master = opts.masterKey;
  const fromFile = !master;
  if (!master && existsSync(file)) master = readKeyFile(file);
  if (!master) {
    if (stored) {
      throw new ConfigError(
        `the database holds encrypted data but no master key was found (neither HOMEWARD_MASTER_KEY nor ${file}); ` +
          'restore the key from your backup. A new key would make the existing data unreadable, so none is created.',
      );
    }
    master = randomBytes(32);
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, master.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const main = keyringFrom(master);
  if (!stored) {
    await setMeta(db, CHECK_KEY, main.checkValue);
    await claimChainHead(db, main.kid);
    return new LiveKeyring(main, [], main.indexRoot, fromFile ? file : undefined);
  }
  const candidates = [main];
  const newKey = fromFile ? undefined : keyFromEnv(env.HOMEWARD_NEW_MASTER_KEY, 'HOMEWARD_NEW_MASTER_KEY');
  if (newKey) candidates.push(keyringFrom(newKey));
  const oldFile = join(opts.dataDir, OLD_KEY_FILE);
  if (fromFile && existsSync(oldFile)) candidates.push(keyringFrom(readKeyFile(oldFile)));

  const rotationJson = await getMeta(db, ROTATION_KEY);
  let rotationTo = rotationJson ? (JSON.parse(rotationJson) as { to: string }).to : undefined;
  if (newKey) {
    const target = candidates[1]!;
    if (rotationTo && !sameCheckValue(rotationTo, target.checkValue) && !sameCheckValue(stored, target.checkValue)) {
      throw new ConfigError('a rotation to another master key is unfinished; set HOMEWARD_NEW_MASTER_KEY to that key and run homeward keys rotate again');
    }
    if (!rotationTo && !sameCheckValue(stored, target.checkValue)) {
      // Recorded before anything is wrapped under the new key, so no process can later start without it.
      rotationTo = target.checkValue;
      await setMeta(db, ROTATION_KEY, JSON.stringify({ to: rotationTo }));
    }
  }
  const active = candidates.find((k) => sameCheckValue(stored, k.checkValue));
  const target = rotationTo ? candidates.find((k) => sameCheckValue(rotationTo, k.checkValue)) : undefined;
  if (!active && !target) {
    throw new ConfigError(
      'the master key does not match this database (key check value differs); ' +
        'start with the key this database was created with (HOMEWARD_MASTER_KEY or the master.key file from your backup).',
    );
  }
  if (rotationTo && target && !active) {
    throw new ConfigError(
      'a master key rotation is unfinished and the previous key is missing; provide it (master.key.old, or HOMEWARD_MASTER_KEY with the new key in HOMEWARD_NEW_MASTER_KEY) and run homeward keys rotate again',
    );
  }
  const current = target ?? active!;
  const others = target && active && target !== active ? [active] : [];
  const probe = new LiveKeyring(current, others, active!.indexRoot);
  const wrappedRoot = await getMeta(db, INDEX_ROOT_KEY);
  // Blind indexes stay valid across rotations: the root in use when the first rotation began is kept, wrapped.
  const indexRoot = wrappedRoot ? unwrapDataKey(probe, wrappedRoot, 'meta', INDEX_ROOT_KEY) : active!.indexRoot;
  await claimChainHead(db, current.kid);
  return new LiveKeyring(current, others, indexRoot, fromFile ? file : undefined);
}

/** A fresh database's chain head names the key that signs it. */
async function claimChainHead(db: Db, kid: string): Promise<void> {
  await db.updateTable('audit_head').set({ key_id: kid }).where('id', '=', 1).where('key_id', 'is', null).execute();
}
