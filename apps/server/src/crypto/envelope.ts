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
  /** Names the master key inside every wrapped data key, so a row says which key opens it (rotation). */
  readonly kid?: string;
  /** Signs audit checkpoints (HMAC-SHA-256). */
  readonly auditKey?: Buffer;
  /**
   * Wrapping keys by key id: the current one plus, during a rotation, the
   * other. `reload` lets a running server pick up a key it has not seen yet.
   */
  unwrapKeys?(): ReadonlyMap<string, Buffer>;
  reload?(): void;
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('homeward'), Buffer.from(info), 32));
}

/**
 * Derives the keyring from a 32-byte master key.
 * Example: `const kr = keyringFrom(randomBytes(32))`.
 */
export function keyringFrom(master: Buffer): Keyring & { kid: string; auditKey: Buffer } {
  if (master.length !== 32) throw new Error('the master key must be 32 bytes');
  const check = derive(master, 'key-check-value');
  // A key check value: lets start-up tell a wrong key from the right one without decrypting data.
  const checkValue = createHmac('sha256', check).update('homeward key check v1').digest('hex').slice(0, 32);
  return {
    wrapKey: derive(master, 'wrap-data-keys'),
    indexRoot: derive(master, 'blind-index-root'),
    checkValue,
    // Half of the check value: already public in the database, and enough to tell keys apart.
    kid: checkValue.slice(0, 16),
    auditKey: derive(master, 'audit-checkpoints'),
  };
}

/** A keyring as plain data, for a worker thread of this process (never written anywhere). */
export interface KeyringSnapshot {
  wrapKey: Buffer;
  indexRoot: Buffer;
  checkValue: string;
  kid: string;
  unwrapKeys: [string, Buffer][];
}

/**
 * The keys a worker thread needs to open records and compute blind indexes,
 * copied as they are now. Structured-cloned to the worker; a key rotation
 * during a run is seen by the next run.
 */
export function keyringSnapshot(kr: Keyring): KeyringSnapshot {
  const keys = kr.unwrapKeys?.() ?? new Map([[kidOf(kr), kr.wrapKey]]);
  return { wrapKey: kr.wrapKey, indexRoot: kr.indexRoot, checkValue: kr.checkValue, kid: kidOf(kr), unwrapKeys: [...keys] };
}

/** The keyring of a snapshot (in the worker). */
export function keyringFromSnapshot(s: KeyringSnapshot): Keyring {
  const keys = new Map(s.unwrapKeys.map(([kid, key]) => [kid, Buffer.from(key)] as const));
  return { wrapKey: Buffer.from(s.wrapKey), indexRoot: Buffer.from(s.indexRoot), checkValue: s.checkValue, kid: s.kid, unwrapKeys: () => keys };
}

/** Key id of a keyring: its own, or the one its check value implies. */
export function kidOf(kr: Keyring): string {
  return kr.kid ?? kr.checkValue.slice(0, 16);
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

// Wrapped data keys name their master key: `k1.<kid>.v1.<iv|tag|ct>`. Rows
// written before rotation existed hold a bare `v1.` blob (no key id).
const WRAP_PREFIX = 'k1.';

/** The key id a wrapped data key was made under, or undefined for the older form without one. */
export function wrappedKid(wrapped: string): string | undefined {
  if (!wrapped.startsWith(WRAP_PREFIX)) return undefined;
  return wrapped.slice(WRAP_PREFIX.length, wrapped.indexOf('.', WRAP_PREFIX.length));
}

/** Wraps a given secret (e.g. the blind-index root) the way a row's data key is wrapped. */
export function wrapDataKey(kr: Keyring, secret: Buffer, table: string, id: string): string {
  return wrapDek(kr, secret, table, id);
}

/** Opens a secret wrapped by `wrapDataKey` (or any row's data key) under whichever known key made it. */
export function unwrapDataKey(kr: Keyring, wrapped: string, table: string, id: string): Buffer {
  return unwrapDek(kr, wrapped, table, id);
}

function wrapDek(kr: Keyring, dek: Buffer, table: string, id: string): string {
  // Read wrapKey before kid: on a live keyring the read may switch to a newer key.
  const wrapKey = kr.wrapKey;
  return `${WRAP_PREFIX}${kidOf(kr)}.${seal(wrapKey, dek, dekAad(table, id))}`;
}

function unwrapDek(kr: Keyring, wrapped: string, table: string, id: string): Buffer {
  const kid = wrappedKid(wrapped);
  const keys = (): ReadonlyMap<string, Buffer> => kr.unwrapKeys?.() ?? new Map([[kidOf(kr), kr.wrapKey]]);
  if (kid === undefined) {
    // Older form: try each known key; GCM authentication tells the right one.
    let last: unknown = new Error('no key opens this record');
    for (const key of keys().values()) {
      try {
        return open(key, wrapped, dekAad(table, id));
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }
  let key = keys().get(kid);
  if (!key && kr.reload) {
    kr.reload();
    key = keys().get(kid);
  }
  if (!key) throw new Error('the record is wrapped under a master key this process does not hold');
  return open(key, wrapped.slice(WRAP_PREFIX.length + kid.length + 1), dekAad(table, id));
}

/**
 * Re-wraps a row's data key under the keyring's current master key; the
 * row's ciphertexts stay as they are.
 * Example: `row.wrapped_key = rewrap(both, 'people', id, row.wrapped_key)`.
 */
export function rewrap(kr: Keyring, table: string, id: string, wrapped: string): string {
  return wrapDek(kr, unwrapDek(kr, wrapped, table, id), table, id);
}
const fieldAad = (table: string, column: string, id: string) => `homeward/field/${table}/${column}/${id}`;

/**
 * A value already serialised as JSON (by a worker thread, say), sealed as
 * that text rather than as a string: it opens to the value it was made from.
 */
export class SerialisedJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

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
    wrapped: wrapDek(kr, dek, table, id),
    seal: (column, value) => seal(dek, Buffer.from(value instanceof SerialisedJson ? value.text : JSON.stringify(value), 'utf8'), fieldAad(table, column, id)),
  };
}

/**
 * Unwraps a row's data key and returns an opener for its columns; throws if
 * anything was tampered with or moved.
 * Example: `openRecord(kr, 'people', id, row.wrapped_key)('sealed', row.sealed)`.
 */
export function openRecord(kr: Keyring, table: string, id: string, wrapped: string): (column: string, blob: string) => unknown {
  const dek = unwrapDek(kr, wrapped, table, id);
  return (column, blob) => JSON.parse(open(dek, blob, fieldAad(table, column, id)).toString('utf8')) as unknown;
}
