import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { Worker } from 'node:worker_threads';
import { keyringSnapshot } from '../crypto/envelope.ts';
import type { Deps } from '../services/context.ts';
import { KEEP_PER_RECORD, keepRanked, paramsFor, soughtOfOrganisation, storeCandidates, type SerialisedPair } from './engine.ts';
import { explainSoughtPage, heldLeads, leadSet, rankSoughtPage, type HeldLead, type LeadPostings, type PageRanks, type SoughtRow } from './full-match-core.ts';
import type { FullMatchThreadData, FullMatchThreadMessage } from './full-match-thread.ts';
import type { FullMatchAnswer, FullMatchJob, FullMatchTask, FullMatchWorkerData } from './full-match-worker.ts';
import { leadRecord, openLead } from './records.ts';

/** Sought persons per page: read, ranked, explained and stored together. */
const PAGE = 1000;
/** Below this many sought persons, starting threads costs more than it saves. */
const WORKERS_FROM = 5000;

export interface MatchAllOptions {
  /** Sought persons done so far: ranked (first phase), then stored (second). */
  onProgress?: (done: number, phase: 'ranking' | 'storing') => void;
  /** Scoring threads; default: one per core for a large registry, none (this thread) for a small one. */
  workers?: number;
}

/** A pair kept for a lead in the first phase (see matchAll). */
interface LeadPick {
  p: number;
  person: string;
}

/**
 * Full initial matching of an organisation's registry (after an import of
 * many cases, or a change of model): every sought person against every lead,
 * through the same index and the same scoring as the per-write runs, but
 * with the leads decrypted once and their index held in memory. On a large
 * registry the whole run goes to a thread of its own, with its own database
 * connection (full-match-thread.ts); the scoring runs in worker threads
 * (one per core) while that thread reads the next pages and stores. The
 * caller's thread only waits: a server goes on answering requests (run in
 * its thread on SQLite, whose driver is synchronous, the run held the event
 * loop for up to 1.6 s at a time at 200,000 cases), and its heap never holds
 * the run's records nor the garbage of sealing and writing them.
 *
 * Two phases. First each sought person's best leads are ranked (as a
 * per-case run keeps them), a page at a time; then each lead keeps its
 * KEEP_PER_RECORD most likely persons among those pairs (as a per-lead run
 * keeps them), and only the pairs kept on both sides are explained, sealed
 * and stored. Every sought person kept its 20 best pairs before: 1.26
 * million candidates at 200,000 cases (63 a lead), most of them far below
 * any lead's true child, and explaining, sealing and writing them was a
 * large part of the run.
 */
export async function matchAll(deps: Deps, organisationId: string, o: MatchAllOptions = {}): Promise<{ sought: number; candidates: number }> {
  let workers = o.workers;
  if (workers === undefined) {
    // Every organisation's sought persons: a bound for the choice, without the join that walks the organisation's cases.
    const sought = await deps.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'sought').executeTakeFirst();
    const anyLead = await deps.db.selectFrom('leads').select('id').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst();
    workers = Number(sought?.n ?? 0) >= WORKERS_FROM && anyLead ? Math.max(1, availableParallelism()) : 0;
  }
  return workers > 0 ? inOwnThread(deps, organisationId, workers, o.onProgress) : runMatchAll(deps, organisationId, 0, o.onProgress);
}

/**
 * The match itself (see matchAll), in this thread: scoring here when
 * `workers` is 0, else in that many scoring threads.
 */
export async function runMatchAll(deps: Deps, organisationId: string, workers: number, onProgress?: MatchAllOptions['onProgress']): Promise<{ sought: number; candidates: number }> {
  const params = await paramsFor(deps.db, organisationId);
  const leadRows = await deps.db.selectFrom('leads').select(['id', 'sex', 'wrapped_key', 'sealed']).where('organisation_id', '=', organisationId).execute();
  const held: HeldLead[] = leadRows.map((l) => ({ id: l.id, rec: leadRecord(openLead(deps.kr, l), l.sex) }));
  const indexRows = await deps.db.selectFrom('match_index').select(['owner_id', 'value']).where('organisation_id', '=', organisationId).where('owner_table', '=', 'lead').execute();
  const { leads, postings } = heldLeads(held, indexRows);

  const score = workers > 0 && leads.length > 0 ? threadScorer(workers, { keyring: keyringSnapshot(deps.kr), params, leads, postings }) : inThreadScorer(deps, params, leads, postings);
  const maxInFlight = Math.max(2, workers * 2);

  let sought = 0;
  let candidates = 0;
  try {
    // ---- first phase: rank, and keep each lead's best -----------------------------
    /** This organisation's sought persons, a page at a time, for the second phase. */
    const pages: string[][] = [];
    const picks: LeadPick[][] = leads.map(() => []);
    await throttled(maxInFlight, async (run) => {
      let after = '';
      for (;;) {
        // A page of every organisation's sought persons in id order, then this organisation's among them (soughtOfOrganisation).
        const ids = (await deps.db.selectFrom('people').select('id').where('role', '=', 'sought').where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((r) => r.id);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        const page: SoughtRow[] = await soughtOfOrganisation(deps.db, organisationId, ids);
        if (page.length === 0) continue;
        pages.push(page.map((p) => p.id));
        await run(score.rank(page).then((ranks) => {
          for (let k = 0; k < ranks.row.length; k++) keepRanked(picks[ranks.slot[k]!]!, { p: ranks.p[k]!, person: page[ranks.row[k]!]!.id }, pickBefore, KEEP_PER_RECORD);
          sought += page.length;
          onProgress?.(sought, 'ranking');
        }));
      }
    });

    // Lead positions kept, by person.
    const kept = new Map<string, number[]>();
    picks.forEach((list, slot) => {
      for (const { person } of list) {
        const slots = kept.get(person);
        if (slots) slots.push(slot);
        else kept.set(person, [slot]);
      }
    });
    picks.length = 0;

    // ---- second phase: explain, seal and store the pairs kept ---------------------
    let stored = 0;
    // Stores run one after another (one writer), in page order of completion.
    let storing: Promise<void> = Promise.resolve();
    await throttled(maxInFlight, async (run) => {
      for (const ids of pages) {
        const rows = await soughtOfOrganisation(deps.db, organisationId, ids.filter((id) => kept.has(id)));
        const explained = rows.length > 0 ? score.explain(rows, rows.map((r) => kept.get(r.id)!)) : Promise.resolve([]);
        await run(explained.then((pairs) => {
          storing = storing.then(async () => {
            await deps.db.transaction().execute(async (trx) => {
              // Every person of the page: those with no pair kept lose their stale open candidates.
              const existing = await trx.selectFrom('match_candidates').selectAll().where('person_id', 'in', ids).execute();
              await storeCandidates(deps, trx, organisationId, pairs, existing);
            });
            stored += ids.length;
            candidates += pairs.length;
            onProgress?.(stored, 'storing');
          });
          return storing;
        }));
      }
    });
    await storing;
  } finally {
    await score.close();
  }
  // Fold the run's writes into the database files now, while the caller waits for the run, rather
  // than in the minutes after it, when they would compete with new leads for the disk. On SQLite
  // the write-ahead log otherwise keeps the size of the run's writes until a checkpoint truncates it
  // (best effort: a busy reader only postpones it). PostgreSQL would spread the checkpoint the run's
  // write-ahead log triggers over the next minutes; CHECKPOINT needs the pg_checkpoint role or a
  // superuser, and without them the server's own checkpoint does the work later. Before it, on
  // PostgreSQL, the vacuum and statistics autovacuum would otherwise start on the candidates table
  // within a minute (the run inserted far more rows than its threshold), competing with new leads.
  if (deps.engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(deps.db);
  else {
    await sql`VACUUM (ANALYZE) match_candidates`.execute(deps.db).catch(() => undefined);
    await sql`CHECKPOINT`.execute(deps.db).catch(() => undefined);
  }
  return { sought, candidates };
}

/** Runs the match in a thread of its own (full-match-thread.ts) and relays its progress. */
function inOwnThread(deps: Deps, organisationId: string, workers: number, onProgress: MatchAllOptions['onProgress']): Promise<{ sought: number; candidates: number }> {
  const data: FullMatchThreadData = { config: { ...deps.config, masterKey: undefined }, keyring: keyringSnapshot(deps.kr), organisationId, workers, at: deps.now().toISOString() };
  // Settled when the thread has ended (its connection closed, its scoring threads and memory gone), with what it reported.
  return new Promise((resolve, reject) => {
    let outcome: { sought: number; candidates: number } | Error | undefined;
    const thread = new Worker(new URL('./full-match-thread-entry.mjs', import.meta.url), { workerData: data });
    thread.on('message', (m: FullMatchThreadMessage) => {
      if (m.kind === 'progress') onProgress?.(m.done, m.phase);
      else if (m.kind === 'done') outcome = { sought: m.sought, candidates: m.candidates };
      else outcome = new Error(`the full match failed (${m.error})`);
    });
    thread.on('error', (err) => (outcome ??= new Error(`the full match's thread stopped (${err.name})`)));
    thread.on('exit', (code) => {
      if (outcome === undefined) reject(new Error(`the full match's thread ended with code ${code} before its result`));
      else if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    });
  });
}

/** A lead's order of picks: most likely first; ties, the person with the smaller id (so the result does not depend on which page finished first). */
const pickBefore = (x: LeadPick, y: LeadPick) => x.p > y.p || (x.p === y.p && x.person < y.person);

/**
 * Runs `body`, which hands jobs to `run`; `run` returns at once while fewer
 * than `max` jobs are in flight, else when one settles. Resolves when every
 * job has; rejects with the first job's failure.
 */
async function throttled(max: number, body: (run: (job: Promise<unknown>) => Promise<void>) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  const all: Promise<unknown>[] = [];
  await body(async (job) => {
    all.push(job);
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job)).catch(() => undefined);
    if (inFlight.size >= max) await Promise.race(inFlight);
  });
  await Promise.all(all);
}

interface Scorer {
  rank(rows: SoughtRow[]): Promise<PageRanks>;
  explain(rows: SoughtRow[], slots: number[][]): Promise<SerialisedPair[]>;
  close(): Promise<void>;
}

function inThreadScorer(deps: Deps, params: FullMatchWorkerData['params'], leads: HeldLead[], postings: LeadPostings): Scorer {
  const set = leadSet(leads, postings);
  return {
    rank: async (rows) => rankSoughtPage(deps.kr, params, set, rows),
    explain: async (rows, slots) => explainSoughtPage(deps.kr, params, set, rows, slots),
    close: async () => undefined,
  };
}

/** Jobs go to the least busy thread; each answer settles its job's promise. */
function threadScorer(count: number, data: FullMatchWorkerData): Scorer {
  const pending = new Map<number, { resolve: (answer: FullMatchAnswer) => void; reject: (e: Error) => void }>();
  const busy = new Array<number>(count).fill(0);
  let failed: Error | undefined;
  const fail = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  const threads = Array.from({ length: count }, (_, t) => {
    const w = new Worker(new URL('./full-match-worker-entry.mjs', import.meta.url), { workerData: data });
    w.on('message', (msg: FullMatchAnswer) => {
      busy[t]!--;
      const p = pending.get(msg.job);
      pending.delete(msg.job);
      if (!p) return;
      if (msg.error === undefined) p.resolve(msg);
      else p.reject(new Error(`a scoring thread failed (${msg.error})`));
    });
    w.on('error', (err) => fail(new Error(`a scoring thread stopped (${err.name})`)));
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a scoring thread stopped with code ${code}`));
    });
    return w;
  });
  let next = 0;
  const ask = (task: FullMatchTask): Promise<FullMatchAnswer> => {
    if (failed) return Promise.reject(failed);
    const id = next++;
    let t = 0;
    for (let i = 1; i < count; i++) if (busy[i]! < busy[t]!) t = i;
    busy[t]!++;
    return new Promise<FullMatchAnswer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      threads[t]!.postMessage({ ...task, job: id } satisfies FullMatchJob);
    });
  };
  return {
    rank: async (rows) => (await ask({ kind: 'rank', rows })).ranks!,
    explain: async (rows, slots) => (await ask({ kind: 'explain', rows, slots })).pairs!,
    async close() {
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
