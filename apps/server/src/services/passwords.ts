import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import type { Argon2Params } from '../config.ts';
import { ServiceError } from './context.ts';

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

/** NIST SP 800-63B §5.1.1.2: at least 8 characters, and verifiers should allow long ones; we ask for 12 (passphrases). */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

// The 10,000 most common passwords, one a line, in order of frequency: the
// first 10,000 entries of zxcvbn 4.4.2's `passwords` frequency list (MIT,
// Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; lib/frequency_lists.js),
// which is ranked from Mark Burnett's 10 million password corpus (xato.net,
// 2015), the same source as SecLists' Passwords/Common-Credentials/
// 10-million-password-list-top-10000.txt. Shipped in the repository, read
// once, so the check needs no network (NIST SP 800-63B §5.1.1.2: compare
// against "passwords obtained from previous breach corpuses").
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8').split('\n').filter(Boolean));
  return common;
}

/**
 * Why a new password is refused, or undefined when it is acceptable: by
 * length and against the breached list (also with its trailing digits and
 * symbols removed, and as a repeated word), never by character classes.
 * Example: `passwordProblem('sunshine2024!') // 'breached'`.
 */
export function passwordProblem(password: string): 'too_short' | 'too_long' | 'breached' | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const list = commonPasswords();
  const p = password.normalize('NFKC').toLowerCase().trim();
  const stem = p.replace(/[\d\s!@#$%^&*.?_-]+$/u, '').replace(/^[\d\s!@#$%^&*.?_-]+/u, '');
  if (list.has(p) || (stem.length >= 4 && list.has(stem))) return 'breached';
  // One word or character repeated ("qwertyqwerty", "aaaaaaaaaaaa").
  const repeated = /^(.{1,8}?)\1+$/u.exec(p);
  if (repeated && (repeated[1]!.length <= 2 || list.has(repeated[1]!))) return 'breached';
  return undefined;
}

/** Throws PASSWORD_TOO_WEAK with the issue on `path` unless `password` passes passwordProblem. */
export function checkNewPassword(password: string, path = 'password'): void {
  const problem = passwordProblem(password);
  if (!problem) return;
  const message = { too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters`, too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters`, breached: 'is too common (found in a list of breached passwords)' }[problem];
  throw new ServiceError('PASSWORD_TOO_WEAK', `the password ${message}`, [{ path, code: `password_${problem}`, message }]);
}
