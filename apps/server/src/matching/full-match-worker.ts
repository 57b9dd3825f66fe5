import { parentPort, workerData } from 'node:worker_threads';
import type { TrainedParams } from '@homeward/match';
import { keyringFromSnapshot, type KeyringSnapshot } from '../crypto/envelope.ts';
import type { SerialisedPair } from './engine.ts';
import { explainSoughtPage, leadSet, rankSoughtPage, type HeldLead, type LeadPostings, type PageRanks, type SoughtRow } from './full-match-core.ts';

// One scoring thread of the full registry match (full-match.ts). It holds
// the leads and keys it was started with and answers each job (a page of
// sought persons to rank, or kept pairs to explain); it touches no database
// and writes nothing.

export interface FullMatchWorkerData {
  keyring: KeyringSnapshot;
  params: TrainedParams;
  /** In id order (heldLeads). */
  leads: HeldLead[];
  postings: LeadPostings;
}

/** A job for a scoring thread: rank a page of sought persons, or explain the pairs kept of some. */
export type FullMatchTask = { kind: 'rank'; rows: SoughtRow[] } | { kind: 'explain'; rows: SoughtRow[]; slots: number[][] };
export type FullMatchJob = { job: number } & FullMatchTask;

/** Its answer: the job's result, or the kind of error that stopped it. */
export interface FullMatchAnswer {
  job: number;
  ranks?: PageRanks;
  pairs?: SerialisedPair[];
  error?: string;
}

const data = workerData as FullMatchWorkerData;
const kr = keyringFromSnapshot(data.keyring);
const set = leadSet(data.leads, data.postings);

parentPort!.on('message', (msg: FullMatchJob) => {
  try {
    if (msg.kind === 'rank') {
      const ranks = rankSoughtPage(kr, data.params, set, msg.rows);
      // The typed arrays' memory moves to the main thread rather than being copied.
      parentPort!.postMessage({ job: msg.job, ranks } satisfies FullMatchAnswer, [ranks.row.buffer, ranks.slot.buffer, ranks.p.buffer]);
    } else {
      parentPort!.postMessage({ job: msg.job, pairs: explainSoughtPage(kr, data.params, set, msg.rows, msg.slots) } satisfies FullMatchAnswer);
    }
  } catch (err) {
    // The kind only: a message could quote a record.
    parentPort!.postMessage({ job: msg.job, error: err instanceof Error ? err.name : 'Error' } satisfies FullMatchAnswer);
  }
});
