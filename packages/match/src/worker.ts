// Scores one shard of blocked pairs; see scoreBlocked in link.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createModel, withParams, type PreparedTable } from './model.ts';
import { scoreShard, type WorkerJob } from './link.ts';

const job = workerData as WorkerJob;
const model = withParams(createModel(job.spec), job.params);
const table: PreparedTable = {
  n: job.table.n,
  columns: job.table.columns.map((c, f) => ({ ...c, values: c.keys.map((k) => model.comparators[f]!.prepare(k)) })),
};
const result = scoreShard(model, table, job.blocking, job.shard, job.minWeight, (compared) => {
  parentPort!.postMessage({ type: 'progress', compared });
});
parentPort!.postMessage({ type: 'done', ...result }, [result.left.buffer as ArrayBuffer, result.right.buffer as ArrayBuffer, result.weight.buffer as ArrayBuffer]);
