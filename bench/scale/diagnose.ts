// Not a benchmark: where the scale benchmark's recall goes before scoring.
// `node --import tsx bench/scale/diagnose.ts [N] [maxBlockSize]` prints, per
// field, distinct values and blocking keys per value; per rule, block sizes,
// split and skipped blocks; and the share of true pairs that blocking finds
// at all (the ceiling for the model's recall).
import { buildBlocking, createModel, forEachCandidate, prepareTable } from '@homeward/match';
import { generate } from './generate.ts';
import { scaleSpec } from './spec.ts';

const n = Number(process.argv[2] ?? 100_000);
const spec = scaleSpec(Number(process.argv[3] ?? 100));
const { records, entity } = generate(n, 2026);
const model = createModel(spec);
let t = performance.now();
const table = prepareTable(model, records);
console.log(`prepare ${((performance.now() - t) / 1000).toFixed(2)} s`);
table.columns.forEach((c, f) => {
  let keys = 0;
  let most = 0;
  c.keys.forEach((k, v) => {
    const ks = model.comparators[f]!.blockKeys(k, c.values[v]);
    keys += ks.length;
    most = Math.max(most, ks.length);
  });
  console.log(`${spec.fields[f]!.name}: ${c.keys.length} distinct values, ${(keys / Math.max(1, c.keys.length)).toFixed(1)} blocking keys per value (at most ${most})`);
});
t = performance.now();
const b = buildBlocking(model, table);
console.log(`block ${((performance.now() - t) / 1000).toFixed(2)} s; pairs per rule (upper bound) ${b.rulePairs.join(', ')}; big blocks split per rule ${b.refinedBlocks.join(', ')}; skipped ${b.skippedBlocks.length}`);
b.index.forEach((ix, r) => {
  const sizes: number[] = [];
  for (let k = 0; k + 1 < ix.keyOffsets.length; k++) sizes.push(ix.keyOffsets[k + 1]! - ix.keyOffsets[k]!);
  sizes.sort((x, y) => y - x);
  console.log(`rule ${r + 1}: ${sizes.length} blocks, ${(ix.recKeys.length / n).toFixed(1)} per record, largest ${sizes.slice(0, 5).join(', ')}`);
});
// True pairs as one number each (i * n + j, i < j): exact below 2^53 for any n here.
const members = new Map<number, number[]>();
entity.forEach((e, i) => {
  const l = members.get(e);
  if (l) l.push(i); else members.set(e, [i]);
});
const truth = new Set<number>();
for (const l of members.values()) for (let a = 0; a < l.length; a++) for (let c = a + 1; c < l.length; c++) truth.add(l[a]! * n + l[c]!);
let found = 0;
let compared = 0;
forEachCandidate(b, (i, j) => {
  compared++;
  if (truth.has(i * n + j)) found++;
});
console.log(`candidate pairs ${compared}; true pairs ${truth.size}, blocked ${found} (blocking recall ${(found / truth.size).toFixed(3)})`);
