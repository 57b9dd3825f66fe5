import { beforeAll, expect, it } from 'vitest';
import { grantShare, visibleCaseIds, visibleCases } from '../src/policies/case-access.ts';
import { OPERATOR, type Actor } from '../src/services/context.ts';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

// visibleCaseIds (lookups by primary key, for long lists of ids) must decide
// exactly as visibleCases (the query filter) does, for every kind of reader.

describeEachEngine('visible case ids', (_engine, fresh) => {
  let admin: Client;
  const ids: string[] = [];
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const alice = await signedInAs(admin, 'caseworker', 'Alice');
    const bob = await signedInAs(admin, 'caseworker', 'Bob');
    const carol = await signedInAs(admin, 'caseworker', 'Carol');
    const advocate = await signedInAs(admin, 'advocate', 'Dan');
    for (let i = 0; i < 4; i++) ids.push((await alice.post('/api/cases', sampleCase())).json().id);
    const db = admin.app.homeward.deps.db;
    const now = new Date();
    // Bob: one live share, one revoked, one expired.
    await grantShare(db, ids[1]!, bob.userId, null, now);
    await grantShare(db, ids[2]!, bob.userId, null, now);
    await db.updateTable('case_access').set({ revoked_at: now.toISOString() }).where('case_id', '=', ids[2]!).where('user_id', '=', bob.userId).execute();
    await grantShare(db, ids[3]!, bob.userId, null, now);
    await db.updateTable('case_access').set({ expires_at: new Date(now.getTime() - 60_000).toISOString() }).where('case_id', '=', ids[3]!).where('user_id', '=', bob.userId).execute();
    const org = (await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const user = (id: string, role: 'caseworker' | 'advocate'): Actor => ({ kind: 'user', id, organisationId: org, role });
    actors.alice = user(alice.userId, 'caseworker');
    actors.bob = user(bob.userId, 'caseworker');
    actors.carol = user(carol.userId, 'caseworker');
    actors.advocate = user(advocate.userId, 'advocate');
    actors.otherOrg = { kind: 'user', id: alice.userId, organisationId: 'another-organisation', role: 'caseworker' };
    actors.operator = OPERATOR;
  });

  it('agrees with visibleCases for the assignee, shares (live, revoked, expired), others, other roles and the operator', async () => {
    const db = admin.app.homeward.deps.db;
    const now = new Date();
    const asked = [...ids, 'no-such-case'];
    const expected: Record<string, number> = { alice: 4, bob: 1, carol: 0, advocate: 0, otherOrg: 0, operator: 4 };
    for (const [name, actor] of Object.entries(actors)) {
      const byQuery = new Set((await visibleCases(db.selectFrom('cases').select('cases.id'), actor, now).where('cases.id', 'in', asked).execute()).map((c) => c.id));
      const byIds = await visibleCaseIds(db, actor, asked, now);
      expect([...byIds].sort(), name).toEqual([...byQuery].sort());
      expect(byIds.size, name).toBe(expected[name]);
    }
    expect(await visibleCaseIds(db, actors.bob!, [ids[1]!], now)).toEqual(new Set([ids[1]]));
  });
});
