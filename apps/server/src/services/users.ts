import type { AdminCreateUser, AdminCreateUserResult, AdminUser, Role, SessionUser } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { originOf } from '../audit/origin.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import { findUserByEmail, findUserById, firstOrganisation, insertUser } from '../db/repositories/users.ts';
import type { UserRow } from '../db/tables/users.table.ts';
import { ANONYMOUS, newId, ServiceError, type Actor, type Deps } from './context.ts';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';
import { accountBackoff, clearFailures, recordFailure } from './login-throttle.ts';
import { endUserSessions, sessionCounts } from './sessions.ts';
import { newTotpSecret, totpEnrolment, totpStep } from './totp.ts';

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
  if (input.passwordHash === undefined) checkNewPassword(input.password ?? '');
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
 * INVALID_CREDENTIALS, so nothing says which part was wrong. Every failure is
 * audited (with its origin) and counts against the account: after a few,
 * the account waits longer and longer before another attempt is even checked
 * (login-throttle.ts), in addition to the per-address rate limit on the route.
 * `address` is the client address, for the audit trail's "from where".
 */
export async function verifyLogin(
  deps: Deps,
  input: { email: string; password: string; totpCode: string },
  address?: string,
  purpose: 'login' | 'reauth' = 'login',
): Promise<SessionUser> {
  const email = input.email.trim().toLowerCase();
  const anonymous: Actor = { ...ANONYMOUS, ...withOrigin(originOf(deps.kr, address, undefined)) };
  const wait = await accountBackoff(deps, email);
  if (wait > 0) {
    await audit(deps.db, anonymous, `${purpose}.throttled`, 'user', null, deps.now());
    throw new ServiceError('RATE_LIMITED', `too many failed attempts for this account; retry in ${wait} s`);
  }
  const row = await findUserByEmail(deps.db, email);
  dummyHash ??= hashPassword('homeward-dummy-password', deps.config.argon2);
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), input.password);
  const fail = async (userId: string | null): Promise<never> => {
    await recordFailure(deps, email);
    await audit(deps.db, anonymous, `${purpose}.failed`, 'user', userId, deps.now());
    throw new ServiceError('INVALID_CREDENTIALS', 'email, password or code is not right');
  };
  if (!row || !passwordOk || row.disabled_at) return fail(row?.id ?? null);
  const secret = openRecord(deps.kr, 'users', row.id, row.wrapped_key)('totp_sealed', row.totp_sealed);
  const step = typeof secret === 'string' ? totpStep(input.totpCode, secret, deps.now()) : undefined;
  // Each code works once: its step must be newer than the last accepted one,
  // claimed atomically so two racing logins cannot both use it.
  const claimed =
    step !== undefined && step > Number(row.totp_last_step)
      ? await deps.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', row.id).where('totp_last_step', '<', step).executeTakeFirst()
      : undefined;
  if (!claimed || Number(claimed.numUpdatedRows) !== 1) return fail(row.id);
  await clearFailures(deps, email);
  const user = toSessionUser(row);
  const actor: Actor = { kind: 'user', id: user.id, organisationId: user.organisationId, role: user.role, ...withOrigin(originOf(deps.kr, address, user.role)) };
  await audit(deps.db, actor, purpose, 'user', user.id, deps.now());
  return user;
}

const withOrigin = (origin: string | undefined): { origin?: string } => (origin ? { origin } : {});

/**
 * Re-authentication of a signed-in user (password + a fresh TOTP code), before
 * exports and break-glass. Same checks, throttling and audit as a login.
 */
export async function verifyReauth(deps: Deps, actor: Actor, input: { password: string; totpCode: string }, address?: string): Promise<void> {
  if (actor.kind !== 'user') throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  const row = await findUserById(deps.db, actor.id);
  if (!row) throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  try {
    await verifyLogin(deps, { email: row.email, password: input.password, totpCode: input.totpCode }, address, 'reauth');
  } catch (e) {
    // Signed in already: say which form field to look at (the session proves who it is).
    if (e instanceof ServiceError && e.code === 'INVALID_CREDENTIALS') {
      throw new ServiceError('VALIDATION_FAILED', 'password or code is not right', [{ path: 'password', code: 'reauth_failed', message: 'password or code is not right' }]);
    }
    throw e;
  }
}

// ---- administrator's user management (issue #6) -----------------------------

/** An administrator (of one organisation) or the operator at the command line (of every organisation). */
type Admin = { organisationId: string | undefined; id: string | undefined };
function requireAdmin(actor: Actor): Admin {
  if (actor.kind === 'operator') return { organisationId: undefined, id: undefined };
  if (actor.kind !== 'user' || actor.role !== 'administrator') throw new ServiceError('FORBIDDEN', 'administrators only');
  return { organisationId: actor.organisationId, id: actor.id };
}

function presentAdminUser(row: UserRow, sessions: Map<string, number>): AdminUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role as Role, createdAt: row.created_at, disabledAt: row.disabled_at, sessions: sessions.get(row.id) ?? 0 };
}

/** Every user of the administrator's organisation, disabled ones included, with their live session counts. */
export async function adminListUsers(deps: Deps, actor: Actor): Promise<AdminUser[]> {
  const admin = requireAdmin(actor);
  let q = deps.db.selectFrom('users').selectAll();
  if (admin.organisationId) q = q.where('organisation_id', '=', admin.organisationId);
  const rows = await q.orderBy('display_name').execute();
  const sessions = await sessionCounts(deps);
  await audit(deps.db, actor, 'user.listed', null, null, deps.now());
  return rows.map((r) => presentAdminUser(r, sessions));
}

/** Creates a user with a role; the TOTP secret and its QR code are returned this once. */
export async function adminCreateUser(deps: Deps, actor: Actor, input: AdminCreateUser): Promise<AdminCreateUserResult> {
  requireAdmin(actor);
  const { user, totpSecret } = await createUser(deps, actor, { email: input.email, displayName: input.displayName, role: input.role, password: input.password });
  const row = await findUserById(deps.db, user.id);
  return { user: presentAdminUser(row!, new Map()), totpSecret, ...(await totpEnrolment(user.email, totpSecret)) };
}

async function adminTarget(deps: Deps, admin: Admin, userId: string): Promise<UserRow> {
  const row = await findUserById(deps.db, userId);
  if (!row || (admin.organisationId !== undefined && row.organisation_id !== admin.organisationId)) throw new ServiceError('NOT_FOUND', 'no such user');
  return row;
}

/** Disables a user (they can no longer sign in) and ends their sessions at once. An administrator cannot disable themself. */
export async function disableUser(deps: Deps, actor: Actor, userId: string): Promise<AdminUser> {
  const admin = requireAdmin(actor);
  const row = await adminTarget(deps, admin, userId);
  if (row.id === admin.id) throw new ServiceError('VALIDATION_FAILED', 'you cannot disable your own account', [{ path: 'id', code: 'self', message: 'is your own account' }]);
  if (!row.disabled_at) {
    await deps.db.transaction().execute(async (trx) => {
      const now = deps.now();
      await trx.updateTable('users').set({ disabled_at: now.toISOString() }).where('id', '=', userId).execute();
      await endUserSessions(deps, userId, trx);
      await audit(trx, actor, 'user.disabled', 'user', userId, now);
    });
  }
  return presentAdminUser((await findUserById(deps.db, userId))!, await sessionCounts(deps));
}

/** Ends every session of a user (e.g. a lost phone); they must sign in again. */
export async function revokeUserSessions(deps: Deps, actor: Actor, userId: string): Promise<AdminUser> {
  const admin = requireAdmin(actor);
  await adminTarget(deps, admin, userId);
  await deps.db.transaction().execute(async (trx) => {
    await endUserSessions(deps, userId, trx);
    await audit(trx, actor, 'user.sessions_revoked', 'user', userId, deps.now());
  });
  return presentAdminUser((await findUserById(deps.db, userId))!, await sessionCounts(deps));
}
