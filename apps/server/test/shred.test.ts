import { createDecipheriv } from 'node:crypto';
import { expect, it } from 'vitest';
import { verifyTrail } from '../src/audit/verify.ts';
import { unwrapDataKey } from '../src/crypto/envelope.ts';
import { openDeps } from '../src/deps.ts';
import { findCasesByName, getCase } from '../src/services/cases.ts';
import { OPERATOR, ServiceError, type Deps } from '../src/services/context.ts';
import { prepareDemo } from '../src/services/demo.ts';
import { auditKeys } from '../src/services/keys.ts';
import { deleteCase } from '../src/services/keys-shred.ts';
import { homeward, SLOW } from './audit-helpers.ts';
import { describeEachEngine } from './helpers.ts';

/** AES-256-GCM open of a `v1.` field blob with a raw key: what an attacker holding that key could do. */
function openWith(key: Buffer, blob: string, aad: string): string {
  const raw = Buffer.from(blob.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 });
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

/** Every key still in the installation: each row's data key, the wrapping key, the index root, the audit key. */
async function remainingKeys(deps: Deps): Promise<Buffer[]> {
  const keys: Buffer[] = [deps.kr.wrapKey, deps.kr.indexRoot, deps.kr.auditKey!];
  for (const t of ['cases', 'people', 'leads', 'users'] as const) {
    for (const r of await deps.db.selectFrom(t as 'cases').select(['id', 'wrapped_key']).execute()) keys.push(unwrapDataKey(deps.kr, r.wrapped_key, t, r.id));
  }
  return keys;
}

describeEachEngine('crypto-shredding', (_engine, fresh) => {
  it('deleting a case destroys its data keys and blind-index rows; its ciphertexts open under no remaining key', async () => {
    const store = await fresh();
    const deps = await openDeps(store.config());
    try {
      await prepareDemo(deps, { cases: 4, seed: 9 });
      const target = await deps.db.selectFrom('cases').selectAll().orderBy('ref_seq').executeTakeFirstOrThrow();
      const people = await deps.db.selectFrom('people').selectAll().where('case_id', '=', target.id).execute();
      const detail = await getCase(deps, OPERATOR, target.id, false);
      const name = detail.sought[0]!.names[0]!.text;
      expect(await findCasesByName(deps, OPERATOR, name)).toContain(target.id);
      // What a copy taken before the deletion (a replica, a log, free pages) would still hold.
      const copies = [
        { blob: target.sealed, aad: `homeward/field/cases/sealed/${target.id}`, key: unwrapDataKey(deps.kr, target.wrapped_key, 'cases', target.id) },
        ...people.map((p) => ({ blob: p.sealed, aad: `homeward/field/people/sealed/${p.id}`, key: unwrapDataKey(deps.kr, p.wrapped_key, 'people', p.id) })),
      ];
      // Positive control: with its own data key each copy opens.
      for (const c of copies) expect(() => openWith(c.key, c.blob, c.aad)).not.toThrow();

      await deleteCase(deps, OPERATOR, target.id);

      expect(await deps.db.selectFrom('cases').select('id').where('id', '=', target.id).execute()).toEqual([]);
      expect(await deps.db.selectFrom('people').select('id').where('case_id', '=', target.id).execute()).toEqual([]);
      const ids = [target.id, ...people.map((p) => p.id)];
      expect(await deps.db.selectFrom('name_index').select('owner_id').where('owner_id', 'in', ids).execute()).toEqual([]);
      expect(await findCasesByName(deps, OPERATOR, name)).not.toContain(target.id);
      const wrapped = (await deps.db.selectFrom('cases').select('wrapped_key').execute()).map((r) => r.wrapped_key);
      expect(wrapped).not.toContain(target.wrapped_key);

      const keys = await remainingKeys(deps);
      expect(keys.length).toBeGreaterThan(10);
      for (const c of copies) for (const k of keys) expect(() => openWith(k, c.blob, c.aad)).toThrow();

      await expect(deleteCase(deps, OPERATOR, target.id)).rejects.toBeInstanceOf(ServiceError);
      const other = await deps.db.selectFrom('cases').select('organisation_id').executeTakeFirstOrThrow();
      const stranger = { kind: 'user' as const, id: 'u', organisationId: `${other.organisation_id}-other`, role: 'administrator' as const };
      const remaining = await deps.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      await expect(deleteCase(deps, stranger, remaining.id)).rejects.toThrow(/no such case/);
      const events = await deps.db.selectFrom('audit_events').select(['action', 'record_id']).where('action', '=', 'case.deleted').execute();
      expect(events).toEqual([{ action: 'case.deleted', record_id: target.id }]);
      expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
    } finally {
      await deps.db.destroy();
    }
  }, 120_000);

  it('homeward cases delete ID shreds a case from the command line, audited as the operator', async () => {
    const store = await fresh();
    const id = await (async () => {
      const deps = await openDeps(store.config());
      try {
        await prepareDemo(deps, { cases: 2, seed: 4 });
        return (await deps.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
      } finally {
        await deps.db.destroy();
      }
    })();
    const r = await homeward(store, ['cases', 'delete', id]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`deleted case ${id}`);
    const again = await homeward(store, ['cases', 'delete', id]);
    expect(again.code).toBe(2);
    const deps = await openDeps(store.config());
    try {
      expect(await deps.db.selectFrom('cases').select('id').where('id', '=', id).execute()).toEqual([]);
      const ev = await deps.db.selectFrom('audit_events').select(['actor_kind', 'record_id']).where('action', '=', 'case.deleted').execute();
      expect(ev).toEqual([{ actor_kind: 'operator', record_id: id }]);
    } finally {
      await deps.db.destroy();
    }
  }, SLOW);
});
