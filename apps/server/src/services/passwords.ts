import { hash, verify } from '@node-rs/argon2';
import type { Argon2Params } from '../config.ts';

// @node-rs/argon2 defaults to argon2id (its Algorithm enum is a const enum,
// which isolatedModules cannot reference); a test asserts the $argon2id$ prefix.

/** Hashes a password with argon2id. Example: `await hashPassword('correct horse battery', params)`. */
export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return hash(password, { ...params });
}

/** Checks a password against a stored argon2 hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
