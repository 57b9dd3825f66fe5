import { createHmac, hkdfSync } from 'node:crypto';
import type { Keyring } from './envelope.ts';

/**
 * Output size of name blind indexes, in bits.
 *
 * CipherSweet's planning rule (paragonie.com, "Blind Index Planning"): with R
 * encrypted rows and an L-bit index, the expected number of rows sharing an
 * index value is C = R / 2^L, and we want 2 <= C < sqrt(R) so that every index
 * value points at several plaintexts (no fingerprint) yet a lookup still
 * narrows the search. For an NGO registry of roughly 2 000 to 1 000 000 name
 * entries (each name writes a few index rows), L = 10 keeps C in that band.
 * Candidates found through the index are decrypted and filtered in memory.
 */
export const NAME_INDEX_BITS = 10;

const keyCache = new WeakMap<Keyring, Map<string, Buffer>>();

function indexKey(kr: Keyring, name: string): Buffer {
  let byName = keyCache.get(kr);
  if (!byName) keyCache.set(kr, (byName = new Map()));
  let key = byName.get(name);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', kr.indexRoot, Buffer.from('homeward'), Buffer.from(`blind-index/${name}`), 32));
    byName.set(name, key);
  }
  return key;
}

/**
 * Truncated keyed HMAC-SHA-256 of an already-normalised value: an integer
 * below 2^bits. Each index has its own key, so values cannot be compared
 * across indexes.
 * Example: `blindIndex(kr, 'name-normalized', 'li meiling') // e.g. 613`.
 */
export function blindIndex(kr: Keyring, indexName: string, value: string, bits = NAME_INDEX_BITS): number {
  const mac = createHmac('sha256', indexKey(kr, indexName)).update(value, 'utf8').digest();
  return mac.readUInt32BE(0) >>> (32 - bits);
}
