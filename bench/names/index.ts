/**
 * Benchmark of @homeward/names on the labelled corpus (packages/names/test/corpus/pairs.tsv):
 * ROC AUC, accuracy, precision and recall at DEFAULT_THRESHOLD, beside two baselines
 * measured in the same run (fuse.js on the raw strings; Jaro-Winkler on Revised
 * Romanization), blocking-key recall, and speed per core.
 *
 *   npm run bench -- names
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import {
  prepare, score, scorePrepared, variants, blockingKeys, koreanReadings, romanize, normalize, detectScript, DEFAULT_THRESHOLD,
} from '@homeward/names';
import { SURNAMES, GIVEN } from '../../packages/names/test/corpus/tables.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusFile = join(root, 'packages', 'names', 'test', 'corpus', 'pairs.tsv');
interface Pair { a: string; b: string; same: boolean; kind: string; how: string }
const pairs: Pair[] = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [a = '', b = '', same = '0', kind = '', how = ''] = l.split('\t');
    return { a, b, same: same === '1', kind, how };
  });

/** ROC AUC by the Mann-Whitney statistic, ties counted as half. */
function auc(scores: number[], labels: boolean[]): number {
  const idx = scores.map((s, i) => i).sort((x, y) => (scores[x] ?? 0) - (scores[y] ?? 0));
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const pos = labels.filter(Boolean).length;
  const neg = labels.length - pos;
  let sum = 0;
  labels.forEach((l, i) => {
    if (l) sum += ranks[i] ?? 0;
  });
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function atThreshold(scores: number[], labels: boolean[], t: number) {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  scores.forEach((s, i) => {
    const p = s >= t;
    if (p && labels[i]) tp++;
    else if (p) fp++;
    else if (labels[i]) fn++;
    else tn++;
  });
  return { accuracy: (tp + tn) / scores.length, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}

// Baseline 1: fuse.js on the raw strings (similarity = 1 - fuse score).
function fuseScore(a: string, b: string): number {
  const r = new Fuse([b], { includeScore: true, threshold: 1, ignoreLocation: true }).search(a);
  return r.length ? 1 - (r[0]!.score ?? 1) : 0;
}

// Baseline 2: Jaro-Winkler on Revised Romanization (Chinese characters via their first Korean reading).
function jaroWinkler(s1: string, s2: string): number {
  if (s1 === s2) return 1;
  const l1 = s1.length, l2 = s2.length;
  if (!l1 || !l2) return 0;
  const range = Math.max(0, Math.floor(Math.max(l1, l2) / 2) - 1);
  const m1 = new Array<boolean>(l1).fill(false), m2 = new Array<boolean>(l2).fill(false);
  let matches = 0;
  for (let i = 0; i < l1; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(l2, i + range + 1); j++) {
      if (!m2[j] && s1[i] === s2[j]) { m1[i] = m2[j] = true; matches++; break; }
    }
  }
  if (!matches) return 0;
  let t = 0, k = 0;
  for (let i = 0; i < l1; i++) if (m1[i]) { while (!m2[k]) k++; if (s1[i] !== s2[k]) t++; k++; }
  const jaro = (matches / l1 + matches / l2 + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && s1[prefix] === s2[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
function toRR(s: string): string {
  const script = detectScript(s);
  let h = s;
  if (script.startsWith('hanzi')) h = koreanReadings(s)[1] ?? koreanReadings(s)[0] ?? s;
  return normalize(script === 'latin' ? s : romanize(h, 'rr')).replace(/[^a-z]/g, '');
}

const labels = pairs.map((p) => p.same);
const ours = pairs.map((p) => score(p.a, p.b).score);
const fuse = pairs.map((p) => fuseScore(p.a, p.b));
const jw = pairs.map((p) => jaroWinkler(toRR(p.a), toRR(p.b)));

const m = atThreshold(ours, labels, DEFAULT_THRESHOLD);
const A = auc(ours, labels), F = auc(fuse, labels), J = auc(jw, labels);
console.log(`corpus: ${pairs.length} pairs (${labels.filter(Boolean).length} positive) from ${corpusFile.slice(root.length + 1)}`);
console.log(`@homeward/names  auc=${A.toFixed(4)}  accuracy=${m.accuracy.toFixed(4)}  precision=${m.precision.toFixed(4)}  recall=${m.recall.toFixed(4)}  (threshold ${DEFAULT_THRESHOLD})`);
const fb = Math.max(...[0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((t) => atThreshold(fuse, labels, t).accuracy));
const jb = Math.max(...[0.6, 0.7, 0.8, 0.85, 0.9].map((t) => atThreshold(jw, labels, t).accuracy));
console.log(`fuse.js raw      auc=${F.toFixed(4)}  best accuracy=${fb.toFixed(4)}`);
console.log(`Jaro-Winkler RR  auc=${J.toFixed(4)}  best accuracy=${jb.toFixed(4)}`);
for (const kind of [...new Set(pairs.map((p) => p.kind))]) {
  const ix = pairs.map((p, i) => (p.kind === kind ? i : -1)).filter((i) => i >= 0);
  const k = atThreshold(ix.map((i) => ours[i]!), ix.map((i) => labels[i]!), DEFAULT_THRESHOLD);
  console.log(`  ${kind.padEnd(8)} n=${ix.length}  accuracy=${k.accuracy.toFixed(4)}  precision=${k.precision.toFixed(4)}  recall=${k.recall.toFixed(4)}`);
}
const errors = pairs.map((p, i) => ({ p, s: ours[i]! })).filter(({ p, s }) => (s >= DEFAULT_THRESHOLD) !== p.same);
if (process.argv.includes('--errors')) for (const { p, s } of errors) console.log(`  miss ${p.same ? 'FN' : 'FP'} ${s.toFixed(3)}  ${p.a} | ${p.b}  (${p.how})`);
else console.log(`  ${errors.length} misclassified pairs (run with --errors to list them)`);

// Blocking: positives that share at least one key.
const shared = pairs.filter((p) => p.same).filter((p) => { const k = new Set(blockingKeys(p.a)); return blockingKeys(p.b).some((x) => k.has(x)); }).length;
const avgKeys = pairs.reduce((s, p) => s + blockingKeys(p.a).length, 0) / pairs.length;
console.log(`blocking: ${shared}/${labels.filter(Boolean).length} positive pairs share a key; ${avgKeys.toFixed(1)} keys per name on average`);

// Speed, one core: synthetic names built from the corpus tables (random fictional combinations, all distinct),
// timed in batches by the CPU time of this process (others' load on a shared machine does not count).
let seed = 7;
const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const capWord = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
function synth(): string {
  const s = pick(SURNAMES);
  const g = [pick(GIVEN), pick(GIVEN), ...(rand() < 0.2 ? [pick(GIVEN)] : [])];
  switch (Math.floor(rand() * 6)) {
    case 0: return s[0] + g.map((x) => x[0]).join('');
    case 1: return s[1] + g.map((x) => x[1]).join('');
    case 2: return `${s[3]} ${capWord(g.map((x) => x[3]).join(''))}`;
    case 3: return `${s[5][0]} ${capWord(g.map((x) => x[5]).join('-'))}`;
    case 4: return `${s[5][s[5].length - 1]} ${g.map((x) => capWord(x[6])).join(' ')}`;
    default: return `${capWord(g.map((x) => x[7]).join('-'))} ${s[5][0]!.toUpperCase()}`;
  }
}
// 60,000 distinct names: 10,000 to warm up on, 40,000 timed, none of the timed ones seen before.
const pool = [...new Set(Array.from({ length: 90_000 }, synth))];
const warmNames = pool.slice(0, 10_000);
const names = pool.slice(10_000, 50_000);
// Per core: names (or scores) per CPU-second of this process, so other processes on a shared
// machine do not skew it; the CPU time includes V8's helper threads (garbage collector, optimising
// compiler), so it errs low. The wall-clock median of the batches is printed beside it.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
interface Rates { cpu: number; cpuMedian: number; wall: number }
function rates(batches: number, perBatch: number, run: (b: number) => void): Rates {
  const walls: number[] = [];
  const cpus: number[] = [];
  let cpu = 0;
  for (let b = 0; b < batches; b++) {
    const c = cpuMs();
    const t = performance.now();
    run(b);
    walls.push(perBatch / ((performance.now() - t) / 1000));
    const used = cpuMs() - c;
    cpus.push(perBatch / (Math.max(used, 0.001) / 1000));
    cpu += used;
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  return { cpu: (batches * perBatch) / (cpu / 1000), cpuMedian: median(cpus), wall: median(walls) };
}
const strings = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
// Cold start: the first 2,000 synthetic names right after the corpus (loads the tables and
// pinyin-pro's dictionary; the optimising compiler has not yet run). Printed for information.
for (const s of strings) {
  variants(s);
  blockingKeys(s);
}
const COLD = 2000;
const cold = rates(1, COLD, () => {
  for (let i = 0; i < COLD; i++) {
    variants(warmNames[i]!);
    blockingKeys(warmNames[i]!);
  }
});
// Warm-up on other names than those timed (the compiler optimises the hot functions; the memo
// tables learn the recurring surnames and syllables), then the timed names, all new to the process.
// The collection comes before the warm-up, not after it: a full collection shrinks the young
// generation, and the first timed batches would pay for growing it again.
globalThis.gc?.();
for (let i = COLD; i < warmNames.length; i++) {
  variants(warmNames[i]!);
  blockingKeys(warmNames[i]!);
}
const BATCH = 2000;
const nameRates = rates(Math.floor(names.length / BATCH), BATCH, (b) => {
  for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
    variants(names[i]!);
    blockingKeys(names[i]!);
  }
});
const prepared = names.slice(0, 5000).map((s) => prepare(s));
globalThis.gc?.();
let sink = 0;
const P = prepared.length;
const SB = 100_000;
const scoreRates = rates(10, SB, (b) => {
  for (let i = 0; i < SB; i++) sink += scorePrepared(prepared[(i * 7919 + b) % P]!, prepared[(i * 104729 + 3 * b + 1) % P]!);
});
if (sink < 0) console.log(sink);
const namesPerS = nameRates.cpu;
const scoresPerS = scoreRates.cpu;
console.log(`speed (per CPU-second): ${Math.round(namesPerS)} names/s (variants + blocking keys of ${names.length} distinct synthetic names not seen before, after a warm-up on ${warmNames.length} others; median batch ${Math.round(nameRates.cpuMedian)}), ${Math.round(scoresPerS)} scores/s (scorePrepared on random pairs of ${P} prepared names)`);
console.log(`  cold start (first ${COLD} names after the corpus, before the warm-up): ${Math.round(cold.cpu)} names/s per CPU-second`);
console.log(`speed (wall clock, median batch): ${Math.round(nameRates.wall)} names/s, ${Math.round(scoreRates.wall)} scores/s; machine load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
const prepRates = rates(10, BATCH, (b) => {
  for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
    prepare(names[i]!);
    blockingKeys(names[i]!);
  }
});
console.log(`  prepare + blocking keys only (what matching needs), same names again (token caches warm): ${Math.round(prepRates.cpu)} names/s per CPU-second`);
// The same on names never seen before in this process (only the per-token and per-syllable caches
// carry over from other names, as they would in a real import).
const seen = new Set(pool);
const fresh = [...new Set(Array.from({ length: 60_000 }, synth))].filter((s) => !seen.has(s)).slice(0, 10 * BATCH);
const freshRates = rates(Math.floor(fresh.length / BATCH), BATCH, (b) => {
  for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
    prepare(fresh[i]!);
    blockingKeys(fresh[i]!);
  }
});
console.log(`  prepare + blocking keys only, ${fresh.length} names not seen before: ${Math.round(freshRates.cpu)} names/s per CPU-second`);
console.log(`names: auc=${A.toFixed(4)} accuracy=${m.accuracy.toFixed(4)} fuse_auc=${F.toFixed(4)} jw_auc=${J.toFixed(4)} names_per_s=${Math.round(namesPerS)} scores_per_s=${Math.round(scoresPerS)} prepare_keys_per_s=${Math.round(freshRates.cpu)} cold_names_per_s=${Math.round(cold.cpu)}`);
