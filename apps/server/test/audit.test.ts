import { createHmac, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { audit } from '../src/audit/audit.ts';
import { CHECKPOINT_EVERY, eventHash } from '../src/audit/chain.ts';
import { verifyTrail } from '../src/audit/verify.ts';
import { openDeps } from '../src/deps.ts';
import { OPERATOR, type Deps } from '../src/services/context.ts';
import { auditKeys, checkpointAudit } from '../src/services/keys.ts';
import { homeward, SLOW } from './audit-helpers.ts';
import { describeEachEngine, type Store } from './helpers.ts';

const ACTIONS = ['case.created', 'case.viewed', 'case.updated', 'lead.created', 'case.listed', 'lead.viewed', 'case.viewed', 'cases.exported'];

/** A store with a small trail: 8 events, a signed checkpoint (event 9), 3 more (12 in all). */
async function populated(fresh: () => Promise<Store>): Promise<Store> {
  const store = await fresh();
  const deps = await openDeps(store.config());
  try {
    const at = new Date('2026-11-29T08:00:00Z');
    for (const [i, a] of ACTIONS.entries()) await audit(deps.db, OPERATOR, a, 'case', `case-${i}`, new Date(at.getTime() + i * 1000));
    expect(await checkpointAudit(deps, OPERATOR)).toBe(9);
    for (let i = 0; i < 3; i++) await audit(deps.db, OPERATOR, 'case.viewed', 'case', `case-${i}`, new Date(at.getTime() + 60_000 + i));
  } finally {
    await deps.db.destroy();
  }
  return store;
}

async function withDeps<T>(store: Store, fn: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await openDeps(store.config());
  try {
    return await fn(deps);
  } finally {
    await deps.db.destroy();
  }
}

const idAt = (deps: Deps, seq: number) => deps.db.selectFrom('audit_events').select(['id', 'hash']).where('seq', '=', seq).executeTakeFirstOrThrow();

describeEachEngine('audit trail', (_engine, fresh) => {
  it('chains every event, serialises concurrent appends and signs a checkpoint every N events', async () => {
    const store = await fresh();
    await withDeps(store, async (deps) => {
      const n = CHECKPOINT_EVERY + 5;
      await Promise.all([...Array(n).keys()].map((i) => audit(deps.db, OPERATOR, 'case.viewed', 'case', `c${i}`, deps.now())));
      const rows = await deps.db.selectFrom('audit_events').select(['seq', 'hash', 'prev_hash']).orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual([...Array(n).keys()].map((i) => i + 1));
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      const cps = await deps.db.selectFrom('audit_checkpoints').select('seq').execute();
      expect(cps.map((c) => c.seq)).toEqual([CHECKPOINT_EVERY]);
      expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
      // Another key cannot vouch for this trail.
      expect((await verifyTrail(deps.db, new Map())).problems.map((p) => p.kind)).toContain('head');
    });
  }, SLOW);

  it('chains events written before chaining existed, and records that it did', async () => {
    const store = await fresh();
    await withDeps(store, async (deps) => {
      // As the migration leaves a database that already had events: seq NULL, head marked legacy.
      await deps.db.insertInto('audit_events').values([
        { id: 'old-2', at: '2026-01-02T00:00:00.000Z', actor_kind: 'operator', actor_id: null, action: 'case.created', record_type: 'case', record_id: 'x', seq: null, prev_hash: null, hash: null },
        { id: 'old-1', at: '2026-01-01T00:00:00.000Z', actor_kind: 'operator', actor_id: null, action: 'setup.finished', record_type: null, record_id: null, seq: null, prev_hash: null, hash: null },
      ]).execute();
      await deps.db.updateTable('audit_head').set({ legacy: 1 }).execute();
      await audit(deps.db, OPERATOR, 'case.viewed', 'case', 'x', deps.now());
      const rows = await deps.db.selectFrom('audit_events').select(['seq', 'id', 'action']).orderBy('seq').execute();
      expect(rows.map((r) => [r.seq, r.id === 'old-1' || r.id === 'old-2' ? r.id : r.action])).toEqual([[1, 'old-1'], [2, 'old-2'], [3, 'audit.rechained'], [4, 'case.viewed']]);
      expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
    });
  }, SLOW);

  it('audit verify exits 0 on an intact trail and records that it ran', async () => {
    const store = await populated(fresh);
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/audit trail intact: 12 event\(s\), 1 signed checkpoint/);
    await withDeps(store, async (deps) => {
      const last = await deps.db.selectFrom('audit_events').select(['action', 'actor_kind']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(last).toEqual({ action: 'audit.verified', actor_kind: 'operator' });
    });
  }, SLOW);

  it('names a deleted event', async () => {
    const store = await populated(fresh);
    await withDeps(store, (deps) => deps.db.deleteFrom('audit_events').where('seq', '=', 5).execute());
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^deleted: event #5 is missing/m);
    expect(r.stderr).toMatch(/tampered/);
  }, SLOW);

  it('names a deleted last event (the tail after the last checkpoint)', async () => {
    const store = await populated(fresh);
    await withDeps(store, (deps) => deps.db.deleteFrom('audit_events').where('seq', '=', 12).execute());
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^deleted: event #12 .*missing/m);
  }, SLOW);

  it('names an altered event', async () => {
    const store = await populated(fresh);
    const id = await withDeps(store, async (deps) => {
      await deps.db.updateTable('audit_events').set({ record_id: 'someone-else' }).where('seq', '=', 6).execute();
      return (await idAt(deps, 6)).id;
    });
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`altered: event #6 (${id}) was altered`);
  }, SLOW);

  it('names an inserted event, even with a correctly computed hash', async () => {
    const store = await populated(fresh);
    const forged = 'forged-event-id';
    await withDeps(store, async (deps) => {
      // Make room at #7 as a careful attacker would, then chain the forgery to #6.
      for (let s = 12; s >= 7; s--) await deps.db.updateTable('audit_events').set({ seq: s + 1 }).where('seq', '=', s).execute();
      const prev = (await idAt(deps, 6)).hash!;
      const ev = { seq: 7, id: forged, at: '2026-11-29T08:00:06.500Z', actor_kind: 'operator', actor_id: null, action: 'case.viewed', record_type: 'case', record_id: 'c' };
      await deps.db.insertInto('audit_events').values({ ...ev, prev_hash: prev, hash: eventHash(ev, prev) }).execute();
    });
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`inserted: event #7 (${forged}) is not part of the signed chain`);
  }, SLOW);

  it('names reordered events', async () => {
    const store = await populated(fresh);
    const [a, b] = await withDeps(store, async (deps) => {
      const three = (await idAt(deps, 3)).id;
      const four = (await idAt(deps, 4)).id;
      await deps.db.updateTable('audit_events').set({ seq: -1 }).where('seq', '=', 3).execute();
      await deps.db.updateTable('audit_events').set({ seq: 3 }).where('seq', '=', 4).execute();
      await deps.db.updateTable('audit_events').set({ seq: 4 }).where('seq', '=', -1).execute();
      return [three, four];
    });
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`reordered: event #3 (${b}) was recorded as event #4`);
    expect(r.stdout).toContain(`reordered: event #4 (${a}) was recorded as event #3`);
  }, SLOW);

  it('names a forged checkpoint and a forged chain head', async () => {
    const store = await populated(fresh);
    await withDeps(store, async (deps) => {
      const cp = await deps.db.selectFrom('audit_checkpoints').selectAll().where('seq', '=', 9).executeTakeFirstOrThrow();
      // A checkpoint made with a guessed key, and the head re-signed by one.
      const wrong = randomBytes(32);
      const forge = (parts: unknown[]) => createHmac('sha256', wrong).update(JSON.stringify(parts)).digest('hex');
      await deps.db.insertInto('audit_checkpoints').values({ seq: 4, hash: (await idAt(deps, 4)).hash!, at: cp.at, key_id: cp.key_id, mac: forge(['homeward-audit-checkpoint-v1', 4]) }).execute();
      const head = await deps.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      await deps.db.updateTable('audit_head').set({ mac: forge(['homeward-audit-head-v1', head.seq, head.hash]) }).execute();
    });
    const r = await homeward(store, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^checkpoint: checkpoint at event #4 has an invalid signature/m);
    expect(r.stdout).toMatch(/^head: the chain head \(event #12\) has an invalid signature/m);
    expect(r.stdout).not.toMatch(/checkpoint at event #9/);
  }, SLOW);
});
