import type { BreakGlassInput, BreakGlassList, BreakGlassResult } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey } from '../crypto/envelope.ts';
import { accessVia } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from './context.ts';
import { requireRecentReauth } from './sessions.ts';
import { breakGlassReason } from './sharing.ts';

/**
 * Break-glass (issue #6): a caseworker opens a case that is not theirs, in an
 * emergency, by its reference and a written reason. They must have just
 * re-authenticated (password + TOTP again); the grant is time-limited
 * (config.breakGlassMinutes, default 2 hours), flagged wherever the case is
 * shown, its reason sealed, and audited as 'case.break_glass' on the case.
 * Administrators see the active grants and may end them early.
 */

const notFound = () => new ServiceError('NOT_FOUND', 'no such case');

/** Opens the case for the actor; `sessionToken` is the caller's session cookie (re-auth is per session). */
export async function breakGlass(deps: Deps, actor: Actor, sessionToken: string | undefined, input: BreakGlassInput): Promise<BreakGlassResult> {
  if (actor.kind !== 'user' || actor.role !== 'caseworker') throw new ServiceError('FORBIDDEN', 'only caseworkers may use break-glass');
  await requireRecentReauth(deps, sessionToken);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.breakGlassMinutes * 60_000).toISOString();
  const grantId = newId();
  let caseId = '';
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .select(['id', 'organisation_id', 'assigned_to'])
      .where('reference', '=', input.reference)
      .where('organisation_id', '=', actor.organisationId)
      .executeTakeFirst();
    if (!row) {
      await audit(trx, actor, 'case.break_glass_refused', null, null, now);
      throw notFound();
    }
    caseId = row.id;
    const via = await accessVia(trx, actor, row, now);
    if (via === 'assigned' || via === 'share') throw new ServiceError('VALIDATION_FAILED', 'you can already see this case', [{ path: 'reference', code: 'already_visible', message: 'is already visible to you' }]);
    const key = newRecordKey(deps.kr, 'case_access', grantId);
    await trx
      .insertInto('case_access')
      .values({ id: grantId, case_id: row.id, user_id: actor.id, kind: 'break_glass', granted_by: actor.id, granted_at: now.toISOString(), expires_at: expiresAt, revoked_at: null, wrapped_key: key.wrapped, sealed: key.seal('sealed', { reason: input.reason }) })
      .execute();
    await audit(trx, actor, 'case.break_glass', 'case', row.id, now);
  });
  return { caseId, grantId, expiresAt };
}

/** Active (unexpired, unrevoked) break-glass grants of the administrator's organisation, newest first. */
export async function activeBreakGlass(deps: Deps, actor: Actor): Promise<BreakGlassList> {
  if (actor.kind !== 'user' || actor.role !== 'administrator') throw new ServiceError('FORBIDDEN', 'administrators only');
  const now = deps.now().toISOString();
  const rows = await deps.db
    .selectFrom('case_access')
    .innerJoin('cases', 'cases.id', 'case_access.case_id')
    .innerJoin('users', 'users.id', 'case_access.user_id')
    .select(['case_access.id', 'case_access.case_id', 'case_access.granted_at', 'case_access.expires_at', 'case_access.wrapped_key', 'case_access.sealed', 'cases.reference', 'users.id as user_id', 'users.display_name'])
    .where('case_access.kind', '=', 'break_glass')
    .where('case_access.revoked_at', 'is', null)
    .where('case_access.expires_at', '>', now)
    .where('cases.organisation_id', '=', actor.organisationId)
    .orderBy('case_access.granted_at', 'desc')
    .execute();
  await audit(deps.db, actor, 'break_glass.listed', null, null, deps.now());
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseReference: r.reference,
      user: { id: r.user_id, displayName: r.display_name },
      grantedAt: r.granted_at,
      expiresAt: r.expires_at ?? '',
      reason: breakGlassReason(deps, r),
    })),
  };
}

/** Ends a break-glass grant early (an administrator, or the holder giving it up). */
export async function endBreakGlass(deps: Deps, actor: Actor, grantId: string): Promise<void> {
  if (actor.kind !== 'user') throw notFound();
  await deps.db.transaction().execute(async (trx) => {
    const g = await trx
      .selectFrom('case_access')
      .innerJoin('cases', 'cases.id', 'case_access.case_id')
      .select(['case_access.id', 'case_access.user_id', 'cases.organisation_id'])
      .where('case_access.id', '=', grantId)
      .where('case_access.kind', '=', 'break_glass')
      .where('case_access.revoked_at', 'is', null)
      .executeTakeFirst();
    const allowed = g && g.organisation_id === actor.organisationId && (actor.role === 'administrator' || g.user_id === actor.id);
    if (!allowed) throw notFound();
    const now = deps.now();
    await trx.updateTable('case_access').set({ revoked_at: now.toISOString() }).where('id', '=', grantId).execute();
    await audit(trx, actor, 'case.break_glass_ended', 'case_access', grantId, now);
  });
}
