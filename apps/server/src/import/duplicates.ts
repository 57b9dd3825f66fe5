import type { FileCaseInput, ImportDuplicate, PartialDate } from '@homeward/contracts';
import { resolve } from '@homeward/gazetteer';
import type { ConvertedCase } from '@homeward/intake';
import {
  buildBlocking, createModel, explainRows, forEachCandidate, prepareTable, tableScorer, weightFor, withParams,
  type FieldParams, type Model, type RecordLike, type TrainedParams,
} from '@homeward/match';
import { openRecord } from '../crypto/envelope.ts';
import { visibleCases } from '../policies/case-access.ts';
import type { Actor, Deps } from '../services/context.ts';

// Duplicate detection on import: each imported case is scored with
// @homeward/match (Fellegi-Sunter; Fellegi & Sunter 1969, "A Theory for
// Record Linkage", JASA 64(328)) against the existing cases the importer may
// see, decrypted in memory only, and against the other rows of the file.
// There is no training data at import time, so m and u are set by hand
// (and no term frequencies: within one small file every name looks rare),
// conservatively: a pair is flagged only when the names agree and little
// disagrees. The user decides; nothing is merged.

/** One comparison record per case: the applicant and the first sought person. */
const SPEC = {
  fields: [
    { name: 'sought', type: 'name' as const, tf: false },
    { name: 'applicant', type: 'name' as const, tf: false },
    { name: 'birth', type: 'date' as const, tf: false },
    { name: 'place', type: 'place' as const, tf: false },
    { name: 'sex', type: 'sex' as const, tf: false },
  ],
  // Candidates share both names' keys, or the sought person's name keys and
  // birth: a pair with one name in common and nothing else would score under
  // the threshold anyway, and blocking on one name alone makes blocks of
  // thousands for common names (김영희), i.e. millions of comparisons.
  blocking: [
    { on: [{ field: 'sought', use: 'keys' as const }, { field: 'applicant', use: 'keys' as const }] },
    { on: [{ field: 'sought', use: 'keys' as const }, { field: 'birth', use: 'exact' as const }] },
  ],
  maxBlockSize: 500,
};

// m (how often a true duplicate shows the level) and u (how often two
// different cases do), per level, strongest level first.
const LEVEL_PARAMS: Record<string, Record<string, [m: number, u: number]>> = {
  name: { exact: [0.7, 0.0005], equivalent: [0.15, 0.001], high: [0.08, 0.005], medium: [0.04, 0.02], different: [0.03, 0.9735] },
  date: {
    exact: [0.5, 0.001], typo: [0.1, 0.002], 'same-month': [0.1, 0.01], 'same-year': [0.15, 0.05], compatible: [0.08, 0.1],
    'within-2-years': [0.04, 0.2], different: [0.03, 0.637],
  },
  place: {
    same: [0.5, 0.02], contains: [0.15, 0.02], 'same-county': [0.1, 0.03], 'same-prefecture': [0.08, 0.05], 'same-province': [0.05, 0.1],
    similar: [0.05, 0.05], different: [0.07, 0.73],
  },
  sex: { same: [0.98, 0.5], different: [0.02, 0.5] },
};

/** Probability at or above which a pair is shown as a possible duplicate. */
export const DUPLICATE_THRESHOLD = 0.5;
/** At most this many findings are listed; the total is still counted. */
export const DUPLICATE_LIST_LIMIT = 500;

let cachedModel: Model | undefined;

function model(): Model {
  if (cachedModel) return cachedModel;
  const m = createModel(SPEC);
  const fields: FieldParams[] = SPEC.fields.map((f, i) => {
    const table = LEVEL_PARAMS[f.type]!;
    const levels = [...m.comparators[i]!.levels];
    return {
      name: f.name,
      type: f.type,
      levels,
      m: levels.map((l) => table[l]?.[0] ?? 0.01),
      u: levels.map((l) => table[l]?.[1] ?? 0.01),
    };
  });
  // Prior: about one case in 10,000 pairs is the same family registered twice.
  const params: TrainedParams = { version: 1, prior: 1e-4, fields, notes: ['hand-set parameters for import duplicate checks'] };
  cachedModel = withParams(m, params);
  return cachedModel;
}

interface PersonLike {
  names: readonly { text: string }[];
  birth?: PartialDate | undefined;
  lastKnownPlace?: string | undefined;
  sex?: string | undefined;
}

function recordOf(applicant: PersonLike, sought: PersonLike | undefined): RecordLike {
  const r: Record<string, RecordLike[string]> = { applicant: applicant.names[0]?.text ?? null, sought: sought?.names[0]?.text ?? null };
  const b = sought?.birth;
  if (b?.year !== undefined) r.birth = { year: b.year, ...(b.month !== undefined ? { month: b.month } : {}), ...(b.day !== undefined ? { day: b.day } : {}) };
  else if (b?.approxAge !== undefined && b.atYear !== undefined) r.birth = { age: b.approxAge, at: b.atYear };
  if (sought?.lastKnownPlace) r.place = sought.lastKnownPlace;
  if (sought?.sex) r.sex = sought.sex;
  return r;
}

const fileRecord = (c: FileCaseInput): RecordLike => recordOf(c.applicant, c.sought[0]);

/** The existing cases the actor may see, as comparison records (decrypted in memory, never kept). */
async function existingRecords(deps: Deps, actor: Actor): Promise<{ reference: string; record: RecordLike }[]> {
  const cases = await visibleCases(deps.db.selectFrom('cases').select(['cases.id', 'cases.reference']), actor, deps.now()).execute();
  if (cases.length === 0) return [];
  const byCase = new Map<string, { applicant?: PersonLike; sought?: PersonLike }>();
  const ids = cases.map((c) => c.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const people = await deps.db
      .selectFrom('people')
      .select(['id', 'case_id', 'role', 'position', 'sex', 'wrapped_key', 'sealed'])
      .where('case_id', 'in', ids.slice(i, i + 1000))
      .where((eb) => eb.or([eb('role', '=', 'applicant'), eb('position', '=', 0)]))
      .execute();
    for (const p of people) {
      const sealed = openRecord(deps.kr, 'people', p.id, p.wrapped_key)('sealed', p.sealed) as PersonLike;
      const person: PersonLike = { ...sealed, ...(p.sex ? { sex: p.sex } : {}) };
      const entry = byCase.get(p.case_id) ?? {};
      if (p.role === 'applicant') entry.applicant = person;
      else entry.sought = person;
      byCase.set(p.case_id, entry);
    }
  }
  return cases.flatMap((c) => {
    const e = byCase.get(c.id);
    return e?.applicant ? [{ reference: c.reference, record: recordOf(e.applicant, e.sought) }] : [];
  });
}

/**
 * Possible duplicates among the imported cases and between them and existing
 * cases: best first, at most DUPLICATE_LIST_LIMIT listed, with `total`.
 * Example: `const { findings } = await findDuplicates(deps, actor, report.cases)`.
 */
export async function findDuplicates(deps: Deps, actor: Actor, cases: readonly ConvertedCase[]): Promise<{ findings: ImportDuplicate[]; total: number }> {
  if (cases.length === 0) return { findings: [], total: 0 };
  const existing = await existingRecords(deps, actor);
  const m = model();
  const records = [...existing.map((e) => e.record), ...cases.map((c) => fileRecord(c.case))];
  const table = prepareTable(m, records);
  const blocking = buildBlocking(m, table);
  const score = tableScorer(m, table);
  const levels = new Uint8Array(m.comparators.length);
  const minWeight = weightFor(DUPLICATE_THRESHOLD);
  const split = existing.length;
  const kept: { i: number; j: number; w: number }[] = [];
  forEachCandidate(blocking, (i, j) => {
    if (j < split) return; // two existing cases: not this import's business
    const w = score(i, j, levels);
    if (w >= minWeight) kept.push({ i, j, w });
  });
  kept.sort((a, b) => b.w - a.w);
  const findings = kept.slice(0, DUPLICATE_LIST_LIMIT).map(({ i, j }): ImportDuplicate => {
    const s = explainRows(m, table, i, j);
    const agreed = s.contributions.filter((c) => c.level !== null && c.weight > 0).map((c) => ({ field: c.field, level: c.level! }));
    const explanation = agreed.length ? agreed.map((a) => `${a.field}: ${a.level}`).join(', ') : 'no field agreed strongly';
    const rowsOf = (k: number) => cases[k - split]!.rows;
    const finding: ImportDuplicate = {
      rows: i < split ? rowsOf(j) : [...rowsOf(i), ...rowsOf(j)],
      score: Math.round(s.probability * 1000) / 1000,
      agreed,
      explanation,
    };
    if (i < split) finding.existingReference = existing[i]!.reference;
    return finding;
  });
  return { findings, total: kept.length };
}

const PLACE_CONFIDENCE = 0.5;

/** Gazetteer check for the dry run's `place_unknown` warning, one lookup per distinct text. */
export function placeChecker(): (text: string) => boolean {
  const seen = new Map<string, boolean>();
  return (text) => {
    let known = seen.get(text);
    if (known === undefined) {
      // The resolver reads any text generously (a syllable can name a village);
      // under half confidence the place is reported as unknown (a warning: the text is kept).
      known = (resolve(text, { limit: 1 })[0]?.confidence ?? 0) >= PLACE_CONFIDENCE;
      if (seen.size < 100_000) seen.set(text, known);
    }
    return known;
  };
}
