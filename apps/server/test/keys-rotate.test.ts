import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyTrail } from '../src/audit/verify.ts';
import { keyringFrom, openRecord } from '../src/crypto/envelope.ts';
import { MASTER_KEY_FILE, OLD_KEY_FILE, readKeyFile } from '../src/crypto/master-key.ts';
import { openDeps } from '../src/deps.ts';
import { exportCases, findCasesByName, importCases } from '../src/services/cases.ts';
import { OPERATOR, type Deps } from '../src/services/context.ts';
import { generateDemoCases, prepareDemo } from '../src/services/demo.ts';
import { auditKeys, rowsNotUnder } from '../src/services/keys.ts';
import { listLeads } from '../src/services/leads.ts';
import { homeward, SLOW } from './audit-helpers.ts';
import { describeEachEngine, freshApp, sampleCase, type Store } from './helpers.ts';

async function withDeps<T>(store: Store, fn: (deps: Deps) => Promise<T>, env: NodeJS.ProcessEnv = {}): Promise<T> {
  const deps = await openDeps(store.config({}, env));
  try {
    return await fn(deps);
  } finally {
    await deps.db.destroy();
  }
}

/** Everything readable in the database, decrypted: cases, leads, demo credentials (sealed in meta). */
async function snapshot(deps: Deps) {
  const cases = await exportCases(deps, OPERATOR);
  const leads = (await listLeads(deps, OPERATOR)).map((l) => ({ ...l, updatedAt: undefined }));
  const creds = await prepareDemo(deps);
  const name = cases[0]!.sought[0]!.names[0]!.text;
  const found = (await findCasesByName(deps, OPERATOR, name)).sort();
  return { cases, leads, creds, found };
}

const TABLES = ['cases', 'people', 'leads', 'users'] as const;

async function wrappedRows(deps: Deps): Promise<{ table: string; id: string; wrapped: string }[]> {
  const out: { table: string; id: string; wrapped: string }[] = [];
  for (const t of TABLES) {
    for (const r of await deps.db.selectFrom(t as 'cases').select(['id', 'wrapped_key']).execute()) out.push({ table: t, id: r.id, wrapped: r.wrapped_key });
  }
  return out;
}

describeEachEngine('master key rotation', (engine, fresh) => {
  it('keys rotate re-wraps every data key of a populated database; everything still decrypts; the old key opens nothing', async () => {
    const store = await fresh();
    const keyFile = join(store.dataDir, MASTER_KEY_FILE);
    const before = await withDeps(store, async (deps) => {
      await prepareDemo(deps, { cases: 6, seed: 11 });
      return snapshot(deps);
    });
    expect(before.cases.length).toBe(6);
    expect(before.found.length).toBeGreaterThan(0);
    const oldMaster = readKeyFile(keyFile);

    const r = await homeward(store, ['keys', 'rotate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const n = Number(/master key rotated: (\d+) data key/.exec(r.stdout)?.[1]);
    // 6 cases, their people, 3 leads, 2 users, the demo credentials and the blind-index root.
    expect(n).toBeGreaterThan(6 + 6 + 3 + 2);
    expect(r.stdout).not.toContain(oldMaster.toString('base64'));

    expect(readKeyFile(keyFile).equals(oldMaster)).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(join(store.dataDir, OLD_KEY_FILE))).toBe(false);

    await withDeps(store, async (deps) => {
      expect(await snapshot(deps)).toEqual(before);
      expect(await rowsNotUnder(deps.db, deps.kr.kid!)).toBe(0);
      expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
      const actions = (await deps.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['keys.rotation.started', 'keys.rotated']));
      // Something new after the rotation, then: the old key opens nothing at all.
      await importCases(deps, OPERATOR, generateDemoCases(1, 5));
      const old = keyringFrom(oldMaster);
      const rows = await wrappedRows(deps);
      expect(rows.length).toBeGreaterThan(20);
      for (const row of rows) {
        expect(() => openRecord(deps.kr, row.table, row.id, row.wrapped)).not.toThrow();
        expect(() => openRecord(old, row.table, row.id, row.wrapped)).toThrow();
      }
    });
    await expect(openDeps(store.config({}, { HOMEWARD_MASTER_KEY: oldMaster.toString('base64') }))).rejects.toThrow(/does not match this database/);
  }, SLOW);

  it('the running app keeps reading and writing throughout a rotation', async () => {
    const store = await fresh();
    const c = await freshApp(store);
    await c.setupAndLogin();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await c.post('/api/cases', sampleCase())).json<{ id: string }>().id);
    // The rotation runs as the operator would run it: another process, on the same database and key file.
    let done = false;
    const rotation = homeward(store, ['keys', 'rotate']).finally(() => (done = true));
    const reads: number[] = [];
    const writes: number[] = [];
    while (!done) {
      for (const id of ids) reads.push((await c.get(`/api/cases/${id}`)).statusCode);
      const created = await c.post('/api/cases', sampleCase());
      writes.push(created.statusCode);
      if (created.statusCode === 201) ids.push(created.json<{ id: string }>().id);
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await rotation;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    expect(writes.filter((s) => s === 201).length).toBeGreaterThan(0);
    // Neither engine may refuse a write during a rotation (SQLite write transactions begin IMMEDIATE,
    // so they wait for the rotation's batch instead of failing with SQLITE_BUSY).
    expect(writes.filter((s) => s !== 201)).toEqual([]);
    expect(ids.length).toBeGreaterThan(4);
    // After: the app still reads everything, and writes under the new key.
    for (const id of ids) expect((await c.get(`/api/cases/${id}`)).statusCode).toBe(200);
    ids.push((await c.post('/api/cases', sampleCase())).json<{ id: string }>().id);
    await c.app.close();
    // A restart with only the new key reads every case, including those written during the rotation.
    await withDeps(store, async (deps) => {
      expect(await rowsNotUnder(deps.db, deps.kr.kid!)).toBe(0);
      expect((await exportCases(deps, OPERATOR)).length).toBe(ids.length);
      expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
    });
  }, SLOW);

  it('with HOMEWARD_MASTER_KEY, takes the new key from HOMEWARD_NEW_MASTER_KEY and says how to switch', async () => {
    const store = await fresh();
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const before = await withDeps(store, async (deps) => {
      await prepareDemo(deps, { cases: 3, seed: 2 });
      return snapshot(deps);
    }, { HOMEWARD_MASTER_KEY: oldKey });

    const refused = await homeward(store, ['keys', 'rotate'], { HOMEWARD_MASTER_KEY: oldKey });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/HOMEWARD_NEW_MASTER_KEY/);

    const r = await homeward(store, ['keys', 'rotate'], { HOMEWARD_MASTER_KEY: oldKey, HOMEWARD_NEW_MASTER_KEY: newKey });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/set HOMEWARD_MASTER_KEY to the value of HOMEWARD_NEW_MASTER_KEY/);
    expect(r.stdout + r.stderr).not.toContain(newKey);
    expect(existsSync(join(store.dataDir, MASTER_KEY_FILE))).toBe(false);
    expect(await withDeps(store, snapshot, { HOMEWARD_MASTER_KEY: newKey })).toEqual(before);
    await expect(openDeps(store.config({}, { HOMEWARD_MASTER_KEY: oldKey }))).rejects.toThrow(/does not match/);
  }, SLOW);
});
