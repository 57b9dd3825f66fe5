import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';

// The encrypted backup file:
//
//   magic        16 bytes  "HOMEWARD-BACKUP\n"
//   header len    4 bytes  unsigned big-endian
//   header        JSON     format version, cipher, KDF name and parameters, salt, IV, ciphertext length
//   key check    32 bytes  HMAC-SHA-256 of magic..header under a key derived from the passphrase
//   ciphertext    N bytes  AES-256-GCM of the gzipped archive, AAD = magic..header
//   tag          16 bytes
//
// The key check tells a wrong passphrase apart from a damaged body, and
// authenticates the header before its parameters are trusted further; the
// GCM tag authenticates the body and, through the AAD, the header again.
// The stated ciphertext length tells a truncated file apart from a flipped byte.

const MAGIC = Buffer.from('HOMEWARD-BACKUP\n', 'latin1');
const FORMAT = 1;
const CHECK_BYTES = 32;
const TAG_BYTES = 16;
const MAX_HEADER = 64 * 1024;

/** Why a backup file cannot be opened; always a problem with the input, never a bug. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

export interface KdfParams {
  /** KiB, as argon2 counts memory. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes): a stolen
 * backup file is the likeliest leak, so guessing its passphrase must stay dear.
 */
export const BACKUP_KDF: KdfParams = { memoryCost: 65_536, timeCost: 3, parallelism: 4 };

// A crafted header must not make restore allocate gigabytes or spin for hours.
const KDF_LIMITS = { memoryCost: [8, 1_048_576], timeCost: [1, 20], parallelism: [1, 16] } as const;

interface Header {
  format: number;
  cipher: 'aes-256-gcm';
  kdf: { name: 'argon2id'; salt: string } & KdfParams;
  iv: string;
  length: number;
}

async function deriveKeys(passphrase: string, salt: Buffer, p: KdfParams): Promise<{ enc: Buffer; check: Buffer }> {
  // algorithm 2 is Argon2id (a const enum in @node-rs/argon2, not importable under verbatimModuleSyntax).
  const root = await hashRaw(passphrase.normalize('NFC'), { ...p, salt, outputLen: 32, algorithm: 2 });
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), Buffer.from(info), 32));
  return { enc: derive('homeward backup v1 encrypt'), check: derive('homeward backup v1 key check') };
}

/**
 * Encrypts a (gzipped) archive under a passphrase into the backup file layout.
 * Example: `writeFileSync(out, await sealBackup(gz, 'long passphrase', BACKUP_KDF))`.
 */
export async function sealBackup(plaintext: Buffer, passphrase: string, kdf: KdfParams = BACKUP_KDF): Promise<Buffer> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: Header = { format: FORMAT, cipher: 'aes-256-gcm', kdf: { name: 'argon2id', salt: salt.toString('base64'), ...kdf }, iv: iv.toString('base64'), length: plaintext.length };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  const aad = Buffer.concat([MAGIC, len, headerBytes]);
  const keys = await deriveKeys(passphrase, salt, kdf);
  const check = createHmac('sha256', keys.check).update(aad).digest();
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([aad, check, ct, cipher.getAuthTag()]);
}

function parseHeader(file: Buffer): { header: Header; aadEnd: number } {
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupFileError('this is not a Homeward backup file (or its first bytes are damaged)');
  }
  const hlen = file.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (hlen === 0 || hlen > MAX_HEADER) throw new BackupFileError('the backup file is damaged (impossible header length)');
  if (file.length < start + hlen) throw new BackupFileError('the backup file is truncated (it ends inside its header)');
  let raw: unknown;
  try {
    raw = JSON.parse(file.subarray(start, start + hlen).toString('utf8'));
  } catch {
    throw new BackupFileError('the backup file is damaged (its header is not readable)');
  }
  const h = raw as Partial<Header> | null;
  if (!h || typeof h !== 'object') throw new BackupFileError('the backup file is damaged (its header is not readable)');
  if (typeof h.format === 'number' && h.format > FORMAT) {
    throw new BackupFileError(`this backup was written in format ${h.format} by a newer Homeward; upgrade Homeward to restore it`);
  }
  const k = h.kdf;
  const inRange = (v: unknown, [lo, hi]: readonly [number, number]) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  const ok =
    h.format === FORMAT && h.cipher === 'aes-256-gcm' && typeof h.iv === 'string' && Buffer.from(h.iv, 'base64').length === 12 &&
    Number.isSafeInteger(h.length) && (h.length as number) >= 0 && !!k && k.name === 'argon2id' && typeof k.salt === 'string' &&
    Buffer.from(k.salt, 'base64').length >= 16 && inRange(k.memoryCost, KDF_LIMITS.memoryCost) && inRange(k.timeCost, KDF_LIMITS.timeCost) &&
    inRange(k.parallelism, KDF_LIMITS.parallelism);
  if (!ok) throw new BackupFileError('the backup file is damaged (its header has missing or impossible values)');
  return { header: h as Header, aadEnd: start + hlen };
}

/**
 * Checks the layout and length of a backup file without the passphrase, so a
 * truncated or damaged file is refused before the slow key derivation.
 * Example: `inspectBackup(readFileSync(file))`.
 */
export function inspectBackup(file: Buffer): void {
  const { header, aadEnd } = parseHeader(file);
  const expected = aadEnd + CHECK_BYTES + header.length + TAG_BYTES;
  if (file.length < expected) throw new BackupFileError(`the backup file is truncated (${file.length} of ${expected} bytes); use another copy`);
  if (file.length > expected) throw new BackupFileError(`the backup file is damaged (${file.length - expected} unexpected bytes at the end)`);
}

/**
 * Verifies and decrypts a backup file; throws BackupFileError for a wrong
 * passphrase or any damage. Nothing is returned unless the whole file authenticates.
 * Example: `const gz = await openBackup(readFileSync(file), passphrase)`.
 */
export async function openBackup(file: Buffer, passphrase: string): Promise<Buffer> {
  inspectBackup(file);
  const { header, aadEnd } = parseHeader(file);
  const aad = file.subarray(0, aadEnd);
  const keys = await deriveKeys(passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf);
  const check = createHmac('sha256', keys.check).update(aad).digest();
  if (!timingSafeEqual(check, file.subarray(aadEnd, aadEnd + CHECK_BYTES))) {
    throw new BackupFileError('wrong backup passphrase (or the file header is damaged); nothing was restored');
  }
  const ctStart = aadEnd + CHECK_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', keys.enc, Buffer.from(header.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(file.subarray(ctStart + header.length));
  try {
    return Buffer.concat([decipher.update(file.subarray(ctStart, ctStart + header.length)), decipher.final()]);
  } catch {
    throw new BackupFileError('the backup file is damaged (its contents fail authentication); use another copy');
  }
}
