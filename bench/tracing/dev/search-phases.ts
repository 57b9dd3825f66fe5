// `npx tsx bench/tracing/dev/search-phases.ts DIR ENGINE` (ENGINE sqlite or postgres): where a
// cross-script name search's time goes, step by step (the steps of searchPeople and
// nameSearchHits, timed apart), against a registry kept by `npm run bench -- tracing --keep DIR`.
// For diagnosis, not a benchmark; it writes nothing but audit entries.
import * as names from '@homeward/names';
import type { Actor } from '@homeward/server/operator';
import { audit } from '../../../apps/server/src/audit/audit.ts';
import { postingCounts, SEARCH_SEED_POSTINGS } from '../../../apps/server/src/matching/engine.ts';
import { rankOwners, valuesToFetch } from '../../../apps/server/src/matching/hits.ts';
import { nameQueryValueGroups } from '../../../apps/server/src/matching/keys.ts';
import { openPerson } from '../../../apps/server/src/matching/records.ts';
import { SEARCH_DECRYPTED } from '../../../apps/server/src/matching/service.ts';
import { visibleCaseIds } from '../../../apps/server/src/policies/case-access.ts';
import { generate } from '../generate.ts';
import { openKept } from './kept.ts';

const { deps, kept } = await openKept(process.argv[2], process.argv[3], 'search-phases.ts');
const org = (await deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
const cw = (await deps.db.selectFrom('users').select('id').where('email', '=', 'cw0@example.org').executeTakeFirstOrThrow()).id;
const actor: Actor = { kind: 'user', id: cw, organisationId: org, role: 'caseworker' };
const reg = generate(kept.cases, kept.leads, 100, kept.caseworkers);
const phases: Record<string, number[]> = {};
const stats: Record<string, number[]> = {};
const stat = (k: string, v: number) => (stats[k] ??= []).push(v);
const tables = ['sought', 'applicant'];
for (const q of reg.queries) {
  let t = performance.now();
  const tick = (name: string) => { const n = performance.now(); (phases[name] ??= []).push(n - t); t = n; };
  const groups = nameQueryValueGroups(deps.kr, q.text);
  tick('keys');
  const all = [...new Set(groups.flat())];
  stat('values', all.length);
  const counts = await postingCounts(deps.db, org, tables, all);
  tick('postingCounts');
  const { values, common } = valuesToFetch(counts);
  stat('common', common ? 1 : 0);
  const seedValues = valuesToFetch(counts, SEARCH_SEED_POSTINGS).values;
  stat('seed postings', seedValues.reduce((a, v) => a + counts.get(v)!, 0));
  const base = () => deps.db.selectFrom('match_index').select(['value', 'owner_id', 'case_id']).where('organisation_id', '=', org).where('owner_table', 'in', tables);
  let rows = await base().where('value', 'in', seedValues).execute();
  tick('seed read');
  const ok = await visibleCaseIds(deps.db, actor, rows.flatMap((r) => (r.case_id ? [r.case_id] : [])), deps.now());
  rows = rows.filter((r) => r.case_id !== null && ok.has(r.case_id));
  tick('in scope');
  const seeds = [...new Set(rows.map((r) => r.owner_id))];
  stat('seeds', seeds.length);
  const rest = values.slice(seedValues.length);
  const more: { value: number; owner_id: string }[] = [];
  if (rest.length > 0 && seeds.length > SEARCH_DECRYPTED) {
    for (let i = 0; i < seeds.length; i += 500) more.push(...(await deps.db.selectFrom('match_index').select(['value', 'owner_id']).where('organisation_id', '=', org).where('owner_table', 'in', tables).where('value', 'in', rest).where('owner_id', 'in', seeds.slice(i, i + 500)).execute()));
  }
  tick('rest read');
  const hits = rankOwners(groups, counts, [...rows, ...more].map((r) => [Number(r.value), r.owner_id] as const), SEARCH_DECRYPTED);
  tick('rank');
  const people = hits.length === 0 ? [] : await deps.db.selectFrom('people').innerJoin('cases', 'cases.id', 'people.case_id').select(['people.id', 'people.case_id', 'people.role', 'people.wrapped_key', 'people.sealed', 'cases.reference']).where('people.id', 'in', hits).execute();
  tick('people rows');
  const opened = people.map((r) => openPerson(deps.kr, r));
  tick('decrypt');
  const query = names.prepare(names.normalize(q.text));
  for (const s of opened) for (const n of s.names) names.scorePrepared(query, names.prepare(names.normalize(n.text)));
  tick('score names');
  await audit(deps.db, actor, 'search.performed', null, null, deps.now());
  tick('audit');
}
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)]!; };
const n = reg.queries.length;
const total = Array.from({ length: n }, (_, i) => Object.values(phases).reduce((a, v) => a + v[i]!, 0));
for (const [k, v] of Object.entries(phases)) console.log(`${k.padEnd(16)} median ${pct(v, 0.5).toFixed(1)} p95 ${pct(v, 0.95).toFixed(1)} mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)}`);
console.log(`TOTAL            median ${pct(total, 0.5).toFixed(1)} p95 ${pct(total, 0.95).toFixed(1)}`);
for (const [k, v] of Object.entries(stats)) console.log(`${k.padEnd(16)} median ${pct(v, 0.5)} p95 ${pct(v, 0.95)} max ${Math.max(...v)}`);
await deps.db.destroy();
