import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config.ts';
import type { Db } from '../db/create-db.ts';
import { getMeta, setMeta } from '../db/repositories/meta.ts';
import { keyringFrom, sameCheckValue, type Keyring } from './envelope.ts';

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

/**
 * Finds the master key (HOMEWARD_MASTER_KEY, else the key file in the data
 * directory, else a new one on a database that holds nothing yet), checks it
 * against the stored key check value and returns the derived keyring.
 * Refuses to start with a wrong key, and never makes a new key for a
 * database that already has data.
 * Example: `const kr = await resolveKeyring(db, config)`.
 */
export async function resolveKeyring(db: Db, opts: { dataDir: string; masterKey: Buffer | undefined }): Promise<Keyring> {
  const stored = await getMeta(db, CHECK_KEY);
  const file = join(opts.dataDir, MASTER_KEY_FILE);
  let master = opts.masterKey;
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
  const kr = keyringFrom(master);
  if (!stored) await setMeta(db, CHECK_KEY, kr.checkValue);
  else if (!sameCheckValue(stored, kr.checkValue)) {
    throw new ConfigError(
      'the master key does not match this database (key check value differs); ' +
        'start with the key this database was created with (HOMEWARD_MASTER_KEY or the master.key file from your backup).',
    );
  }
  return kr;
}
