import { beforeAll, expect, it } from 'vitest';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

const lead = (extra: Record<string, unknown> = {}) => ({
  names: [{ text: '리미령' }],
  approxAge: { age: 13, atYear: 2025 },
  sex: 'female',
  source: 'field visit',
  reliability: 'medium',
  receivedOn: { year: 2026, month: 2 },
  ...extra,
});

describeEachEngine('matching', (_engine, fresh) => {
  let admin: Client;
  let alice: Client & { userId: string };
  let caseId = '';
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    const r = await alice.post('/api/cases', sampleCase());
    expect(r.statusCode).toBe(201);
    caseId = r.json().id;
  });

  it('finds candidates when a lead is created', async () => {
    const r = await alice.post('/api/leads', lead());
    expect(r.statusCode).toBe(201);
    const db = admin.app.homeward.deps.db;
    const rows = await db.selectFrom('match_candidates').selectAll().where('lead_id', '=', r.json().id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.case_id).toBe(caseId);
    expect(rows[0]!.status).toBe('open');
    expect(Number(rows[0]!.probability)).toBeGreaterThan(0.3);
  });
});
