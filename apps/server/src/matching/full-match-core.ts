import type { TrainedParams } from '@homeward/match';
import type { Keyring } from '../crypto/envelope.ts';
import { bestPairs, MAX_HITS, type ScoredPair } from './engine.ts';
import { COMMON_POSTINGS, COMMON_SAMPLE, FETCH_BUDGET, rankPostings, valuesToFetch } from './hits.ts';
import { queryValueGroups } from './keys.ts';
import { birthYears, modelWith, prepareMatchRecord, type MatchRecord, type PreparedMatchRecord } from './model.ts';
import { openPerson, personRecord } from './records.ts';

// The CPU-bound part of the full registry match, with no database: the
// organisation's leads held in memory with their index, and one page of
// sought persons scored against them. Run in this thread for a small
// registry and in worker threads for a large one (full-match.ts), so both
// give the very same candidates.

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
 * Candidates of one page of sought persons among the held leads: the leads
 * sharing the most index values with each person (at most MAX_HITS), scored,
 * the best explained. Same selection and scoring as a per-write run.
 */
export function scoreSoughtPage(kr: Keyring, params: TrainedParams, set: LeadSet, page: readonly SoughtRow[]): ScoredPair[] {
  const model = modelWith(params);
  const pairs: ScoredPair[] = [];
  for (const p of page) {
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
    if (top.length === 0) continue;
    const others = top.map((i) => {
      const l = set.leads[i]!;
      const prepared = (set.prepared[i] ??= prepareMatchRecord(model, l.rec));
      return { item: l.id, rec: l.rec, prepared };
    });
    for (const { item, scored } of bestPairs(params, prepareMatchRecord(model, rec), rec, others, true)) {
      pairs.push({ ...scored, personId: p.id, caseId: p.case_id, leadId: item });
    }
  }
  return pairs;
}
