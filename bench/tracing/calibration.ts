// Calibration of the probabilities Homeward shows, measured on public
// labelled data (bench/data, see PROVENANCE.md):
// - Splink's fake_1000 with its 3,176 clerically labelled pairs;
// - Splink's historical_figures_with_errors_50k: pairs of records sharing a
//   surname (what a name-key lookup yields), labelled by Wikidata cluster.
// Each pair is scored by the server's own model (apps/server/src/matching),
// split in halves by a fixed hash; an isotonic map (pool-adjacent-violators)
// is fitted on the training half, and reliability tables (predicted bucket vs
// observed rate) are printed for the held-out half before and after.
import { parseDate, rng, type ApproximateAge, type PartialDate } from '@homeward/match';
import { loadCsv } from '../link/lib.ts';
import { calibrate, CALIBRATION_KNOTS, fitFromDecisions, fitIsotonic, reliability } from '../../apps/server/src/matching/calibration.ts';
import { randomBytes } from 'node:crypto';
import { keyringFrom } from '../../apps/server/src/crypto/envelope.ts';
import { bestPairs, MAX_HITS } from '../../apps/server/src/matching/engine.ts';
import { queryValues, storedValues } from '../../apps/server/src/matching/keys.ts';
import { birthOf, birthYears, DEFAULT_PARAMS, modelWith, prepareMatchRecord, scoreRecords, type MatchRecord, type PreparedMatchRecord } from '../../apps/server/src/matching/model.ts';
import { generate } from './generate.ts';

export interface Labelled { a: MatchRecord; b: MatchRecord; match: boolean }

function rec(name: string, dob: string | undefined, place: string | undefined, sex: string | undefined): MatchRecord {
  const r: MatchRecord = { names: name.trim() ? [name.trim()] : [] };
  const d = dob ? parseDate(dob) : undefined;
  if (d) r.birth = d as PartialDate | ApproximateAge;
  if (place) r.place = place;
  if (sex) r.sex = sex;
  return r;
}

/** Labelled pairs of the public data sets. */
export function labelledPairs(historicalPairs = 6000): { source: string; pairs: Labelled[] }[] {
  const fake = loadCsv('fake_1000.csv');
  const byId = new Map(fake.map((r) => [String(r.unique_id), r]));
  const fakePairs: Labelled[] = [];
  for (const l of loadCsv('fake_1000_labels.csv')) {
    const a = byId.get(String(l.unique_id_l));
    const b = byId.get(String(l.unique_id_r));
    if (!a || !b) continue;
    const mk = (r: typeof a) => rec(`${String(r.first_name ?? '')} ${String(r.surname ?? '')}`, r.dob as string | undefined, r.city as string | undefined, undefined);
    fakePairs.push({ a: mk(a), b: mk(b), match: Number(l.clerical_match_score) >= 0.5 });
  }
  const hist = loadCsv('historical_figures_with_errors_50k.csv');
  const bySurname = new Map<string, number[]>();
  hist.forEach((r, i) => {
    const s = String(r.surname ?? '').toLowerCase();
    if (!s) return;
    const list = bySurname.get(s) ?? [];
    list.push(i);
    bySurname.set(s, list);
  });
  const blocks = [...bySurname.values()].filter((b) => b.length >= 2 && b.length <= 200);
  const r = rng(7);
  const histPairs: Labelled[] = [];
  const mk = (x: (typeof hist)[number]) => rec(`${String(x.first_name ?? '')} ${String(x.surname ?? '')}`, x.dob as string | undefined, x.birth_place as string | undefined, x.gender as string | undefined);
  for (let k = 0; k < historicalPairs * 4 && histPairs.length < historicalPairs; k++) {
    const b = blocks[Math.floor(r() * blocks.length)]!;
    const i = b[Math.floor(r() * b.length)]!;
    const j = b[Math.floor(r() * b.length)]!;
    if (i === j) continue;
    histPairs.push({ a: mk(hist[i]!), b: mk(hist[j]!), match: hist[i]!.cluster === hist[j]!.cluster });
  }
  return [{ source: 'fake_1000 clerical labels', pairs: fakePairs }, { source: 'historical figures, same-surname pairs', pairs: histPairs }];
}

/** Raw model probability of each pair. */
export function scorePairs(pairs: readonly Labelled[]): { p: number; y: number }[] {
  const model = modelWith(DEFAULT_PARAMS);
  return pairs.map((x) => ({ p: scoreRecords(model, prepareMatchRecord(model, x.a), prepareMatchRecord(model, x.b)).probability, y: x.match ? 1 : 0 }));
}

/** Expected calibration error: bucket-weighted |predicted - observed|. */
export function ece(rows: ReturnType<typeof reliability>): number {
  const n = rows.reduce((s, r) => s + r.n, 0);
  return n === 0 ? 0 : rows.reduce((s, r) => s + (r.n / n) * Math.abs(r.predicted - r.observed), 0);
}

export function printTable(title: string, rows: ReturnType<typeof reliability>): void {
  console.log(title);
  console.log('  bucket      n  predicted  observed');
  for (const r of rows) {
    if (r.n === 0) continue;
    console.log(`  ${r.lo.toFixed(1)}-${r.hi.toFixed(1)} ${String(r.n).padStart(6)}  ${r.predicted.toFixed(3).padStart(9)}  ${r.observed.toFixed(3).padStart(8)}`);
  }
  console.log(`  expected calibration error ${ece(rows).toFixed(3)}`);
}

/** Thin a knot list to at most `max` knots, keeping the ends. */
function thin(knots: [number, number][], max: number): [number, number][] {
  if (knots.length <= max) return knots;
  const out: [number, number][] = [];
  for (let i = 0; i < max; i++) out.push(knots[Math.round((i * (knots.length - 1)) / (max - 1))]!);
  return out;
}

/**
 * Prints raw and calibrated reliability on the held-out half, and the knots
 * fitted on the training half (to be kept in calibration.ts). Returns the
 * held-out expected calibration error with the shipped knots.
 */
export function runCalibration(): { eceRaw: number; eceShipped: number; eceFitted: number; eceOrg: number; knots: [number, number][] } {
  const all: { p: number; y: number }[] = [];
  for (const { source, pairs } of labelledPairs()) {
    const s = scorePairs(pairs);
    console.log(`${source}: ${pairs.length} pairs, ${pairs.filter((p) => p.match).length} matches`);
    all.push(...s);
  }
  const train = all.filter((_, i) => i % 2 === 0);
  const test = all.filter((_, i) => i % 2 === 1);
  const knots = thin(fitIsotonic(train), 64).map(([x, y]) => [Number(x.toPrecision(4)), Number(y.toFixed(4))] as [number, number]);
  const raw = reliability(test);
  const shipped = reliability(test.map(({ p, y }) => ({ p: calibrate(p), y })));
  const fitted = reliability(test.map(({ p, y }) => ({ p: calibrate(p, knots), y })));
  printTable('reliability, held-out half, raw model probability:', raw);
  printTable('reliability, held-out half, with the shipped calibration map (CALIBRATION_KNOTS):', shipped);
  printTable('reliability, held-out half, with the map fitted now on the training half:', fitted);
  // What POST /api/matches/retrain does for an organisation whose caseworkers decided the training half.
  const orgKnots = fitFromDecisions(train);
  const org = reliability(test.map(({ p, y }) => ({ p: calibrate(p, orgKnots ?? CALIBRATION_KNOTS), y })));
  printTable(`reliability, held-out half, with an organisation's own map (fitFromDecisions on the training half: ${orgKnots ? 'fitted' : 'too few decisions, shipped map'}):`, org);
  console.log(`fitted knots (${knots.length}; shipped ${CALIBRATION_KNOTS.length}): ${JSON.stringify(knots)}`);
  return { eceRaw: ece(raw), eceShipped: ece(shipped), eceFitted: ece(fitted), eceOrg: ece(org), knots };
}

/**
 * The population Homeward actually shows: candidates of generated leads
 * among generated sought children, found through the server's own index
 * values and scored by its model (no database: the index is held in memory),
 * labelled by the generator's truth. Returns raw probabilities and labels.
 */
export function generatedCandidates(cases: number, leads: number, seed = 11): { p: number; y: number }[] {
  const kr = keyringFrom(randomBytes(32));
  const reg = generate(cases, leads, 2, 10, seed);
  const model = modelWith(DEFAULT_PARAMS);
  const sought: { ci: number; rec: MatchRecord; prepared?: PreparedMatchRecord }[] = [];
  const byValue = new Map<number, number[]>();
  reg.cases.forEach((c, ci) => {
    for (const p of c.sought) {
      const rec: MatchRecord = { names: [p.hanzi, p.hangul, p.latin], place: `@${p.placeCode}`, sex: p.sex };
      const b = birthOf(p.birth);
      if (b) rec.birth = b;
      const k = sought.length;
      sought.push({ ci, rec });
      for (const v of storedValues(kr, rec.names, birthYears(rec.birth), true)) {
        const list = byValue.get(v);
        if (list) list.push(k);
        else byValue.set(v, [k]);
      }
    }
  });
  const out: { p: number; y: number }[] = [];
  for (const l of reg.leads) {
    const rec: MatchRecord = { names: [l.name] };
    const b = birthOf(l.birth, l.approxAge);
    if (b) rec.birth = b;
    if (l.placeCode) rec.place = `@${l.placeCode}`;
    if (l.sex) rec.sex = l.sex;
    const counts = new Map<number, number>();
    for (const v of queryValues(kr, rec.names, birthYears(rec.birth))) for (const k of byValue.get(v) ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
    const top = [...counts].sort((a, b2) => b2[1] - a[1] || a[0] - b2[0]).slice(0, MAX_HITS);
    const others = top.map(([k]) => {
      const s = sought[k]!;
      s.prepared ??= prepareMatchRecord(model, s.rec);
      return { item: k, rec: s.rec, prepared: s.prepared };
    });
    // The server's own filter and scoring (engine.bestPairs): what it would store and show.
    const scored = bestPairs(DEFAULT_PARAMS, prepareMatchRecord(model, rec), rec, others, false).map((x) => ({ k: x.item, p: x.scored.raw }));
    for (const x of scored) out.push({ p: x.p, y: l.truth !== -1 && l.truth[0] === sought[x.k]!.ci ? 1 : 0 });
  }
  return out;
}

/** Reliability of the generated candidates, raw, shipped and refitted; returns the refitted knots. */
export function runGeneratedCalibration(cases: number, leads: number): { eceRaw: number; eceShipped: number; eceFitted: number; knots: [number, number][] } {
  const all = generatedCandidates(cases, leads);
  console.log(`generated registry: ${cases} cases, ${leads} leads, ${all.length} candidates, ${all.filter((x) => x.y === 1).length} true`);
  const train = all.filter((_, i) => i % 2 === 0);
  const test = all.filter((_, i) => i % 2 === 1);
  const knots = thin(fitIsotonic(train), 64).map(([x, y]) => [Number(x.toPrecision(4)), Number(y.toFixed(4))] as [number, number]);
  const raw = reliability(test);
  const shipped = reliability(test.map(({ p, y }) => ({ p: calibrate(p), y })));
  const fitted = reliability(test.map(({ p, y }) => ({ p: calibrate(p, knots), y })));
  printTable('generated candidates, held-out half, raw model probability:', raw);
  printTable('generated candidates, held-out half, shipped calibration map:', shipped);
  printTable('generated candidates, held-out half, map fitted now on the training half:', fitted);
  console.log(`fitted knots (${knots.length}): ${JSON.stringify(knots)}`);
  return { eceRaw: ece(raw), eceShipped: ece(shipped), eceFitted: ece(fitted), knots };
}
