// `npx tsx bench/tracing/dev/lead-phases.ts DIR ENGINE` (ENGINE sqlite or postgres): where a new
// lead's time goes, phase by phase (the steps of matchLead, timed apart), against a registry kept by
// `npm run bench -- tracing --keep DIR`; also the rank of the true child among the index hits. For
// diagnosis, not a benchmark: its leads are removed again at the end.
import { newId } from '../../../apps/server/src/services/context.ts';
import { newRecordKey } from '../../../apps/server/src/crypto/envelope.ts';
import { postingCounts, soughtOfOrganisation, writeLeadIndex, bestPairs, topPairs, serialisePair, storeCandidates, paramsFor } from '../../../apps/server/src/matching/engine.ts';
import { valuesToFetch, rankOwners, FETCH_BUDGET } from '../../../apps/server/src/matching/hits.ts';
import { queryValueGroups } from '../../../apps/server/src/matching/keys.ts';
import { birthYears, modelWith, prepareMatchRecord } from '../../../apps/server/src/matching/model.ts';
import { leadRecord, openLead, openPerson, personRecord } from '../../../apps/server/src/matching/records.ts';
import { generate } from '../generate.ts';
import { openKept } from './kept.ts';

const { deps, kept } = await openKept(process.argv[2], process.argv[3], 'lead-phases.ts');
const org = (await deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
const reg = generate(kept.cases, kept.leads, 100, kept.caseworkers);
const phases: Record<string, number[]> = {};
const tick = (() => { let t = performance.now(); return (name: string) => { const n = performance.now(); (phases[name] ??= []).push(n - t); t = n; }; })();
const stats: Record<string, number[]> = {};
const stat = (k: string, v: number) => (stats[k] ??= []).push(v);
const ids: string[] = [];
for (const l of reg.newLeads) {
  const id = newId();
  ids.push(id);
  const key = newRecordKey(deps.kr, 'leads', id);
  const s: Record<string, unknown> = { names: [{ text: l.name, kind: 'legal' }], source: 'bench', receivedOn: { year: 2025 } };
  if (l.birth) s.birth = l.birth;
  if (l.approxAge) s.approxAge = l.approxAge;
  if (l.placeCode) { s.placeCode = l.placeCode; s.place = l.placeCode; }
  const at = new Date().toISOString();
  await deps.db.insertInto('leads').values({ id, organisation_id: org, case_id: null, version: 1, sex: l.sex ?? null, reliability: 'medium', wrapped_key: key.wrapped, sealed: key.seal('sealed', s), created_at: at, updated_at: at } as never).execute();
  tick('start');
  const c0 = process.cpuUsage();
  await deps.db.transaction().execute(async (trx) => {
    const lead = await trx.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const existing = await trx.selectFrom('match_candidates').selectAll().where('lead_id', '=', id).execute();
    tick('read lead');
    const rec = leadRecord(openLead(deps.kr, lead), lead.sex);
    await writeLeadIndex(deps, trx, org, id, rec);
    tick('write index');
    const params = await paramsFor(trx, org);
    const model = modelWith(params);
    const groups = queryValueGroups(deps.kr, rec.names, birthYears(rec.birth));
    tick('params+keys');
    const all = [...new Set(groups.flat())];
    const counts = await postingCounts(trx, org, ['sought'], all);
    stat('values', all.length);
    tick('postingCounts');
    const { values } = valuesToFetch(counts, Number(process.env.BUDGET ?? FETCH_BUDGET));
    const rows = await trx.selectFrom('match_index').select(['value', 'owner_id']).where('organisation_id', '=', org).where('owner_table', 'in', ['sought']).where('value', 'in', values).execute();
    stat('rows', rows.length);
    stat('fetched values', values.length);
    tick('fetch postings');
    const hits = rankOwners(groups, counts, rows.map((r) => [Number(r.value), r.owner_id] as const), 400);
    tick('rank');
    const people = await soughtOfOrganisation(trx, org, hits);
    tick('people rows');
    const opened = people.map((r) => ({ r, pr: personRecord(openPerson(deps.kr, r), r.sex) }));
    tick('decrypt');
    const prepared = prepareMatchRecord(model, rec);
    const others = opened.map(({ r, pr }) => ({ item: r, rec: pr, prepared: prepareMatchRecord(model, pr) }));
    tick('prepare');
    // The quick filter alone first (its result is thrown away): the split of score+explain.
    topPairs(model, prepared, others, false);
    tick('quick filter');
    const best = bestPairs(params, prepared, rec, others, false);
    stat('kept', best.length);
    const pos = new Map(hits.map((h, i) => [h, i]));
    for (const b of best) stat('kept pos', pos.get(b.item.id)!);
    if (best.length > 0) stat('max kept pos', Math.max(...best.map((b) => pos.get(b.item.id)!)));
    if (l.truth !== -1) {
      const cid = (await trx.selectFrom('cases').select('id').where('ref_seq', '=', l.truth[0] + 1).executeTakeFirst())?.id;
      const at = people.findIndex((p) => p.case_id === cid);
      stat('true pos', at < 0 ? 9999 : pos.get(people[at]!.id)!);
      stat('true kept', best.some((b) => b.item.case_id === cid) ? 1 : 0);
    }
    tick('score+explain');
    const pairs = best.map(({ item, scored }) => serialisePair({ ...scored, personId: item.id, caseId: item.case_id, leadId: id }));
    await storeCandidates(deps, trx, org, pairs, existing);
    tick('store');
  });
  tick('commit');
  const c1 = process.cpuUsage(c0);
  stat('cpu user ms', Math.round(c1.user / 1000));
  stat('cpu sys ms', Math.round(c1.system / 1000));
}
const pct = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]!; };
const total: number[] = ids.map((_, i) => Object.entries(phases).filter(([k]) => k !== 'start').reduce((a, [, v]) => a + v[i]!, 0));
for (const [k, v] of Object.entries(phases)) if (k !== 'start') console.log(`${k.padEnd(16)} median ${pct(v, 0.5).toFixed(1)} p95 ${pct(v, 0.95).toFixed(1)} mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)}`);
console.log(`TOTAL            median ${pct(total, 0.5).toFixed(1)} p95 ${pct(total, 0.95).toFixed(1)}`);
for (const [k, v] of Object.entries(stats)) console.log(`${k.padEnd(16)} n ${v.length} median ${pct(v, 0.5)} p90 ${pct(v, 0.9)} p95 ${pct(v, 0.95)} max ${Math.max(...v)} sum ${v.reduce((a, b) => a + b, 0)}`);
// clean up
for (const id of ids) {
  await deps.db.deleteFrom('match_candidates').where('lead_id', '=', id).execute();
  await deps.db.deleteFrom('match_index').where('owner_id', '=', id).execute();
  await deps.db.deleteFrom('leads').where('id', '=', id).execute();
}
await deps.db.destroy();
