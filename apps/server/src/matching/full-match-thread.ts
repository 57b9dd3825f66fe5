import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { keyringFromSnapshot, type KeyringSnapshot } from '../crypto/envelope.ts';
import { createDb } from '../db/create-db.ts';
import { runMatchAll } from './full-match.ts';

// The full registry match's own thread (matchAll, full-match.ts): it opens
// a database connection of its own and runs the whole match there, scoring
// threads included, so that the caller's thread never holds the run's
// records or its garbage. It ends when the run does.

export interface FullMatchThreadData {
  /** The caller's configuration, without the master key (the keyring below is all the run needs). */
  config: Config;
  keyring: KeyringSnapshot;
  organisationId: string;
  workers: number;
  /** The caller's clock when the run began: every candidate the run writes carries it. */
  at: string;
}

/** What the thread reports: progress, then its result or the kind of error that stopped it. */
export type FullMatchThreadMessage =
  | { kind: 'progress'; done: number; phase: 'ranking' | 'storing' }
  | { kind: 'done'; sought: number; candidates: number }
  | { kind: 'failed'; error: string };

const data = workerData as FullMatchThreadData;
const post = (m: FullMatchThreadMessage) => parentPort!.postMessage(m);

try {
  const { db, engine } = await createDb(data.config);
  try {
    const at = new Date(data.at);
    const deps = { db, engine, kr: keyringFromSnapshot(data.keyring), config: data.config, now: () => at };
    const r = await runMatchAll(deps, data.organisationId, data.workers, (done, phase) => post({ kind: 'progress', done, phase }));
    post({ kind: 'done', ...r });
  } finally {
    await db.destroy();
  }
} catch (err) {
  // The kind only: a message could quote a record.
  post({ kind: 'failed', error: err instanceof Error ? err.name : 'Error' });
}
