/**
 * The whole job, for the CLI and benchmarks: prepare, block, train, score
 * (in worker threads for large jobs), keep pairs at or above a threshold.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildBlocking, forEachCandidate, type Blocking } from './blocking.ts';
import { createModel, prepareTable, withParams, type Model, type ModelSpec, type PreparedTable, type RecordLike, type TrainedParams } from './model.ts';
import { explainRows, probabilityOf, thresholdScorer, weightFor, type PairScore } from './score.ts';
import { rng, termFrequencies, train, type TrainOptions, type TrainStats } from './train.ts';

/** A random subset of a prepared table (values shared, ids gathered), keeping left before right. */
function subsample(table: PreparedTable, max: number, split: number | undefined, seed: number): { table: PreparedTable; split?: number } {
  const random = rng(seed);
  const rate = max / table.n;
  const pick: number[] = [];
  for (let i = 0; i < table.n; i++) if (random() < rate) pick.push(i);
  const sub: PreparedTable = {
    n: pick.length,
    columns: table.columns.map((c) => ({ ...c, ids: Int32Array.from(pick, (i) => c.ids[i]!) })),
  };
  if (split === undefined || split >= table.n) return { table: sub };
  let s = 0;
  while (s < pick.length && pick[s]! < split) s++;
  return { table: sub, split: s };
}

export interface LinkProgress {
  phase: 'prepare' | 'block' | 'train' | 'score';
  done?: number;
  total?: number;
}

export interface LinkOptions {
  /** Train on at most this many records, chosen at random (default 200,000). */
  maxTrainingRecords?: number;
  /** Keep pairs with probability at or above this (default 0.5). */
  threshold?: number;
  /** Use these parameters instead of training. */
  params?: TrainedParams;
  train?: TrainOptions;
  /** Threads for scoring, this one included; 0 or 1 scores in this thread alone. Default: 0 for small jobs, else all cores. */
  workers?: number;
  /** Compute explanations for the kept pairs. */
  explain?: boolean;
  /** Records [0, split) are left, [split, n) right (linkage); default: deduplication. */
  split?: number;
  onProgress?: (p: LinkProgress) => void;
}

export interface LinkStats {
  records: number;
  candidatePairsUpperBound: number;
  skippedBlocks: { rule: number; size: number }[];
  /** Per blocking rule, big blocks split by the rule's refine fields. */
  refinedBlocks: number[];
  compared: number;
  kept: number;
  workers: number;
  seconds: { prepare: number; block: number; train: number; score: number; total: number };
  /** CPU seconds (all threads) of each phase: on a shared machine, wall time says little. */
  cpuSeconds: { prepare: number; block: number; train: number; score: number };
  /** Records used for training (a random subset for large jobs). */
  trainingRecords: number;
  training?: TrainStats;
}

export interface LinkResult {
  /** Kept pairs as parallel arrays (indices into the input records). */
  left: Int32Array;
  right: Int32Array;
  weight: Float64Array;
  probability: Float64Array;
  explanations?: PairScore[];
  params: TrainedParams;
  model: Model;
  table: PreparedTable;
  stats: LinkStats;
}

/** Pairs kept by one scoring shard. */
export interface ShardResult {
  left: Int32Array;
  right: Int32Array;
  weight: Float64Array;
  compared: number;
}

class Grow {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  weight = new Float64Array(1024);
  n = 0;
  push(i: number, j: number, w: number): void {
    if (this.n === this.left.length) {
      const c = this.n * 2;
      const l = new Int32Array(c); l.set(this.left); this.left = l;
      const r = new Int32Array(c); r.set(this.right); this.right = r;
      const x = new Float64Array(c); x.set(this.weight); this.weight = x;
    }
    this.left[this.n] = i;
    this.right[this.n] = j;
    this.weight[this.n] = w;
    this.n++;
  }
}

/**
 * Scores one shard of the blocked pairs (the body of a worker, also used
 * in-process). Keeps pairs whose weight is at or above `minWeight`.
 */
export function scoreShard(
  model: Model,
  table: PreparedTable,
  blocking: Blocking,
  shard: { index: number; count: number },
  minWeight: number,
  onProgress?: (compared: number) => void,
): ShardResult {
  const score = thresholdScorer(model, table, minWeight);
  const out = new Grow();
  let compared = 0;
  forEachCandidate(blocking, (i, j) => {
    const w = score(i, j);
    if (w >= minWeight) out.push(i, j, w);
    if ((++compared & 0xfffff) === 0) onProgress?.(compared);
  }, shard);
  return { left: out.left.slice(0, out.n), right: out.right.slice(0, out.n), weight: out.weight.slice(0, out.n), compared };
}

/** What a worker needs: plain data only (the worker rebuilds comparators from the spec). */
export interface WorkerJob {
  spec: ModelSpec;
  params: TrainedParams;
  table: { n: number; columns: { ids: Int32Array; keys: string[]; counts: Uint32Array; present: number }[] };
  blocking: Blocking;
  shard: { index: number; count: number };
  minWeight: number;
}

function runWorker(job: WorkerJob, onProgress: (compared: number) => void): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    // The entry is plain JavaScript that registers tsx before importing the
    // TypeScript worker, so workers start the same way under the CLI, tsx,
    // vitest or plain node.
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: job });
    w.on('message', (msg: { type: 'progress'; compared: number } | ({ type: 'done' } & ShardResult)) => {
      if (msg.type === 'progress') onProgress(msg.compared);
      else {
        resolve({ left: msg.left, right: msg.right, weight: msg.weight, compared: msg.compared });
        void w.terminate();
      }
    });
    w.on('error', reject);
    w.on('exit', (code) => {
      if (code !== 0) reject(new Error(`scoring worker stopped with code ${code}`));
    });
  });
}

/**
 * Scores all blocked pairs across `workers` threads, this one included
 * (0 or 1 = this thread alone). Worker threads rebuild the comparators from
 * the spec, so they use the default name and place adapters.
 * @example await scoreBlocked(model, table, blocking, 0, 2)
 */
export async function scoreBlocked(
  model: Model,
  table: PreparedTable,
  blocking: Blocking,
  minWeight: number,
  workers: number,
  onProgress?: (compared: number) => void,
): Promise<ShardResult> {
  if (workers <= 1) return scoreShard(model, table, blocking, { index: 0, count: 1 }, minWeight, onProgress);
  const params = model.params;
  if (!params) throw new Error('the model has no parameters');
  const plain = { n: table.n, columns: table.columns.map((c) => ({ ids: c.ids, keys: c.keys, counts: c.counts, present: c.present })) };
  const done = new Array<number>(workers).fill(0);
  // This thread scores shard 0 itself while workers take the others: its
  // values are already prepared and its memos warm from training, which
  // every worker would otherwise pay for again.
  const started = Array.from({ length: workers - 1 }, (_, w) =>
    runWorker({ spec: model.spec, params, table: plain, blocking, shard: { index: w + 1, count: workers }, minWeight }, (c) => {
      done[w + 1] = c;
      onProgress?.(done.reduce((a, b) => a + b, 0));
    }),
  );
  // A worker that fails while this thread is busy must not become an unhandled rejection.
  const settled = Promise.allSettled(started);
  const mine = scoreShard(model, table, blocking, { index: 0, count: workers }, minWeight, (c) => {
    done[0] = c;
    onProgress?.(done.reduce((a, b) => a + b, 0));
  });
  const others = await settled;
  const parts = [mine, ...others.map((o) => {
    if (o.status === 'rejected') throw o.reason;
    return o.value;
  })];
  const total = parts.reduce((a, p) => a + p.left.length, 0);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const weight = new Float64Array(total);
  let o = 0;
  for (const p of parts) {
    left.set(p.left, o);
    right.set(p.right, o);
    weight.set(p.weight, o);
    o += p.left.length;
  }
  return { left, right, weight, compared: parts.reduce((a, p) => a + p.compared, 0) };
}

/**
 * Deduplicates (or, with `split`, links) records end to end.
 * @example const r = await linkRecords({ fields: [{ name: 'name', type: 'name' }] }, records, { threshold: 0.9 })
 */
export async function linkRecords(spec: ModelSpec | Model, records: readonly RecordLike[], opts: LinkOptions = {}): Promise<LinkResult> {
  const t0 = performance.now();
  const cpuStart = process.cpuUsage();
  let model = 'comparators' in spec ? spec : createModel(spec);
  const progress = opts.onProgress ?? (() => {});
  progress({ phase: 'prepare' });
  const table = prepareTable(model, records);
  const t1 = performance.now();
  const cpuPrepared = process.cpuUsage();
  progress({ phase: 'block' });
  const blocking = buildBlocking(model, table, { split: opts.split });
  const t2 = performance.now();
  progress({ phase: 'train', total: blocking.candidatePairsUpperBound });
  let training: TrainStats | undefined;
  let params = opts.params;
  const cpu0 = process.cpuUsage();
  let trainingRecords = 0;
  if (!params) {
    const max = opts.maxTrainingRecords ?? 200_000;
    let r;
    if (table.n > max) {
      // A random subset keeps the shares that matter: matches and all pairs
      // both shrink by the square of the sampling rate, so the prior holds.
      const sub = subsample(table, max, opts.split, opts.train?.seed ?? 1);
      const subBlocking = buildBlocking(model, sub.table, { split: sub.split });
      r = train(model, sub.table, subBlocking, { ...opts.train, split: sub.split });
      trainingRecords = sub.table.n;
      // Term frequencies from the whole table, not the subset.
      const tfs = termFrequencies(model, table);
      r.params.fields = r.params.fields.map((f, i) => ({ ...f, ...tfs[i] }));
    } else {
      r = train(model, table, blocking, opts.train);
      trainingRecords = table.n;
    }
    params = r.params;
    training = r.stats;
  }
  model = withParams(model, params);
  const cpu1 = process.cpuUsage();
  const t3 = performance.now();
  const workers = opts.workers ?? (blocking.candidatePairsUpperBound > 5_000_000 ? Math.min(availableParallelism(), 8) : 0);
  const total = blocking.candidatePairsUpperBound;
  const scored = await scoreBlocked(model, table, blocking, weightFor(opts.threshold ?? 0.5), workers, (done) => progress({ phase: 'score', done, total }));
  const t4 = performance.now();
  const cpu2 = process.cpuUsage();
  const cpuOf = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1e6;
  const probability = Float64Array.from(scored.weight, probabilityOf);
  const explanations = opts.explain ? Array.from(scored.left, (i, k) => explainRows(model, table, i, scored.right[k]!)) : undefined;
  return {
    left: scored.left,
    right: scored.right,
    weight: scored.weight,
    probability,
    ...(explanations ? { explanations } : {}),
    params,
    model,
    table,
    stats: {
      records: records.length,
      candidatePairsUpperBound: blocking.candidatePairsUpperBound,
      skippedBlocks: blocking.skippedBlocks,
      refinedBlocks: blocking.refinedBlocks,
      compared: scored.compared,
      kept: scored.left.length,
      workers,
      cpuSeconds: { prepare: cpuOf(cpuStart, cpuPrepared), block: cpuOf(cpuPrepared, cpu0), train: cpuOf(cpu0, cpu1), score: cpuOf(cpu1, cpu2) },
      trainingRecords,
      seconds: { prepare: (t1 - t0) / 1000, block: (t2 - t1) / 1000, train: (t3 - t2) / 1000, score: (t4 - t3) / 1000, total: (performance.now() - t0) / 1000 },
      ...(training ? { training } : {}),
    },
  };
}

/** A readable m/u table of trained parameters, one line per level. */
export function describeParams(params: TrainedParams): string {
  const lines = [`prior ${params.prior.toExponential(3)}`, 'field            level            m         u         weight'];
  for (const f of params.fields) {
    f.levels.forEach((l, i) => {
      const m = f.m[i]!;
      const u = f.u[i]!;
      lines.push(`${f.name.padEnd(16)} ${l.padEnd(16)} ${m.toFixed(6)}  ${u.toFixed(6)}  ${Math.log2(m / u).toFixed(2)}`);
    });
  }
  return [...lines, ...params.notes].join('\n');
}
