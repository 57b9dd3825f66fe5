import type {
  Duplicate, DuplicateCheckInput, MatchDecisionInput, MatchDetail, MatchListQuery, MatchStatus, MatchSummary, RetrainReport, SearchHit, SearchInput, UserRef,
} from '@homeward/contracts';
import type { FieldParams, TrainedParams } from '@homeward/match';
import * as names from '@homeward/names';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { MatchCandidateRow } from '../db/tables/matching.table.ts';
import { allows } from '../policies/access.ts';
import { canAccessCase, visibleCases } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { presentPlace } from '../services/places.ts';
import { calibrate, fitFromDecisions, knotsOf, MIN_CALIBRATION_DECISIONS, type CalibratedParams } from './calibration.ts';
import { bestPairs, indexHits, matchLead, nameSearchHits, paramsFor, type Explanation } from './engine.ts';
import { nameQueryValueGroups, queryValueGroups } from './keys.ts';
import { birthOf, birthYears, modelWith, placeValue, precisionOf, prepareMatchRecord, type MatchRecord } from './model.ts';
import { openLead, openPerson, personRecord, type LeadSealedView, type PersonSealedView } from './records.ts';

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

/** Days a candidate counts as "recently changed". */
const RECENT_DAYS = 7;

function userActor(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user' || !allows(actor, 'case.read') || !allows(actor, 'lead.read')) throw notFound();
  return actor;
}

async function userRefs(db: Db, organisationId: string): Promise<Map<string, UserRef>> {
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

const firstName = (s: { names: { text: string }[] } | undefined) => s?.names[0]?.text ?? '';

// ---- review queue ----------------------------------------------------------------

/**
 * Candidates in the cases the actor may see: by day of the last change
 * (newest first), then most likely first.
 */
export async function listMatches(deps: Deps, actor: Actor, q: MatchListQuery): Promise<MatchSummary[]> {
  const user = userActor(actor);
  const now = deps.now();
  let query = deps.db
    .selectFrom('match_candidates')
    .innerJoin('cases', 'cases.id', 'match_candidates.case_id')
    .selectAll('match_candidates')
    .select(['cases.reference', 'cases.assigned_to'])
    .where('match_candidates.organisation_id', '=', user.organisationId)
    .where('match_candidates.case_id', 'in', visibleCases(deps.db.selectFrom('cases').select('cases.id'), actor, now));
  const status = q.status ?? 'open';
  if (status !== 'any') query = query.where('match_candidates.status', '=', status);
  if (q.filter === 'mine') query = query.where('cases.assigned_to', '=', user.id);
  if (q.filter === 'recent') query = query.where('match_candidates.updated_at', '>=', new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString());
  const rows = await query
    .orderBy(sql`substr(match_candidates.updated_at, 1, 10)`, 'desc')
    .orderBy('match_candidates.score_rank', 'desc')
    .orderBy('match_candidates.id')
    .limit(q.limit ?? 100)
    .execute();
  const people = rows.length === 0 ? [] : await deps.db.selectFrom('people').select(['id', 'wrapped_key', 'sealed']).where('id', 'in', [...new Set(rows.map((r) => r.person_id))]).execute();
  const leads = rows.length === 0 ? [] : await deps.db.selectFrom('leads').select(['id', 'wrapped_key', 'sealed']).where('id', 'in', [...new Set(rows.map((r) => r.lead_id))]).execute();
  const personNames = new Map(people.map((p) => [p.id, firstName(openPerson(deps.kr, p))]));
  const leadNames = new Map(leads.map((l) => [l.id, firstName(openLead(deps.kr, l))]));
  await audit(deps.db, actor, 'match.listed', null, null, now);
  return rows.map((r) => ({
    ...summaryOf(r, r.reference, r.assigned_to === user.id),
    personName: personNames.get(r.person_id) ?? '',
    leadName: leadNames.get(r.lead_id) ?? '',
  }));
}

function summaryOf(r: MatchCandidateRow, reference: string, mine: boolean): Omit<MatchSummary, 'personName' | 'leadName'> {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: reference,
    personId: r.person_id,
    leadId: r.lead_id,
    probability: Number(r.probability),
    status: r.status as MatchStatus,
    version: Number(r.version),
    assignedToMe: mine,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A candidate and its case, if the actor may see the case (NOT_FOUND otherwise, as for absence). */
async function visibleCandidate(deps: Deps, db: Db, actor: Actor, id: string, action: 'case.read' | 'case.write') {
  const user = userActor(actor);
  const row = await db.selectFrom('match_candidates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.organisation_id !== user.organisationId) throw notFound();
  const c = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to', 'reference']).where('id', '=', row.case_id).executeTakeFirst();
  if (!c || !(await canAccessCase(db, actor, c, action, deps.now()))) throw notFound();
  return { row, caseRow: c, user };
}

function sideOfPerson(id: string, s: PersonSealedView | undefined, sex: string | null): MatchDetail['person'] {
  const out: MatchDetail['person'] = { id, names: s?.names ?? [], birthPrecision: precisionOf(birthOf(s?.birth)) };
  if (sex) out.sex = sex as NonNullable<MatchDetail['person']['sex']>;
  if (s?.birth) out.birth = s.birth;
  if (s?.lastKnownPlace !== undefined) out.place = s.lastKnownPlace;
  const place = s?.lastKnownPlaceCode ? presentPlace(s.lastKnownPlaceCode) : undefined;
  if (place) out.placeResolved = place;
  return out;
}

function sideOfLead(id: string, s: LeadSealedView | undefined, sex: string | null): MatchDetail['lead'] {
  const out: MatchDetail['lead'] = { id, names: s?.names ?? [], birthPrecision: precisionOf(birthOf(s?.birth, s?.approxAge)) };
  if (sex) out.sex = sex as NonNullable<MatchDetail['lead']['sex']>;
  if (s?.birth) out.birth = s.birth;
  if (s?.approxAge) out.approxAge = s.approxAge;
  if (s?.place !== undefined) out.place = s.place;
  const place = s?.placeCode ? presentPlace(s.placeCode) : undefined;
  if (place) out.placeResolved = place;
  return out;
}

async function detail(deps: Deps, db: Db, row: MatchCandidateRow, reference: string, mine: boolean): Promise<MatchDetail> {
  const person = await db.selectFrom('people').select(['id', 'sex', 'wrapped_key', 'sealed']).where('id', '=', row.person_id).executeTakeFirst();
  const lead = await db.selectFrom('leads').select(['id', 'sex', 'wrapped_key', 'sealed']).where('id', '=', row.lead_id).executeTakeFirst();
  const ps = person ? openPerson(deps.kr, person) : undefined;
  const ls = lead ? openLead(deps.kr, lead) : undefined;
  const e = openRecord(deps.kr, 'match_candidates', row.id, row.wrapped_key)('sealed', row.sealed) as Explanation;
  const decisions = await db.selectFrom('match_decisions').selectAll().where('candidate_id', '=', row.id).orderBy('decided_at').orderBy('id').execute();
  const refs = await userRefs(db, row.organisation_id);
  return {
    ...summaryOf(row, reference, mine),
    personName: firstName(ps),
    leadName: firstName(ls),
    person: sideOfPerson(row.person_id, ps, person?.sex ?? null),
    lead: sideOfLead(row.lead_id, ls, lead?.sex ?? null),
    explanation: {
      personName: e.personName, leadName: e.leadName, aligned: e.aligned, nameNotes: e.nameNotes, nameScore: e.nameScore, prior: e.prior, weight: e.weight,
      rawProbability: e.rawProbability,
      contributions: e.contributions.map((c) => ({ field: c.field, level: c.level, weight: c.weight, tfAdjustment: c.tfAdjustment, ...(c.notes ? { notes: c.notes } : {}) })),
    },
    history: decisions.map((d) => ({
      status: d.status as MatchStatus,
      previousStatus: d.previous_status as MatchStatus,
      reason: (openRecord(deps.kr, 'match_decisions', d.id, d.wrapped_key)('sealed', d.sealed) as { reason: string }).reason,
      decidedBy: d.decided_by ? (refs.get(d.decided_by) ?? { id: d.decided_by, displayName: '?' }) : null,
      decidedAt: d.decided_at,
    })),
  };
}

/** Side-by-side comparison of one candidate, with its explanation and decision history. */
export async function getMatch(deps: Deps, actor: Actor, id: string): Promise<MatchDetail> {
  const { row, caseRow, user } = await visibleCandidate(deps, deps.db, actor, id, 'case.read');
  const out = await detail(deps, deps.db, row, caseRow.reference, caseRow.assigned_to === user.id);
  await audit(deps.db, actor, 'match.viewed', 'match_candidate', id, deps.now());
  return out;
}

/**
 * Records a decision (confirm, reject, needs more information, or `open`
 * to reverse one) with its reason; every decision stays in the history.
 * STALE_VERSION when someone decided or matching re-scored meanwhile.
 */
export async function decideMatch(deps: Deps, actor: Actor, id: string, input: MatchDecisionInput): Promise<MatchDetail> {
  const out = await deps.db.transaction().execute(async (trx) => {
    const { row, caseRow, user } = await visibleCandidate(deps, trx, actor, id, 'case.write');
    if (Number(row.version) !== input.version) throw new ServiceError('STALE_VERSION', 'this candidate changed since you opened it; reload to see the change');
    const now = deps.now();
    const at = now.toISOString();
    const res = await trx
      .updateTable('match_candidates')
      .set({ status: input.status, version: input.version + 1, updated_at: at, decided_by: input.status === 'open' ? null : user.id, decided_at: input.status === 'open' ? null : at })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('STALE_VERSION', 'this candidate changed since you opened it; reload to see the change');
    const did = newId();
    const key = newRecordKey(deps.kr, 'match_decisions', did);
    await trx
      .insertInto('match_decisions')
      .values({
        id: did, candidate_id: id, organisation_id: row.organisation_id, status: input.status, previous_status: row.status, levels: row.levels,
        decided_by: user.id, decided_at: at, wrapped_key: key.wrapped, sealed: key.seal('sealed', { reason: input.reason }),
      })
      .execute();
    await audit(trx, actor, input.status === 'open' ? 'match.reopened' : `match.${input.status}`, 'match_candidate', id, now);
    const fresh = await trx.selectFrom('match_candidates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return detail(deps, trx, fresh, caseRow.reference, caseRow.assigned_to === user.id);
  });
  return out;
}

// ---- duplicates and search ---------------------------------------------------------

/** Index hits among the cases the actor may see (see indexHits). */
async function visibleHits(deps: Deps, actor: Extract<Actor, { kind: 'user' }>, ownerTables: string[], groups: number[][], limit: number): Promise<string[]> {
  return indexHits(deps.db, actor.organisationId, ownerTables, groups, limit, { actor, now: deps.now() });
}

/** Sought persons already registered (in cases the actor may see) who may be the draft's child. */
export async function checkDuplicates(deps: Deps, actor: Actor, input: DuplicateCheckInput): Promise<Duplicate[]> {
  const user = userActor(actor);
  const draft: MatchRecord = { names: input.names.map((n) => n.text) };
  const b = birthOf(input.birth);
  if (b) draft.birth = b;
  const p = placeValue(input.lastKnownPlaceCode, input.lastKnownPlace);
  if (p) draft.place = p;
  if (input.sex) draft.sex = input.sex;
  const hits = await visibleHits(deps, user, ['sought'], queryValueGroups(deps.kr, draft.names, birthYears(draft.birth)), 300);
  const rows = hits.length === 0 ? [] : await deps.db
    .selectFrom('people')
    .innerJoin('cases', 'cases.id', 'people.case_id')
    .select(['people.id', 'people.case_id', 'people.sex', 'people.wrapped_key', 'people.sealed', 'cases.reference'])
    .where('people.id', 'in', hits)
    .where('people.role', '=', 'sought')
    .execute();
  const params = await paramsFor(deps.db, user.organisationId);
  const model = modelWith(params);
  const others = rows
    .filter((r) => r.case_id !== input.excludeCaseId)
    .map((r) => {
      const s = openPerson(deps.kr, r);
      const rec = personRecord(s, r.sex);
      return { item: { row: r, names: s.names }, rec, prepared: prepareMatchRecord(model, rec) };
    });
  // The draft plays the lead's part: the same model, the same threshold.
  const found = bestPairs(params, prepareMatchRecord(model, draft), draft, others, false);
  await audit(deps.db, actor, 'match.duplicates_checked', null, null, deps.now());
  return found
    // By the model's own probability: the calibrated one is fitted for the review queue's population, not a single new child.
    .filter((f) => f.scored.raw >= DUPLICATE_THRESHOLD)
    .map(({ item, scored }) => ({
      caseId: item.row.case_id,
      caseReference: item.row.reference,
      personId: item.row.id,
      names: item.names,
      probability: scored.probability,
      aligned: scored.explanation.aligned,
      contributions: scored.explanation.contributions.map((c) => ({ field: c.field, level: c.level, weight: c.weight, tfAdjustment: c.tfAdjustment })),
    }));
}

/** Lowest raw model probability reported as a possible duplicate. */
export const DUPLICATE_THRESHOLD = 0.2;

/** Lowest names score shown in a search (a shared surname alone scores lower). */
export const SEARCH_MIN_SCORE = 0.6;
/** People decrypted and scored per search: the index's best (nameSearchHits ranks by shared rare keys and pairs). */
export const SEARCH_DECRYPTED = 100;

/** People (applicants and sought) in the cases the actor may see, whose names may be `text` in any script. */
export async function searchPeople(deps: Deps, actor: Actor, input: SearchInput): Promise<SearchHit[]> {
  const user = userActor(actor);
  const query = names.normalize(input.text);
  const hits = await nameSearchHits(deps.db, user.organisationId, ['sought', 'applicant'], nameQueryValueGroups(deps.kr, input.text), SEARCH_DECRYPTED, { actor: user, now: deps.now() });
  const rows = hits.length === 0 ? [] : await deps.db
    .selectFrom('people')
    .innerJoin('cases', 'cases.id', 'people.case_id')
    .select(['people.id', 'people.case_id', 'people.role', 'people.wrapped_key', 'people.sealed', 'cases.reference'])
    .where('people.id', 'in', hits)
    .execute();
  const q = names.prepare(query);
  const queryScript = names.detectScript(input.text);
  const scored: { row: (typeof rows)[number]; s: PersonSealedView; best: number; name: string }[] = [];
  for (const r of rows) {
    const s = openPerson(deps.kr, r);
    let best = 0;
    let name = '';
    // Like with like first (a Hangul query with Hangul names); every name only when none shares the query's script.
    const same = s.names.filter((n) => names.detectScript(n.text) === queryScript);
    for (const n of same.length > 0 ? same : s.names) {
      const v = names.scorePrepared(q, names.prepare(names.normalize(n.text)));
      if (v > best) { best = v; name = n.text; }
    }
    if (best >= SEARCH_MIN_SCORE) scored.push({ row: r, s, best, name });
  }
  scored.sort((a, b) => b.best - a.best || a.row.id.localeCompare(b.row.id));
  await audit(deps.db, actor, 'search.performed', null, null, deps.now());
  return scored.slice(0, input.limit ?? 20).map(({ row, s, best, name }) => {
    const e = names.score(input.text, name);
    return {
      caseId: row.case_id, caseReference: row.reference, personId: row.id, role: row.role === 'sought' ? 'sought' : 'applicant', names: s.names,
      matchedName: name, score: best, aligned: e.aligned, notes: e.notes,
    };
  });
}

// ---- retraining --------------------------------------------------------------------

/** The model's own probability of a pair from its stored comparison levels. */
function rawPairProbability(params: TrainedParams, levels: Record<string, string | null>): number {
  const prior = Math.min(1 - 1e-12, Math.max(1e-12, params.prior));
  let w = Math.log2(prior / (1 - prior));
  for (const f of params.fields) {
    const l = levels[f.name];
    if (l === null || l === undefined) continue;
    const i = f.levels.indexOf(l);
    if (i >= 0) w += Math.log2(f.m[i]! / f.u[i]!);
  }
  return 1 / (1 + Math.pow(2, -w));
}

function pairProbability(params: TrainedParams, levels: Record<string, string | null>): number {
  return calibrate(rawPairProbability(params, levels), knotsOf(params));
}

function fit(params: TrainedParams, decided: { levels: Record<string, string | null>; match: boolean }[]): { logLikelihood: number; accuracy: number } {
  if (decided.length === 0) return { logLikelihood: 0, accuracy: 0 };
  let ll = 0;
  let right = 0;
  for (const d of decided) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, pairProbability(params, d.levels)));
    ll += d.match ? Math.log(p) : Math.log(1 - p);
    if ((p >= 0.5) === d.match) right++;
  }
  return { logLikelihood: ll / decided.length, accuracy: right / decided.length };
}

/** Weight of the current m, in pseudo-decisions, so a handful of decisions moves it only so far. */
const PRIOR_STRENGTH = 10;

/**
 * Re-estimates m from caseworkers' decisions (confirmed = match), keeping u
 * and the prior: the supervised step @homeward/match's `trainSupervised`
 * takes, done on the stored comparison levels so no record is decrypted.
 * Applied once there is a confirmed match; then the organisation's leads
 * with open candidates are re-scored.
 */
export async function retrain(deps: Deps, actor: Actor): Promise<RetrainReport> {
  const user = userActor(actor);
  const rows = await deps.db
    .selectFrom('match_candidates')
    .select(['levels', 'status'])
    .where('organisation_id', '=', user.organisationId)
    .where('status', 'in', ['confirmed', 'rejected'])
    .execute();
  const decided = rows.map((r) => ({ levels: JSON.parse(r.levels) as Record<string, string | null>, match: r.status === 'confirmed' }));
  const confirmed = decided.filter((d) => d.match);
  const before = await paramsFor(deps.db, user.organisationId);
  const fields: FieldParams[] = before.fields.map((f) => {
    const counts = f.levels.map(() => 0);
    let n = 0;
    for (const d of confirmed) {
      const i = f.levels.indexOf(d.levels[f.name] ?? '');
      if (i >= 0) { counts[i]!++; n++; }
    }
    const m = f.m.map((m0, i) => (counts[i]! + PRIOR_STRENGTH * m0) / (n + PRIOR_STRENGTH));
    return { ...f, m };
  });
  const after: CalibratedParams = { ...before, fields, notes: [`m re-estimated from ${confirmed.length} confirmed and ${decided.length - confirmed.length} rejected decisions`] };
  // The displayed probabilities' map, on this organisation's own decisions once there are enough (calibration.ts).
  const knots = fitFromDecisions(decided.map((d) => ({ p: rawPairProbability(after, d.levels), y: d.match ? 1 : 0 })));
  if (knots) after.calibration = knots;
  const fitBefore = fit(before, decided);
  const fitAfter = fit(after, decided);
  // Needs at least one confirmed match to say anything about m; the report shows both fits either way.
  const applied = confirmed.length > 0;
  let rematched = 0;
  if (applied) {
    await deps.db.transaction().execute(async (trx) => {
      const at = deps.now().toISOString();
      const has = await trx.selectFrom('match_params').select('organisation_id').where('organisation_id', '=', user.organisationId).executeTakeFirst();
      if (has) await trx.updateTable('match_params').set({ params: JSON.stringify(after), updated_at: at, updated_by: user.id }).where('organisation_id', '=', user.organisationId).execute();
      else await trx.insertInto('match_params').values({ organisation_id: user.organisationId, params: JSON.stringify(after), updated_at: at, updated_by: user.id }).execute();
      await audit(trx, actor, 'match.retrained', null, null, deps.now());
    });
    const leads = await deps.db.selectFrom('match_candidates').select('lead_id').distinct().where('organisation_id', '=', user.organisationId).where('status', 'in', ['open', 'needs_info']).execute();
    for (const l of leads) {
      await matchLead(deps, l.lead_id);
      rematched++;
    }
  } else {
    await audit(deps.db, actor, 'match.retrain_declined', null, null, deps.now());
  }
  return {
    confirmed: confirmed.length,
    rejected: decided.length - confirmed.length,
    applied,
    fields: before.fields.map((f, i) => ({ field: f.name, levels: f.levels, mBefore: f.m, mAfter: fields[i]!.m, u: f.u })),
    before: fitBefore,
    after: fitAfter,
    rematched,
    calibration: { refitted: applied && knots !== undefined, decisions: decided.length, needed: MIN_CALIBRATION_DECISIONS },
  };
}
