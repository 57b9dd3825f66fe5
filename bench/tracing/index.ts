// `npm run bench -- tracing [--cases N] [--leads L] [--samples S] [--engine both|sqlite|postgres] [--pg URL]`
//
// Matching at registry scale (issue #7). Per engine: a fresh installation,
// N generated fictional cases (default 200,000: a mother and one or two
// sought children each, three names per person) and L stored leads
// (default N / 10), bulk-inserted with the server's own sealing and index
// code (not through HTTP); then
// - the full initial matching of the registry (matchAll),
// - S new leads each stored and matched the way a partner's lead is
//   (rematchLead: candidates found, decrypted, scored, stored),
// - S cross-script name searches by one caseworker (searchPeople),
// - then, untimed, the reliability of the displayed probabilities on the generated truth,
// with wall and CPU time (the machine is shared). The calibration on public
// labelled data is printed first (`npm run bench -- calibration` alone).
// Last lines: one per engine, SQLite last.
//
// `--keep DIR` keeps each engine's installation (DIR/sqlite, DIR/postgres and
// the PostgreSQL database it names) and, on a later run with the same
// --cases/--leads, reuses the stored registry instead of inserting it again,
// clearing its candidates first: bulk insert is most of a 200,000-case run,
// and this lets one measure matching changes against the same registry.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { PartialDate } from '@homeward/contracts';
import { createUser, loadConfig, openDeps, OPERATOR, type Actor, type Deps } from '@homeward/server/operator';
import { newRecordKey } from '../../apps/server/src/crypto/envelope.ts';
import { nameIndexValues } from '../../apps/server/src/services/names.ts';
import { newId } from '../../apps/server/src/services/context.ts';
import { caseIndexRows } from '../../apps/server/src/matching/engine.ts';
import { SQLITE_FILE } from '../../apps/server/src/db/create-db.ts';
import { matchAll } from '../../apps/server/src/matching/full-match.ts';
import { rematchLead } from '../../apps/server/src/matching/index.ts';
import { searchPeople } from '../../apps/server/src/matching/service.ts';
import { storedValues } from '../../apps/server/src/matching/keys.ts';
import { birthOf, birthYears } from '../../apps/server/src/matching/model.ts';
import { calibrate, fitIsotonic, reliability } from '../../apps/server/src/matching/calibration.ts';
import { ece, printTable, runCalibration } from './calibration.ts';
import { generate, type GenLead, type GenPerson } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string' }, leads: { type: 'string' }, samples: { type: 'string' }, engine: { type: 'string' }, pg: { type: 'string' },
    caseworkers: { type: 'string' }, keep: { type: 'string' }, 'skip-full': { type: 'boolean' },
    // Internal: a child run for one engine (the parent printed the public calibration).
    'no-public': { type: 'boolean' },
  },
});
const N = args.cases === undefined ? 200_000 : Number(args.cases);
const L = args.leads === undefined ? Math.max(10, Math.round(N / 10)) : Number(args.leads);
const S = args.samples === undefined ? 100 : Number(args.samples);
const CW = args.caseworkers === undefined ? 10 : Number(args.caseworkers);
const engines = (args.engine ?? 'both') === 'both' ? ['postgres', 'sqlite'] : [args.engine!];
const pgAdmin = args.pg ?? process.env.HOMEWARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!(N >= 10) || !(L >= 1) || !(S >= 2)) throw new Error('--cases must be at least 10, --leads at least 1, --samples at least 2');

const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0; };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * What the whole machine did (Linux; zeros elsewhere): KB read from storage (vmstat pgpgin) and
 * CPU ticks, all and stolen by the hypervisor. A phase that reads the disk instead of the page
 * cache, or runs while the host takes the CPU, is slow for reasons the code does not control.
 */
function machineNow(): { readKb: number; ticks: number; steal: number } {
  try {
    const readKb = Number(/^pgpgin (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'))?.[1] ?? 0);
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { readKb, ticks: cpu.reduce((a, b) => a + b, 0), steal: cpu[7] ?? 0 };
  } catch {
    return { readKb: 0, ticks: 0, steal: 0 };
  }
}
const machineSince = (m0: ReturnType<typeof machineNow>) => {
  const m = machineNow();
  return `${((m.readKb - m0.readKb) / 1024).toFixed(0)} MB read from storage, ${((100 * (m.steal - m0.steal)) / Math.max(1, m.ticks - m0.ticks)).toFixed(1)}% of CPU time stolen by the host`;
};

if (!args['no-public']) {
  console.log('== calibration on public labelled data ==');
  runCalibration();
}

// Each engine is measured in a process of its own, as each would be its own server: run in one
// process, the engine measured second inherited the first one's heap and the tail of its work
// (SQLite's new leads: p95 204 ms after PostgreSQL's run, 129 ms alone).
if (engines.length > 1) {
  const lines: string[] = [];
  for (const e of engines) lines.push(await runChild(e));
  for (const l of lines) console.log(l);
  process.exit(0);
}

/** Runs this benchmark for one engine in a child process, its output passed through; resolves to its last line. */
function runChild(engine: string): Promise<string> {
  const argv = process.argv.slice(2).filter((a, i, all) => a !== '--engine' && all[i - 1] !== '--engine' && !a.startsWith('--engine='));
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv, '--engine', engine, '--no-public'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = '';
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (l) => {
    console.log(l);
    if (l.startsWith('tracing: ')) last = l;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && last ? resolve(last) : reject(new Error(`the ${engine} run ended with code ${code}`))));
  });
}


const g0 = performance.now();
const reg = generate(N, L, S, CW);
console.log(`generated ${N} cases (${reg.cases.reduce((a, c) => a + 1 + c.sought.length, 0)} people, ${reg.cases.reduce((a, c) => a + 3 * (1 + c.sought.length), 0)} names), ${L} leads in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

function personSealed(p: GenPerson) {
  return { names: [{ text: p.hanzi, script: 'han', kind: 'legal' }, { text: p.hangul, script: 'hangul', kind: 'korean' }, { text: p.latin, script: 'latin', kind: 'romanised' }], birth: p.birth, lastKnownPlaceCode: p.placeCode, lastKnownPlace: p.placeCode };
}

function leadSealed(l: GenLead) {
  const s: Record<string, unknown> = { names: [{ text: l.name, kind: 'legal' }], source: 'bench', receivedOn: { year: 2025 } };
  if (l.birth) s.birth = l.birth;
  if (l.approxAge) s.approxAge = l.approxAge;
  if (l.placeCode) { s.placeCode = l.placeCode; s.place = l.placeCode; }
  return s;
}

async function insertChunks<T>(deps: Deps, table: 'cases' | 'people' | 'name_index' | 'match_index' | 'leads', rows: T[], per: number): Promise<void> {
  for (let i = 0; i < rows.length; i += per) await deps.db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}

async function leadRows(deps: Deps, org: string, l: GenLead, at: string) {
  const id = newId();
  const key = newRecordKey(deps.kr, 'leads', id);
  const sealed = leadSealed(l);
  const lead = { id, organisation_id: org, case_id: null, version: 1, sex: l.sex ?? null, reliability: 'medium', wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed), created_at: at, updated_at: at };
  const names = nameIndexValues(deps.kr, l.name).map((v) => ({ owner_table: 'leads', owner_id: id, ...v }));
  const years = birthYears(birthOf(l.birth as PartialDate | undefined, l.approxAge));
  const mi = storedValues(deps.kr, [l.name], years, true).map((value) => ({ organisation_id: org, owner_table: 'lead', owner_id: id, case_id: null, value }));
  return { id, lead, names, mi };
}

/** What a kept installation holds, so a later run can reuse it (see --keep). */
interface KeptRegistry {
  cases: number;
  leads: number;
  caseworkers: number;
  dbName: string;
  leadIds: string[];
}

async function runEngine(engine: string): Promise<string> {
  const keepDir = args.keep ? join(args.keep, engine) : undefined;
  if (keepDir) mkdirSync(keepDir, { recursive: true });
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'hw-bench-tracing-'));
  const keptFile = join(dir, 'bench-registry.json');
  const kept = keepDir && existsSync(keptFile) ? (JSON.parse(readFileSync(keptFile, 'utf8')) as KeptRegistry) : undefined;
  if (kept && (kept.cases !== N || kept.leads !== L || kept.caseworkers !== CW)) throw new Error(`${keptFile} holds ${kept.cases} cases and ${kept.leads} leads; run with those, or another --keep directory`);
  let dbName = kept?.dbName ?? '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HOMEWARD_DATABASE_URL;
  if (engine === 'postgres') {
    if (!kept) {
      dbName = `homeward_bench_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
    }
    const u = new URL(pgAdmin);
    u.pathname = `/${dbName}`;
    env.HOMEWARD_DATABASE_URL = u.toString();
  }
  const deps = await openDeps(loadConfig({ data: dir }, env));
  try {
    console.log(`\n== ${engine} ==`);
    if (kept) return await measure(deps, engine, kept.leadIds);
    const workers: string[] = [];
    for (let i = 0; i < CW; i++) {
      const u = await createUser(deps, OPERATOR, { email: `cw${i}@example.org`, displayName: `Caseworker ${i}`, role: 'caseworker', password: 'a long enough bench passphrase' });
      workers.push(u.user.id);
    }
    const org = (await deps.db.selectFrom('users').select('organisation_id').where('id', '=', workers[0]!).executeTakeFirstOrThrow()).organisation_id;

    // ---- bulk insert -------------------------------------------------------------
    const w0 = performance.now();
    const c0 = cpuNow();
    const at = new Date().toISOString();
    const BATCH = 2000;
    for (let start = 0; start < N; start += BATCH) {
      const cases: unknown[] = [];
      const people: unknown[] = [];
      const nameIdx: unknown[] = [];
      const matchIdx: unknown[] = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const gc = reg.cases[i]!;
        const id = newId();
        const key = newRecordKey(deps.kr, 'cases', id);
        cases.push({ id, organisation_id: org, reference: `HW-2026-${String(i + 1).padStart(6, '0')}`, ref_year: 2026, ref_seq: i + 1, version: 1, status: 'open', risk_level: 'medium', assigned_to: workers[gc.assignee]!, wrapped_key: key.wrapped, sealed: key.seal('sealed', { consents: [] }), created_at: at, updated_at: at });
        const persons = [{ role: 'applicant' as const, p: gc.applicant, position: 0 }, ...gc.sought.map((p, k) => ({ role: 'sought' as const, p, position: k }))];
        const forIndex: { id: string; role: 'sought' | 'applicant'; rec: { names: string[]; birth?: ReturnType<typeof birthOf>; place?: string } }[] = [];
        for (const { role, p, position } of persons) {
          const pid = newId();
          const pk = newRecordKey(deps.kr, 'people', pid);
          const sealed = personSealed(p);
          people.push({ id: pid, case_id: id, role, position, relation: role === 'sought' ? 'daughter' : null, sex: p.sex, wrapped_key: pk.wrapped, sealed: pk.seal('sealed', sealed), created_at: at, updated_at: at });
          const seen = new Set<string>();
          for (const n of sealed.names) {
            for (const v of nameIndexValues(deps.kr, n.text)) {
              const k = `${v.index_name}:${v.value}`;
              if (!seen.has(k)) nameIdx.push({ owner_table: 'people', owner_id: pid, ...v });
              seen.add(k);
            }
          }
          const b = birthOf(p.birth);
          forIndex.push({ id: pid, role, rec: { names: sealed.names.map((n) => n.text), ...(b ? { birth: b } : {}) } });
        }
        matchIdx.push(...caseIndexRows(deps, org, id, forIndex));
      }
      await deps.db.transaction().execute(async (trx) => {
        const d = { ...deps, db: trx };
        await insertChunks(d, 'cases', cases, 500);
        await insertChunks(d, 'people', people, 500);
        await insertChunks(d, 'name_index', nameIdx, 2000);
        await insertChunks(d, 'match_index', matchIdx, 2000);
      });
      if ((start / BATCH) % 10 === 0) console.log(`  inserted ${Math.min(N, start + BATCH)} cases (${((performance.now() - w0) / 1000).toFixed(0)} s)`);
    }
    const leadIds: string[] = [];
    for (let start = 0; start < L; start += BATCH) {
      const leads: unknown[] = [];
      const names: unknown[] = [];
      const mi: unknown[] = [];
      for (const l of reg.leads.slice(start, start + BATCH)) {
        const r = await leadRows(deps, org, l, at);
        leadIds.push(r.id);
        leads.push(r.lead);
        names.push(...r.names);
        mi.push(...r.mi);
      }
      await deps.db.transaction().execute(async (trx) => {
        const d = { ...deps, db: trx };
        await insertChunks(d, 'leads', leads, 500);
        await insertChunks(d, 'name_index', names, 2000);
        await insertChunks(d, 'match_index', mi, 2000);
      });
    }
    if (keepDir) writeFileSync(keptFile, JSON.stringify({ cases: N, leads: L, caseworkers: CW, dbName, leadIds } satisfies KeptRegistry));
    const insertS = (performance.now() - w0) / 1000;
    const rowsMi = Number((await deps.db.selectFrom('match_index').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rowsNi = Number((await deps.db.selectFrom('name_index').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    console.log(`bulk insert: ${insertS.toFixed(1)} s wall, ${((cpuNow() - c0) / 1000).toFixed(1)} s CPU; match_index ${rowsMi} rows, name_index ${rowsNi} rows`);
    return await measure(deps, engine, leadIds);
  } finally {
    await deps.db.destroy();
    if (!keepDir) {
      rmSync(dir, { recursive: true, force: true });
      if (dbName) {
        const c = new pg.Client({ connectionString: pgAdmin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await c.end();
      }
    }
  }
}

/** Everything timed after the registry is stored: full matching, calibration, new leads, search. */
async function measure(deps: Deps, engine: string, leadIds: string[]): Promise<string> {
  const org = (await deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
  const workers = (await deps.db.selectFrom('users').select(['id', 'email']).where('organisation_id', '=', org).execute())
    .filter((u) => /^cw\d+@/.test(u.email)).sort((a, b) => Number(a.email.slice(2, a.email.indexOf('@'))) - Number(b.email.slice(2, b.email.indexOf('@')))).map((u) => u.id);
  const actor: Actor = { kind: 'user', id: workers[0]!, organisationId: org, role: 'caseworker' };
  // A reused registry: candidates and the previous run's sample leads go, so every run starts alike.
  await deps.db.deleteFrom('match_candidates').execute();
  const keptLeads = new Set(leadIds);
  const extra = (await deps.db.selectFrom('leads').select('id').execute()).map((r) => r.id).filter((id) => !keptLeads.has(id));
  for (let i = 0; i < extra.length; i += 500) {
    const ids = extra.slice(i, i + 500);
    await deps.db.deleteFrom('match_index').where('owner_id', 'in', ids).execute();
    await deps.db.deleteFrom('name_index').where('owner_id', 'in', ids).execute();
    await deps.db.deleteFrom('leads').where('id', 'in', ids).execute();
  }
  // Freshly loaded tables: VACUUM ANALYZE does what autovacuum soon would after
  // a bulk load: the planner sees the sizes, and the visibility map lets index-only
  // scans skip the heap (without it each index lookup of the matching index read
  // the table too: 7 ms for 1,000 postings instead of a fraction of that).
  if (engine === 'postgres') await sql`VACUUM ANALYZE`.execute(deps.db);
  {
    const caseIndexOf = new Map<string, number>();
    const refs = await deps.db.selectFrom('cases').select(['id', 'ref_seq']).execute();
    for (const r of refs) caseIndexOf.set(r.id, Number(r.ref_seq) - 1);
    // --skip-full (for development, with --keep): new leads and search only; the last line says so.
    let fullS = Number.NaN;
    if (!args['skip-full']) {
    // ---- full initial matching ------------------------------------------------------
    const f0 = performance.now();
    const fc0 = cpuNow();
    const fm0 = machineNow();
    // How long this thread's event loop was held up meanwhile: a server's requests wait that long.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let lastLog = f0;
    const full = await matchAll(deps, org, { onProgress: (done, phase) => {
      const now = performance.now();
      if (now - lastLog > 15_000) { lastLog = now; console.log(`  ${phase === 'ranking' ? 'ranked' : 'stored'} ${done} sought persons (${((now - f0) / 1000).toFixed(0)} s)`); }
    } });
    fullS = (performance.now() - f0) / 1000;
    loop.disable();
    const fullCpu = (cpuNow() - fc0) / 1000;
    const mem = process.memoryUsage();
    console.log(`memory after full matching: rss ${(mem.rss / 1e6).toFixed(0)} MB, heap ${(mem.heapUsed / 1e6).toFixed(0)} of ${(mem.heapTotal / 1e6).toFixed(0)} MB, external ${(mem.external / 1e6).toFixed(0)} MB`);
    // The write-ahead log the run left: pages still in it are read through it, not the memory map.
    const wal = join(deps.config.dataDir, `${SQLITE_FILE}-wal`);
    if (engine === 'sqlite') console.log(`write-ahead log after full matching: ${existsSync(wal) ? (statSync(wal).size / 1e6).toFixed(1) : 'none'} MB`);
    console.log(`event loop delay during full matching: p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`);
    console.log(`full matching: ${full.sought} sought persons, ${full.candidates} candidates, ${fullS.toFixed(1)} s wall, ${fullCpu.toFixed(1)} s CPU (${((fullCpu * 1e3) / Math.max(1, full.sought)).toFixed(2)} ms CPU per sought person)`);
    console.log(`machine during full matching: ${machineSince(fm0)}`);
    }

    // ---- new leads -----------------------------------------------------------------
    const leadMs: number[] = [];
    const leadCpu: number[] = [];
    let hit = 0;
    const lm0 = machineNow();
    for (const l of reg.newLeads) {
      const r = await leadRows(deps, org, l, new Date().toISOString());
      await deps.db.transaction().execute(async (trx) => {
        await trx.insertInto('leads').values(r.lead as never).execute();
        await trx.insertInto('name_index').values(r.names as never).execute();
      });
      const t0 = performance.now();
      const k0 = cpuNow();
      await rematchLead(deps, r.id);
      leadMs.push(performance.now() - t0);
      leadCpu.push(cpuNow() - k0);
      if (l.truth !== -1) {
        const cs = await deps.db.selectFrom('match_candidates').select('case_id').where('lead_id', '=', r.id).execute();
        if (cs.some((c) => caseIndexOf.get(c.case_id) === (l.truth as [number, number])[0])) hit++;
      }
    }
    const leadMachine = machineSince(lm0);
    const trueNew = reg.newLeads.filter((l) => l.truth !== -1).length;
    console.log(`new lead matched: p95 ${p95(leadMs).toFixed(1)} ms wall, mean ${mean(leadMs).toFixed(1)} ms wall, mean ${mean(leadCpu).toFixed(1)} ms CPU, p95 CPU ${p95(leadCpu).toFixed(1)} ms; true child among candidates for ${hit} of ${trueNew}`);
    console.log(`machine during new leads: ${leadMachine}`);

    // ---- search --------------------------------------------------------------------
    const searchMs: number[] = [];
    const searchCpu: number[] = [];
    let top = 0;
    const sm0 = machineNow();
    for (const q of reg.queries) {
      const t0 = performance.now();
      const k0 = cpuNow();
      const res = await searchPeople(deps, actor, { text: q.text, limit: 20 });
      searchMs.push(performance.now() - t0);
      searchCpu.push(cpuNow() - k0);
      if (res.slice(0, 5).some((h) => caseIndexOf.get(h.caseId) === q.caseIndex)) top++;
    }
    console.log(`search: p95 ${p95(searchMs).toFixed(1)} ms wall, mean ${mean(searchMs).toFixed(1)} ms, mean ${mean(searchCpu).toFixed(1)} ms CPU; sought case in the top 5 for ${top} of ${reg.queries.length}`);
    console.log(`machine during search: ${machineSince(sm0)}`);
    // After the timings: reading 1.26 M candidates into this process for the tables below left
    // gigabytes of garbage that the collector then reclaimed during the new leads' timings.
    if (!args['skip-full']) {
    // Reliability of displayed probabilities on the generated truth (person -> case index).
    const truthOfLead = new Map<string, GenLead>(leadIds.map((id, i) => [id, reg.leads[i]!]));
    // The registry's candidates only (the new leads above are not in the generated truth).
    const cands = (await deps.db.selectFrom('match_candidates').select(['case_id', 'lead_id', 'probability', 'raw_probability']).orderBy('id').execute()).filter((c) => truthOfLead.has(c.lead_id));
    const truthOf = (c: (typeof cands)[number]) => {
      const t = truthOfLead.get(c.lead_id)?.truth;
      return t !== undefined && t !== -1 && t[0] === caseIndexOf.get(c.case_id) ? 1 : 0;
    };
    const labelled = cands.map((c) => ({ p: Number(c.probability), y: truthOf(c) }));
    // The calibration map for the population Homeward shows: fitted on half of these candidates' raw probabilities, checked on the other half.
    const raw = cands.map((c) => ({ p: Number(c.raw_probability), y: truthOf(c) }));
    const knots = fitIsotonic(raw.filter((_, i) => i % 2 === 0)).map(([x, y]) => [Number(x.toPrecision(4)), Number(y.toFixed(4))] as [number, number]);
    const held = raw.filter((_, i) => i % 2 === 1);
    printTable('held-out half of the generated candidates, raw model probability:', reliability(held));
    printTable('held-out half, with the shipped map (CALIBRATION_KNOTS):', reliability(held.map(({ p, y }) => ({ p: calibrate(p), y }))));
    printTable('held-out half, with a map fitted now on the other half:', reliability(held.map(({ p, y }) => ({ p: calibrate(p, knots), y }))));
    console.log(`knots fitted on generated candidates (${knots.length}): ${JSON.stringify(knots)}`);
    const trueLeads = reg.leads.filter((l) => l.truth !== -1).length;
    const found = labelled.filter((x) => x.y === 1).length;
    const rel = reliability(labelled);
    printTable(`reliability of displayed probabilities, generated registry (${labelled.length} candidates; ${found} of ${trueLeads} true lead-child pairs found):`, rel);
    console.log(`calibration error on generated candidates ${ece(rel).toFixed(3)}`);
    }
    const rss = process.memoryUsage().rss / 1e6;
    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(`memory: rss ${rss.toFixed(0)} MB now, peak ${peak.toFixed(0)} MB`);
    return `tracing: engine=${engine} cases=${N} lead_p95_ms=${p95(leadMs).toFixed(1)} search_p95_ms=${p95(searchMs).toFixed(1)} full_match_s=${Number.isNaN(fullS) ? 'skipped' : fullS.toFixed(1)} rss_mb=${Math.round(peak)}`;
  }
}

const lines: string[] = [];
for (const e of engines) lines.push(await runEngine(e));
for (const l of lines) console.log(l);
