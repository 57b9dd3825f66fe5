// `npm run bench -- advocacy [--cases N] [--engine sqlite|postgres] [--pg URL]`: on SQLite and on
// PostgreSQL (a throwaway database created and dropped at --pg, default
// postgres://postgres@127.0.0.1:5432/postgres), store N (default 20,000)
// generated fictional cases with their sealed fields, then time
// - the statistics release the dashboard shows, cold: the first after a
//   start, with the per-process facts cache empty (every sought child decrypted);
// - the same, warm: after 1% of the sought children were rewritten since the
//   last release (a fresh record key and a changed birth year, as a case edit
//   does), which is what a user sees in the steady state: only those are
//   decrypted, the rest is read as (id, wrapped_key) and counted;
// - one 10-case dossier: consent checks, generation and the Korean PDF.
// Wall and CPU seconds of this process are printed (the machine is shared: CPU
// is the steadier figure; PostgreSQL's own CPU is not in it). On PostgreSQL the
// database is ANALYZEd after the bulk load, as autovacuum would soon do.
// rss_mb is this process's resident memory after the engine's run.
// Last lines: `advocacy: engine=postgres cases=N stats_s=<warm> dossier_s=D stats_cold_s=<cold> ...` then the sqlite line.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Insertable } from 'kysely';
import pg from 'pg';
import { createDossier, downloadDossier } from '../../apps/server/src/advocacy/dossiers.ts';
import { clearFactsCache, factsCacheSize } from '../../apps/server/src/advocacy/facts-cache.ts';
import { computeRelease } from '../../apps/server/src/advocacy/statistics.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { newRecordKey, openRecord } from '../../apps/server/src/crypto/envelope.ts';
import type { CasesTable } from '../../apps/server/src/db/tables/cases.table.ts';
import type { PeopleTable } from '../../apps/server/src/db/tables/people.table.ts';
import { openDeps } from '../../apps/server/src/deps.ts';
import { grantConsent } from '../../apps/server/src/services/consents.ts';
import { newId, OPERATOR, type Actor, type Deps } from '../../apps/server/src/services/context.ts';
import { createUser, ensureOrganisation } from '../../apps/server/src/services/users.ts';

const { values: args } = parseArgs({ options: { cases: { type: 'string' }, pg: { type: 'string' }, engine: { type: 'string' } } });
const n = args.cases === undefined ? 20_000 : Number(args.cases);
if (!Number.isInteger(n) || n < 10) throw new Error('--cases must be a whole number of at least 10');
const pgUrl = args.pg ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const engines = args.engine ? [args.engine] : ['postgres', 'sqlite'];

/** Deterministic pseudo-random numbers (mulberry32), so both engines get the same population. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fictional names and a few real places of the north-east (gazetteer codes).
const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤'];
const GIVEN = ['영희', '미숙', '순희', '정숙', '은정', '명순', '혜진', '옥순'];
const CHILD = ['李美玲', '金春花', '朴明哲', '崔光日', '王小红', '张丽', '刘海', '赵敏'];
const PLACES = ['CN-222405', 'CN-222401', 'CN-222402', 'CN-220102', 'CN-210102', 'CN-230102', 'CN-222403', 'KP-01', 'KP-04', 'CN-22'];
const STATUSES = ['open', 'open', 'tracing', 'tracing', 'located', 'in_contact', 'reunited', 'closed'];

async function seed(deps: Deps, org: string, owner: string, count: number): Promise<string[]> {
  const r = rng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const at = deps.now().toISOString();
  const ids: string[] = [];
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const cases: Insertable<CasesTable>[] = [];
    const people: Insertable<PeopleTable>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = newId();
      ids.push(id);
      const key = newRecordKey(deps.kr, 'cases', id);
      const status = pick(STATUSES);
      cases.push({
        id, organisation_id: org, reference: `HW-2026-${String(i + 1).padStart(6, '0')}`, ref_year: 2026, ref_seq: i + 1, version: 1, status,
        risk_level: 'medium', assigned_to: owner, wrapped_key: key.wrapped, sealed: key.seal('sealed', { consents: [], notes: 'fictional' }), created_at: at, updated_at: at,
      });
      const applicantId = newId();
      const ak = newRecordKey(deps.kr, 'people', applicantId);
      people.push({
        id: applicantId, case_id: id, role: 'applicant', position: 0, relation: null, sex: 'female', wrapped_key: ak.wrapped,
        sealed: ak.seal('sealed', { names: [{ text: pick(SURNAMES) + pick(GIVEN), script: 'hangul', kind: 'legal' }], birth: { year: 1970 + Math.floor(r() * 20) } }), created_at: at, updated_at: at,
      });
      const kids = r() < 0.2 ? 2 : 1;
      for (let k = 0; k < kids; k++) {
        const pid = newId();
        const pk = newRecordKey(deps.kr, 'people', pid);
        const sepYear = 1995 + Math.floor(r() * 31);
        const birthYear = sepYear - 1 - Math.floor(r() * 8);
        const birth = r() < 0.2 ? { approxAge: sepYear - birthYear, atYear: sepYear } : r() < 0.5 ? { year: birthYear, month: 1 + Math.floor(r() * 12) } : { year: birthYear };
        people.push({
          id: pid, case_id: id, role: 'sought', position: k, relation: r() < 0.5 ? 'daughter' : 'son', sex: r() < 0.5 ? 'female' : 'male', wrapped_key: pk.wrapped,
          sealed: pk.seal('sealed', {
            names: [{ text: pick(CHILD), script: 'hanzi-simplified', kind: 'chinese' }], birth, separatedOn: r() < 0.9 ? { year: sepYear } : undefined,
            lastKnownPlace: 'fictional place', lastKnownPlaceCode: r() < 0.9 ? pick(PLACES) : undefined, separationCircumstances: 'fictional circumstances',
          }),
          created_at: at, updated_at: at,
        });
      }
    }
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('cases').values(cases).execute();
      for (let k = 0; k < people.length; k += 250) await trx.insertInto('people').values(people.slice(k, k + 250)).execute();
    });
    const done = Math.min(count, start + BATCH);
    if (done % 20_000 === 0 || done === count) process.stdout.write(`[${deps.engine}] stored ${done} of ${count} cases\n`);
  }
  return ids;
}

/**
 * Rewrites every 100th sought child as a case edit does (services/cases.ts
 * writePeople): the row deleted and inserted again under a fresh record key,
 * here with the birth year one earlier so the facts really change.
 */
async function rewriteOnePercent(deps: Deps): Promise<number> {
  const all = await deps.db.selectFrom('people').select(['id', 'case_id', 'position', 'relation', 'sex', 'wrapped_key', 'sealed', 'created_at']).where('role', '=', 'sought').orderBy('id').execute();
  const chosen = all.filter((_, i) => i % 100 === 0);
  const at = deps.now().toISOString();
  for (let i = 0; i < chosen.length; i += 250) {
    const batch = chosen.slice(i, i + 250);
    const rows: Insertable<PeopleTable>[] = batch.map((p) => {
      const sealed = openRecord(deps.kr, 'people', p.id, p.wrapped_key)('sealed', p.sealed) as { birth?: { year?: number; atYear?: number } };
      if (sealed.birth?.year !== undefined) sealed.birth.year -= 1;
      if (sealed.birth?.atYear !== undefined) sealed.birth.atYear -= 1;
      const key = newRecordKey(deps.kr, 'people', p.id);
      return { id: p.id, case_id: p.case_id, role: 'sought', position: p.position, relation: p.relation, sex: p.sex, wrapped_key: key.wrapped, sealed: key.seal('sealed', sealed), created_at: p.created_at, updated_at: at };
    });
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('people').where('id', 'in', batch.map((p) => p.id)).execute();
      await trx.insertInto('people').values(rows).execute();
    });
  }
  return chosen.length;
}

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

async function runOn(engine: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-advocacy-'));
  let dropPg: (() => Promise<void>) | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HOMEWARD_DATABASE_URL;
  if (engine === 'postgres') {
    const name = `homeward_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    env.HOMEWARD_DATABASE_URL = url.toString();
    dropPg = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const deps = await openDeps(loadConfig({ data: dir }, env, { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, logLevel: 'silent' }));
  try {
    const org = await ensureOrganisation(deps.db, deps.now(), 'Fictional NGO');
    const made = await createUser(deps, OPERATOR, { email: 'bench@example.org', displayName: 'Bench caseworker', role: 'caseworker', password: 'a long enough bench passphrase' });
    const actor: Actor = { kind: 'user', id: made.user.id, organisationId: org, role: 'caseworker' };
    const advocate: Actor = { ...actor, role: 'advocate' };
    const s0 = await time(() => seed(deps, org, made.user.id, n));
    console.log(`[${deps.engine}] stored ${n} fictional cases in ${s0.wall.toFixed(1)} s`);
    // Planner statistics as autovacuum would have them a minute after a bulk load (without them PostgreSQL
    // guesses a few rows per table and spills the join with cases to disk).
    if (deps.engine === 'postgres') await sql`ANALYZE`.execute(deps.db);
    const label = 'UN Working Group on Enforced or Involuntary Disappearances';
    const packet = s0.value.slice(0, 10);
    for (const id of packet) {
      await grantConsent(deps, actor, id, { purpose: 'un_sharing', recipient: label, givenOn: { year: 2026 }, scope: 'all' });
    }
    // One warm-up (gazetteer and place domains loaded, as preloadPlaces does in a started server), then the facts cache emptied.
    await computeRelease(deps, org);
    clearFactsCache(deps.db);
    const cold = await time(() => computeRelease(deps, org, { fresh: true }));
    const size = factsCacheSize(deps.db, org);
    const cells = cold.value.tables.reduce((a, t) => a + t.cells.length, 0);
    console.log(`[${deps.engine}] statistics, cold (every sought child decrypted, ${size.children} cached as ${size.combinations} combinations): ${cold.wall.toFixed(2)} s wall, ${cold.cpu.toFixed(2)} s CPU; ${cold.value.tables.length} tables, ${cells} cells, ${cold.value.suppressedCells} suppressed`);
    const same = await time(() => computeRelease(deps, org, { fresh: true }));
    console.log(`[${deps.engine}] statistics, nothing changed (counted again): ${same.wall.toFixed(2)} s wall, ${same.cpu.toFixed(2)} s CPU`);
    const rewritten = await time(() => rewriteOnePercent(deps));
    console.log(`[${deps.engine}] rewrote ${rewritten.value} sought children (1%) with fresh keys in ${rewritten.wall.toFixed(1)} s`);
    // fresh: the release is computed again (the fingerprint query runs either way, so this is the cost a user sees).
    const stats = await time(() => computeRelease(deps, org, { fresh: true }));
    console.log(`[${deps.engine}] statistics, warm after 1% changed: ${stats.wall.toFixed(2)} s wall, ${stats.cpu.toFixed(2)} s CPU`);
    const moved = JSON.stringify(stats.value.tables) !== JSON.stringify(cold.value.tables);
    // Some 1% of children a year older moves some age band on any population of this size.
    if (!moved && n >= 1000) throw new Error('the rewritten birth years did not move any count: the warm release read stale facts');
    const input = { caseIds: packet, purpose: 'un_sharing' as const, recipient: { label, kind: 'un-working-group' as const }, request: 'Please ask the authorities to trace the children.' };
    const warm = await createDossier(deps, actor, input);
    await downloadDossier(deps, advocate, warm.id, 'pdf', 'ko');
    const dossier = await time(async () => {
      const entry = await createDossier(deps, actor, input);
      return downloadDossier(deps, advocate, entry.id, 'pdf', 'ko');
    });
    console.log(`[${deps.engine}] 10-case dossier (generate + Korean PDF, ${dossier.value.body.length} bytes): ${dossier.wall.toFixed(2)} s wall, ${dossier.cpu.toFixed(2)} s CPU`);
    const rss = process.memoryUsage().rss / 2 ** 20;
    return `advocacy: engine=${deps.engine} cases=${n} stats_s=${stats.wall.toFixed(2)} dossier_s=${dossier.wall.toFixed(2)} stats_cold_s=${cold.wall.toFixed(2)} stats_cpu_s=${stats.cpu.toFixed(2)} dossier_cpu_s=${dossier.cpu.toFixed(2)} rss_mb=${rss.toFixed(0)}`;
  } finally {
    await deps.db.destroy();
    if (dropPg) await dropPg();
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines: string[] = [];
for (const engine of engines) lines.push(await runOn(engine));
for (const l of lines) console.log(l);
