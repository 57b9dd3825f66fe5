import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/create-db.ts';
import type { Database } from '../db/tables/index.ts';
import { newId, type Actor } from '../services/context.ts';
import { allows, type Action } from './access.ts';

/**
 * Need-to-know for case contents (issue #6), in one place: a user sees a case of
 * their organisation only when it is assigned to them, or shared with them, or
 * opened through an unexpired break-glass grant; never because of their role
 * alone (an administrator without an assignment sees no case contents). The
 * machine's operator (CLI) sees everything, as the person who holds the keys does.
 * Every service that reads or writes a case, its people, consents, attachments
 * or matches asks here; refusals look like absence (NOT_FOUND) to the caller.
 */

/** Case kinds of access in `case_access.kind`. */
export type CaseAccessKind = 'share' | 'break_glass';

/** The minimum of a cases row the check needs. */
export interface CaseGate {
  id: string;
  organisation_id: string;
  assigned_to: string | null;
}

/** A user's live grants (shares and break-glass): not revoked, not expired at `now`. */
function liveGrants(db: Db, userId: string, now: Date) {
  return db
    .selectFrom('case_access')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]));
}

/**
 * May `actor` do `action` on this case? Example:
 * `if (!(await canAccessCase(db, actor, row, 'case.read', deps.now()))) throw notFound()`.
 */
export async function canAccessCase(db: Db, actor: Actor, row: CaseGate, action: Action, now: Date): Promise<boolean> {
  if (!allows(actor, action, row.organisation_id)) return false;
  if (actor.kind === 'operator') return true;
  if (actor.kind !== 'user') return false;
  if (row.assigned_to === actor.id) return true;
  const grant = await liveGrants(db, actor.id, now).select('id').where('case_id', '=', row.id).executeTakeFirst();
  return grant !== undefined;
}

/** How a user holds a case right now, for the UI and audit ('assigned', 'share', 'break_glass'), or undefined. */
export async function accessVia(db: Db, actor: Actor, row: CaseGate, now: Date): Promise<'assigned' | CaseAccessKind | 'operator' | undefined> {
  if (actor.kind === 'operator') return 'operator';
  if (actor.kind !== 'user' || row.organisation_id !== actor.organisationId) return undefined;
  if (row.assigned_to === actor.id) return 'assigned';
  const grants = await liveGrants(db, actor.id, now).select('kind').where('case_id', '=', row.id).execute();
  if (grants.some((g) => g.kind === 'share')) return 'share';
  return grants.length > 0 ? 'break_glass' : undefined;
}

/**
 * Narrows a query over `cases` to those the actor may read. Example:
 * `await visibleCases(db.selectFrom('cases').selectAll(), actor, now).execute()`.
 * A role that may not read cases gets a query that matches nothing.
 */
export function visibleCases<O>(
  qb: SelectQueryBuilder<Database, 'cases', O>,
  actor: Actor,
  now: Date,
): SelectQueryBuilder<Database, 'cases', O> {
  if (actor.kind === 'operator') return qb;
  if (actor.kind !== 'user' || !allows(actor, 'case.read')) return qb.where('cases.id', 'is', null);
  const at = now.toISOString();
  return qb
    .where('cases.organisation_id', '=', actor.organisationId)
    .where((eb: ExpressionBuilder<Database, 'cases'>) =>
      eb.or([
        eb('cases.assigned_to', '=', actor.id),
        eb(
          'cases.id',
          'in',
          eb
            .selectFrom('case_access')
            .select('case_access.case_id')
            .where('case_access.user_id', '=', actor.id)
            .where('case_access.revoked_at', 'is', null)
            .where((e) => e.or([e('case_access.expires_at', 'is', null), e('case_access.expires_at', '>', at)])),
        ),
      ]),
    );
}

/**
 * Of these case ids, those the actor may read: the rule of visibleCases,
 * decided by primary-key lookups. As a filter over a long list of ids,
 * visibleCases let SQLite's planner walk every case of the organisation
 * (70 ms at 200,000 cases) rather than look the listed ones up.
 */
export async function visibleCaseIds(db: Db, actor: Actor, ids: readonly string[], now: Date): Promise<Set<string>> {
  const out = new Set<string>();
  if (actor.kind !== 'operator' && (actor.kind !== 'user' || !allows(actor, 'case.read'))) return out;
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', 'in', chunk).execute();
    if (actor.kind === 'operator') {
      for (const r of rows) out.add(r.id);
      continue;
    }
    const granted = new Set((await liveGrants(db, actor.id, now).select('case_id').where('case_id', 'in', chunk).execute()).map((g) => g.case_id));
    for (const r of rows) if (r.organisation_id === actor.organisationId && (r.assigned_to === actor.id || granted.has(r.id))) out.add(r.id);
  }
  return out;
}

/**
 * Shares a case with a colleague of the same organisation (idempotent: an
 * existing live share is kept). Callers check that the granter may see the case.
 */
export async function grantShare(db: Db, caseId: string, userId: string, grantedBy: string | null, now: Date): Promise<void> {
  const existing = await db
    .selectFrom('case_access')
    .select('id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'share')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('case_access')
    .values({ id: newId(), case_id: caseId, user_id: userId, kind: 'share', granted_by: grantedBy, granted_at: now.toISOString(), expires_at: null, revoked_at: null, wrapped_key: null, sealed: null })
    .execute();
}
