import type {
  CaseworkerDisclosure, ChildSideConsentInput, DisclosureParty, DisclosureState, MotherConsentInput, Name, PartialDate,
  PartnerDisclosure, UserRef,
} from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { DisclosureConsentRow, PartnerLeadRow } from '../db/tables/tracing.table.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { presentPlace } from '../services/places.ts';
import { openPartnerLead } from './partner-leads.ts';
import { caseGate, partnerRequestRow } from './requests.ts';
import { ageRange } from './shared.ts';

/**
 * Double-blind disclosure (issue #7): when a match candidate is confirmed,
 * neither side learns the other's identity or whereabouts until both consent:
 * the mother (recorded by her caseworker) and, for the child, the guardian
 * and the child's own assent where the child is old enough (recorded by the
 * field partner who sent the lead). Until then nothing of the other side is
 * released; each step is recorded and audited. Only leads that came from a
 * field partner have a child's side; a candidate that is not (or no longer)
 * confirmed releases nothing and takes no consent.
 */

/**
 * Age from which the child's own assent is needed (config `assentAge`,
 * HOMEWARD_ASSENT_AGE, default 12). UNCRC art. 12: a child's views are given
 * due weight in accordance with age and maturity
 * (https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child).
 */
export function assentAge(deps: Deps): number {
  return deps.config.assentAge;
}

interface MotherSealed {
  givenOn: PartialDate;
  disclose: string[];
  statement?: string;
  evidence?: string;
  /** What she agreed to disclose, copied when she agreed: the partner's view never opens the case. */
  snapshot: { names?: Name[]; birthYear?: number };
}
interface ChildSideSealed {
  givenOn: PartialDate;
  childAge?: number;
  evidence?: string;
}

/** The part of a lead's sealed record the age rule reads (services/leads.ts LeadSealed). */
interface LeadSource {
  names: Name[];
  approxAge?: { age: number; atYear: number };
  birth?: PartialDate;
}

interface CandidateRow {
  id: string;
  organisation_id: string;
  case_id: string;
  person_id: string;
  lead_id: string;
  status: string;
}

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

async function candidate(db: Db, id: string): Promise<CandidateRow | undefined> {
  return db.selectFrom('match_candidates').select(['id', 'organisation_id', 'case_id', 'person_id', 'lead_id', 'status']).where('id', '=', id).executeTakeFirst();
}

async function partnerLeadOf(db: Db, leadId: string): Promise<PartnerLeadRow | undefined> {
  return db.selectFrom('partner_leads').selectAll().where('lead_id', '=', leadId).executeTakeFirst();
}

/** The candidate for its caseworker: case visible to them, lead from a partner. */
async function caseworkerCandidate(deps: Deps, db: Db, actor: Actor, id: string, action: 'case.read' | 'case.write') {
  const c = await candidate(db, id);
  if (!c) throw notFound();
  await caseGate(deps, db, actor, c.case_id, action);
  const pl = await partnerLeadOf(db, c.lead_id);
  if (!pl) throw notFound();
  return { c, pl };
}

/** The candidate for the partner: their lead, their live request, and confirmed (they never hear of unconfirmed ones). */
async function partnerCandidate(deps: Deps, db: Db, actor: Actor, id: string) {
  if (actor.kind !== 'user') throw notFound();
  const c = await candidate(db, id);
  if (!c || c.status !== 'confirmed') throw notFound();
  const pl = await partnerLeadOf(db, c.lead_id);
  if (!pl || pl.partner_user_id !== actor.id) throw notFound();
  await partnerRequestRow(deps, db, actor, pl.tracing_request_id);
  return { c, pl };
}

async function consents(db: Db, candidateId: string): Promise<Map<DisclosureParty, DisclosureConsentRow>> {
  const rows = await db.selectFrom('disclosure_consents').selectAll().where('candidate_id', '=', candidateId).execute();
  return new Map(rows.map((r) => [r.party as DisclosureParty, r]));
}

function openConsent<T>(deps: Deps, row: DisclosureConsentRow): T {
  return openRecord(deps.kr, 'disclosure_consents', row.id, row.wrapped_key)('sealed', row.sealed) as T;
}

function openLead(deps: Deps, db: Db, leadId: string): Promise<{ source: LeadSource; sex: string | null } | undefined> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('id', '=', leadId)
    .executeTakeFirst()
    .then((row) => (row ? { source: openRecord(deps.kr, 'leads', row.id, row.wrapped_key)('sealed', row.sealed) as LeadSource, sex: row.sex } : undefined));
}

/**
 * Is the child's own assent needed? By the age the partner recorded with the
 * guardian's consent, else by the lead's age; when no age is known at all,
 * yes (the safe side).
 */
async function assentRequired(deps: Deps, db: Db, c: CandidateRow, rows: Map<DisclosureParty, DisclosureConsentRow>): Promise<boolean> {
  const threshold = assentAge(deps);
  const guardian = rows.get('guardian');
  if (guardian) {
    const age = openConsent<ChildSideSealed>(deps, guardian).childAge;
    if (age !== undefined) return age >= threshold;
  }
  const lead = await openLead(deps, db, c.lead_id);
  const s = lead?.source;
  const birth: PartialDate | undefined = s?.birth ?? (s?.approxAge ? { approxAge: s.approxAge.age, atYear: s.approxAge.atYear } : undefined);
  const range = ageRange(birth, deps.now());
  return range === undefined || range.high >= threshold;
}

async function userRefs(db: Db, organisationId: string): Promise<Map<string, UserRef>> {
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

async function stateOf(deps: Deps, db: Db, c: CandidateRow): Promise<{ state: DisclosureState; rows: Map<DisclosureParty, DisclosureConsentRow> }> {
  const rows = await consents(db, c.id);
  const users = await userRefs(db, c.organisation_id);
  const step = (p: DisclosureParty) => {
    const r = rows.get(p);
    return r ? { recordedAt: r.recorded_at, recordedBy: r.recorded_by ? (users.get(r.recorded_by) ?? null) : null } : null;
  };
  const confirmed = c.status === 'confirmed';
  const childAssentRequired = await assentRequired(deps, db, c, rows);
  const complete = confirmed && rows.has('mother') && rows.has('guardian') && (!childAssentRequired || rows.has('child'));
  return { state: { candidateId: c.id, confirmed, mother: step('mother'), guardian: step('guardian'), child: step('child'), childAssentRequired, complete }, rows };
}

/** Is disclosure complete for this candidate right now (messages may pass)? No access check: callers have done it. */
export async function disclosureComplete(deps: Deps, db: Db, candidateId: string): Promise<boolean> {
  const c = await candidate(db, candidateId);
  return c ? (await stateOf(deps, db, c)).state.complete : false;
}

async function caseworkerView(deps: Deps, actor: Actor, c: CandidateRow, pl: PartnerLeadRow): Promise<CaseworkerDisclosure> {
  const { state } = await stateOf(deps, deps.db, c);
  const out: CaseworkerDisclosure = { ...state, caseId: c.case_id };
  if (state.complete) {
    const lead = await openLead(deps, deps.db, c.lead_id);
    const withheld = openPartnerLead(deps, pl);
    if (lead) {
      const released: NonNullable<CaseworkerDisclosure['released']> = { names: lead.source.names };
      if (lead.source.approxAge) released.approxAge = lead.source.approxAge;
      if (lead.source.birth) released.birth = lead.source.birth;
      if (lead.sex) released.sex = lead.sex as NonNullable<CaseworkerDisclosure['released']>['sex'];
      if (withheld.place !== undefined) released.place = withheld.place;
      if (withheld.placeCode !== undefined) {
        const place = presentPlace(withheld.placeCode);
        if (place) released.placeResolved = place;
      }
      if (withheld.notes !== undefined) released.notes = withheld.notes;
      out.released = released;
      await audit(deps.db, actor, 'disclosure.released.viewed', 'match_candidate', c.id, deps.now());
    }
  }
  return out;
}

/** Where disclosure stands for one candidate, and once complete what the child's side disclosed. */
export async function getCaseworkerDisclosure(deps: Deps, actor: Actor, candidateId: string): Promise<CaseworkerDisclosure> {
  const { c, pl } = await caseworkerCandidate(deps, deps.db, actor, candidateId, 'case.read');
  await audit(deps.db, actor, 'disclosure.viewed', 'match_candidate', c.id, deps.now());
  return caseworkerView(deps, actor, c, pl);
}

/** Every confirmed candidate of a case whose lead came from a field partner, with its disclosure state. */
export async function listCaseDisclosures(deps: Deps, actor: Actor, caseId: string): Promise<CaseworkerDisclosure[]> {
  await caseGate(deps, deps.db, actor, caseId, 'case.read');
  const rows = await deps.db
    .selectFrom('match_candidates')
    .innerJoin('partner_leads', 'partner_leads.lead_id', 'match_candidates.lead_id')
    .select(['match_candidates.id as id'])
    .where('match_candidates.case_id', '=', caseId)
    .where('match_candidates.status', '=', 'confirmed')
    .orderBy('match_candidates.updated_at', 'desc')
    .execute();
  const out: CaseworkerDisclosure[] = [];
  for (const r of rows) {
    const { c, pl } = await caseworkerCandidate(deps, deps.db, actor, r.id, 'case.read');
    out.push(await caseworkerView(deps, actor, c, pl));
  }
  await audit(deps.db, actor, 'disclosure.listed', 'case', caseId, deps.now());
  return out;
}

async function insertConsent(deps: Deps, trx: Db, actor: Actor, c: CandidateRow, party: DisclosureParty, sealed: object): Promise<void> {
  const existing = await trx.selectFrom('disclosure_consents').select('id').where('candidate_id', '=', c.id).where('party', '=', party).executeTakeFirst();
  // Recorded once; recording again (a double tap) changes nothing.
  if (existing) return;
  const id = newId();
  const key = newRecordKey(deps.kr, 'disclosure_consents', id);
  const now = deps.now();
  await trx
    .insertInto('disclosure_consents')
    .values({ id, organisation_id: c.organisation_id, candidate_id: c.id, party, recorded_by: actor.kind === 'user' ? actor.id : null, recorded_at: now.toISOString(), wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed) })
    .execute();
  await audit(trx, actor, `disclosure.consent.${party}`, 'match_candidate', c.id, now);
}

const notConfirmed = () =>
  new ServiceError('VALIDATION_FAILED', 'the match is not confirmed', [{ path: 'candidateId', code: 'not_confirmed', message: 'is not a confirmed match' }]);

/** Records the mother's consent (her caseworker), with what of herself she agrees to disclose. */
export async function recordMotherConsent(deps: Deps, actor: Actor, candidateId: string, input: MotherConsentInput): Promise<CaseworkerDisclosure> {
  await deps.db.transaction().execute(async (trx) => {
    const { c } = await caseworkerCandidate(deps, trx, actor, candidateId, 'case.write');
    if (c.status !== 'confirmed') throw notConfirmed();
    const applicant = await trx.selectFrom('people').selectAll().where('case_id', '=', c.case_id).where('role', '=', 'applicant').executeTakeFirstOrThrow();
    const person = openRecord(deps.kr, 'people', applicant.id, applicant.wrapped_key)('sealed', applicant.sealed) as { names: Name[]; birth?: PartialDate };
    const disclose = [...new Set(input.disclose)];
    const snapshot: MotherSealed['snapshot'] = {};
    if (disclose.includes('names')) snapshot.names = person.names;
    if (disclose.includes('birthYear') && person.birth?.year !== undefined) snapshot.birthYear = person.birth.year;
    const sealed: MotherSealed = { givenOn: input.givenOn, disclose, snapshot };
    if (input.statement !== undefined && input.statement.trim() !== '') sealed.statement = input.statement;
    if (input.evidence !== undefined) sealed.evidence = input.evidence;
    await insertConsent(deps, trx, actor, c, 'mother', sealed);
  });
  return getCaseworkerDisclosure(deps, actor, candidateId);
}

async function partnerView(deps: Deps, actor: Actor, c: CandidateRow, pl: PartnerLeadRow): Promise<PartnerDisclosure> {
  const { state, rows } = await stateOf(deps, deps.db, c);
  const out: PartnerDisclosure = { ...state, requestId: pl.tracing_request_id, leadReceiptId: pl.id };
  const mother = rows.get('mother');
  if (state.complete && mother) {
    const s = openConsent<MotherSealed>(deps, mother);
    const released: NonNullable<PartnerDisclosure['released']> = {};
    if (s.snapshot.names) released.names = s.snapshot.names;
    if (s.snapshot.birthYear !== undefined) released.birthYear = s.snapshot.birthYear;
    if (s.statement !== undefined) released.statement = s.statement;
    out.released = released;
    await audit(deps.db, actor, 'disclosure.released.viewed', 'match_candidate', c.id, deps.now());
  }
  return out;
}

/** The partner's confirmed matches (their leads only), with where disclosure stands. */
export async function listPartnerDisclosures(deps: Deps, actor: Actor): Promise<PartnerDisclosure[]> {
  if (actor.kind !== 'user') throw notFound();
  const rows = await deps.db
    .selectFrom('match_candidates')
    .innerJoin('partner_leads', 'partner_leads.lead_id', 'match_candidates.lead_id')
    .select(['match_candidates.id as id'])
    .where('partner_leads.partner_user_id', '=', actor.id)
    .where('match_candidates.status', '=', 'confirmed')
    .orderBy('match_candidates.updated_at', 'desc')
    .execute();
  const out: PartnerDisclosure[] = [];
  for (const r of rows) {
    try {
      const { c, pl } = await partnerCandidate(deps, deps.db, actor, r.id);
      out.push(await partnerView(deps, actor, c, pl));
    } catch (err) {
      // A request revoked or no longer consented: that match is no longer the partner's to see.
      if (!(err instanceof ServiceError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  await audit(deps.db, actor, 'disclosure.partner.listed', null, null, deps.now());
  return out;
}

export async function getPartnerDisclosure(deps: Deps, actor: Actor, candidateId: string): Promise<PartnerDisclosure> {
  const { c, pl } = await partnerCandidate(deps, deps.db, actor, candidateId);
  await audit(deps.db, actor, 'disclosure.viewed', 'match_candidate', c.id, deps.now());
  return partnerView(deps, actor, c, pl);
}

/** Records the guardian's consent or the child's assent (the partner who sent the lead). */
export async function recordChildSideConsent(deps: Deps, actor: Actor, candidateId: string, input: ChildSideConsentInput): Promise<PartnerDisclosure> {
  await deps.db.transaction().execute(async (trx) => {
    const { c } = await partnerCandidate(deps, trx, actor, candidateId);
    const sealed: ChildSideSealed = { givenOn: input.givenOn };
    if (input.childAge !== undefined) sealed.childAge = input.childAge;
    if (input.evidence !== undefined) sealed.evidence = input.evidence;
    await insertConsent(deps, trx, actor, c, input.party, sealed);
  });
  return getPartnerDisclosure(deps, actor, candidateId);
}

/**
 * Withdraws one party's consent at once: its row (and with it the sealed copy
 * of what the mother agreed to disclose) is deleted, the withdrawal audited.
 * Nothing more is released and no message passes until it is given again;
 * what was already seen cannot be unseen. Withdrawing twice is harmless.
 */
export async function withdrawDisclosureConsent(deps: Deps, actor: Actor, candidateId: string, party: DisclosureParty): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { c } = party === 'mother' ? await caseworkerCandidate(deps, trx, actor, candidateId, 'case.write') : await partnerCandidate(deps, trx, actor, candidateId);
    const res = await trx.deleteFrom('disclosure_consents').where('candidate_id', '=', c.id).where('party', '=', party).executeTakeFirst();
    if (Number(res.numDeletedRows) > 0) await audit(trx, actor, `disclosure.withdrawn.${party}`, 'match_candidate', c.id, deps.now());
  });
}

/** For messages: the candidate's organisation and whether the actor is its caseworker or its partner. */
export async function messageGate(deps: Deps, db: Db, actor: Actor, candidateId: string, side: 'caseworker' | 'partner', action: 'case.read' | 'case.write' = 'case.read'): Promise<CandidateRow> {
  const { c } = side === 'caseworker' ? await caseworkerCandidate(deps, db, actor, candidateId, action) : await partnerCandidate(deps, db, actor, candidateId);
  if (!(await stateOf(deps, db, c)).state.complete) {
    throw new ServiceError('CONSENT_REQUIRED', 'messages pass only once both sides have consented to disclosure', [{ path: 'candidateId', code: 'disclosure_incomplete', message: 'both sides have not consented yet' }]);
  }
  return c;
}
