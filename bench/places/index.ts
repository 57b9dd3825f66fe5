/**
 * Places benchmark: accuracy of resolve() on the labelled set beside a
 * baseline of exact Chinese-name lookup, then speed, load time and memory.
 *
 *   npm run bench -- places
 *
 * Last line: places: top1=A top5=B baseline_top1=C queries_per_s=Q load_s=L rss_mb=M
 * queries_per_s and load_s are per CPU-second of this single-threaded process
 * (time on one core); the wall-clock figures are printed on the lines above.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { loadGazetteer, getGazetteer, rowAt } from '../../packages/gazetteer/src/data.ts';
import { resolve } from '../../packages/gazetteer/src/index.ts';

const here = new URL('.', import.meta.url).pathname;
const labelled = readFileSync(`${here}../../packages/gazetteer/test/labelled.tsv`, 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [query, code, form] = l.split('\t'); return { query: query!, code: code!, form: form! }; });

// Load first, alone, so load time and memory are the dataset's own.
globalThis.gc?.();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const g = getGazetteer();
const loadWall = (performance.now() - t0) / 1000;
const loadCpu = (() => { const c = process.cpuUsage(cpu0); return (c.user + c.system) / 1e6; })();

// Baseline: what a plain lookup table of official Chinese names finds (first place of that exact name).
const exactZh = new Map<string, string>();
for (let i = 0; i < g.size; i++) { const f = rowAt(g, i); if (!exactZh.has(f[3]!)) exactZh.set(f[3]!, f[0]!); }

let top1 = 0, top5 = 0, base1 = 0;
const byForm = new Map<string, [number, number]>();
const misses: string[] = [];
for (const { query, code, form } of labelled) {
  const got = resolve(query, { limit: 5 }).map((c) => c.code);
  const hit1 = got[0] === code;
  if (hit1) top1++;
  if (got.includes(code)) top5++;
  else misses.push(`  ${query} -> expected ${code}, got ${got.slice(0, 3).join(', ') || '(nothing)'}`);
  if (exactZh.get(query.trim()) === code) base1++;
  const f = byForm.get(form) ?? [0, 0];
  byForm.set(form, [f[0] + (hit1 ? 1 : 0), f[1] + 1]);
}
const n = labelled.length;
console.log(`labelled queries: ${n}`);
for (const [form, [ok, all]] of [...byForm].sort()) console.log(`  ${form.padEnd(7)} top1 ${ok}/${all}`);
if (misses.length) console.log(`not in top 5 (${misses.length}):\n${misses.slice(0, 30).join('\n')}`);

// Throughput on one core: the labelled queries, repeated, after a warm-up
// pass. resolve() is synchronous and single-threaded, so the process's CPU
// time is the time on one core; it is the figure reported, because on a
// shared, oversubscribed machine wall time also counts the time other
// processes held the core. Both are printed.
for (const { query } of labelled) resolve(query);
const rounds = 8;
const ts = performance.now();
const cq0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const { query } of labelled) resolve(query);
const cq = process.cpuUsage(cq0);
const qpsWall = (rounds * n) / ((performance.now() - ts) / 1000);
const qps = (rounds * n) / ((cq.user + cq.system) / 1e6);

globalThis.gc?.();
const rss = process.memoryUsage().rss / 1e6;
// A second, cold load measured on its own to show load time is stable.
const again = loadGazetteer().loadSeconds;
console.log(`load: ${loadWall.toFixed(3)} s wall, ${loadCpu.toFixed(3)} s CPU on one core (second load ${again.toFixed(3)} s wall); places ${g.size}, keys ${g.keyCount}`);
console.log(`speed: ${Math.round(qps)} queries per CPU-second, ${Math.round(qpsWall)} queries per wall-second; machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
const f = (x: number, d = 3) => x.toFixed(d);
console.log(`places: top1=${f(top1 / n)} top5=${f(top5 / n)} baseline_top1=${f(base1 / n)} queries_per_s=${Math.round(qps)} load_s=${f(loadCpu)} rss_mb=${Math.round(rss)}`);
