// `npx tsx bench/tracing/dev/full-match-cpu.ts DIR [N]`: CPU of the full match's ranking (and of explaining) for the
// first N (default 4000) sought persons of a SQLite registry kept by `npm run bench -- tracing --keep
// DIR`, in this thread, and how many name comparisons it made. For comparing two versions of the
// code on one machine (run them alternately: this machine's speed varied by a factor of two in a day).
import { join } from 'node:path';
import { loadConfig, openDeps } from '@homeward/server/operator';
import { explainSoughtPage, heldLeads, leadSet, rankSoughtPage, type HeldLead } from '../../../apps/server/src/matching/full-match-core.ts';
import { paramsFor, soughtOfOrganisation } from '../../../apps/server/src/matching/engine.ts';
import { leadRecord, openLead } from '../../../apps/server/src/matching/records.ts';
import { modelWith } from '../../../apps/server/src/matching/model.ts';

const keep = process.argv[2];
if (!keep) throw new Error('usage: full-match-cpu.ts DIR [N]');
const dir = join(keep, 'sqlite');
const deps = await openDeps(loadConfig({ data: dir }, { ...process.env, HOMEWARD_DATABASE_URL: undefined }));
const org = (await deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
const params = await paramsFor(deps.db, org);
const leadRows = await deps.db.selectFrom('leads').select(['id', 'sex', 'wrapped_key', 'sealed']).where('organisation_id', '=', org).execute();
const held: HeldLead[] = leadRows.map((l) => ({ id: l.id, rec: leadRecord(openLead(deps.kr, l), l.sex) }));
const indexRows = await deps.db.selectFrom('match_index').select(['owner_id', 'value']).where('organisation_id', '=', org).where('owner_table', '=', 'lead').execute();
const { leads, postings } = heldLeads(held, indexRows);
const set = leadSet(leads, postings);
const ids = (await deps.db.selectFrom('people').select('id').where('role', '=', 'sought').orderBy('id').limit(Number(process.argv[3] ?? 4000)).execute()).map((r) => r.id);
const pages = [];
for (let i = 0; i < ids.length; i += 1000) pages.push(await soughtOfOrganisation(deps.db, org, ids.slice(i, i + 1000)));
const model = modelWith(params);
let calls = 0;
const cmp = model.comparators[0]!;
const orig = cmp.compare.bind(cmp);
(cmp as { compare: typeof orig }).compare = (x, y) => { calls++; return orig(x, y); };
const t0 = performance.now();
const c0 = process.cpuUsage();
let n = 0;
const ranked = pages.map((p) => rankSoughtPage(deps.kr, params, set, p));
for (const r of ranked) n += r.row.length;
const c = process.cpuUsage(c0);
console.log(`name compares ${calls} `);
console.log(`ranking: persons ${ids.length} pairs ${n} wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms => ${((c.user + c.system) / 1000 / ids.length).toFixed(2)} ms/person`);
// Explaining every ranked pair: an upper bound (the full match explains only the pairs each lead keeps).
const e0 = process.cpuUsage();
pages.forEach((p, k) => {
  const slots = p.map(() => [] as number[]);
  const r = ranked[k]!;
  for (let j = 0; j < r.row.length; j++) slots[r.row[j]!]!.push(r.slot[j]!);
  explainSoughtPage(deps.kr, params, set, p, slots);
});
const e = process.cpuUsage(e0);
console.log(`explaining all ${n} ranked pairs: cpu ${((e.user + e.system) / 1000).toFixed(0)} ms => ${((e.user + e.system) / 1000 / Math.max(1, n)).toFixed(3)} ms/pair`);
await deps.db.destroy();
