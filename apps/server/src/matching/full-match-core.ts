import type { TrainedParams } from '@homeward/match';
import type { Keyring } from '../crypto/envelope.ts';
import { bestPairs, MAX_HITS, type ScoredPair } from './engine.ts';
import { queryValues } from './keys.ts';
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
  leads: HeldLead[];
  prepared: (PreparedMatchRecord | undefined)[];
  /** Index value -> positions in `leads` stored under it. */
  byValue: Map<number, number[]>;
}

export function leadSet(leads: HeldLead[], index: readonly { owner_id: string; value: number }[]): LeadSet {
  const slot = new Map(leads.map((l, i) => [l.id, i]));
  const byValue = new Map<number, number[]>();
  for (const r of index) {
    const i = slot.get(r.owner_id);
    if (i === undefined) continue;
    const list = byValue.get(r.value);
    if (list) list.push(i);
    else byValue.set(r.value, [i]);
  }
  return { leads, prepared: new Array<PreparedMatchRecord | undefined>(leads.length), byValue };
}

/**
 * Candidates of one page of sought persons among the held leads: the leads
 * sharing the most index values with each person (at most MAX_HITS), scored,
 * the best explained. Same selection and scoring as a per-write run.
 */
export function scoreSoughtPage(kr: Keyring, params: TrainedParams, set: LeadSet, page: readonly SoughtRow[]): ScoredPair[] {
  const model = modelWith(params);
  const counts = new Map<number, number>();
  const pairs: ScoredPair[] = [];
  for (const p of page) {
    const rec = personRecord(openPerson(kr, p), p.sex);
    counts.clear();
    for (const v of queryValues(kr, rec.names, birthYears(rec.birth))) {
      for (const i of set.byValue.get(v) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_HITS);
    const others = top.map(([i]) => {
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
