import type { Lead, LeadInput, Name, PartialDate, Reliability, Sex } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { LeadRow } from '../db/tables/leads.table.ts';
import { rematchAfterWrite, rematchLead } from '../matching/index.ts';
import { allows } from '../policies/access.ts';
import { canAccessCase } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from './context.ts';
import { completeName, writeNameIndex } from './names.ts';
import { placeCodeIssues, presentPlace } from './places.ts';
import { ensureOrganisation } from './users.ts';

/** Identifying fields of a lead: stored only inside `leads.sealed`. */
interface LeadSealed {
  names: Name[];
  approxAge?: { age: number; atYear: number };
  birth?: PartialDate;
  place?: string;
  /** Gazetteer code chosen for place; sealed, since a village code can point at a family. */
  placeCode?: string;
  source: string;
  receivedOn: PartialDate;
  notes?: string;
}

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

function sealedLead(input: LeadInput): LeadSealed {
  const s: LeadSealed = { names: input.names.map(completeName), source: input.source, receivedOn: input.receivedOn };
  if (input.approxAge) s.approxAge = input.approxAge;
  if (input.birth) s.birth = input.birth;
  if (input.place !== undefined) s.place = input.place;
  if (input.placeCode !== undefined) s.placeCode = input.placeCode;
  if (input.notes !== undefined) s.notes = input.notes;
  return s;
}

function present(deps: Deps, row: LeadRow): Lead {
  const s = openRecord(deps.kr, 'leads', row.id, row.wrapped_key)('sealed', row.sealed) as LeadSealed;
  const lead: Lead = {
    id: row.id,
    version: Number(row.version),
    names: s.names,
    source: s.source,
    reliability: row.reliability as Reliability,
    receivedOn: s.receivedOn,
    caseId: row.case_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (s.approxAge) lead.approxAge = s.approxAge;
  if (s.birth) lead.birth = s.birth;
  if (row.sex) lead.sex = row.sex as Sex;
  if (s.place !== undefined) lead.place = s.place;
  if (s.placeCode !== undefined) {
    lead.placeCode = s.placeCode;
    const place = presentPlace(s.placeCode);
    if (place) lead.placeResolved = place;
  }
  if (s.notes !== undefined) lead.notes = s.notes;
  return lead;
}

async function checkCaseLink(db: Db, actor: Actor, organisationId: string, caseId: string | null | undefined): Promise<void> {
  if (!caseId) return;
  const row = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', '=', caseId).executeTakeFirst();
  // Need-to-know (issue #6): a lead may only be linked to a case the actor may see; any other case looks absent.
  if (!row || row.organisation_id !== organisationId || !(await canAccessCase(db, actor, row, 'case.read', new Date()))) {
    throw new ServiceError('VALIDATION_FAILED', 'caseId is not a case', [{ path: 'caseId', code: 'unknown_case', message: 'is not a case' }]);
  }
}

function checkPlace(input: LeadInput): void {
  const issues = placeCodeIssues([['placeCode', input.placeCode, input.place]]);
  if (issues.length > 0) throw new ServiceError('VALIDATION_FAILED', 'unknown place code', issues);
}

/**
 * The case a lead is about, if any: the case it is linked to, or the case
 * of the tracing request a field partner sent it against. Such a lead
 * describes that case's child, so it is need-to-know like the case (issue
 * #6); a lead about no case is the organisation's, for every caseworker to
 * weigh.
 */
async function casesOfLeads(db: Db, rows: readonly Pick<LeadRow, 'id' | 'case_id'>[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of rows) if (r.case_id) out.set(r.id, r.case_id);
  const unlinked = rows.filter((r) => !r.case_id).map((r) => r.id);
  for (let i = 0; i < unlinked.length; i += 500) {
    const viaRequest = await db
      .selectFrom('partner_leads')
      .innerJoin('tracing_requests', 'tracing_requests.id', 'partner_leads.tracing_request_id')
      .select(['partner_leads.lead_id', 'tracing_requests.case_id'])
      .where('partner_leads.lead_id', 'in', unlinked.slice(i, i + 500))
      .execute();
    for (const v of viaRequest) out.set(v.lead_id, v.case_id);
  }
  return out;
}

/** Of these leads, those the actor may see (see casesOfLeads). */
async function leadsInReach(db: Db, actor: Actor, rows: LeadRow[], now: Date): Promise<LeadRow[]> {
  const about = await casesOfLeads(db, rows);
  const caseIds = [...new Set(about.values())];
  const reachable = new Set<string>();
  for (let i = 0; i < caseIds.length; i += 500) {
    const cases = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', 'in', caseIds.slice(i, i + 500)).execute();
    for (const c of cases) if (await canAccessCase(db, actor, c, 'case.read', now)) reachable.add(c.id);
  }
  return rows.filter((r) => {
    const c = about.get(r.id);
    return c === undefined || reachable.has(c);
  });
}

async function visibleLead(deps: Deps, db: Db, actor: Actor, id: string, action: 'lead.read' | 'lead.write'): Promise<LeadRow> {
  const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !allows(actor, action, row.organisation_id)) throw notFound();
  if ((await leadsInReach(db, actor, [row], deps.now())).length === 0) throw notFound();
  return row;
}

/**
 * Stores a lead inside an open transaction, for `organisationId`; returns its id.
 * The caller has decided the actor may (createLead for staff; a field partner's
 * lead comes through tracing/partner-leads.ts, which checks their request).
 */
export async function createLeadIn(deps: Deps, db: Db, actor: Actor, input: LeadInput, organisationId: string): Promise<string> {
  checkPlace(input);
  await checkCaseLink(db, actor, organisationId, input.caseId);
  const id = newId();
  const now = deps.now();
  const at = now.toISOString();
  const key = newRecordKey(deps.kr, 'leads', id);
  const sealed = sealedLead(input);
  await db
    .insertInto('leads')
    .values({
      id,
      organisation_id: organisationId,
      case_id: input.caseId ?? null,
      version: 1,
      sex: input.sex ?? null,
      reliability: input.reliability,
      wrapped_key: key.wrapped,
      sealed: key.seal('sealed', sealed),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await writeNameIndex(db, deps.kr, 'leads', id, sealed.names.map((n) => n.text));
  await audit(db, actor, 'lead.created', 'lead', id, now);
  return id;
}

/** Records a lead, linked to a case or not yet. Example: `await createLead(deps, actor, body)`. */
export async function createLead(deps: Deps, actor: Actor, input: LeadInput): Promise<Lead> {
  if (!allows(actor, 'lead.write')) throw notFound();
  checkPlace(input);
  const id = await deps.db.transaction().execute(async (trx) => {
    const organisationId = actor.kind === 'user' ? actor.organisationId : await ensureOrganisation(trx, deps.now());
    return createLeadIn(deps, trx, actor, input, organisationId);
  });
  // After the commit: matching never holds up or undoes the write (issue #7).
  await rematchAfterWrite(() => rematchLead(deps, id));
  return present(deps, await visibleLead(deps, deps.db, actor, id, 'lead.read'));
}

/** Replaces a lead if `version` is current; STALE_VERSION otherwise. */
export async function updateLead(deps: Deps, actor: Actor, id: string, version: number, input: LeadInput): Promise<Lead> {
  await deps.db.transaction().execute(async (trx) => {
    const prev = await visibleLead(deps, trx, actor, id, 'lead.write');
    checkPlace(input);
    if (Number(prev.version) !== version) throw new ServiceError('STALE_VERSION', 'someone else changed this lead since you opened it; reload to see their changes');
    await checkCaseLink(trx, actor, prev.organisation_id, input.caseId);
    const now = deps.now();
    const key = newRecordKey(deps.kr, 'leads', id);
    const sealed = sealedLead(input);
    const res = await trx
      .updateTable('leads')
      .set({ version: version + 1, case_id: input.caseId ?? null, sex: input.sex ?? null, reliability: input.reliability, wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed), updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('STALE_VERSION', 'someone else changed this lead since you opened it; reload to see their changes');
    await writeNameIndex(trx, deps.kr, 'leads', id, sealed.names.map((n) => n.text));
    await audit(trx, actor, 'lead.updated', 'lead', id, now);
  });
  await rematchAfterWrite(() => rematchLead(deps, id));
  return present(deps, await visibleLead(deps, deps.db, actor, id, 'lead.read'));
}

export async function getLead(deps: Deps, actor: Actor, id: string): Promise<Lead> {
  const lead = present(deps, await visibleLead(deps, deps.db, actor, id, 'lead.read'));
  await audit(deps.db, actor, 'lead.viewed', 'lead', id, deps.now());
  return lead;
}

/** Leads of the actor's organisation, most recently changed first. */
export async function listLeads(deps: Deps, actor: Actor): Promise<Lead[]> {
  if (!allows(actor, 'lead.read')) return [];
  let q = deps.db.selectFrom('leads').selectAll().orderBy('updated_at', 'desc').orderBy('id');
  if (actor.kind === 'user') q = q.where('organisation_id', '=', actor.organisationId);
  const rows = (await q.execute()).filter((r) => allows(actor, 'lead.read', r.organisation_id));
  const reach = await leadsInReach(deps.db, actor, rows, deps.now());
  await audit(deps.db, actor, 'lead.listed', null, null, deps.now());
  return reach.map((r) => present(deps, r));
}
