// `npm run bench -- scale [--records N] [--workers W] [--max-block B]`: deduplicate generated
// fictional Korean/Chinese records (default 1,000,000) and report wall time,
// peak memory, comparisons per second per core, precision and recall.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { linkRecords, describeParams } from '@homeward/match';
import { generate } from './generate.ts';
import { scaleSpec } from './spec.ts';

const { values: args } = parseArgs({ options: { records: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, 'max-block': { type: 'string' } } });
const n = args.records === undefined ? 1_000_000 : Number(args.records);
const workers = args.workers === undefined ? availableParallelism() : Number(args.workers);
if (!(n >= 2)) throw new Error('--records must be at least 2');

const g0 = performance.now();
const { records, entity, entities } = generate(n, args.seed === undefined ? 2026 : Number(args.seed));
console.log(`generated ${records.length} records of ${entities} fictional people in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

const spec = scaleSpec(args['max-block'] === undefined ? 100 : Number(args['max-block']));

const t0 = performance.now();
let last = 0;
const result = await linkRecords(spec, records, {
  threshold: 0.5,
  workers,
  train: { uPairs: 200_000, maxTrainingPairs: 500_000 },
  onProgress: (p) => {
    const now = performance.now();
    if (p.phase !== 'score') console.log(`${((now - t0) / 1000).toFixed(1)} s: ${p.phase}${p.total !== undefined ? ` (up to ${p.total} candidate pairs)` : ''}`);
    else if (now - last > 10_000) { last = now; console.log(`${((now - t0) / 1000).toFixed(1)} s: scored ${p.done} pairs`); }
  },
});
const seconds = (performance.now() - t0) / 1000;
const s = result.stats;

// Truth: pairs of records of the same fictional person.
let truePairs = 0;
const size = new Map<number, number>();
for (let i = 0; i < entity.length; i++) size.set(entity[i]!, (size.get(entity[i]!) ?? 0) + 1);
for (const k of size.values()) truePairs += (k * (k - 1)) / 2;
let tp = 0;
for (let k = 0; k < result.left.length; k++) if (entity[result.left[k]!] === entity[result.right[k]!]) tp++;
const precision = result.left.length === 0 ? 1 : tp / result.left.length;
const recall = truePairs === 0 ? 1 : tp / truePairs;
const cores = Math.max(1, s.workers);
// Per core = per CPU-second of the scoring phase (all threads): on a shared
// machine wall time mostly measures the neighbours. The wall-clock figure is
// printed beside it.
const cmpPerSecCore = s.compared / Math.max(1e-9, s.cpuSeconds.score);
const cmpPerSecCoreWall = s.compared / Math.max(1e-9, s.seconds.score) / cores;
const rssMb = process.resourceUsage().maxRSS / 1024;

console.log(describeParams(result.params));
const skippedPairs = s.skippedBlocks.reduce((a, b) => a + (b.size * (b.size - 1)) / 2, 0);
console.log(`blocked (upper bound) ${s.candidatePairsUpperBound}, compared ${s.compared}, kept ${s.kept}, workers ${s.workers}`);
console.log(`big blocks split per rule ${JSON.stringify(s.refinedBlocks)}; skipped blocks ${s.skippedBlocks.length} (largest ${s.skippedBlocks.reduce((a, b) => Math.max(a, b.size), 0)} records, at most ${skippedPairs} pairs)`);
console.log(`seconds: prepare ${s.seconds.prepare.toFixed(1)} block ${s.seconds.block.toFixed(1)} train ${s.seconds.train.toFixed(1)} score ${s.seconds.score.toFixed(1)} total ${seconds.toFixed(1)}`);
const cpuTotal = s.cpuSeconds.prepare + s.cpuSeconds.block + s.cpuSeconds.train + s.cpuSeconds.score;
console.log(`cpu seconds: prepare ${s.cpuSeconds.prepare.toFixed(1)} block ${s.cpuSeconds.block.toFixed(1)} train ${s.cpuSeconds.train.toFixed(1)} score ${s.cpuSeconds.score.toFixed(1)} total ${cpuTotal.toFixed(1)} (${Math.round(n / cpuTotal)} records per CPU-second end to end); comparisons per core-second ${Math.round(cmpPerSecCore)} (by CPU time), ${Math.round(cmpPerSecCoreWall)} (by wall time x ${cores} cores); trained on ${s.trainingRecords} records`);
console.log(`true pairs ${truePairs}, found ${tp}`);
console.log(`scale: records=${n} seconds=${seconds.toFixed(1)} rss_mb=${Math.round(rssMb)} cmp_per_s_core=${Math.round(cmpPerSecCore)} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`);
