import type { Role, SessionUser } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import { findUserByEmail, firstOrganisation, insertUser } from '../db/repositories/users.ts';
import type { UserRow } from '../db/tables/users.table.ts';
import { ANONYMOUS, newId, ServiceError, type Actor, type Deps } from './context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { newTotpSecret, totpStep } from './totp.ts';

/** The organisation of this installation, made on first need (setup names it). */
export async function ensureOrganisation(db: Db, now: Date, name = 'Homeward'): Promise<string> {
  const org = await firstOrganisation(db);
  if (org) return org.id;
  const id = newId();
  await db.insertInto('organisations').values({ id, name, created_at: now.toISOString() }).execute();
  return id;
}

export interface NewUserInput {
  email: string;
  displayName: string;
  role: Role;
  /** Either a password to hash, or a hash made earlier (setup hashes at its first step). */
  password?: string;
  passwordHash?: string;
  totpSecret?: string;
  /** TOTP step already used (setup proves enrolment with a code that must not work again). */
  totpLastStep?: number;
}

/**
 * Creates a user with a TOTP secret; returns the secret so it can be shown once.
 * Example: `const { totpSecret } = await createUser(deps, OPERATOR, { email, displayName, role: 'caseworker', password })`.
 */
export async function createUser(deps: Deps, actor: Actor, input: NewUserInput, db: Db = deps.db): Promise<{ user: SessionUser; totpSecret: string }> {
  const email = input.email.trim().toLowerCase();
  if (await findUserByEmail(db, email)) {
    throw new ServiceError('VALIDATION_FAILED', 'a user with this email already exists', [{ path: 'email', code: 'taken', message: 'already exists' }]);
  }
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? '', deps.config.argon2));
  const totpSecret = input.totpSecret ?? newTotpSecret();
  const now = deps.now();
  const organisationId = await ensureOrganisation(db, now);
  const id = newId();
  const key = newRecordKey(deps.kr, 'users', id);
  await insertUser(db, {
    id,
    organisation_id: organisationId,
    email,
    display_name: input.displayName,
    role: input.role,
    password_hash: passwordHash,
    wrapped_key: key.wrapped,
    totp_sealed: key.seal('totp_sealed', totpSecret),
    totp_last_step: input.totpLastStep ?? 0,
    created_at: now.toISOString(),
    disabled_at: null,
  });
  await audit(db, actor, 'user.created', 'user', id, now);
  return { user: { id, email, displayName: input.displayName, role: input.role, organisationId }, totpSecret };
}

export function toSessionUser(row: UserRow): SessionUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role as Role, organisationId: row.organisation_id };
}

// Verified against when the email is unknown, so both paths cost one argon2 run
// and response time does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Checks email, password and TOTP code together; any failure is the same
 * INVALID_CREDENTIALS, so nothing says which part was wrong.
 */
export async function verifyLogin(deps: Deps, input: { email: string; password: string; totpCode: string }): Promise<SessionUser> {
  const row = await findUserByEmail(deps.db, input.email.trim().toLowerCase());
  dummyHash ??= hashPassword('homeward-dummy-password', deps.config.argon2);
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), input.password);
  if (!row || !passwordOk || row.disabled_at) {
    await audit(deps.db, ANONYMOUS, 'login.failed', 'user', row?.id ?? null, deps.now());
    throw new ServiceError('INVALID_CREDENTIALS', 'email, password or code is not right');
  }
  const secret = openRecord(deps.kr, 'users', row.id, row.wrapped_key)('totp_sealed', row.totp_sealed);
  const step = typeof secret === 'string' ? totpStep(input.totpCode, secret, deps.now()) : undefined;
  // Each code works once: its step must be newer than the last accepted one,
  // claimed atomically so two racing logins cannot both use it.
  const claimed =
    step !== undefined && step > Number(row.totp_last_step)
      ? await deps.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', row.id).where('totp_last_step', '<', step).executeTakeFirst()
      : undefined;
  if (!claimed || Number(claimed.numUpdatedRows) !== 1) {
    await audit(deps.db, ANONYMOUS, 'login.failed', 'user', row.id, deps.now());
    throw new ServiceError('INVALID_CREDENTIALS', 'email, password or code is not right');
  }
  const user = toSessionUser(row);
  await audit(deps.db, { kind: 'user', id: user.id, organisationId: user.organisationId, role: user.role }, 'login', 'user', user.id, deps.now());
  return user;
}
