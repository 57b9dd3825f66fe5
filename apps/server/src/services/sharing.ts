import type { CaseAccess, CaseAccessGrant, UserRef } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import { accessVia, canAccessCase, grantShare } from '../policies/case-access.ts';
import { ServiceError, type Actor, type Deps } from './context.ts';

/**
 * Sharing a case with a colleague (issue #6): the assignee, or a colleague it
 * is already shared with, may share it with another caseworker of the same
 * organisation and revoke that share; break-glass holders may not pass access
 * on. Every share and revocation is audited on the grant ('case_access').
 */

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

interface CaseGateRow {
  id: string;
  organisation_id: string;
  assigned_to: string | null;
}

async function gate(deps: Deps, db: Db, actor: Actor, caseId: string): Promise<CaseGateRow> {
  const row = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', '=', caseId).executeTakeFirst();
  if (!row || !(await canAccessCase(db, actor, row, 'case.read', deps.now()))) throw notFound();
  return row;
}

/** May `actor` hand this case on? The assignee and holders of a share may; break-glass and the operator-less rest may not. */
async function mayShare(deps: Deps, db: Db, actor: Actor, row: CaseGateRow): Promise<boolean> {
  const via = await accessVia(db, actor, row, deps.now());
  return via === 'assigned' || via === 'share' || via === 'operator';
}

async function userRefs(db: Db, ids: (string | null)[]): Promise<Map<string, UserRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

/** Opens a break-glass reason (sealed in case_access.sealed). */
export function breakGlassReason(deps: Deps, row: { id: string; wrapped_key: string | null; sealed: string | null }): string {
  if (!row.wrapped_key || !row.sealed) return '';
  const opened = openRecord(deps.kr, 'case_access', row.id, row.wrapped_key)('sealed', row.sealed) as { reason?: string };
  return opened.reason ?? '';
}

/**
 * How the actor holds the case and every live grant on it.
 * Example: `(await caseAccess(deps, actor, caseId)).via === 'break_glass'`.
 */
export async function caseAccess(deps: Deps, actor: Actor, caseId: string): Promise<CaseAccess> {
  const row = await gate(deps, deps.db, actor, caseId);
  const now = deps.now();
  const via = await accessVia(deps.db, actor, row, now);
  const grants = await deps.db
    .selectFrom('case_access')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
    .orderBy('granted_at')
    .execute();
  const refs = await userRefs(deps.db, [row.assigned_to, ...grants.map((g) => g.user_id), ...grants.map((g) => g.granted_by)]);
  // Break-glass reasons are sealed text: reading them is a read of case data, so it is audited.
  await audit(deps.db, actor, 'case.access_viewed', 'case', caseId, now);
  const mine = actor.kind === 'user' ? grants.find((g) => g.user_id === actor.id && g.kind === 'break_glass') : undefined;
  return {
    via: via === 'operator' || via === undefined ? 'assigned' : via,
    expiresAt: via === 'break_glass' ? (mine?.expires_at ?? null) : null,
    assignee: row.assigned_to ? (refs.get(row.assigned_to) ?? null) : null,
    grants: grants.map((g): CaseAccessGrant => {
      const out: CaseAccessGrant = {
        id: g.id,
        kind: g.kind === 'break_glass' ? 'break_glass' : 'share',
        user: refs.get(g.user_id) ?? { id: g.user_id, displayName: '' },
        grantedBy: g.granted_by ? (refs.get(g.granted_by) ?? null) : null,
        grantedAt: g.granted_at,
        expiresAt: g.expires_at,
      };
      if (g.kind === 'break_glass') out.reason = breakGlassReason(deps, g);
      return out;
    }),
  };
}

/** Shares a case with a caseworker of the same organisation (idempotent). */
export async function shareCase(deps: Deps, actor: Actor, caseId: string, userId: string): Promise<CaseAccess> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await gate(deps, trx, actor, caseId);
    if (!(await mayShare(deps, trx, actor, row))) throw new ServiceError('FORBIDDEN', 'only the assignee or a colleague it is shared with may share this case');
    const target = await trx
      .selectFrom('users')
      .select(['id'])
      .where('id', '=', userId)
      .where('organisation_id', '=', row.organisation_id)
      .where('role', '=', 'caseworker')
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!target || userId === row.assigned_to) {
      throw new ServiceError('VALIDATION_FAILED', 'not a caseworker of this organisation', [{ path: 'userId', code: 'unknown_user', message: 'is not a caseworker of this organisation' }]);
    }
    const now = deps.now();
    await grantShare(trx, caseId, userId, actor.kind === 'user' ? actor.id : null, now);
    const grant = await trx.selectFrom('case_access').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).where('kind', '=', 'share').where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    await audit(trx, actor, 'case.shared', 'case_access', grant.id, now);
  });
  return caseAccess(deps, actor, caseId);
}

/**
 * Revokes a share (by the assignee or the one who granted it) or a
 * break-glass grant (by an administrator, see break-glass.ts). Refusals look
 * like absence.
 */
export async function revokeShare(deps: Deps, actor: Actor, grantId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const grant = await trx.selectFrom('case_access').selectAll().where('id', '=', grantId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!grant || grant.kind !== 'share') throw notFound();
    const row = await gate(deps, trx, actor, grant.case_id);
    const mayRevoke = actor.kind === 'operator' || (actor.kind === 'user' && (row.assigned_to === actor.id || grant.granted_by === actor.id || grant.user_id === actor.id));
    if (!mayRevoke) throw notFound();
    const now = deps.now();
    await trx.updateTable('case_access').set({ revoked_at: now.toISOString() }).where('id', '=', grantId).execute();
    await audit(trx, actor, 'case.share_revoked', 'case_access', grantId, now);
  });
}
