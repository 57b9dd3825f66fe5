import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildBlocking, clusterPairs, createModel, forEachCandidate, linkRecords, prepareTable, scoreBlocked, scoreCandidates,
  scorePair, tableScorer, thresholdScorer, train, trainSupervised, weightFor, withParams, type ModelSpec,
} from '../src/index.ts';
import { people } from './fixtures.ts';

const spec: ModelSpec = {
  fields: [
    { name: 'given', type: 'given' },
    { name: 'surname', type: 'surname' },
    { name: 'dob', type: 'date' },
    { name: 'city', type: 'place' },
  ],
};
const records = people(400, 11);
const truth = (i: number, j: number) => records[i]!.truth === records[j]!.truth;

function trained() {
  const model = createModel(spec);
  const table = prepareTable(model, records);
  const blocking = buildBlocking(model, table);
  const { params } = train(model, table, blocking, { uPairs: 50_000 });
  return { model: withParams(model, params), table, blocking, params };
}
const T = trained();

describe('createModel', () => {
  it('rejects unknown types and duplicate fields', () => {
    expect(() => createModel({ fields: [{ name: 'x', type: 'colour' as never }] })).toThrow(/unknown field type "colour"/);
    expect(() => createModel({ fields: [{ name: 'x', type: 'name' }, { name: 'x', type: 'date' }] })).toThrow(/twice/);
    expect(() => createModel({ fields: [{ name: 'x', type: 'name' }], blocking: [{ on: [{ field: 'y' }] }] })).toThrow(/unknown field "y"/);
  });
});

describe('blocking', () => {
  it('emits each candidate pair once across overlapping rules', () => {
    const seen = new Set<string>();
    let dup = 0;
    let unordered = 0;
    forEachCandidate(T.blocking, (i, j) => {
      if (i >= j) unordered++;
      const k = `${i},${j}`;
      if (seen.has(k)) dup++;
      seen.add(k);
    });
    expect(dup).toBe(0);
    expect(unordered).toBe(0);
    expect(seen.size).toBeLessThanOrEqual(T.blocking.candidatePairsUpperBound);
  });
  it('finds every pair that shares a key of some rule', () => {
    const model = createModel({ ...spec, blocking: [{ on: [{ field: 'surname', use: 'exact' }] }, { on: [{ field: 'dob', use: 'exact' }] }] });
    const table = prepareTable(model, records);
    const b = buildBlocking(model, table);
    const got = new Set<number>();
    forEachCandidate(b, (i, j) => got.add(i * 10000 + j));
    let wrong = 0;
    let expected = 0;
    for (let i = 0; i < records.length; i++) for (let j = i + 1; j < records.length; j++) {
      const share = records[i]!.surname === records[j]!.surname || (records[i]!.dob !== undefined && records[i]!.dob === records[j]!.dob);
      if (share) expected++;
      if (got.has(i * 10000 + j) !== share) wrong++;
    }
    expect(wrong).toBe(0);
    expect(got.size).toBe(expected);
  });
  it('skips and reports blocks above the guard instead of exploding', () => {
    const model = createModel({ ...spec, blocking: [{ on: [{ field: 'city', use: 'exact' }], refine: [] }], maxBlockSize: 20 });
    const b = buildBlocking(model, prepareTable(model, records));
    expect(b.skippedBlocks.length).toBeGreaterThan(0);
    let n = 0;
    forEachCandidate(b, () => n++);
    expect(n).toBe(0);
  });
  it('splits big blocks by the refining fields instead of skipping them', () => {
    const rule = { on: [{ field: 'city', use: 'exact' as const }] };
    const whole = buildBlocking(createModel({ ...spec, blocking: [rule] }), prepareTable(createModel(spec), records), { maxBlockSize: 1e9 });
    const model = createModel({ ...spec, blocking: [{ ...rule, refine: [{ field: 'dob' }] }], maxBlockSize: 20 });
    const b = buildBlocking(model, prepareTable(model, records));
    expect(b.refinedBlocks[0]).toBeGreaterThan(0);
    const table = prepareTable(model, records);
    const year = (i: number) => table.columns[2]!.keys[table.columns[2]!.ids[i]!];
    const all = new Set<string>();
    forEachCandidate(whole, (i, j) => all.add(`${i},${j}`));
    const got = new Set<string>();
    forEachCandidate(b, (i, j) => got.add(`${i},${j}`));
    // Fewer pairs, all of them pairs of the unrefined rule, and every pair of
    // one city born in the same year (by the date's blocking keys) kept when
    // its sub-block fits under the guard.
    expect(got.size).toBeGreaterThan(0);
    expect(got.size).toBeLessThan(all.size);
    for (const p of got) expect(all.has(p)).toBe(true);
    const skippedSizes = b.skippedBlocks.length;
    if (skippedSizes === 0) {
      for (const p of all) {
        const [i, j] = p.split(',').map(Number) as [number, number];
        if (year(i) !== undefined && year(i) === year(j)) expect(got.has(p)).toBe(true);
      }
    }
  });
  it('splits blocks between shards without loss or overlap', () => {
    const all: string[] = [];
    forEachCandidate(T.blocking, (i, j) => all.push(`${i},${j}`));
    const parts: string[] = [];
    for (let s = 0; s < 3; s++) forEachCandidate(T.blocking, (i, j) => parts.push(`${i},${j}`), { index: s, count: 3 });
    expect(parts.sort()).toEqual(all.sort());
  });
});

describe('train and score', () => {
  it('learns that agreement is evidence for a match', () => {
    for (const f of T.params.fields) expect(Math.log2(f.m[0]! / f.u[0]!)).toBeGreaterThan(0);
    for (const f of T.params.fields) expect(f.m[f.m.length - 1]!).toBeLessThan(f.u[f.u.length - 1]!);
  });
  it('finds the planted duplicates', async () => {
    const r = await linkRecords(T.model, records, { params: T.params, threshold: 0.5, workers: 0 });
    let tp = 0;
    for (let k = 0; k < r.left.length; k++) if (truth(r.left[k]!, r.right[k]!)) tp++;
    const trueCount = records.length - 400;
    expect(tp / r.left.length).toBeGreaterThan(0.9);
    expect(tp / trueCount).toBeGreaterThan(0.9);
  });
  it('trains on a random subset of records for large jobs and still finds the duplicates', async () => {
    const r = await linkRecords(spec, records, { threshold: 0.5, workers: 0, maxTrainingRecords: 300, train: { uPairs: 20_000 } });
    expect(r.stats.trainingRecords).toBeLessThan(records.length);
    expect(r.stats.trainingRecords).toBeGreaterThan(200);
    let tp = 0;
    for (let k = 0; k < r.left.length; k++) if (truth(r.left[k]!, r.right[k]!)) tp++;
    expect(tp / r.left.length).toBeGreaterThan(0.85);
    expect(tp / (records.length - 400)).toBeGreaterThan(0.85);
  });
  it('probability is in [0, 1] and symmetric for arbitrary records', () => {
    const rec = fc.record({ given: fc.option(fc.string(), { nil: undefined }), surname: fc.option(fc.string(), { nil: undefined }), dob: fc.option(fc.string(), { nil: undefined }), city: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(fc.property(rec, rec, (a, b) => {
      const s = scorePair(T.model, a, b);
      expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(s.probability).toBeLessThanOrEqual(1);
      expect(scorePair(T.model, b, a).weight).toBeCloseTo(s.weight, 9);
      const sum = s.prior + s.contributions.reduce((x, c) => x + c.weight, 0);
      expect(sum).toBeCloseTo(s.weight, 9);
    }), { numRuns: 200 });
  });
  it('a missing value contributes nothing', () => {
    const a = { given: 'amelia', surname: 'smith', dob: '1970-01-02', city: 'ashford' };
    const s = scorePair(T.model, a, { ...a, city: undefined });
    const c = s.contributions.find((x) => x.field === 'city')!;
    expect(c.level).toBeNull();
    expect(c.weight).toBe(0);
  });
  it('a shared common surname says less than a shared rare one', () => {
    const model = withParams(T.model, {
      ...T.params,
      fields: T.params.fields.map((f) => (f.name === 'surname' ? { ...f, tf: { smith: 0.2, quartermaine: 0.0005 }, tfDefault: 0.0005 } : f)),
    });
    const w = (s: string) => scorePair(model, { surname: s }, { surname: s }).contributions[1]!;
    expect(w('smith').weight).toBeLessThan(w('quartermaine').weight);
    expect(w('smith').tfAdjustment).toBeLessThan(0);
    expect(w('smith').weight).toBeGreaterThanOrEqual(0);
  });
  it('parameters survive JSON and refuse a different model', () => {
    const saved = JSON.parse(JSON.stringify(T.params));
    const again = withParams(createModel(spec), saved);
    const a = { given: 'amelia', surname: 'smith', dob: '1970-01-02' };
    const b = { given: 'amelia', surname: 'smyth', dob: '1970-01' };
    expect(scorePair(again, a, b).weight).toBeCloseTo(scorePair(T.model, a, b).weight, 12);
    expect(() => withParams(createModel({ fields: [{ name: 'given', type: 'given' }] }), saved)).toThrow(/do not fit/);
  });
  it('scoreCandidates ranks a lead against candidates, best first', () => {
    const lead = { given: 'oliver', surname: 'hawthorne', dob: '1988-04' };
    const cands = [
      { given: 'ava', surname: 'king', dob: '1960-01-01' },
      { given: 'oliver', surname: 'hawthorne', dob: '1988-04-17', city: 'belmont' },
      { given: 'olivr', surname: 'hawthorne', dob: '1989' },
    ];
    const r = scoreCandidates(T.model, lead, cands);
    expect(r.map((x) => x.index)).toEqual([1, 2, 0]);
    expect(scoreCandidates(T.model, lead, cands, { threshold: 0.5 }).every((x) => x.probability >= 0.5)).toBe(true);
  });
  it('supervised m from confirmed matches', () => {
    const labelled = [];
    for (let i = 0; i + 1 < records.length; i++) if (truth(i, i + 1)) labelled.push({ i, j: i + 1, match: true });
    const p = trainSupervised(T.model, T.table, labelled, T.params);
    expect(p.fields[0]!.m[0]!).toBeGreaterThan(0.5);
    expect(p.prior).toBe(T.params.prior);
    expect(() => trainSupervised(T.model, T.table, [{ i: 0, j: 1, match: false }], T.params)).toThrow(/at least one/);
  });
});

describe('thresholdScorer', () => {
  it('gives the exact weight of every pair at or above the threshold, and gives up only below it', () => {
    const exact = tableScorer(T.model, T.table);
    const levels = new Uint8Array(spec.fields.length);
    for (const p of [0.01, 0.5, 0.99]) {
      const min = weightFor(p);
      const fast = thresholdScorer(T.model, T.table, min);
      forEachCandidate(T.blocking, (i, j) => {
        const w = exact(i, j, levels);
        const f = fast(i, j);
        if (w >= min) expect(f).toBeCloseTo(w, 9);
        else expect(f).toBeLessThan(min);
      });
    }
  });
});

describe('worker threads', () => {
  it('score the same pairs as this thread', async () => {
    const min = weightFor(0.5);
    const here = await scoreBlocked(T.model, T.table, T.blocking, min, 0);
    const there = await scoreBlocked(T.model, T.table, T.blocking, min, 2);
    expect(there.compared).toBe(here.compared);
    const key = (r: typeof here) => Array.from(r.left, (i, k) => `${i},${r.right[k]},${r.weight[k]!.toFixed(9)}`).sort();
    expect(key(there)).toEqual(key(here));
  });
});

describe('clusterPairs', () => {
  it('joins connected components and warns about implausibly large ones', () => {
    const c = clusterPairs(6, [0, 1, 3], [1, 2, 4], { maxPlausibleSize: 2 });
    expect(Array.from(c.of)).toEqual([0, 0, 0, 3, 3, 5]);
    expect(c.count).toBe(3);
    expect(c.warnings).toEqual([{ cluster: 0, size: 3 }]);
  });
});
