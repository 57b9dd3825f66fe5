import type { Contribution, Model, TrainedParams } from '@homeward/match';
import * as names from '@homeward/names';
import { newRecordKey, SerialisedJson } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import { visibleCaseIds, visibleCases } from '../policies/case-access.ts';
import { sql, type Insertable } from 'kysely';
import type { MatchCandidateRow, MatchCandidatesTable } from '../db/tables/matching.table.ts';
import type { PersonRow } from '../db/tables/people.table.ts';
import { newId, type Actor, type Deps } from '../services/context.ts';
import { calibrate, knotsOf } from './calibration.ts';
import { COMMON_POSTINGS, COMMON_SAMPLE, FETCH_BUDGET, rankOwners, valuesToFetch } from './hits.ts';
import { queryValueGroups, storedValues } from './keys.ts';
import {
  birthYears, DEFAULT_PARAMS, levelsOf, modelWith, precisionOf, prepareMatchRecord, quickProbability, scoreRecords, type MatchRecord, type PreparedMatchRecord,
} from './model.ts';
import { leadRecord, openLead, openPerson, personRecord } from './records.ts';

/** Raw probability below which a pair is not worth a caseworker's time. */
export const KEEP_THRESHOLD = 0.05;
/** Most index hits decrypted per record (those sharing the most keys first). */
export const MAX_HITS = 400;
/** Most candidates kept per record and run. */
export const KEEP_PER_RECORD = 20;

export type CandidateStatus = 'open' | 'confirmed' | 'rejected' | 'needs_info';
/** Statuses a re-run may re-score (no one has closed them). */
const RESCORED: readonly string[] = ['open', 'needs_info'];

/** Sealed explanation of one candidate (it quotes names, so it is encrypted). */
export interface Explanation {
  personName: string;
  leadName: string;
  aligned: { a: string; b: string; path: string[] }[];
  nameNotes: string[];
  nameScore: number;
  prior: number;
  weight: number;
  rawProbability: number;
  contributions: Contribution[];
  birthPrecision: { person: string | null; lead: string | null };
}

export interface ScoredPair {
  personId: string;
  caseId: string;
  leadId: string;
  raw: number;
  probability: number;
  weight: number;
  levels: Record<string, string | null>;
  explanation: Explanation;
}

/**
 * A scored pair ready to store: levels and explanation serialised. The full
 * match's scoring threads send pairs this way, two strings where there were
 * some forty objects a pair for the main thread to copy and then collect
 * (with 300,000 pairs, that garbage slowed the main thread's next requests).
 */
export interface SerialisedPair extends Omit<ScoredPair, 'levels' | 'explanation'> {
  levels: string;
  /** JSON (a class would not survive the copy between threads). */
  explanation: string;
}

export function serialisePair(p: ScoredPair): SerialisedPair {
  return { ...p, levels: JSON.stringify(p.levels), explanation: JSON.stringify(p.explanation) };
}

/** The organisation's trained parameters, or the starting ones. */
export async function paramsFor(db: Db, organisationId: string): Promise<TrainedParams> {
  const row = await db.selectFrom('match_params').select('params').where('organisation_id', '=', organisationId).executeTakeFirst();
  return row ? (JSON.parse(row.params) as TrainedParams) : DEFAULT_PARAMS;
}

/** Scores a person (a) against a lead (b), with the explanation a caseworker reads. */
export function explainPair(params: TrainedParams, person: MatchRecord, lead: MatchRecord, prepared?: { a?: PreparedMatchRecord; b?: PreparedMatchRecord }): Omit<ScoredPair, 'personId' | 'caseId' | 'leadId'> {
  const model = modelWith(params);
  const a = prepared?.a ?? prepareMatchRecord(model, person);
  const b = prepared?.b ?? prepareMatchRecord(model, lead);
  const s = scoreRecords(model, a, b);
  const personName = a.names[s.a] ?? '';
  const leadName = b.names[s.b] ?? '';
  let aligned: Explanation['aligned'] = [];
  let nameNotes: string[] = [];
  let nameScore = 0;
  if (personName && leadName) {
    const e = names.score(personName, leadName);
    aligned = e.aligned;
    nameNotes = e.notes;
    nameScore = e.score;
  }
  const probability = calibrate(s.probability, knotsOf(params));
  return {
    raw: s.probability,
    probability,
    weight: s.weight,
    levels: levelsOf(s),
    explanation: {
      personName, leadName, aligned, nameNotes, nameScore, prior: s.prior, weight: s.weight, rawProbability: s.probability,
      contributions: s.contributions, birthPrecision: { person: precisionOf(person.birth), lead: precisionOf(lead.birth) },
    },
  };
}

// ---- index -------------------------------------------------------------------

export async function writeLeadIndex(deps: Deps, db: Db, organisationId: string, leadId: string, rec: MatchRecord | undefined): Promise<void> {
  await db.deleteFrom('match_index').where('owner_id', '=', leadId).execute();
  if (!rec) return;
  const values = storedValues(deps.kr, rec.names, birthYears(rec.birth), true);
  if (values.length > 0) {
    await db.insertInto('match_index').values(values.map((value) => ({ organisation_id: organisationId, owner_table: 'lead', owner_id: leadId, case_id: null, value }))).execute();
  }
}

export interface CasePerson {
  id: string;
  role: 'sought' | 'applicant';
  rec: MatchRecord;
}

export function caseIndexRows(deps: Deps, organisationId: string, caseId: string, people: readonly CasePerson[]): { organisation_id: string; owner_table: string; owner_id: string; case_id: string; value: number }[] {
  const rows: { organisation_id: string; owner_table: string; owner_id: string; case_id: string; value: number }[] = [];
  for (const p of people) {
    for (const value of storedValues(deps.kr, p.rec.names, birthYears(p.rec.birth), p.role === 'sought')) {
      rows.push({ organisation_id: organisationId, owner_table: p.role, owner_id: p.id, case_id: caseId, value });
    }
  }
  return rows;
}

export async function writeCaseIndex(deps: Deps, db: Db, organisationId: string, caseId: string, people: readonly CasePerson[]): Promise<void> {
  await db.deleteFrom('match_index').where('case_id', '=', caseId).execute();
  const rows = caseIndexRows(deps, organisationId, caseId, people);
  // Bound statement size (PostgreSQL's parameter limit, SQLite's variable limit).
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('match_index').values(rows.slice(i, i + 500)).execute();
}

/**
 * Each value's postings among the owners, counted only up to
 * COMMON_POSTINGS + 1 (a LIMIT inside the count), so the check costs at most
 * that many index entries per value however common the value is.
 */
export async function postingCounts(db: Db, organisationId: string, ownerTables: string[], values: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (values.length === 0) return out;
  const list = sql.join(values.map((v) => sql`(CAST(${v} AS INTEGER))`));
  const { rows } = await sql<{ value: number | string; n: number | string }>`
    WITH q(value) AS (VALUES ${list})
    SELECT q.value AS value, (
      SELECT count(*) FROM (
        SELECT 1 FROM match_index m
        WHERE m.organisation_id = ${organisationId} AND m.owner_table IN (${sql.join(ownerTables)}) AND m.value = q.value
        LIMIT ${COMMON_POSTINGS + 1}
      ) AS capped
    ) AS n
    FROM q`.execute(db);
  for (const r of rows) out.set(Number(r.value), Number(r.n));
  return out;
}

/** Whose need-to-know bounds a lookup (a caseworker's visible cases). */
export interface CaseScope {
  actor: Actor;
  now: Date;
}

/**
 * Owners on one side to decrypt for a record whose query values come in
 * name-key groups (keys.ts), best first (hits.ts: rarity-weighted, common
 * values left out when there are rarer ones), at most `limit`.
 */
export async function indexHits(db: Db, organisationId: string, ownerTables: string[], groups: readonly (readonly number[])[], limit = MAX_HITS, scope?: CaseScope): Promise<string[]> {
  const all = [...new Set(groups.flat())];
  if (all.length === 0) return [];
  const counts = await postingCounts(db, organisationId, ownerTables, all);
  const { values, common } = valuesToFetch(counts, FETCH_BUDGET);
  if (values.length === 0) return [];
  // Read from the lookup index alone: it holds every column selected here (migration 20261130T0000).
  const base = () => db.selectFrom('match_index').select(['value', 'owner_id', 'case_id']).where('organisation_id', '=', organisationId).where('owner_table', 'in', ownerTables);
  let rows: { value: number; owner_id: string; case_id: string | null }[];
  if (common) {
    // A sample of each common value, among the cases in scope (ORDER BY owner_id: repeatable; on PostgreSQL in its collation's order).
    const scoped = () => (scope ? base().where('case_id', 'in', visibleCases(db.selectFrom('cases').select('cases.id'), scope.actor, scope.now)) : base());
    rows = (await Promise.all(values.map((v) => scoped().where('value', '=', v).orderBy('owner_id').limit(COMMON_SAMPLE).execute()))).flat();
  } else {
    rows = await base().where('value', 'in', values).execute();
    // The scope is checked for the cases found, by primary key: as a subquery it would list
    // every visible case of the organisation on each lookup (48 ms at 200,000 cases).
    if (scope) rows = await inScope(db, scope, rows);
  }
  return rankOwners(groups, counts, rows.map((r) => [Number(r.value), r.owner_id] as const), limit);
}

/** Postings read in full for a name search before the rest are read only for the owners found (see nameSearchHits). */
export const SEARCH_SEED_POSTINGS = 1500;

/**
 * Index hits for a search by name alone. A romanised name has many readings
 * and so many keys, some shared by hundreds of people; reading every posting
 * cost 50 to 100 ms at 200,000 cases on PostgreSQL. Values are read rarest
 * first until SEARCH_SEED_POSTINGS postings are in hand (at least one value);
 * the owners found there (in scope) are the candidates, and when there are
 * more than `limit` of them the remaining values are read for them alone,
 * to rank them (on SQLite that lookup costs 30-40 ms, so it is skipped when
 * every candidate will be decrypted anyway). Someone sharing none of the rarer values
 * is not a candidate: the pair keys (keys.ts) make the person sought share
 * the rarest ones.
 */
export async function nameSearchHits(db: Db, organisationId: string, ownerTables: string[], groups: readonly (readonly number[])[], limit: number, scope?: CaseScope): Promise<string[]> {
  const all = [...new Set(groups.flat())];
  if (all.length === 0) return [];
  const counts = await postingCounts(db, organisationId, ownerTables, all);
  const { values, common } = valuesToFetch(counts);
  if (values.length === 0) return [];
  if (common) return indexHits(db, organisationId, ownerTables, groups, limit, scope);
  // The rarest values, as many as SEARCH_SEED_POSTINGS allows: the first of `values` (also rarest first).
  const seedValues = valuesToFetch(counts, SEARCH_SEED_POSTINGS).values;
  const base = () => db.selectFrom('match_index').select(['value', 'owner_id', 'case_id']).where('organisation_id', '=', organisationId).where('owner_table', 'in', ownerTables);
  let rows = await base().where('value', 'in', seedValues).execute();
  if (scope) rows = await inScope(db, scope, rows);
  const seeds = [...new Set(rows.map((r) => r.owner_id))];
  const rest = values.slice(seedValues.length);
  // Ranking decides only which `limit` are decrypted: with no more candidates than that, all are.
  if (rest.length > 0 && seeds.length > limit) {
    for (let i = 0; i < seeds.length; i += 500) rows.push(...(await base().where('value', 'in', rest).where('owner_id', 'in', seeds.slice(i, i + 500)).execute()));
  }
  return rankOwners(groups, counts, rows.map((r) => [Number(r.value), r.owner_id] as const), limit);
}

async function inScope<R extends { case_id: string | null }>(db: Db, scope: CaseScope, rows: R[]): Promise<R[]> {
  const ok = await visibleCaseIds(db, scope.actor, rows.flatMap((r) => (r.case_id ? [r.case_id] : [])), scope.now);
  return rows.filter((r) => r.case_id !== null && ok.has(r.case_id));
}

/**
 * Sought persons by id, kept only when their case belongs to the
 * organisation. Two lookups by primary key rather than a join filtered on
 * the organisation: SQLite's planner answered the join by walking every case
 * of the organisation (400 ms a lead at 200,000 cases).
 */
export async function soughtOfOrganisation(db: Db, organisationId: string, ids: readonly string[]): Promise<Pick<PersonRow, 'id' | 'case_id' | 'sex' | 'wrapped_key' | 'sealed'>[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('people').select(['id', 'case_id', 'sex', 'wrapped_key', 'sealed']).where('id', 'in', [...ids]).where('role', '=', 'sought').execute();
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  if (caseIds.length === 0) return [];
  // The organisation is compared here, not in SQL: with it in the WHERE clause SQLite walked the organisation's cases.
  const own = new Set((await db.selectFrom('cases').select(['id', 'organisation_id']).where('id', 'in', caseIds).execute()).filter((c) => c.organisation_id === organisationId).map((c) => c.id));
  return rows.filter((r) => own.has(r.case_id));
}

// ---- candidates ----------------------------------------------------------------

const fmt = (p: number) => p.toFixed(6);
const rank = (p: number) => Math.round(p * 1_000_000);

/**
 * Stores the pairs of one run. `existing` are the candidates the run is
 * responsible for (one lead's, or one case's): open and needs-information
 * ones are re-scored, confirmed and rejected ones are left as decided, and
 * open ones the run no longer finds are removed (they were stale).
 */
export async function storeCandidates(deps: Deps, db: Db, organisationId: string, pairs: readonly SerialisedPair[], existing: readonly MatchCandidateRow[]): Promise<void> {
  const at = deps.now().toISOString();
  const byPair = new Map(existing.map((c) => [`${c.person_id}|${c.lead_id}`, c]));
  const seen = new Set<string>();
  const inserts: Insertable<MatchCandidatesTable>[] = [];
  for (const p of pairs) {
    const k = `${p.personId}|${p.leadId}`;
    seen.add(k);
    const prev = byPair.get(k);
    if (prev) {
      if (!RESCORED.includes(prev.status)) continue;
      if (prev.raw_probability === fmt(p.raw) && prev.levels === p.levels && prev.case_id === p.caseId) continue;
      const key = newRecordKey(deps.kr, 'match_candidates', prev.id);
      await db
        .updateTable('match_candidates')
        .set({
          case_id: p.caseId, probability: fmt(p.probability), raw_probability: fmt(p.raw), weight: p.weight.toFixed(4), score_rank: rank(p.probability), levels: p.levels,
          wrapped_key: key.wrapped, sealed: key.seal('sealed', new SerialisedJson(p.explanation)), version: Number(prev.version) + 1, updated_at: at,
        })
        .where('id', '=', prev.id)
        .execute();
      continue;
    }
    const id = newId();
    const key = newRecordKey(deps.kr, 'match_candidates', id);
    inserts.push({
      id, organisation_id: organisationId, case_id: p.caseId, person_id: p.personId, lead_id: p.leadId,
      probability: fmt(p.probability), raw_probability: fmt(p.raw), weight: p.weight.toFixed(4), score_rank: rank(p.probability), levels: p.levels, status: 'open',
      wrapped_key: key.wrapped, sealed: key.seal('sealed', new SerialisedJson(p.explanation)), version: 1, created_at: at, updated_at: at, decided_by: null, decided_at: null,
    });
  }
  // Batched: a full run stores many at once (bounded by the engines' parameter limits).
  for (let i = 0; i < inserts.length; i += 100) await db.insertInto('match_candidates').values(inserts.slice(i, i + 100)).execute();
  const stale = existing.filter((c) => c.status === 'open' && !seen.has(`${c.person_id}|${c.lead_id}`)).map((c) => c.id);
  for (let i = 0; i < stale.length; i += 500) await db.deleteFrom('match_candidates').where('id', 'in', stale.slice(i, i + 500)).execute();
}

/**
 * The KEEP_PER_RECORD others most likely to be one record's match, by
 * quickProbability, most likely first (ties: earlier first, as a stable
 * sort of all would keep). The floor a pair must reach rises to the
 * KEEP_PER_RECORD-th best probability found so far, so quickProbability
 * skips the names (the costly comparison) of any pair that could not make
 * the cut even with exactly agreeing names. The pairs kept are the same as
 * scoring every one.
 */
export function topPairs<O extends { prepared: PreparedMatchRecord }>(model: Model, one: PreparedMatchRecord, others: readonly O[], oneIsPerson: boolean): { o: O; p: number }[] {
  const top: { o: O; p: number }[] = [];
  for (const o of others) {
    const full = top.length === KEEP_PER_RECORD;
    // Every kept pair is at or above KEEP_THRESHOLD, so once `top` is full its last is the floor.
    const floor = full ? top[top.length - 1]!.p : KEEP_THRESHOLD;
    const p = oneIsPerson ? quickProbability(model, one, o.prepared, floor) : quickProbability(model, o.prepared, one, floor);
    if (p < floor || (full && p === floor)) continue;
    keepRanked(top, { o, p }, (x, y) => x.p > y.p, KEEP_PER_RECORD);
  }
  return top;
}

/** Inserts `item` into `list` (best first by `before`, at most `max`), after any it does not beat; drops it if it does not make the cut. */
export function keepRanked<T>(list: T[], item: T, before: (x: T, y: T) => boolean, max: number): void {
  if (list.length === max && !before(item, list[list.length - 1]!)) return;
  let i = list.length;
  while (i > 0 && before(item, list[i - 1]!)) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.pop();
}

/** Best pairs of one record against prepared others (topPairs), explained; most likely first. */
export function bestPairs<T>(params: TrainedParams, one: PreparedMatchRecord, oneRec: MatchRecord, others: readonly { item: T; rec: MatchRecord; prepared: PreparedMatchRecord }[], oneIsPerson: boolean): { item: T; scored: Omit<ScoredPair, 'personId' | 'caseId' | 'leadId'> }[] {
  return topPairs(modelWith(params), one, others, oneIsPerson).map(({ o }) => ({
    item: o.item,
    scored: oneIsPerson
      ? explainPair(params, oneRec, o.rec, { a: one, b: o.prepared })
      : explainPair(params, o.rec, oneRec, { a: o.prepared, b: one }),
  }));
}

// ---- runs ----------------------------------------------------------------------

/** Re-runs matching for one lead: its index, its candidates among sought persons. */
export async function matchLead(deps: Deps, leadId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const lead = await trx.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirst();
    const existing = await trx.selectFrom('match_candidates').selectAll().where('lead_id', '=', leadId).execute();
    if (!lead) {
      await writeLeadIndex(deps, trx, '', leadId, undefined);
      await storeCandidates(deps, trx, '', [], existing);
      return;
    }
    const rec = leadRecord(openLead(deps.kr, lead), lead.sex);
    await writeLeadIndex(deps, trx, lead.organisation_id, leadId, rec);
    const params = await paramsFor(trx, lead.organisation_id);
    const model = modelWith(params);
    const hits = await indexHits(trx, lead.organisation_id, ['sought'], queryValueGroups(deps.kr, rec.names, birthYears(rec.birth)));
    const rows = await soughtOfOrganisation(trx, lead.organisation_id, hits);
    const prepared = prepareMatchRecord(model, rec);
    const others = rows.map((r) => {
      const pr = personRecord(openPerson(deps.kr, r), r.sex);
      return { item: r, rec: pr, prepared: prepareMatchRecord(model, pr) };
    });
    const pairs = bestPairs(params, prepared, rec, others, false).map(({ item, scored }) => serialisePair({ ...scored, personId: item.id, caseId: item.case_id, leadId }));
    await storeCandidates(deps, trx, lead.organisation_id, pairs, existing);
  });
}

/** Re-runs matching for one case: its people's index, its sought persons' candidates among leads. */
export async function matchCase(deps: Deps, caseId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').select(['id', 'organisation_id']).where('id', '=', caseId).executeTakeFirst();
    const existing = await trx.selectFrom('match_candidates').selectAll().where('case_id', '=', caseId).execute();
    if (!row) {
      await trx.deleteFrom('match_index').where('case_id', '=', caseId).execute();
      await storeCandidates(deps, trx, '', [], existing);
      return;
    }
    const peopleRows = await trx.selectFrom('people').selectAll().where('case_id', '=', caseId).execute();
    const people: CasePerson[] = peopleRows.map((p) => ({ id: p.id, role: p.role === 'sought' ? 'sought' : 'applicant', rec: personRecord(openPerson(deps.kr, p), p.sex) }));
    await writeCaseIndex(deps, trx, row.organisation_id, caseId, people);
    const params = await paramsFor(trx, row.organisation_id);
    const model = modelWith(params);
    const pairs: SerialisedPair[] = [];
    const leadCache = new Map<string, { rec: MatchRecord; prepared: PreparedMatchRecord }>();
    for (const p of people) {
      if (p.role !== 'sought') continue;
      const hits = await indexHits(trx, row.organisation_id, ['lead'], queryValueGroups(deps.kr, p.rec.names, birthYears(p.rec.birth)));
      const missing = hits.filter((h) => !leadCache.has(h));
      if (missing.length > 0) {
        // Organisation compared here, not in SQL (see soughtOfOrganisation).
        const leads = (await trx.selectFrom('leads').select(['id', 'organisation_id', 'sex', 'wrapped_key', 'sealed']).where('id', 'in', missing).execute()).filter((l) => l.organisation_id === row.organisation_id);
        for (const l of leads) {
          const rec = leadRecord(openLead(deps.kr, l), l.sex);
          leadCache.set(l.id, { rec, prepared: prepareMatchRecord(model, rec) });
        }
      }
      const others = hits.flatMap((h) => {
        const c = leadCache.get(h);
        return c ? [{ item: h, ...c }] : [];
      });
      for (const { item, scored } of bestPairs(params, prepareMatchRecord(model, p.rec), p.rec, others, true)) {
        pairs.push(serialisePair({ ...scored, personId: p.id, caseId, leadId: item }));
      }
    }
    await storeCandidates(deps, trx, row.organisation_id, pairs, existing);
  });
}
