import { createHmac, hkdfSync } from 'node:crypto';
import type { Role } from '@homeward/contracts';
import type { Keyring } from '../crypto/envelope.ts';

const keys = new WeakMap<Keyring, Buffer>();

function originKey(kr: Keyring): Buffer {
  let key = keys.get(kr);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', kr.indexRoot, Buffer.from('homeward'), Buffer.from('audit-origin'), 32));
    keys.set(kr, key);
  }
  return key;
}

/**
 * "From where" for an audit event (issue #6). Staff sign in from the NGO's
 * offices, and an investigator wants their address as is. A field partner's
 * address (and a failed sign-in's, which may be a partner mistyping) can
 * place a person at risk in a leaked database, so it is kept only as a keyed
 * pseudonym `p:<16 hex>`: the same address gives the same pseudonym (patterns
 * stay visible), and whoever holds the master key can test a suspected address.
 * Example: `originOf(kr, '203.0.113.7', 'caseworker') === '203.0.113.7'`.
 */
export function originOf(kr: Keyring, address: string | undefined, role: Role | undefined): string | undefined {
  if (!address) return undefined;
  if (role !== undefined && role !== 'field_partner') return address;
  return `p:${createHmac('sha256', originKey(kr)).update(address, 'utf8').digest('hex').slice(0, 16)}`;
}
