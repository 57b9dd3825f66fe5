// `npm run bench -- link [--only febrl4|fake1000|hist50k]`: accuracy and time of
// @homeward/match on public labelled data, beside two baselines computed on the
// same blocked pairs: exact rules (names and date all equal) and Jaro-Winkler on
// the full name alone (top-1 candidate per record, JW >= 0.9).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildBlocking, clusterPairs, compareRows, createModel, describeParams, forEachCandidate, jaroWinkler, linkRecords, parseCsv,
  prepareTable, type BlockingRule, type FieldSpec, type RecordLike,
} from '@homeward/match';
import { clusterPairSet, DATA, exactClusterRate, f3, fmt, loadCsv, pairKey, prf, type Prf } from './lib.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, workers: { type: 'string' } } });
const workers = args.workers === undefined ? undefined : Number(args.workers);

interface Case {
  name: string;
  records: RecordLike[];
  split?: number;
  fields: FieldSpec[];
  blocking?: BlockingRule[];
  nameOf: (r: RecordLike) => string;
  truth: Set<number>;
  clusters?: (string | number)[];
  labels?: { a: number; b: number; match: boolean }[];
}

function baselines(c: Case): { exact: Prf; jw: Prf } {
  const model = createModel({ fields: c.fields, blocking: c.blocking });
  const table = prepareTable(model, c.records);
  const blocking = buildBlocking(model, table, { split: c.split });
  const strong = c.fields.map((f, i) => (['name', 'surname', 'given', 'date'].includes(f.type) ? i : -1)).filter((i) => i >= 0);
  const v = new Uint8Array(c.fields.length);
  const exact: number[] = [];
  const names = c.records.map((r) => c.nameOf(r));
  const best = new Map<number, { j: number; s: number }>();
  const consider = (i: number, j: number, s: number) => {
    const b = best.get(i);
    if (!b || s > b.s) best.set(i, { j, s });
  };
  forEachCandidate(blocking, (i, j) => {
    compareRows(model, table, i, j, v, 0);
    if (strong.every((f) => v[f] === 0)) exact.push(pairKey(i, j));
    const s = jaroWinkler(names[i]!, names[j]!);
    consider(i, j, s);
    if (c.split === undefined) consider(j, i, s);
  });
  const jw: number[] = [];
  for (const [i, b] of best) if (b.s >= 0.9) jw.push(pairKey(i, b.j));
  return { exact: prf(exact, c.truth), jw: prf(jw, c.truth) };
}

async function runCase(c: Case): Promise<{ res: Prf; seconds: number }> {
  console.log(`\n== ${c.name}: ${c.records.length} records, ${c.truth.size} true pairs (${c.split === undefined ? 'deduplication' : 'linkage'})`);
  const t0 = performance.now();
  const r = await linkRecords({ fields: c.fields, blocking: c.blocking }, c.records, { split: c.split, threshold: 0.5, workers });
  const seconds = (performance.now() - t0) / 1000;
  const predicted = Array.from(r.left, (i, k) => pairKey(i, r.right[k]!));
  const res = prf(predicted, c.truth);
  const s = r.stats;
  console.log(`blocked (upper bound) ${s.candidatePairsUpperBound}, compared ${s.compared}, kept ${s.kept}, workers ${s.workers}, skipped blocks ${s.skippedBlocks.length}`);
  console.log(`seconds: prepare ${f3(s.seconds.prepare)} block ${f3(s.seconds.block)} train ${f3(s.seconds.train)} score ${f3(s.seconds.score)} total ${f3(seconds)}`);
  console.log(describeParams(r.params).split('\n').slice(-3).join('\n'));
  console.log(`homeward/match (unsupervised, p>=0.5): ${fmt(res)}`);
  if (c.labels) {
    const kept = new Set(predicted);
    const lp = prf(c.labels.filter((l) => kept.has(pairKey(l.a, l.b))).map((l) => pairKey(l.a, l.b)), new Set(c.labels.filter((l) => l.match).map((l) => pairKey(l.a, l.b))));
    console.log(`  on the ${c.labels.length} clerically labelled pairs: ${fmt(lp)}`);
  }
  if (c.clusters) {
    const cl = clusterPairs(c.records.length, r.left, r.right);
    const cp = prf(clusterPairSet(cl.of), c.truth);
    console.log(`  clusters: ${cl.count} found (true ${new Set(c.clusters).size}); cluster pairwise ${fmt(cp)}; exact clusters ${f3(exactClusterRate(cl.of, c.clusters))}; large-cluster warnings ${cl.warnings.length}`);
  }
  const b = baselines(c);
  console.log(`baseline exact rules (names and date equal):  ${fmt(b.exact)}`);
  console.log(`baseline Jaro-Winkler on names (top-1, >=0.9): ${fmt(b.jw)}`);
  return { res, seconds };
}

const fullName = (g: string, s: string) => (r: RecordLike) => `${r[g] ?? ''} ${r[s] ?? ''}`.trim();
const out: string[] = [];

if (!args.only || args.only === 'febrl4') {
  const a = loadCsv('dataset4a.csv');
  const b = loadCsv('dataset4b.csv');
  const id = (r: RecordLike) => String(r.rec_id).split('-')[1]!;
  const byId = new Map(a.map((r, i) => [id(r), i]));
  const truth = new Set<number>();
  b.forEach((r, j) => { const i = byId.get(id(r)); if (i !== undefined) truth.add(pairKey(i, a.length + j)); });
  const { res, seconds } = await runCase({
    name: 'FEBRL4 (dataset4a x dataset4b, without soc_sec_id)',
    records: [...a, ...b],
    split: a.length,
    fields: [
      { name: 'given_name', type: 'given' }, { name: 'surname', type: 'surname' }, { name: 'street_number', type: 'number' },
      { name: 'address_1', type: 'text' }, { name: 'address_2', type: 'text' }, { name: 'suburb', type: 'place' },
      { name: 'postcode', type: 'code' }, { name: 'state', type: 'code' }, { name: 'date_of_birth', type: 'date' },
    ],
    nameOf: fullName('given_name', 'surname'),
    truth,
  });
  out.push(`febrl4_precision=${f3(res.precision)} febrl4_recall=${f3(res.recall)} febrl4_f1=${f3(res.f1)} febrl4_seconds=${seconds.toFixed(1)}`);
}

if (!args.only || args.only === 'fake1000') {
  const recs = loadCsv('fake_1000.csv');
  const clusters = recs.map((r) => String(r.cluster));
  const ix = new Map(recs.map((r, i) => [String(r.unique_id), i]));
  const lt = parseCsv(readFileSync(join(DATA, 'fake_1000_labels.csv'), 'utf8'));
  const col = (n: string) => lt.header.indexOf(n);
  const labels = lt.rows.map((r) => ({ a: ix.get(r[col('unique_id_l')]!)!, b: ix.get(r[col('unique_id_r')]!)!, match: Number(r[col('clerical_match_score')]) >= 0.5 }));
  const { res, seconds } = await runCase({
    name: 'fake_1000 (Splink demo)',
    records: recs,
    fields: [{ name: 'first_name', type: 'given' }, { name: 'surname', type: 'surname' }, { name: 'dob', type: 'date' }, { name: 'city', type: 'place' }, { name: 'email', type: 'code' }],
    blocking: [
      { on: [{ field: 'first_name' }] }, { on: [{ field: 'surname' }] }, { on: [{ field: 'dob', use: 'exact' }] },
      { on: [{ field: 'email', use: 'exact' }] }, { on: [{ field: 'city', use: 'exact' }, { field: 'dob' }] },
    ],
    nameOf: fullName('first_name', 'surname'),
    truth: clusterPairSet(clusters),
    clusters,
    labels,
  });
  out.push(`fake1000_precision=${f3(res.precision)} fake1000_recall=${f3(res.recall)} fake1000_f1=${f3(res.f1)} fake1000_seconds=${seconds.toFixed(1)}`);
}

if (!args.only || args.only === 'hist50k') {
  const recs = loadCsv('historical_figures_with_errors_50k.csv');
  const clusters = recs.map((r) => String(r.cluster));
  const { res, seconds } = await runCase({
    name: 'historical_figures_with_errors_50k (Splink demo)',
    records: recs,
    fields: [
      { name: 'first_name', type: 'given' }, { name: 'surname', type: 'surname' }, { name: 'dob', type: 'date' },
      { name: 'birth_place', type: 'place' }, { name: 'postcode_fake', type: 'code' }, { name: 'gender', type: 'sex' }, { name: 'occupation', type: 'text' },
    ],
    // Splink's own demo blocks on first_name+surname, surname+dob, first_name+dob, postcode+first_name.
    blocking: [
      { on: [{ field: 'first_name' }, { field: 'surname' }] },
      { on: [{ field: 'surname' }, { field: 'dob' }] },
      { on: [{ field: 'first_name' }, { field: 'dob' }] },
      { on: [{ field: 'postcode_fake', use: 'exact' }, { field: 'first_name' }] },
    ],
    nameOf: fullName('first_name', 'surname'),
    truth: clusterPairSet(clusters),
    clusters,
  });
  out.push(`hist50k_precision=${f3(res.precision)} hist50k_recall=${f3(res.recall)} hist50k_f1=${f3(res.f1)} hist50k_seconds=${seconds.toFixed(1)}`);
}

console.log(`link: ${out.join(' ')}`);
