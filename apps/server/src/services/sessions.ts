import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '@homeward/contracts';
import { findUserById } from '../db/repositories/users.ts';
import { ServiceError, type Deps } from './context.ts';
import { toSessionUser } from './users.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a server-side session; returns the cookie token (only its hash is stored). */
export async function createSession(deps: Deps, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000);
  await deps.db
    .insertInto('sessions')
    .values({ id_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString(), reauth_at: null })
    .execute();
  return { token, expiresAt };
}

/**
 * The user of a live session, refreshing its idle timer; undefined (and the
 * row deleted) when idle too long, past its absolute limit, or unknown.
 * Field partners work on phones in places where a device can be taken from
 * them: their sessions idle out much sooner (config.partnerIdleMinutes).
 */
export async function resumeSession(deps: Deps, token: string): Promise<SessionUser | undefined> {
  const id = hashToken(token);
  const row = await deps.db.selectFrom('sessions').selectAll().where('id_hash', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const user = await findUserById(deps.db, row.user_id);
  const now = deps.now();
  const idleMinutes = user?.role === 'field_partner' ? Math.min(deps.config.partnerIdleMinutes, deps.config.sessionIdleMinutes) : deps.config.sessionIdleMinutes;
  const idleLimit = new Date(row.last_seen_at).getTime() + idleMinutes * 60_000;
  if (!user || user.disabled_at || now.getTime() >= idleLimit || now.getTime() >= new Date(row.expires_at).getTime()) {
    await deps.db.deleteFrom('sessions').where('id_hash', '=', id).execute();
    return undefined;
  }
  await deps.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', id).execute();
  return toSessionUser(user);
}

export async function endSession(deps: Deps, token: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
}

/** Ends every session of a user (an administrator's revocation, or disabling the account); returns how many. */
export async function endUserSessions(deps: Deps, userId: string, db = deps.db): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Live sessions per user id (for the administrator's user list). */
export async function sessionCounts(deps: Deps): Promise<Map<string, number>> {
  const rows = await deps.db.selectFrom('sessions').select(['user_id', 'expires_at']).execute();
  const now = deps.now().getTime();
  const out = new Map<string, number>();
  for (const r of rows) if (new Date(r.expires_at).getTime() > now) out.set(r.user_id, (out.get(r.user_id) ?? 0) + 1);
  return out;
}

/** Records that this session has just proved password + TOTP again. */
export async function markReauthenticated(deps: Deps, token: string): Promise<void> {
  await deps.db.updateTable('sessions').set({ reauth_at: deps.now().toISOString() }).where('id_hash', '=', hashToken(token)).execute();
}

/**
 * Refuses (REAUTH_REQUIRED) unless this session re-authenticated within
 * config.reauthMinutes: exports and break-glass ask for the password and a
 * fresh TOTP code again, so an unattended signed-in browser is not enough.
 */
export async function requireRecentReauth(deps: Deps, token: string | undefined): Promise<void> {
  const row = token ? await deps.db.selectFrom('sessions').select('reauth_at').where('id_hash', '=', hashToken(token)).executeTakeFirst() : undefined;
  const at = row?.reauth_at ? new Date(row.reauth_at).getTime() : 0;
  if (deps.now().getTime() - at > deps.config.reauthMinutes * 60_000) {
    throw new ServiceError('REAUTH_REQUIRED', 'confirm your password and code first');
  }
}
