import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '@homeward/contracts';
import { findUserById } from '../db/repositories/users.ts';
import type { Deps } from './context.ts';
import { toSessionUser } from './users.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a server-side session; returns the cookie token (only its hash is stored). */
export async function createSession(deps: Deps, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000);
  await deps.db
    .insertInto('sessions')
    .values({ id_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
  return { token, expiresAt };
}

/**
 * The user of a live session, refreshing its idle timer; undefined (and the
 * row deleted) when idle too long, past its absolute limit, or unknown.
 */
export async function resumeSession(deps: Deps, token: string): Promise<SessionUser | undefined> {
  const id = hashToken(token);
  const row = await deps.db.selectFrom('sessions').selectAll().where('id_hash', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const now = deps.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + deps.config.sessionIdleMinutes * 60_000;
  if (now.getTime() >= idleLimit || now.getTime() >= new Date(row.expires_at).getTime()) {
    await deps.db.deleteFrom('sessions').where('id_hash', '=', id).execute();
    return undefined;
  }
  const user = await findUserById(deps.db, row.user_id);
  if (!user || user.disabled_at) return undefined;
  await deps.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', id).execute();
  return toSessionUser(user);
}

export async function endSession(deps: Deps, token: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
}
