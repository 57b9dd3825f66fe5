import {
  DEFAULT_TRACING_FIELDS, TRACING_FIELDS, type ConsentPurpose, type Issue, type PartnerRequest, type SharedChild, type TracingField, type TracingRequest,
  type TracingRequestInput, type UserRef,
} from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { TracingRequestRow } from '../db/tables/tracing.table.ts';
import { canAccessCase } from '../policies/case-access.ts';
import { consentCovers, requireConsent, type ConsentRecipient } from '../services/consents.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { sharedChild, type SoughtSource } from './shared.ts';

/**
 * Tracing requests (issue #7): a caseworker shares one sought child with one
 * named field partner of the organisation, choosing the fields. The chosen
 * values are copied into the request, sealed, so the partner's view never
 * opens the case. Sharing needs the case's consent to tracing and to
 * partner_sharing naming that partner, checked when the request is made AND
 * on every read by the partner: a withdrawal stops the sharing at once.
 */

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

function userOf(actor: Actor): { id: string; organisationId: string } {
  if (actor.kind !== 'user') throw notFound();
  return actor;
}

/** The case, if the actor may do `action` on it (refusals look like absence). */
export async function caseGate(deps: Deps, db: Db, actor: Actor, caseId: string, action: 'case.read' | 'case.write') {
  const row = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to', 'reference']).where('id', '=', caseId).executeTakeFirst();
  if (!row || !(await canAccessCase(db, actor, row, action, deps.now()))) throw notFound();
  return row;
}

export function openShared(deps: Deps, row: TracingRequestRow): SharedChild {
  return openRecord(deps.kr, 'tracing_requests', row.id, row.wrapped_key)('sealed', row.sealed) as SharedChild;
}

function fieldsOf(row: TracingRequestRow): TracingField[] {
  const parsed = JSON.parse(row.fields) as unknown;
  return Array.isArray(parsed) ? parsed.filter((f): f is TracingField => (TRACING_FIELDS as readonly string[]).includes(f as string)) : [];
}

/** Does the case's consent still cover sharing with this request's partner (tracing + partner_sharing naming them)? */
export async function stillConsented(deps: Deps, db: Db, row: Pick<TracingRequestRow, 'case_id' | 'partner_user_id'>): Promise<boolean> {
  return (
    (await consentCovers(deps, db, row.case_id, 'tracing')) &&
    (await consentCovers(deps, db, row.case_id, 'partner_sharing', { userId: row.partner_user_id }))
  );
}

async function leadCounts(db: Db, requestIds: string[]): Promise<Map<string, number>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('partner_leads')
    .select(['tracing_request_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('tracing_request_id', 'in', requestIds)
    .groupBy('tracing_request_id')
    .execute();
  return new Map(rows.map((r) => [r.tracing_request_id, Number(r.n)]));
}

async function refs(db: Db, organisationId: string): Promise<Map<string, UserRef>> {
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

function present(deps: Deps, row: TracingRequestRow, users: Map<string, UserRef>, count: number): TracingRequest {
  const out: TracingRequest = {
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    partner: users.get(row.partner_user_id) ?? { id: row.partner_user_id, displayName: '' },
    fields: fieldsOf(row),
    shared: openShared(deps, row),
    createdBy: row.created_by ? (users.get(row.created_by) ?? null) : null,
    createdAt: row.created_at,
    active: row.revoked_at === null,
    leadCount: count,
  };
  if (row.revoked_at !== null) out.revokedAt = row.revoked_at;
  return out;
}

/** Field partners of the actor's organisation, to choose a recipient from. */
export async function listPartners(deps: Deps, actor: Actor): Promise<UserRef[]> {
  const u = userOf(actor);
  const rows = await deps.db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', u.organisationId)
    .where('role', '=', 'field_partner')
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/**
 * Shares one sought person of a case with a field partner.
 * Example: `await createTracingRequest(deps, actor, caseId, { personId, partnerUserId })` (default fields).
 */
export async function createTracingRequest(deps: Deps, actor: Actor, caseId: string, input: TracingRequestInput): Promise<TracingRequest> {
  userOf(actor);
  const fields = [...new Set(input.fields ?? DEFAULT_TRACING_FIELDS)];
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const c = await caseGate(deps, trx, actor, caseId, 'case.write');
    const person = await trx.selectFrom('people').selectAll().where('id', '=', input.personId).where('case_id', '=', caseId).where('role', '=', 'sought').executeTakeFirst();
    if (!person) throw new ServiceError('VALIDATION_FAILED', 'personId is not a sought person of this case', [{ path: 'personId', code: 'unknown_person', message: 'is not a sought person of this case' }]);
    const partner = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.partnerUserId)
      .where('organisation_id', '=', c.organisation_id)
      .where('role', '=', 'field_partner')
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!partner) throw new ServiceError('VALIDATION_FAILED', 'partnerUserId is not a field partner', [{ path: 'partnerUserId', code: 'unknown_user', message: 'is not a field partner' }]);
    // Both purposes are checked, and each missing one named by its own issue path, so the caseworker learns at once what to record.
    const missing: Issue[] = [];
    const purposes: [ConsentPurpose, ConsentRecipient | undefined][] = [['tracing', undefined], ['partner_sharing', { userId: input.partnerUserId }]];
    for (const [purpose, recipient] of purposes) {
      try {
        await requireConsent(deps, trx, [caseId], purpose, recipient);
      } catch (err) {
        if (!(err instanceof ServiceError && err.code === 'CONSENT_REQUIRED')) throw err;
        missing.push({ path: `consent.${purpose}`, code: 'consent_missing', message: err.message });
      }
    }
    if (missing.length > 0) throw new ServiceError('CONSENT_REQUIRED', missing.map((m) => m.message).join('; '), missing);
    const source = openRecord(deps.kr, 'people', person.id, person.wrapped_key)('sealed', person.sealed) as SoughtSource;
    const now = deps.now();
    const shared = sharedChild(source, (person.sex ?? undefined) as SharedChild['sex'], fields, now);
    const key = newRecordKey(deps.kr, 'tracing_requests', id);
    await trx
      .insertInto('tracing_requests')
      .values({
        id,
        organisation_id: c.organisation_id,
        case_id: caseId,
        person_id: person.id,
        partner_user_id: input.partnerUserId,
        fields: JSON.stringify(fields),
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now.toISOString(),
        revoked_by: null,
        revoked_at: null,
        wrapped_key: key.wrapped,
        sealed: key.seal('sealed', shared),
      })
      .execute();
    await audit(trx, actor, 'tracing.request.created', 'tracing_request', id, now);
  });
  const row = await deps.db.selectFrom('tracing_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return present(deps, row, await refs(deps.db, row.organisation_id), 0);
}

/** The requests of a case, newest first (revoked ones included, marked inactive). */
export async function listCaseRequests(deps: Deps, actor: Actor, caseId: string): Promise<TracingRequest[]> {
  const c = await caseGate(deps, deps.db, actor, caseId, 'case.read');
  const rows = await deps.db.selectFrom('tracing_requests').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').orderBy('id').execute();
  const counts = await leadCounts(deps.db, rows.map((r) => r.id));
  const users = await refs(deps.db, c.organisation_id);
  await audit(deps.db, actor, 'tracing.request.listed', 'case', caseId, deps.now());
  return rows.map((r) => present(deps, r, users, counts.get(r.id) ?? 0));
}

/** Stops a share at once; revoking twice is harmless. */
export async function revokeTracingRequest(deps: Deps, actor: Actor, requestId: string): Promise<TracingRequest> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('tracing_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!row) throw notFound();
    await caseGate(deps, trx, actor, row.case_id, 'case.write');
    if (row.revoked_at !== null) return;
    const now = deps.now();
    await trx
      .updateTable('tracing_requests')
      .set({ revoked_at: now.toISOString(), revoked_by: actor.kind === 'user' ? actor.id : null })
      .where('id', '=', requestId)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(trx, actor, 'tracing.request.revoked', 'tracing_request', requestId, now);
  });
  const row = await deps.db.selectFrom('tracing_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  const counts = await leadCounts(deps.db, [row.id]);
  return present(deps, row, await refs(deps.db, row.organisation_id), counts.get(row.id) ?? 0);
}

// ---- the field partner's side ----

/**
 * A request the partner may use right now: theirs, not revoked, and still
 * covered by consent. Anything else is NOT_FOUND (another partner's request
 * id tells nothing).
 */
export async function partnerRequestRow(deps: Deps, db: Db, actor: Actor, requestId: string): Promise<TracingRequestRow> {
  const u = userOf(actor);
  const row = await db
    .selectFrom('tracing_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('partner_user_id', '=', u.id)
    .where('organisation_id', '=', u.organisationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !(await stillConsented(deps, db, row))) throw notFound();
  return row;
}

function presentForPartner(deps: Deps, row: TracingRequestRow, count: number): PartnerRequest {
  return { id: row.id, fields: fieldsOf(row), shared: openShared(deps, row), sharedAt: row.created_at, leadCount: count };
}

/** The requests shared with the signed-in partner that are live now, newest first. */
export async function listPartnerRequests(deps: Deps, actor: Actor): Promise<PartnerRequest[]> {
  const u = userOf(actor);
  const rows = await deps.db
    .selectFrom('tracing_requests')
    .selectAll()
    .where('partner_user_id', '=', u.id)
    .where('organisation_id', '=', u.organisationId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  const live: TracingRequestRow[] = [];
  for (const r of rows) if (await stillConsented(deps, deps.db, r)) live.push(r);
  const counts = await leadCounts(deps.db, live.map((r) => r.id));
  await audit(deps.db, actor, 'tracing.partner.listed', null, null, deps.now());
  return live.map((r) => presentForPartner(deps, r, counts.get(r.id) ?? 0));
}

/** One live request, only its shared fields. */
export async function getPartnerRequest(deps: Deps, actor: Actor, requestId: string): Promise<PartnerRequest> {
  const row = await partnerRequestRow(deps, deps.db, actor, requestId);
  const counts = await leadCounts(deps.db, [row.id]);
  await audit(deps.db, actor, 'tracing.partner.viewed', 'tracing_request', row.id, deps.now());
  return presentForPartner(deps, row, counts.get(row.id) ?? 0);
}
