import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Envelope encryption in the manner of CipherSweet/KMS: every record gets a
// fresh random data key; only that key, wrapped by a key derived from the
// master key, is stored beside the ciphertexts. Associated data binds each
// ciphertext to its table, column and row, so a value copied to another row
// or column fails authentication instead of decrypting.

const ALG = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** Keys derived from the master key; the master key itself is not kept. */
export interface Keyring {
  readonly wrapKey: Buffer;
  readonly indexRoot: Buffer;
  readonly checkValue: string;
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('homeward'), Buffer.from(info), 32));
}

/**
 * Derives the keyring from a 32-byte master key.
 * Example: `const kr = keyringFrom(randomBytes(32))`.
 */
export function keyringFrom(master: Buffer): Keyring {
  if (master.length !== 32) throw new Error('the master key must be 32 bytes');
  const check = derive(master, 'key-check-value');
  return {
    wrapKey: derive(master, 'wrap-data-keys'),
    indexRoot: derive(master, 'blind-index-root'),
    // A key check value: lets start-up tell a wrong key from the right one without decrypting data.
    checkValue: createHmac('sha256', check).update('homeward key check v1').digest('hex').slice(0, 32),
  };
}

/** Constant-time comparison of two key check values. */
export function sameCheckValue(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALG, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

function open(key: Buffer, blob: string, aad: string): Buffer {
  const [version, body] = blob.split('.');
  if (version !== VERSION || !body) throw new Error('unknown ciphertext format');
  const raw = Buffer.from(body, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv(ALG, key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

const dekAad = (table: string, id: string) => `homeward/dek/${table}/${id}`;
const fieldAad = (table: string, column: string, id: string) => `homeward/field/${table}/${column}/${id}`;

/** A record's data key, wrapped for storage, plus the means to seal its columns. */
export interface RecordKey {
  wrapped: string;
  seal(column: string, value: unknown): string;
}

/**
 * Makes a fresh data key for one row and returns sealers for its columns.
 * Example: `const k = newRecordKey(kr, 'people', id); row.sealed = k.seal('sealed', { names })`.
 */
export function newRecordKey(kr: Keyring, table: string, id: string): RecordKey {
  const dek = randomBytes(32);
  return {
    wrapped: seal(kr.wrapKey, dek, dekAad(table, id)),
    seal: (column, value) => seal(dek, Buffer.from(JSON.stringify(value), 'utf8'), fieldAad(table, column, id)),
  };
}

/**
 * Unwraps a row's data key and returns an opener for its columns; throws if
 * anything was tampered with or moved.
 * Example: `openRecord(kr, 'people', id, row.wrapped_key)('sealed', row.sealed)`.
 */
export function openRecord(kr: Keyring, table: string, id: string, wrapped: string): (column: string, blob: string) => unknown {
  const dek = open(kr.wrapKey, wrapped, dekAad(table, id));
  return (column, blob) => JSON.parse(open(dek, blob, fieldAad(table, column, id)).toString('utf8')) as unknown;
}
