import { randomBytes } from 'node:crypto';
import type { ErrorCode, Issue, Role } from '@homeward/contracts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/envelope.ts';
import type { Db, Engine } from '../db/create-db.ts';

/** What every use case needs; the clock is injectable so tests can move time. */
export interface Deps {
  db: Db;
  engine: Engine;
  kr: Keyring;
  config: Config;
  now: () => Date;
}

/**
 * Who is acting: a signed-in user, the machine's operator at the command line, or someone not signed in.
 * `origin` is "from where" for the audit trail (audit/origin.ts): the client address, or its pseudonym.
 */
export type Actor =
  | { kind: 'user'; id: string; organisationId: string; role: Role; origin?: string }
  | { kind: 'operator' }
  | { kind: 'anonymous'; origin?: string };

export const OPERATOR: Actor = { kind: 'operator' };
export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** A failure with a stable code; routes turn it into the matching HTTP status. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly code: ErrorCode;
  readonly issues: Issue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: Issue[]) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Opaque random identifier (128 bits, base64url). Example: `newId() // 'q3Vb...'`.
 * Never starts with '-': ids are typed as command-line arguments (`homeward cases
 * delete ID`), where a leading '-' reads as an option (1 id in 64 did; CI caught one).
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const iso = (d: Date): string => d.toISOString();
