import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { Worker } from 'node:worker_threads';
import { keyringSnapshot } from '../crypto/envelope.ts';
import type { Deps } from '../services/context.ts';
import { paramsFor, soughtOfOrganisation, storeCandidates, type ScoredPair } from './engine.ts';
import { heldLeads, leadSet, scoreSoughtPage, type HeldLead, type LeadPostings, type SoughtRow } from './full-match-core.ts';
import type { FullMatchWorkerData } from './full-match-worker.ts';
import { leadRecord, openLead } from './records.ts';

/** Sought persons per page: read, scored and stored together. */
const PAGE = 1000;
/** Below this many sought persons, starting threads costs more than it saves. */
const WORKERS_FROM = 5000;

export interface MatchAllOptions {
  onProgress?: (done: number) => void;
  /** Scoring threads; default: one per core for a large registry, none (this thread) for a small one. */
  workers?: number;
}

/**
 * Full initial matching of an organisation's registry (after an import of
 * many cases, or a change of model): every sought person against every lead,
 * through the same index, the same scoring and the same storage as the
 * per-write runs, but with the leads decrypted once and their index held in
 * memory. Sought persons are read a page at a time; on a large registry the
 * pages are scored in worker threads (one per core) while this thread reads
 * the next pages and stores the candidates, which at 200,000 cases is what
 * brings the run within the ten minutes the tracing issue asks for.
 */
export async function matchAll(deps: Deps, organisationId: string, o: MatchAllOptions = {}): Promise<{ sought: number; candidates: number }> {
  const params = await paramsFor(deps.db, organisationId);
  const leadRows = await deps.db.selectFrom('leads').select(['id', 'sex', 'wrapped_key', 'sealed']).where('organisation_id', '=', organisationId).execute();
  const held: HeldLead[] = leadRows.map((l) => ({ id: l.id, rec: leadRecord(openLead(deps.kr, l), l.sex) }));
  const indexRows = await deps.db.selectFrom('match_index').select(['owner_id', 'value']).where('organisation_id', '=', organisationId).where('owner_table', '=', 'lead').execute();
  const { leads, postings } = heldLeads(held, indexRows);

  let workers = o.workers;
  if (workers === undefined) {
    // Every organisation's sought persons: a bound for the choice, without the join that walks the organisation's cases.
    const sought = await deps.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'sought').executeTakeFirst();
    workers = Number(sought?.n ?? 0) >= WORKERS_FROM && leads.length > 0 ? Math.max(1, availableParallelism()) : 0;
  }
  const score = workers > 0 ? threadScorer(workers, { keyring: keyringSnapshot(deps.kr), params, leads, postings }) : inThreadScorer(deps, params, leads, postings);

  let sought = 0;
  let candidates = 0;
  // Stores run one after another (one writer), in page order of completion.
  let storing: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(2, workers * 2);
  try {
    let after = '';
    for (;;) {
      // A page of every organisation's sought persons in id order, then this organisation's among them (soughtOfOrganisation).
      const ids = (await deps.db.selectFrom('people').select('id').where('role', '=', 'sought').where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((r) => r.id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const page: SoughtRow[] = await soughtOfOrganisation(deps.db, organisationId, ids);
      if (page.length === 0) continue;
      const job: Promise<void> = score.page(page).then((pairs) => {
        storing = storing.then(async () => {
          await deps.db.transaction().execute(async (trx) => {
            const existing = await trx.selectFrom('match_candidates').selectAll().where('person_id', 'in', page.map((p) => p.id)).execute();
            await storeCandidates(deps, trx, organisationId, pairs, existing);
          });
          sought += page.length;
          candidates += pairs.length;
          o.onProgress?.(sought);
        });
        return storing;
      });
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job)).catch(() => undefined);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await storing;
  } finally {
    await score.close();
  }
  // A full run writes a candidate per sought person or more (1.26 M at 200,000 cases, ~2.5 GB); on
  // SQLite the write-ahead log keeps that size until a checkpoint truncates it. Fold them into the
  // database now (best effort: a busy reader only postpones it). Measured at 200,000 cases, this does
  // not shorten the slow minutes after a run (a lead's p95 621 ms, against 168 ms once the disk
  // settles): that is the operating system writing the run out, not the log.
  if (deps.engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(deps.db);
  return { sought, candidates };
}

interface Scorer {
  page(rows: SoughtRow[]): Promise<ScoredPair[]>;
  close(): Promise<void>;
}

function inThreadScorer(deps: Deps, params: FullMatchWorkerData['params'], leads: HeldLead[], postings: LeadPostings): Scorer {
  const set = leadSet(leads, postings);
  return {
    page: async (rows) => scoreSoughtPage(deps.kr, params, set, rows),
    close: async () => undefined,
  };
}

/** Pages go to the least busy thread; each answer settles its page's promise. */
function threadScorer(count: number, data: FullMatchWorkerData): Scorer {
  const pending = new Map<number, { resolve: (p: ScoredPair[]) => void; reject: (e: Error) => void }>();
  const busy = new Array<number>(count).fill(0);
  let failed: Error | undefined;
  const fail = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  const threads = Array.from({ length: count }, (_, t) => {
    const w = new Worker(new URL('./full-match-worker-entry.mjs', import.meta.url), { workerData: data });
    w.on('message', (msg: { page: number; pairs?: ScoredPair[]; error?: string }) => {
      busy[t]!--;
      const p = pending.get(msg.page);
      pending.delete(msg.page);
      if (!p) return;
      if (msg.pairs) p.resolve(msg.pairs);
      else p.reject(new Error(`a scoring thread failed (${msg.error ?? 'unknown'})`));
    });
    w.on('error', (err) => fail(new Error(`a scoring thread stopped (${err.name})`)));
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a scoring thread stopped with code ${code}`));
    });
    return w;
  });
  let next = 0;
  return {
    page(rows) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      let t = 0;
      for (let i = 1; i < count; i++) if (busy[i]! < busy[t]!) t = i;
      busy[t]!++;
      return new Promise<ScoredPair[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        threads[t]!.postMessage({ page: id, rows });
      });
    },
    async close() {
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
