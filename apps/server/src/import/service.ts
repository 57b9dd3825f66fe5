import { FileCaseSchema, type ImportMapping, type ImportReport } from '@homeward/contracts';
import { CompiledQuery } from 'kysely';
import { dryRun, IntakeError, parseMapping, type ConvertedCase, type DryRunReport, type Mapping } from '@homeward/intake';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/create-db.ts';
import { caseIndexRows, type CasePerson } from '../matching/engine.ts';
import { matchAll } from '../matching/full-match.ts';
import { rematchAfterWrite } from '../matching/index.ts';
import { personRecord, type PersonSealedView } from '../matching/records.ts';
import { allows } from '../policies/access.ts';
import { prepareCaseRows, type CaseWrite, type PreparedCaseRows } from '../services/cases.ts';
import { ServiceError, type Actor, type Deps } from '../services/context.ts';
import { completeName } from '../services/names.ts';
import { ensureOrganisation } from '../services/users.ts';
import { findDuplicates, placeChecker } from './duplicates.ts';

// Spreadsheet import, the IO half (issue 9): @homeward/intake reads the file
// and reports problems; here duplicates are scored against the database and
// the cases are written, all in ONE transaction, so a failure or a killed
// process leaves the database exactly as it was.

export type ImportPhase = 'read' | 'duplicates' | 'write';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportCheck {
  report: DryRunReport;
  duplicates: Awaited<ReturnType<typeof findDuplicates>>;
}

/**
 * Reads the file, converts every row and finds possible duplicates; writes
 * nothing. Throws IntakeError when the file as a whole cannot be read.
 * Example: `const { report, duplicates } = await checkSpreadsheet(deps, actor, bytes, { mapping })`.
 */
export async function checkSpreadsheet(
  deps: Deps,
  actor: Actor,
  bytes: Uint8Array,
  opts: { mapping?: Mapping | undefined; onProgress?: ImportProgress | undefined; duplicates?: boolean } = {},
): Promise<ImportCheck> {
  const report = await dryRun(bytes, {
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    currentYear: deps.now().getUTCFullYear(),
    knownPlace: placeChecker(),
    onProgress: (done, total) => opts.onProgress?.('read', done, total),
  });
  let duplicates: ImportCheck['duplicates'] = { findings: [], total: 0 };
  if (opts.duplicates !== false && report.cases.length > 0) {
    opts.onProgress?.('duplicates', 0, report.cases.length);
    duplicates = await findDuplicates(deps, actor, report.cases);
    opts.onProgress?.('duplicates', report.cases.length, report.cases.length);
  }
  return { report, duplicates };
}

/** What matching reads of a person, as it will be sealed (names completed as createCaseIn completes them). */
function sealedView(p: CaseWrite['applicant']): PersonSealedView {
  return {
    names: p.names.map(completeName),
    ...(p.birth ? { birth: p.birth } : {}),
    ...(p.lastKnownPlace !== undefined ? { lastKnownPlace: p.lastKnownPlace } : {}),
    ...(p.lastKnownPlaceCode !== undefined ? { lastKnownPlaceCode: p.lastKnownPlaceCode } : {}),
  };
}

/**
 * One multi-row INSERT with bound parameters, compiled by hand: Kysely's
 * builder makes an object per value, which for tens of thousands of rows is
 * most of the garbage collector's work. Table and column names are constants
 * of this file; every value is a parameter.
 */
async function insertMany(db: Db, postgres: boolean, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  // Every key any row has, as Kysely would: a column added to the rows later is never dropped.
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    const marks: string[] = [];
    for (const c of columns) {
      params.push(r[c] ?? null);
      marks.push(postgres ? `$${params.length}` : '?');
    }
    tuples.push(`(${marks.join(',')})`);
  }
  await db.executeQuery(CompiledQuery.raw(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`, params));
}

/** Cases per batch of INSERTs: a few thousand bound values, far under SQLite's and PostgreSQL's limits. */
const CASES_PER_BATCH = 200;
const INDEX_ROWS_PER_INSERT = 2000;

/**
 * Writes the converted cases in one transaction: all or none. Cases are
 * assigned to the importing user (the operator's stay unassigned, as
 * createCaseIn does), numbered after the year's last reference, sealed
 * record by record exactly as createCaseIn seals them, and inserted in
 * batches. One audit event `cases.imported` carries the count (as its
 * record id), never a value.
 * Example: `const n = await writeCases(deps, actor, report.cases)`.
 */
export async function writeCases(deps: Deps, actor: Actor, cases: readonly ConvertedCase[], onProgress?: ImportProgress): Promise<number> {
  if (!allows(actor, 'case.write')) throw new ServiceError('FORBIDDEN', 'this role may not create cases');
  if (cases.length === 0) return 0;
  // Built one at a time inside the loop: 50,000 parsed copies at once only feed the garbage collector.
  const writeOf = (c: ConvertedCase): CaseWrite => {
    const f = FileCaseSchema.parse(c.case);
    return {
      status: f.status ?? 'open',
      riskLevel: f.riskLevel ?? 'medium',
      assignedTo: actor.kind === 'user' ? actor.id : null,
      riskNotes: f.riskNotes,
      notes: f.notes,
      stepsTaken: f.stepsTaken,
      consents: f.consents,
      applicant: f.applicant,
      sought: f.sought,
    };
  };
  // A case created meanwhile (PostgreSQL lets another transaction take the next
  // reference) makes the unique constraint stop this one; everything rolled
  // back, so it is simply tried again, as createCase does.
  for (let attempt = 0; ; attempt++) {
    try {
      const organisationId = await writeOnce(deps, actor, cases, writeOf, onProgress);
      // As after any case write: the new sought persons against the organisation's leads,
      // once for the whole import and after the commit (a failure here leaves the import in place).
      const leads = await deps.db.selectFrom('leads').select('id').where('organisation_id', '=', organisationId).limit(1).execute();
      if (leads.length > 0) await rematchAfterWrite(async () => void (await matchAll(deps, organisationId)));
      return cases.length;
    } catch (err) {
      if (attempt >= 2 || err instanceof ServiceError || !/unique|duplicate key/i.test(err instanceof Error ? err.message : '')) throw err;
    }
  }
}

async function writeOnce(deps: Deps, actor: Actor, cases: readonly ConvertedCase[], writeOf: (c: ConvertedCase) => CaseWrite, onProgress?: ImportProgress): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    const at = now.toISOString();
    const organisationId = actor.kind === 'user' ? actor.organisationId : await ensureOrganisation(trx, now);
    const year = now.getUTCFullYear();
    const max = await trx.selectFrom('cases').select((eb) => eb.fn.max('ref_seq').as('m')).where('ref_year', '=', year).executeTakeFirst();
    let seq = Number(max?.m ?? 0);
    let batch: PreparedCaseRows[] = [];
    let matchIndex: ReturnType<typeof caseIndexRows> = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const pg = deps.engine === 'postgres';
      await insertMany(trx, pg, 'cases', batch.map((b) => b.case));
      await insertMany(trx, pg, 'people', batch.flatMap((b) => b.people));
      const index = batch.flatMap((b) => b.nameIndex);
      for (let i = 0; i < index.length; i += INDEX_ROWS_PER_INSERT) await insertMany(trx, pg, 'name_index', index.slice(i, i + INDEX_ROWS_PER_INSERT));
      await insertMany(trx, pg, 'case_history', batch.map((b) => b.history));
      for (let i = 0; i < matchIndex.length; i += INDEX_ROWS_PER_INSERT) await insertMany(trx, pg, 'match_index', matchIndex.slice(i, i + INDEX_ROWS_PER_INSERT));
      done += batch.length;
      batch = [];
      matchIndex = [];
      onProgress?.('write', done, cases.length);
    };
    for (const c of cases) {
      seq += 1;
      const w = writeOf(c);
      const rows = prepareCaseRows(deps, organisationId, actor, w, { year, seq }, at);
      batch.push(rows);
      // The matching index, as matchCase writes it for a case made by hand, so later leads find these people.
      const persons = [w.applicant, ...w.sought].map(sealedView);
      const people: CasePerson[] = rows.people.map((p, i) => ({ id: p.id, role: p.role === 'sought' ? 'sought' : 'applicant', rec: personRecord(persons[i]!, p.sex ?? null) }));
      matchIndex.push(...caseIndexRows(deps, organisationId, rows.case.id, people));
      if (batch.length >= CASES_PER_BATCH) await flush();
    }
    await flush();
    await audit(trx, actor, 'cases.imported', 'cases', String(cases.length), now);
    return organisationId;
  });
}

/** A mapping from the API (or a file), checked strictly; a bad one is a field-level validation error. */
export function mappingFrom(json: unknown): Mapping {
  try {
    return parseMapping(json);
  } catch (err) {
    if (err instanceof IntakeError) throw new ServiceError('VALIDATION_FAILED', 'the mapping is not valid', [{ path: 'mapping', code: err.code, message: err.message }]);
    throw err;
  }
}

/** An IntakeError as the API reports it: VALIDATION_FAILED with the intake code on the `file` field. */
export function intakeFailure(err: IntakeError): ServiceError {
  const where = [err.where.row ? `row ${err.where.row}` : '', err.where.columnLetter ? `column ${err.where.columnLetter}` : ''].filter(Boolean).join(', ');
  return new ServiceError('VALIDATION_FAILED', 'the file cannot be imported', [{ path: 'file', code: err.code, message: where ? `${err.message} (${where})` : err.message }]);
}

/** The report as the API shows it: at most `problemLimit` problems listed, everything counted. */
export function presentReport(check: ImportCheck, problemLimit = 1000): ImportReport {
  const r = check.report;
  const out: ImportReport = {
    format: r.format,
    headers: r.headers,
    mapping: r.mapping as ImportMapping,
    rowsRead: r.rowsRead,
    rowsRejected: r.rowsRejected,
    cases: r.cases.length,
    errors: r.errors,
    warnings: r.warnings,
    problems: r.problems.slice(0, problemLimit),
    problemsTruncated: r.problems.length > problemLimit,
    duplicates: check.duplicates.findings,
    duplicatesTotal: check.duplicates.total,
    ok: r.ok,
  };
  if (r.encoding) out.encoding = { ...r.encoding };
  if (r.sheet) out.sheet = r.sheet;
  if (r.suggestion) {
    out.suggestion = {
      columns: r.suggestion.columns.map((c) => ({ index: c.index, header: c.header, field: c.field, score: c.score, reason: c.reason })),
      missing: r.suggestion.missing.map((m) => ({ code: m.code, message: m.message })),
    };
  }
  return out;
}
