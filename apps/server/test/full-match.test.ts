import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { openRecord } from '../src/crypto/envelope.ts';
import { SQLITE_FILE } from '../src/db/create-db.ts';
import { KEEP_PER_RECORD } from '../src/matching/engine.ts';
import { matchAll } from '../src/matching/full-match.ts';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

// The full registry match (matching/full-match.ts) in this thread and in
// worker threads must store exactly the candidates the per-write runs store.
// Fictional people only.

const CHILDREN = [
  { names: [{ text: '李美玲' }, { text: 'Li Meiling', kind: 'chinese' }], birth: { approxAge: 4, atYear: 2016 }, sex: 'female' },
  { names: [{ text: '金春花' }], birth: { year: 2010, month: 5 }, sex: 'female' },
  { names: [{ text: '朴明哲' }], birth: { year: 2008 }, sex: 'male' },
  { names: [{ text: '崔光日' }, { text: '최광일' }], birth: { year: 2012 }, sex: 'male' },
];
const LEADS = [
  { names: [{ text: '리미령' }], approxAge: { age: 13, atYear: 2025 }, sex: 'female' },
  { names: [{ text: 'Jin Chunhua' }], birth: { year: 2010 }, sex: 'female' },
  { names: [{ text: '박명철' }], approxAge: { age: 17, atYear: 2025 } },
  { names: [{ text: 'Cui Guangri' }], birth: { year: 2011 } },
  { names: [{ text: '王小红' }], birth: { year: 2009 } },
];

describeEachEngine('full registry match', (engine, fresh) => {
  let admin: Client;
  let org = '';
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const alice = await signedInAs(admin, 'caseworker', 'Alice');
    for (const child of CHILDREN) {
      const base = sampleCase();
      const r = await alice.post('/api/cases', { ...base, sought: [{ ...(base.sought as Record<string, unknown>[])[0], ...child }] });
      expect(r.statusCode).toBe(201);
    }
    for (const l of LEADS) {
      const r = await alice.post('/api/leads', { source: 'field visit', reliability: 'medium', receivedOn: { year: 2026 }, ...l });
      expect(r.statusCode).toBe(201);
    }
    org = (await admin.app.homeward.deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
  });

  // With each explanation opened: the threads send theirs serialised, and it must open to the same value.
  const stored = async () => {
    const deps = admin.app.homeward.deps;
    return (await deps.db.selectFrom('match_candidates').select(['id', 'person_id', 'lead_id', 'case_id', 'raw_probability', 'probability', 'levels', 'status', 'wrapped_key', 'sealed']).execute())
      .map(({ id, wrapped_key, sealed, ...c }) => JSON.stringify({ ...c, explanation: openRecord(deps.kr, 'match_candidates', id, wrapped_key)('sealed', sealed) }))
      .sort();
  };

  it('stores the same candidates as the per-write runs, in this thread and in two worker threads', async () => {
    const deps = admin.app.homeward.deps;
    const perWrite = await stored();
    // Three of the four children are named by a lead in another script.
    expect(perWrite.length).toBeGreaterThanOrEqual(3);

    await deps.db.deleteFrom('match_candidates').execute();
    const here = await matchAll(deps, org, { workers: 0 });
    expect(here.sought).toBe(CHILDREN.length);
    expect(await stored()).toEqual(perWrite);

    await deps.db.deleteFrom('match_candidates').execute();
    // On PostgreSQL the run ends by vacuuming and analysing the candidates table itself (not autovacuum, later, beside new leads).
    const upkeep = async () => {
      const { rows } = await sql<{ n: string }>`SELECT vacuum_count + analyze_count AS n FROM pg_stat_user_tables WHERE relname = 'match_candidates'`.execute(deps.db);
      return Number(rows[0]?.n);
    };
    const upkeepBefore = engine === 'postgres' ? await upkeep() : 0;
    let progress = 0;
    // With threads the run has a thread and a database connection of its own; its candidates carry the caller's clock.
    const at = new Date('2031-02-03T04:05:06.000Z');
    const threads = await matchAll({ ...deps, now: () => at }, org, { workers: 2, onProgress: (d) => (progress = d) });
    expect(threads).toEqual(here);
    expect(progress).toBe(CHILDREN.length);
    expect(await stored()).toEqual(perWrite);
    const times = await deps.db.selectFrom('match_candidates').select(['created_at', 'updated_at']).execute();
    expect(new Set(times.flatMap((t) => [t.created_at, t.updated_at]))).toEqual(new Set([at.toISOString()]));
    if (engine === 'postgres') expect(await upkeep()).toBe(upkeepBefore + 2);
  });

  it('reports a run whose own thread cannot reach the database, and changes nothing', async () => {
    const deps = admin.app.homeward.deps;
    const before = await stored();
    // A database that is not there: a data directory that is a file, or a PostgreSQL database never created.
    const url = deps.config.databaseUrl ? new URL(deps.config.databaseUrl) : undefined;
    if (url) url.pathname = '/homeward_no_such_database';
    const config = { ...deps.config, dataDir: join(deps.config.dataDir, SQLITE_FILE), databaseUrl: url?.toString() };
    await expect(matchAll({ ...deps, config }, org, { workers: 2 })).rejects.toThrow(/^the full match failed \(\w+\)$/);
    expect(await stored()).toEqual(before);
  });

  it('keeps a decided candidate as decided when the registry is matched again', async () => {
    const deps = admin.app.homeward.deps;
    const one = await deps.db.selectFrom('match_candidates').select('id').orderBy('id').executeTakeFirstOrThrow();
    await deps.db.updateTable('match_candidates').set({ status: 'rejected' }).where('id', '=', one.id).execute();
    await matchAll(deps, org, { workers: 2 });
    const after = await deps.db.selectFrom('match_candidates').select(['id', 'status']).where('id', '=', one.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('rejected');
  });

  it('keeps a lead\'s most likely persons only, as a per-lead run does, and removes the pairs it no longer keeps', async () => {
    const deps = admin.app.homeward.deps;
    const soughtIds = async () => (await deps.db.selectFrom('people').select('id').where('role', '=', 'sought').execute()).map((p) => p.id);
    const before = new Set(await soughtIds());
    const alice = await signedInAs(admin, 'caseworker', 'Alice2');
    // More children named like one lead (王小红, 2009) than a lead keeps; each registration's per-case run stores its pair.
    const twins = KEEP_PER_RECORD + 2;
    for (let i = 0; i < twins; i++) {
      const base = sampleCase();
      const r = await alice.post('/api/cases', { ...base, sought: [{ ...(base.sought as Record<string, unknown>[])[0], names: [{ text: '王小红' }], birth: { year: 2009 }, sex: 'female' }] });
      expect(r.statusCode).toBe(201);
    }
    const twinIds = (await soughtIds()).filter((id) => !before.has(id)).sort();
    expect(twinIds.length).toBe(twins);
    const leadIds = (await deps.db.selectFrom('leads').select('id').where('organisation_id', '=', org).execute()).map((l) => l.id);
    // The lead named 王小红: the one whose candidates are the twins.
    const ofLead = async () => {
      const per = await Promise.all(leadIds.map(async (id) => (await deps.db.selectFrom('match_candidates').select('person_id').where('lead_id', '=', id).execute()).map((c) => c.person_id)));
      return per.sort((a, b) => b.length - a.length)[0]!.sort();
    };
    expect(await ofLead()).toEqual(twinIds);

    const r = await matchAll(deps, org, { workers: 2 });
    expect(r.sought).toBe(CHILDREN.length + twins);
    // Equally likely, so the persons with the smaller ids are kept (whichever page was ranked first); the other two lose theirs.
    expect(await ofLead()).toEqual(twinIds.slice(0, KEEP_PER_RECORD));
  });
});
