import type { Model, TrainedParams } from '@homeward/match';
import type { Keyring } from '../crypto/envelope.ts';
import { explainPair, MAX_HITS, serialisePair, topPairs, type SerialisedPair } from './engine.ts';
import { COMMON_POSTINGS, COMMON_SAMPLE, FETCH_BUDGET, rankPostings, valuesToFetch } from './hits.ts';
import { queryValueGroups } from './keys.ts';
import { birthYears, modelWith, prepareMatchRecord, type MatchRecord, type PreparedMatchRecord } from './model.ts';
import { openPerson, personRecord } from './records.ts';

// The CPU-bound part of the full registry match, with no database: the
// organisation's leads held in memory with their index, and one page of
// sought persons scored against them. Run in this thread for a small
// registry and in worker threads for a large one (full-match.ts), so both
// give the very same candidates. Two phases: every person's pairs ranked,
// then (once the main thread has capped each lead's) the kept ones explained.

/** A lead as the full match holds it: decrypted in memory, prepared on first use. */
export interface HeldLead {
  id: string;
  rec: MatchRecord;
}

/** A sought person's row as read from the database (still sealed). */
export interface SoughtRow {
  id: string;
  case_id: string;
  sex: string | null;
  wrapped_key: string;
  sealed: string;
}

export interface LeadSet {
  /** In id order, so each value's list of positions is too (the SQL path orders by owner id). */
  leads: HeldLead[];
  prepared: (PreparedMatchRecord | undefined)[];
  /** Index value -> positions in `leads` stored under it. */
  byValue: Map<number, number[]>;
}

/**
 * The leads' index in two parallel typed arrays (position of the lead in
 * id order, value): what worker threads are sent, a few bytes per row
 * rather than an object each (800,000 rows at 20,000 leads).
 */
export interface LeadPostings {
  slots: Int32Array;
  values: Int32Array;
}

/** Leads in id order and their index rows as LeadPostings (rows of leads not held are dropped). */
export function heldLeads(unsorted: readonly HeldLead[], index: readonly { owner_id: string; value: number }[]): { leads: HeldLead[]; postings: LeadPostings } {
  const leads = [...unsorted].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const slot = new Map(leads.map((l, i) => [l.id, i]));
  const slots = new Int32Array(index.length);
  const values = new Int32Array(index.length);
  let n = 0;
  for (const r of index) {
    const i = slot.get(r.owner_id);
    if (i === undefined) continue;
    slots[n] = i;
    values[n] = r.value;
    n++;
  }
  return { leads, postings: { slots: slots.slice(0, n), values: values.slice(0, n) } };
}

/** The in-memory lookup over leads held in id order (see heldLeads). */
export function leadSet(leads: HeldLead[], postings: LeadPostings): LeadSet {
  const byValue = new Map<number, number[]>();
  for (let k = 0; k < postings.slots.length; k++) {
    const v = postings.values[k]!;
    const list = byValue.get(v);
    if (list) list.push(postings.slots[k]!);
    else byValue.set(v, [postings.slots[k]!]);
  }
  for (const list of byValue.values()) list.sort((a, b) => a - b);
  return { leads, prepared: new Array<PreparedMatchRecord | undefined>(leads.length), byValue };
}

/**
 * One page's ranked pairs, in three parallel arrays (a few bytes a pair
 * rather than an object, and moved to the main thread without a copy):
 * the person's position in the page, the lead's position in the held
 * leads, and the pair's quick probability.
 */
export interface PageRanks {
  row: Int32Array<ArrayBuffer>;
  slot: Int32Array<ArrayBuffer>;
  p: Float64Array<ArrayBuffer>;
}

/**
 * First phase of the full match, for one page of sought persons: each
 * person's most likely leads among the held ones (the leads sharing the most
 * index values with the person, at most MAX_HITS, then topPairs), not yet
 * explained. Same selection as a per-write run.
 */
export function rankSoughtPage(kr: Keyring, params: TrainedParams, set: LeadSet, page: readonly SoughtRow[]): PageRanks {
  const model = modelWith(params);
  const row: number[] = [];
  const slot: number[] = [];
  const prob: number[] = [];
  page.forEach((p, r) => {
    const rec = personRecord(openPerson(kr, p), p.sex);
    // The same ranking as a per-write run's indexHits, from the postings held in memory.
    const groups = queryValueGroups(kr, rec.names, birthYears(rec.birth));
    const counts = new Map<number, number>();
    for (const v of new Set(groups.flat())) counts.set(v, Math.min(set.byValue.get(v)?.length ?? 0, COMMON_POSTINGS + 1));
    const { values, common } = valuesToFetch(counts, FETCH_BUDGET);
    const fetched = new Set(values);
    // As SQL's ORDER BY owner_id LIMIT COMMON_SAMPLE for a common value (byValue lists are in id order, see leadSet).
    const postings = (v: number): number[] | undefined => {
      if (!fetched.has(v)) return undefined;
      const list = set.byValue.get(v);
      return list && common ? list.slice(0, COMMON_SAMPLE) : list;
    };
    const top = rankPostings(groups, counts, postings, set.leads.length, MAX_HITS);
    if (top.length === 0) return;
    const others = top.map((i) => ({ i, prepared: preparedLead(model, set, i) }));
    for (const { o, p: q } of topPairs(model, prepareMatchRecord(model, rec), others, true)) {
      row.push(r);
      slot.push(o.i);
      prob.push(q);
    }
  });
  return { row: Int32Array.from(row), slot: Int32Array.from(slot), p: Float64Array.from(prob) };
}

/** Second phase: the pairs kept of each person (`slots[i]` for `rows[i]`), scored in full and explained (serialised for storing). */
export function explainSoughtPage(kr: Keyring, params: TrainedParams, set: LeadSet, rows: readonly SoughtRow[], slots: readonly (readonly number[])[]): SerialisedPair[] {
  const model = modelWith(params);
  const pairs: SerialisedPair[] = [];
  rows.forEach((p, r) => {
    const rec = personRecord(openPerson(kr, p), p.sex);
    const a = prepareMatchRecord(model, rec);
    for (const i of slots[r] ?? []) {
      const l = set.leads[i]!;
      pairs.push(serialisePair({ ...explainPair(params, rec, l.rec, { a, b: preparedLead(model, set, i) }), personId: p.id, caseId: p.case_id, leadId: l.id }));
    }
  });
  return pairs;
}

function preparedLead(model: Model, set: LeadSet, i: number): PreparedMatchRecord {
  return (set.prepared[i] ??= prepareMatchRecord(model, set.leads[i]!.rec));
}
