import type {
  Applicant, ApplicantInput, CaseDetail, ChildDetails, CaseHistory, CaseInput, CaseStatus, CaseSummary, Consent, FileCase, Name, PartialDate,
  Relation, RiskLevel, Sex, Sought, SoughtInput, StepTaken, UserRef,
} from '@homeward/contracts';
import { normalize } from '@homeward/names';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { CaseRow, NewCase } from '../db/tables/cases.table.ts';
import type { NewPerson, PersonRow } from '../db/tables/people.table.ts';
import { rematchAfterWrite, rematchCase } from '../matching/index.ts';
import { allows } from '../policies/access.ts';
import { canAccessCase, grantShare, visibleCases } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from './context.ts';
import { fileConsents, importFileConsents } from './consents.ts';
import { completeName, nameCandidates, nameIndexValues, writeNameIndex } from './names.ts';
import { placeCodeIssues, presentPlace } from './places.ts';
import { ensureOrganisation } from './users.ts';

/** Identifying fields of a person: stored only inside `people.sealed`. */
export interface PersonSealed {
  names: Name[];
  birth?: PartialDate;
  lastKnownPlace?: string;
  /** Gazetteer code chosen for lastKnownPlace; sealed too, since a village code can point at a family. */
  lastKnownPlaceCode?: string;
  separatedOn?: PartialDate;
  separationCircumstances?: string;
  notes?: string;
  safeContact?: string;
  /** Sought children only (issue #7): the Chinese father, hukou, school, what the child knows. */
  childDetails?: ChildDetails;
}

/** Identifying fields of a case: stored only inside `cases.sealed`. */
export interface CaseSealed {
  notes?: string;
  riskNotes?: string;
  /** Steps already taken (issue #8): who was asked, when, with what result; as identifying as the notes. */
  stepsTaken?: StepTaken[];
  consents: Consent[];
}

type PersonIn = Omit<ApplicantInput, 'names'> & { names: ApplicantInput['names']; relation?: Relation; childDetails?: ChildDetails | undefined };

/** What a create, update or import writes; API bodies and file entries both map onto it. */
export interface CaseWrite {
  status: CaseStatus;
  riskLevel: RiskLevel;
  assignedTo: string | null;
  riskNotes?: string | undefined;
  notes?: string | undefined;
  stepsTaken?: StepTaken[] | undefined;
  consents: Consent[];
  applicant: ApplicantInput;
  sought: SoughtInput[];
}

interface StoredPerson {
  id: string;
  sex?: Sex;
  relation?: Relation;
  sealed: PersonSealed;
}

interface CaseRecord {
  row: CaseRow;
  sealed: CaseSealed;
  applicant: StoredPerson;
  sought: StoredPerson[];
}

const PERSON_KEYS = ['names', 'sex', 'birth', 'lastKnownPlace', 'lastKnownPlaceCode', 'separatedOn', 'separationCircumstances', 'notes', 'childDetails'] as const;

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

function sealedPerson(p: PersonIn): PersonSealed {
  const s: PersonSealed = { names: p.names.map(completeName) };
  if (p.birth) s.birth = p.birth;
  if (p.lastKnownPlace !== undefined) s.lastKnownPlace = p.lastKnownPlace;
  if (p.lastKnownPlaceCode !== undefined) s.lastKnownPlaceCode = p.lastKnownPlaceCode;
  if (p.separatedOn) s.separatedOn = p.separatedOn;
  if (p.separationCircumstances !== undefined) s.separationCircumstances = p.separationCircumstances;
  if (p.notes !== undefined) s.notes = p.notes;
  if (p.safeContact !== undefined) s.safeContact = p.safeContact;
  // An empty details object is no details: nothing to seal or show.
  if (p.childDetails && Object.keys(p.childDetails).length > 0) s.childDetails = p.childDetails;
  return s;
}

/** From an API body; defaults as docs/api.md says. */
export function writeFromInput(input: CaseInput): CaseWrite {
  return {
    status: input.status ?? 'open',
    riskLevel: input.riskLevel ?? 'medium',
    assignedTo: input.assignedTo ?? null,
    riskNotes: input.riskNotes,
    notes: input.notes,
    stepsTaken: input.stepsTaken,
    consents: [],
    applicant: input.applicant,
    sought: input.sought,
  };
}

async function loadCase(deps: Deps, db: Db, id: string): Promise<CaseRecord | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const people = await db.selectFrom('people').selectAll().where('case_id', '=', id).orderBy('role').orderBy('position').execute();
  return decryptCase(deps, row, people);
}

function decryptPerson(deps: Deps, p: PersonRow): StoredPerson {
  const sealed = openRecord(deps.kr, 'people', p.id, p.wrapped_key)('sealed', p.sealed) as PersonSealed;
  const out: StoredPerson = { id: p.id, sealed };
  if (p.sex) out.sex = p.sex as Sex;
  if (p.relation) out.relation = p.relation as Relation;
  return out;
}

function decryptCase(deps: Deps, row: CaseRow, people: PersonRow[]): CaseRecord {
  const sealed = openRecord(deps.kr, 'cases', row.id, row.wrapped_key)('sealed', row.sealed) as CaseSealed;
  const applicantRow = people.find((p) => p.role === 'applicant');
  if (!applicantRow) throw new Error(`case ${row.id} has no applicant row`);
  return {
    row,
    sealed,
    applicant: decryptPerson(deps, applicantRow),
    sought: people.filter((p) => p.role === 'sought').sort((a, b) => a.position - b.position).map((p) => decryptPerson(deps, p)),
  };
}

/** Field paths and their canonical values, to say which fields an update changed. */
function fieldMap(w: { status: string; riskLevel: string; assignedTo: string | null; sealed: CaseSealed; applicant: StoredPerson; sought: StoredPerson[] }): Map<string, string> {
  const m = new Map<string, string>();
  // An empty text and an absent one are the same to a reader of the history.
  const put = (k: string, v: unknown) => m.set(k, JSON.stringify(v === '' ? null : (v ?? null)));
  put('status', w.status);
  put('riskLevel', w.riskLevel);
  put('assignedTo', w.assignedTo);
  put('riskNotes', w.sealed.riskNotes);
  put('notes', w.sealed.notes);
  // One entry for the whole list, like consents: the history says steps changed, never which text.
  put('stepsTaken', w.sealed.stepsTaken?.length ? w.sealed.stepsTaken : null);
  put('consents', w.sealed.consents.length ? w.sealed.consents : null);
  const person = (prefix: string, p: StoredPerson) => {
    put(`${prefix}.sex`, p.sex);
    if (p.relation) put(`${prefix}.relation`, p.relation);
    for (const k of PERSON_KEYS) if (k !== 'sex') put(`${prefix}.${k}`, p.sealed[k]);
    put(`${prefix}.safeContact`, p.sealed.safeContact);
  };
  person('applicant', w.applicant);
  w.sought.forEach((s, i) => {
    put(`sought.${i}`, s.id);
    person(`sought.${i}`, s);
  });
  return m;
}

function changedFields(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const changed: string[] = [];
  for (const k of keys) if ((before.get(k) ?? 'null') !== (after.get(k) ?? 'null')) changed.push(k);
  // A replaced or added sought person is reported once, not field by field.
  return changed.filter((k) => !changed.some((c) => c !== k && /^sought\.\d+$/.test(c) && k.startsWith(`${c}.`)));
}

/** Every chosen place code must be known and sit beside its text (VALIDATION_FAILED naming the field otherwise). */
function checkPlaces(w: CaseWrite): void {
  const issues = placeCodeIssues([
    ['applicant.lastKnownPlaceCode', w.applicant.lastKnownPlaceCode, w.applicant.lastKnownPlace],
    ...w.sought.map((s, i) => [`sought.${i}.lastKnownPlaceCode`, s.lastKnownPlaceCode, s.lastKnownPlace] as const),
  ]);
  if (issues.length > 0) throw new ServiceError('VALIDATION_FAILED', 'unknown place code', issues);
}

async function checkAssignee(db: Db, organisationId: string, assignedTo: string | null): Promise<void> {
  if (assignedTo === null) return;
  // Only roles that work on case contents can hold a case (not field partners, advocates or auditors).
  const u = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', assignedTo)
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', ['administrator', 'caseworker'])
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!u) throw new ServiceError('VALIDATION_FAILED', 'assignedTo is not a user', [{ path: 'assignedTo', code: 'unknown_user', message: 'is not a user' }]);
}

async function writePeople(deps: Deps, db: Db, caseId: string, w: CaseWrite, previous: CaseRecord | undefined, now: string): Promise<{ applicant: StoredPerson; sought: StoredPerson[] }> {
  if (previous) {
    const ids = [previous.applicant.id, ...previous.sought.map((s) => s.id)];
    await db.deleteFrom('name_index').where('owner_table', '=', 'people').where('owner_id', 'in', ids).execute();
    await db.deleteFrom('people').where('case_id', '=', caseId).execute();
  }
  const keepSought = new Set(previous?.sought.map((s) => s.id) ?? []);
  const write = async (role: 'applicant' | 'sought', position: number, p: PersonIn, id: string): Promise<StoredPerson> => {
    const key = newRecordKey(deps.kr, 'people', id);
    const sealed = sealedPerson(p);
    await db
      .insertInto('people')
      .values({
        id,
        case_id: caseId,
        role,
        position,
        relation: p.relation ?? null,
        sex: p.sex ?? null,
        wrapped_key: key.wrapped,
        sealed: key.seal('sealed', sealed),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeNameIndex(db, deps.kr, 'people', id, sealed.names.map((n) => n.text));
    const out: StoredPerson = { id, sealed };
    if (p.sex) out.sex = p.sex;
    if (p.relation) out.relation = p.relation;
    return out;
  };
  const applicantId = previous?.applicant.id ?? newId();
  const applicant = await write('applicant', 0, w.applicant, applicantId);
  const sought: StoredPerson[] = [];
  const used = new Set<string>();
  for (const [i, s] of w.sought.entries()) {
    // Only ids of this case's own sought persons are kept; anything else gets a new id.
    const id = s.id && keepSought.has(s.id) && !used.has(s.id) ? s.id : newId();
    used.add(id);
    sought.push(await write('sought', i, s, id));
  }
  return { applicant, sought };
}

function sealedCase(w: CaseWrite): CaseSealed {
  const s: CaseSealed = { consents: w.consents };
  if (w.notes !== undefined) s.notes = w.notes;
  if (w.riskNotes !== undefined) s.riskNotes = w.riskNotes;
  // No steps is no key at all: the sealed record of a case without steps is unchanged.
  if (w.stepsTaken && w.stepsTaken.length > 0) s.stepsTaken = w.stepsTaken;
  return s;
}

async function recordHistory(db: Db, caseId: string, actor: Actor, action: 'created' | 'updated', fields: string[], at: string): Promise<void> {
  await db
    .insertInto('case_history')
    .values({ id: newId(), case_id: caseId, at, actor_kind: actor.kind, actor_id: actor.kind === 'user' ? actor.id : null, action, fields: JSON.stringify(fields) })
    .execute();
}

const formatReference = (year: number, seq: number) => `HW-${year}-${String(seq).padStart(4, '0')}`;

/** Parses `HW-2026-0007` into its year and counter. */
export function parseReference(ref: string): { year: number; seq: number } | undefined {
  const m = /^HW-(\d{4})-(\d{4,})$/.exec(ref);
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : undefined;
}

async function nextReference(db: Db, year: number): Promise<{ year: number; seq: number }> {
  const row = await db.selectFrom('cases').select((eb) => eb.fn.max('ref_seq').as('m')).where('ref_year', '=', year).executeTakeFirst();
  return { year, seq: Number(row?.m ?? 0) + 1 };
}

async function organisationOf(deps: Deps, db: Db, actor: Actor): Promise<string> {
  return actor.kind === 'user' ? actor.organisationId : ensureOrganisation(db, deps.now());
}

/** Creates a case inside an open transaction (`db`); shared by the API and the importer. */
export async function createCaseIn(deps: Deps, db: Db, actor: Actor, w: CaseWrite, reference?: string): Promise<string> {
  if (!allows(actor, 'case.write')) throw notFound();
  const organisationId = await organisationOf(deps, db, actor);
  checkPlaces(w);
  // Need-to-know: a case a user registers is theirs unless they name someone
  // else, and then they keep a share so they can still see what they wrote.
  if (w.assignedTo === null && actor.kind === 'user') w = { ...w, assignedTo: actor.id };
  await checkAssignee(db, organisationId, w.assignedTo);
  const now = deps.now();
  const at = now.toISOString();
  const ref = reference ? parseReference(reference) : await nextReference(db, now.getUTCFullYear());
  if (!ref) throw new ServiceError('VALIDATION_FAILED', 'bad reference', [{ path: 'reference', code: 'invalid', message: 'must look like HW-2026-0007' }]);
  const id = newId();
  const key = newRecordKey(deps.kr, 'cases', id);
  const sealed = sealedCase(w);
  await db
    .insertInto('cases')
    .values({
      id,
      organisation_id: organisationId,
      reference: formatReference(ref.year, ref.seq),
      ref_year: ref.year,
      ref_seq: ref.seq,
      version: 1,
      status: w.status,
      risk_level: w.riskLevel,
      assigned_to: w.assignedTo,
      wrapped_key: key.wrapped,
      sealed: key.seal('sealed', sealed),
      created_at: at,
      updated_at: at,
    })
    .execute();
  const people = await writePeople(deps, db, id, w, undefined, at);
  const fields = [...fieldMap({ status: w.status, riskLevel: w.riskLevel, assignedTo: w.assignedTo, sealed, ...people }).entries()]
    .filter(([k, v]) => v !== 'null' && !/^sought\.\d+$/.test(k))
    .map(([k]) => k);
  await recordHistory(db, id, actor, 'created', fields, at);
  if (actor.kind === 'user' && w.assignedTo !== actor.id) await grantShare(db, id, actor.id, actor.id, now);
  await audit(db, actor, 'case.created', 'case', id, now);
  return id;
}

/** The rows one new case consists of, built (sealed) but not written; the bulk importer batches them. */
export interface PreparedCaseRows {
  case: NewCase;
  people: NewPerson[];
  nameIndex: { owner_table: string; owner_id: string; index_name: string; value: number }[];
  history: { id: string; case_id: string; at: string; actor_kind: string; actor_id: string | null; action: string; fields: string };
}

/**
 * What createCaseIn writes for a new case, as rows, for the spreadsheet
 * importer (apps/server/src/import), which inserts many cases in batches
 * inside its one transaction. The caller has checked permission and the
 * assignee, and numbers the references. Same sealing, same blind indexes.
 */
export function prepareCaseRows(deps: Deps, organisationId: string, actor: Actor, w: CaseWrite, ref: { year: number; seq: number }, at: string): PreparedCaseRows {
  const id = newId();
  const key = newRecordKey(deps.kr, 'cases', id);
  const sealed = sealedCase(w);
  const people: PreparedCaseRows['people'] = [];
  const nameIndex: PreparedCaseRows['nameIndex'] = [];
  const stored: StoredPerson[] = [];
  const person = (role: 'applicant' | 'sought', position: number, p: PersonIn) => {
    const pid = newId();
    const pkey = newRecordKey(deps.kr, 'people', pid);
    const ps = sealedPerson(p);
    people.push({ id: pid, case_id: id, role, position, relation: p.relation ?? null, sex: p.sex ?? null, wrapped_key: pkey.wrapped, sealed: pkey.seal('sealed', ps), created_at: at, updated_at: at });
    const seen = new Set<string>();
    for (const n of ps.names) {
      for (const v of nameIndexValues(deps.kr, n.text)) {
        const k = `${v.index_name}:${v.value}`;
        if (!seen.has(k)) nameIndex.push({ owner_table: 'people', owner_id: pid, ...v });
        seen.add(k);
      }
    }
    const out: StoredPerson = { id: pid, sealed: ps };
    if (p.sex) out.sex = p.sex;
    if (p.relation) out.relation = p.relation;
    stored.push(out);
    return out;
  };
  const applicant = person('applicant', 0, w.applicant);
  const sought = w.sought.map((s, i) => person('sought', i, s));
  const fields = [...fieldMap({ status: w.status, riskLevel: w.riskLevel, assignedTo: w.assignedTo, sealed, applicant, sought }).entries()]
    .filter(([k, v]) => v !== 'null' && !/^sought\.\d+$/.test(k))
    .map(([k]) => k);
  return {
    case: {
      id, organisation_id: organisationId, reference: formatReference(ref.year, ref.seq), ref_year: ref.year, ref_seq: ref.seq, version: 1,
      status: w.status, risk_level: w.riskLevel, assigned_to: w.assignedTo, wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed), created_at: at, updated_at: at,
    },
    people,
    nameIndex,
    history: { id: newId(), case_id: id, at, actor_kind: actor.kind, actor_id: actor.kind === 'user' ? actor.id : null, action: 'created', fields: JSON.stringify(fields) },
  };
}

/**
 * Registers a case; returns it as the API shows it.
 * Example: `await createCase(deps, actor, writeFromInput(body))`.
 */
export async function createCase(deps: Deps, actor: Actor, w: CaseWrite): Promise<CaseDetail> {
  let id = '';
  // Two creates racing for the same reference number: the unique constraint stops one; try again.
  for (let attempt = 0; ; attempt++) {
    try {
      id = await deps.db.transaction().execute((trx) => createCaseIn(deps, trx, actor, w));
      break;
    } catch (err) {
      if (attempt >= 3 || err instanceof ServiceError || !/unique/i.test(err instanceof Error ? err.message : '')) throw err;
    }
  }
  // After the commit: matching never holds up or undoes the write (issue #7).
  await rematchAfterWrite(() => rematchCase(deps, id));
  return getCase(deps, actor, id, false);
}

async function userRefs(db: Db, organisationId: string): Promise<Map<string, UserRef>> {
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

function presentPerson(p: StoredPerson): Applicant {
  const out: Applicant = { id: p.id, names: p.sealed.names };
  if (p.sex) out.sex = p.sex;
  if (p.sealed.birth) out.birth = p.sealed.birth;
  if (p.sealed.lastKnownPlace !== undefined) out.lastKnownPlace = p.sealed.lastKnownPlace;
  if (p.sealed.lastKnownPlaceCode !== undefined) {
    out.lastKnownPlaceCode = p.sealed.lastKnownPlaceCode;
    // A code the gazetteer no longer knows is still shown as a code, never dropped.
    const place = presentPlace(p.sealed.lastKnownPlaceCode);
    if (place) out.lastKnownPlaceResolved = place;
  }
  if (p.sealed.separatedOn) out.separatedOn = p.sealed.separatedOn;
  if (p.sealed.separationCircumstances !== undefined) out.separationCircumstances = p.sealed.separationCircumstances;
  if (p.sealed.notes !== undefined) out.notes = p.sealed.notes;
  return out;
}

function presentCase(rec: CaseRecord, refs: Map<string, UserRef>): CaseDetail {
  const applicant = presentPerson(rec.applicant);
  if (rec.applicant.sealed.safeContact !== undefined) applicant.safeContact = rec.applicant.sealed.safeContact;
  return {
    id: rec.row.id,
    reference: rec.row.reference,
    version: Number(rec.row.version),
    status: rec.row.status as CaseStatus,
    assignedTo: rec.row.assigned_to ? (refs.get(rec.row.assigned_to) ?? null) : null,
    riskLevel: rec.row.risk_level as RiskLevel,
    riskNotes: rec.sealed.riskNotes ?? '',
    notes: rec.sealed.notes ?? '',
    stepsTaken: rec.sealed.stepsTaken ?? [],
    applicant,
    sought: rec.sought.map((s): Sought => ({ ...presentPerson(s), relation: s.relation ?? 'other', ...(s.sealed.childDetails ? { childDetails: s.sealed.childDetails } : {}) })),
    createdAt: rec.row.created_at,
    updatedAt: rec.row.updated_at,
  };
}

async function visibleCase(deps: Deps, actor: Actor, id: string, action: 'case.read' | 'case.write', db: Db = deps.db): Promise<CaseRecord> {
  const rec = await loadCase(deps, db, id);
  if (!rec || !(await canAccessCase(db, actor, rec.row, action, deps.now()))) throw notFound();
  return rec;
}

/** One case, decrypted for the actor; NOT_FOUND when absent or not theirs. */
export async function getCase(deps: Deps, actor: Actor, id: string, auditRead = true): Promise<CaseDetail> {
  const rec = await visibleCase(deps, actor, id, 'case.read');
  if (auditRead) await audit(deps.db, actor, 'case.viewed', 'case', id, deps.now());
  return presentCase(rec, await userRefs(deps.db, rec.row.organisation_id));
}

/**
 * Replaces a case's content if `version` is still current; otherwise
 * STALE_VERSION and nothing is written.
 */
export async function updateCase(deps: Deps, actor: Actor, id: string, version: number, w: CaseWrite): Promise<CaseDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const prev = await visibleCase(deps, actor, id, 'case.write', trx);
    if (Number(prev.row.version) !== version) {
      throw new ServiceError('STALE_VERSION', 'someone else changed this case since you opened it; reload to see their changes');
    }
    checkPlaces(w);
    await checkAssignee(trx, prev.row.organisation_id, w.assignedTo);
    const now = deps.now();
    const at = now.toISOString();
    const key = newRecordKey(deps.kr, 'cases', id);
    const sealed = sealedCase({ ...w, consents: prev.sealed.consents });
    const res = await trx
      .updateTable('cases')
      .set({ version: version + 1, status: w.status, risk_level: w.riskLevel, assigned_to: w.assignedTo, wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed), updated_at: at })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('STALE_VERSION', 'someone else changed this case since you opened it; reload to see their changes');
    const people = await writePeople(deps, trx, id, w, prev, at);
    const before = fieldMap({ status: prev.row.status, riskLevel: prev.row.risk_level, assignedTo: prev.row.assigned_to, sealed: prev.sealed, applicant: prev.applicant, sought: prev.sought });
    const after = fieldMap({ status: w.status, riskLevel: w.riskLevel, assignedTo: w.assignedTo, sealed, ...people });
    await recordHistory(trx, id, actor, 'updated', changedFields(before, after), at);
    // Handing a case to a colleague must not lock the hand-over's author out mid-request.
    if (actor.kind === 'user' && w.assignedTo !== actor.id && prev.row.assigned_to === actor.id) await grantShare(trx, id, actor.id, actor.id, now);
    await audit(trx, actor, 'case.updated', 'case', id, now);
  });
  await rematchAfterWrite(() => rematchCase(deps, id));
  return getCase(deps, actor, id, false);
}

function firstName(p: StoredPerson): string {
  return p.sealed.names[0]?.text ?? '';
}

/** Cases of the actor's organisation, most recently changed first. */
export async function listCases(deps: Deps, actor: Actor, filter: { status?: CaseStatus | undefined }): Promise<CaseSummary[]> {
  if (!allows(actor, 'case.read')) return [];
  let q = visibleCases(deps.db.selectFrom('cases').selectAll(), actor, deps.now()).orderBy('updated_at', 'desc').orderBy('reference', 'desc');
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const people = await deps.db.selectFrom('people').selectAll().where('case_id', 'in', rows.map((r) => r.id)).execute();
  const byCase = new Map<string, PersonRow[]>();
  for (const p of people) byCase.set(p.case_id, [...(byCase.get(p.case_id) ?? []), p]);
  const refs = actor.kind === 'user' ? await userRefs(deps.db, actor.organisationId) : new Map<string, UserRef>();
  await audit(deps.db, actor, 'case.listed', null, null, deps.now());
  return rows
    .filter((r) => allows(actor, 'case.read', r.organisation_id))
    .map((r) => {
      const rec = decryptCase(deps, r, byCase.get(r.id) ?? []);
      return {
        id: r.id,
        reference: r.reference,
        status: r.status as CaseStatus,
        assignedTo: r.assigned_to ? (refs.get(r.assigned_to) ?? null) : null,
        updatedAt: r.updated_at,
        applicantName: firstName(rec.applicant),
        soughtNames: rec.sought.map(firstName),
      };
    });
}

const OPERATOR_REF: UserRef = { id: 'operator', displayName: 'operator' };

/** Who changed which fields of a case, oldest first. */
export async function caseHistory(deps: Deps, actor: Actor, id: string): Promise<CaseHistory> {
  const rec = await visibleCase(deps, actor, id, 'case.read');
  const refs = await userRefs(deps.db, rec.row.organisation_id);
  const rows = await deps.db.selectFrom('case_history').selectAll().where('case_id', '=', id).orderBy('at').orderBy('id').execute();
  return {
    items: rows.map((r) => ({
      at: r.at,
      actor: r.actor_kind === 'user' && r.actor_id ? (refs.get(r.actor_id) ?? { id: r.actor_id, displayName: '?' }) : OPERATOR_REF,
      action: r.action === 'created' ? 'created' : 'updated',
      fields: JSON.parse(r.fields) as string[],
    })),
  };
}

/** Ids of cases with a person whose name may equal `text` (blind-index lookup, then exact check on decrypted names). */
export async function findCasesByName(deps: Deps, actor: Actor, text: string): Promise<string[]> {
  const ids = await nameCandidates(deps.db, deps.kr, 'people', text);
  if (ids.length === 0) return [];
  // Only people of cases the actor may see are decrypted at all.
  const rows = await deps.db
    .selectFrom('people')
    .selectAll()
    .where('id', 'in', ids)
    .where('case_id', 'in', visibleCases(deps.db.selectFrom('cases').select('cases.id'), actor, deps.now()))
    .execute();
  const wanted = normalize(text);
  const caseIds = new Set<string>();
  for (const p of rows) {
    const person = decryptPerson(deps, p);
    if (person.sealed.names.some((n) => normalize(n.text) === wanted)) caseIds.add(p.case_id);
  }
  return [...caseIds];
}

// ---- interchange file ------------------------------------------------------

function filePerson(p: StoredPerson): Record<string, unknown> {
  const { id: _id, lastKnownPlaceResolved: _place, ...rest } = presentPerson(p);
  return rest;
}

/** Every case as interchange entries (docs/case-format.md), oldest reference first. */
export async function exportCases(deps: Deps, actor: Actor): Promise<FileCase[]> {
  const rows = await visibleCases(deps.db.selectFrom('cases').selectAll(), actor, deps.now()).orderBy('ref_year').orderBy('ref_seq').execute();
  const out: FileCase[] = [];
  for (const r of rows) {
    const rec = await visibleCase(deps, actor, r.id, 'case.read');
    const applicant = filePerson(rec.applicant);
    if (rec.applicant.sealed.safeContact !== undefined) applicant.safeContact = rec.applicant.sealed.safeContact;
    const entry: Record<string, unknown> = { reference: r.reference, status: r.status, riskLevel: r.risk_level };
    if (rec.sealed.riskNotes !== undefined) entry.riskNotes = rec.sealed.riskNotes;
    entry.applicant = applicant;
    entry.sought = rec.sought.map((s) => ({ ...filePerson(s), relation: s.relation ?? 'other', ...(s.sealed.childDetails ? { childDetails: s.sealed.childDetails } : {}) }));
    entry.consents = [...rec.sealed.consents, ...(await fileConsents(deps, deps.db, r.id))];
    if (rec.sealed.notes !== undefined) entry.notes = rec.sealed.notes;
    if (rec.sealed.stepsTaken?.length) entry.stepsTaken = rec.sealed.stepsTaken;
    out.push(entry as FileCase);
  }
  await audit(deps.db, actor, 'cases.exported', null, null, deps.now());
  return out;
}

/** Problems with file entries that only the database can see (references already taken or repeated). */
export async function checkImport(deps: Deps, file: FileCase[]): Promise<string[]> {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of file.entries()) {
    if (!c.reference) continue;
    if (seen.has(c.reference)) errors.push(`[${i}].reference: appears twice in the file`);
    seen.add(c.reference);
    const taken = await deps.db.selectFrom('cases').select('id').where('reference', '=', c.reference).executeTakeFirst();
    if (taken) errors.push(`[${i}].reference: already exists in this database`);
  }
  for (const [i, c] of file.entries()) {
    const issues = placeCodeIssues([
      ['applicant.lastKnownPlaceCode', c.applicant.lastKnownPlaceCode, c.applicant.lastKnownPlace],
      ...c.sought.map((s, k) => [`sought[${k}].lastKnownPlaceCode`, s.lastKnownPlaceCode, s.lastKnownPlace] as const),
    ]);
    for (const issue of issues) errors.push(`[${i}].${issue.path}: ${issue.message}`);
  }
  return errors;
}

/** Writes every entry in one transaction: all or nothing. Returns the number of cases made. */
export async function importCases(deps: Deps, actor: Actor, file: FileCase[]): Promise<number> {
  // Ids of the cases made, matched once the import has committed.
  const made: string[] = [];
  const track = (id: string): string => (made.push(id), id);
  await deps.db.transaction().execute(async (trx) => {
    // Entries with a reference first, so numbering of the others continues after them.
    const order = [...file.keys()].sort((a, b) => Number(!file[a]!.reference) - Number(!file[b]!.reference));
    for (const i of order) {
      const c = file[i]!;
      const w: CaseWrite = {
        status: c.status ?? 'open',
        riskLevel: c.riskLevel ?? 'medium',
        assignedTo: null,
        riskNotes: c.riskNotes,
        notes: c.notes,
        stepsTaken: c.stepsTaken,
        // The file's consents go to the consents table (one source of truth, enforced by requireConsent).
        consents: [],
        applicant: c.applicant,
        sought: c.sought,
      };
      await importFileConsents(deps, trx, actor, track(await createCaseIn(deps, trx, actor, w, c.reference)), c.consents);
    }
  });
  for (const id of made) await rematchAfterWrite(() => rematchCase(deps, id));
  return file.length;
}
