import { parentPort, workerData } from 'node:worker_threads';
import type { TrainedParams } from '@homeward/match';
import { keyringFromSnapshot, type KeyringSnapshot } from '../crypto/envelope.ts';
import { leadSet, scoreSoughtPage, type HeldLead, type LeadPostings, type SoughtRow } from './full-match-core.ts';

// One scoring thread of the full registry match (full-match.ts). It holds
// the leads and keys it was started with and answers each page of sought
// persons with their scored pairs; it touches no database and writes nothing.

export interface FullMatchWorkerData {
  keyring: KeyringSnapshot;
  params: TrainedParams;
  /** In id order (heldLeads). */
  leads: HeldLead[];
  postings: LeadPostings;
}

const data = workerData as FullMatchWorkerData;
const kr = keyringFromSnapshot(data.keyring);
const set = leadSet(data.leads, data.postings);

parentPort!.on('message', (msg: { page: number; rows: SoughtRow[] }) => {
  try {
    parentPort!.postMessage({ page: msg.page, pairs: scoreSoughtPage(kr, data.params, set, msg.rows) });
  } catch (err) {
    // The kind only: a message could quote a record.
    parentPort!.postMessage({ page: msg.page, error: err instanceof Error ? err.name : 'Error' });
  }
});
