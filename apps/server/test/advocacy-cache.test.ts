import { buildRelease, type MicroRow, type Release, type YMD } from '@homeward/advocacy';
import { beforeAll, expect, it } from 'vitest';
import { factsCacheSize, hasCachedFacts } from '../src/advocacy/facts-cache.ts';
import { computeRelease, getSettings, statisticsRows, statisticsVariables, TABLES } from '../src/advocacy/statistics.ts';
import { installStatisticsWarmup } from '../src/advocacy/warmup.ts';
import { build } from '../src/app.ts';
import { openDeps } from '../src/deps.ts';
import { newRecordKey } from '../src/crypto/envelope.ts';
import { newId, OPERATOR, type Deps } from '../src/services/context.ts';
import { rotateMasterKey } from '../src/services/keys.ts';
import { deleteCase } from '../src/services/keys-shred.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs, type Client, type Store } from './helpers.ts';

// Issue 8, statistics over 200,000 cases in under 1 s: the per-process cache
// of sought children's facts (advocacy/facts-cache.ts) must give exactly the
// release a full decryption gives, after creates, edits, deletes and key
// rotation, and must not keep a shredded child's facts.

const Y = new Date().getUTCFullYear();
/** Born Y-16: aged 15 or 16 now, band 15-17. Born Y-26: band 18+. */
const YOUNG = Y - 16;
const OLD = Y - 26;

function body(assignedTo: string, births: number[], place = 'CN-222405', ids: (string | undefined)[] = []): Record<string, unknown> {
  return sampleCase({
    assignedTo,
    sought: births.map((year, i) => ({
      ...(ids[i] ? { id: ids[i] } : {}),
      names: [{ text: '李美玲' }],
      relation: 'daughter',
      sex: 'female',
      birth: { year },
      separatedOn: { year: Y - 11 },
      lastKnownPlace: 'a market street',
      lastKnownPlaceCode: place,
    })),
  });
}

const canon = (rows: readonly MicroRow[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

function cell(release: Release, tableId: string, key: Record<string, string>): number | null | undefined {
  const t = release.tables.find((x) => x.id === tableId)!;
  return t.cells.find((c) => JSON.stringify(c.key) === JSON.stringify(key))?.value;
}

describeEachEngine('advocacy: the statistics facts cache', (_engine, fresh) => {
  let store: Store;
  let admin: Client;
  let alice: Client & { userId: string };
  let deps: Deps;
  let org = '';
  /** Cases made here: id, version and the sought ids, in the order they were made. */
  const made: { id: string; version: number; sought: string[] }[] = [];

  const ref = (): YMD => {
    const n = deps.now();
    return { year: n.getUTCFullYear(), month: n.getUTCMonth() + 1, day: n.getUTCDate() };
  };
  async function create(births: number[], place?: string): Promise<void> {
    const r = await alice.post('/api/cases', body(alice.userId, births, place));
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json<{ id: string; version: number; sought: { id: string }[] }>();
    made.push({ id: c.id, version: c.version, sought: c.sought.map((s) => s.id) });
  }
  async function edit(index: number, births: number[], place?: string, keep = births.length): Promise<void> {
    const m = made[index]!;
    const r = await alice.put(`/api/cases/${m.id}`, { ...body(alice.userId, births, place, m.sought.slice(0, keep)), version: m.version });
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json<{ version: number; sought: { id: string }[] }>();
    made[index] = { id: m.id, version: c.version, sought: c.sought.map((s) => s.id) };
  }
  /** The release through the cache, checked against one built from a full decryption of every child. */
  async function check(): Promise<Release> {
    const cached = await statisticsRows(deps, org, ref());
    const full = await statisticsRows(deps, org, ref(), { fresh: true });
    expect(canon(cached.children)).toEqual(canon(full.children));
    expect(canon(cached.cases)).toEqual(canon(full.cases));
    const release = await computeRelease(deps, org);
    const { threshold } = await getSettings(deps, org);
    expect(release).toEqual(buildRelease({ dataDate: release.dataDate, threshold, variables: statisticsVariables(ref().year), populations: full, tables: TABLES }));
    return release;
  }

  beforeAll(async () => {
    store = await fresh();
    admin = await freshApp(store);
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    deps = admin.app.homeward.deps;
    org = (await deps.db.selectFrom('users').select('organisation_id').where('id', '=', alice.userId).executeTakeFirstOrThrow()).organisation_id;
    // 24 children in one prefecture, separated the same year: 12 of each age band, so moving one shows in published cells.
    for (let i = 0; i < 12; i++) await create([YOUNG]);
    for (let i = 0; i < 11; i++) await create([OLD]);
    await create([OLD, YOUNG]);
  }, 120_000);

  it('is off in an app built without warmStatistics (tests): nothing cached before statistics are asked for', () => {
    expect(factsCacheSize(deps.db, org).children).toBe(0);
  });

  it('gives the release of a full decryption, and a created case counts at once', async () => {
    const first = await check();
    expect(cell(first, 'children-by-age-band', { ageBand: '15-17' })).toBe(13);
    expect(cell(first, 'children-by-age-band', { ageBand: '18+' })).toBe(12);
    expect(factsCacheSize(deps.db, org)).toEqual({ children: 25, combinations: 2 });
    await create([YOUNG]);
    const second = await check();
    expect(cell(second, 'children-by-age-band', { ageBand: '15-17' })).toBe(14);
    expect(factsCacheSize(deps.db, org).children).toBe(26);
  });

  it('decrypts an edited child again: a changed birth year or place moves the count (fails without the stamp check)', async () => {
    await check();
    const child = made[0]!.sought[0]!;
    const before = await deps.db.selectFrom('people').select('wrapped_key').where('id', '=', child).executeTakeFirstOrThrow();
    await edit(0, [OLD]);
    // The same person id under a fresh record key: only the stamp tells the cache the facts changed.
    expect(made[0]!.sought[0]).toBe(child);
    const after = await deps.db.selectFrom('people').select('wrapped_key').where('id', '=', child).executeTakeFirstOrThrow();
    expect(after.wrapped_key).not.toBe(before.wrapped_key);
    const moved = await check();
    expect(cell(moved, 'children-by-age-band', { ageBand: '15-17' })).toBe(13);
    expect(cell(moved, 'children-by-age-band', { ageBand: '18+' })).toBe(13);

    const provinceBefore = (await statisticsRows(deps, org, ref())).children.filter((r) => r.province === 'KP-01').length;
    const other = made[1]!.sought[0];
    await edit(1, [YOUNG], 'KP-01');
    expect(made[1]!.sought[0]).toBe(other);
    await check();
    const rows = (await statisticsRows(deps, org, ref())).children;
    expect(rows.filter((r) => r.province === 'KP-01').length).toBe(provinceBefore + 1);
  });

  it('drops a shredded case\'s children from the cache at once, and a child removed from a case at the next read', async () => {
    await check();
    const gone = made[2]!;
    expect(hasCachedFacts(deps.db, org, gone.sought[0]!)).toBe(true);
    const before = factsCacheSize(deps.db, org).children;
    await deleteCase(deps, OPERATOR, gone.id);
    // Before any statistics are read again.
    expect(hasCachedFacts(deps.db, org, gone.sought[0]!)).toBe(false);
    expect(factsCacheSize(deps.db, org).children).toBe(before - 1);
    const after = await check();
    expect(after.tables.find((t) => t.id === 'children-by-age-band')!.cells.at(-1)!.value).toBe(before - 1);

    // The case with two children (made[23]) keeps only the first.
    const pair = made[23]!;
    const dropped = pair.sought[1]!;
    expect(hasCachedFacts(deps.db, org, dropped)).toBe(true);
    await edit(23, [OLD], undefined, 1);
    await check();
    expect(hasCachedFacts(deps.db, org, dropped)).toBe(false);
    expect(factsCacheSize(deps.db, org).children).toBe(before - 2);
  });

  it('after a master key rotation (every wrapped key changes) decrypts under the new key and gives the same release', async () => {
    const before = await check();
    const wrapped = new Map((await deps.db.selectFrom('people').select(['id', 'wrapped_key']).execute()).map((p) => [p.id, p.wrapped_key]));
    await rotateMasterKey(deps, OPERATOR, { settleMs: 0 });
    for (const p of await deps.db.selectFrom('people').select(['id', 'wrapped_key']).execute()) expect(p.wrapped_key).not.toBe(wrapped.get(p.id));
    const after = await check();
    expect(after.tables).toEqual(before.tables);
    expect(factsCacheSize(deps.db, org).children).toBe(24);
  }, 60_000);

  it('counts only its own organisation\'s children when the installation holds two (the join with cases is used then)', async () => {
    await check();
    // A second organisation with one case and one sought child, written as the case service writes them.
    const other = newId();
    const at = deps.now().toISOString();
    await deps.db.insertInto('organisations').values({ id: other, name: 'Another NGO', created_at: at }).execute();
    const caseId = newId();
    const ck = newRecordKey(deps.kr, 'cases', caseId);
    await deps.db.insertInto('cases').values({
      id: caseId, organisation_id: other, reference: `HW-${Y}-9999`, ref_year: Y, ref_seq: 9999, version: 1, status: 'open', risk_level: 'medium', assigned_to: null,
      wrapped_key: ck.wrapped, sealed: ck.seal('sealed', { consents: [] }), created_at: at, updated_at: at,
    }).execute();
    const personId = newId();
    const pk = newRecordKey(deps.kr, 'people', personId);
    await deps.db.insertInto('people').values({
      id: personId, case_id: caseId, role: 'sought', position: 0, relation: 'son', sex: 'male', wrapped_key: pk.wrapped,
      sealed: pk.seal('sealed', { names: [{ text: '王小红', script: 'hanzi-simplified', kind: 'chinese' }], birth: { year: YOUNG }, lastKnownPlaceCode: 'KP-01' }), created_at: at, updated_at: at,
    }).execute();
    try {
      await check();
      expect(factsCacheSize(deps.db, org).children).toBe(24);
      expect(hasCachedFacts(deps.db, org, personId)).toBe(false);
      expect((await statisticsRows(deps, other, ref())).children).toEqual([expect.objectContaining({ province: 'KP-01', ageBand: '15-17' })]);
    } finally {
      await deleteCase(deps, OPERATOR, caseId);
      await deps.db.deleteFrom('organisations').where('id', '=', other).execute();
    }
    expect(hasCachedFacts(deps.db, other, personId)).toBe(false);
  });

  it('warms in the background once a server built with warmStatistics is ready, and stops with it', async () => {
    const app = await build(store.config(), { warmStatistics: true });
    try {
      const db = app.homeward.deps.db;
      expect(factsCacheSize(db, org).children).toBe(0);
      await app.ready();
      for (let i = 0; i < 200 && factsCacheSize(db, org).children === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(factsCacheSize(db, org).children).toBe(24);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('reports a failed warm-up by error name only and goes on', async () => {
    const broken = await openDeps(store.config());
    await broken.db.destroy();
    const messages: string[] = [];
    const warmup = installStatisticsWarmup(broken, (m) => messages.push(m));
    warmup.start();
    for (let i = 0; i < 200 && messages.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await warmup.stop();
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(/^statistics warm-up failed: \w+$/);
  });
});
