// `npx tsx bench/tracing/dev/full-match-cpu.ts DIR [N]`: CPU of the full match's scoring for the
// first N (default 4000) sought persons of a SQLite registry kept by `npm run bench -- tracing --keep
// DIR`, in this thread, and how many name comparisons it made. For comparing two versions of the
// code on one machine (run them alternately: this machine's speed varied by a factor of two in a day).
import { join } from 'node:path';
import { loadConfig, openDeps } from '@homeward/server/operator';
import { heldLeads, leadSet, scoreSoughtPage, type HeldLead } from '../../../apps/server/src/matching/full-match-core.ts';
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
for (const p of pages) n += scoreSoughtPage(deps.kr, params, set, p).length;
const c = process.cpuUsage(c0);
console.log(`name compares ${calls} `);
console.log(`persons ${ids.length} pairs ${n} wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms => ${((c.user + c.system) / 1000 / ids.length).toFixed(2)} ms/person`);
await deps.db.destroy();
