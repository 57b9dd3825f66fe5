import { beforeAll, describe, expect, it } from 'vitest';
import { findCasesByName } from '../src/services/cases.ts';
import { createUser } from '../src/services/users.ts';
import { OPERATOR } from '../src/services/context.ts';
import { Client, describeEachEngine, freshApp, sampleCase } from './helpers.ts';

describeEachEngine('cases, leads and history', (_engine, fresh) => {
  let c: Client;
  let caseworker: { id: string; secret: string };
  beforeAll(async () => {
    c = await freshApp(await fresh());
    await c.setupAndLogin();
    const made = await createUser(c.app.homeward.deps, OPERATOR, { email: 'cw@example.org', displayName: 'Case Worker', role: 'caseworker', password: 'another long passphrase' });
    caseworker = { id: made.user.id, secret: made.totpSecret };
  });

  describe('cases', () => {
    let created: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test

    it('registers a case with names in several scripts and returns it complete', async () => {
      const r = await c.post('/api/cases', sampleCase({ assignedTo: caseworker.id }));
      expect(r.statusCode).toBe(201);
      created = r.json();
      expect(created.reference).toMatch(new RegExp(`^HW-${new Date().getUTCFullYear()}-0001$`));
      expect(created.version).toBe(1);
      expect(created.assignedTo).toEqual({ id: caseworker.id, displayName: 'Case Worker' });
      expect(created.applicant.names).toEqual([
        { text: '김영희', script: 'hangul', kind: 'legal' },
        { text: '金英姬', script: 'hanzi-simplified', kind: 'chinese' },
      ]);
      expect(created.applicant.safeContact).toContain('weekday mornings');
      expect(created.sought[0]).toMatchObject({ relation: 'daughter', birth: { approxAge: 4, atYear: 2016 }, separatedOn: { year: 2017, month: 3 }, lastKnownPlace: 'Longjing market street' });
      // Partial dates keep their precision: no invented month or day.
      expect(created.applicant.birth).toEqual({ year: 1985 });
      expect((await c.get(`/api/cases/${created.id}`)).json()).toEqual(created);
    });

    it('numbers references in sequence', async () => {
      const r = await c.post('/api/cases', sampleCase({ status: 'tracing' }));
      expect(r.json().reference).toMatch(/-0002$/);
    });

    it('lists cases newest change first, with names but no identifying data in the URL', async () => {
      const r = await c.get('/api/cases');
      expect(r.statusCode).toBe(200);
      const items = r.json().items;
      expect(items).toHaveLength(2);
      expect(items[0].reference).toMatch(/-0002$/);
      expect(items[1]).toMatchObject({ id: created.id, status: 'open', applicantName: '김영희', soughtNames: ['李美玲'], assignedTo: { id: caseworker.id, displayName: 'Case Worker' } });
      const tracing = (await c.get('/api/cases?status=tracing')).json().items;
      expect(tracing).toHaveLength(1);
      expect((await c.get('/api/cases?status=bogus')).statusCode).toBe(400);
    });

    it('updates with the current version and records which fields changed', async () => {
      const body: Record<string, unknown> = { ...created, status: 'tracing', notes: 'Remembers a blue school bag', assignedTo: null, version: 1 };
      body.sought = [created.sought[0], { names: [{ text: 'Ri Chol' }], relation: 'son' }];
      const r = await c.put(`/api/cases/${created.id}`, body);
      expect(r.statusCode).toBe(200);
      const updated = r.json();
      expect(updated.version).toBe(2);
      expect(updated.notes).toBe('Remembers a blue school bag');
      expect(updated.sought[0].id).toBe(created.sought[0].id);
      expect(updated.applicant.id).toBe(created.applicant.id);
      expect(updated.sought).toHaveLength(2);
      const history = (await c.get(`/api/cases/${created.id}/history`)).json().items;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'updated']);
      expect(history[1].actor.displayName).toBe('Admin One');
      expect(history[1].fields.sort()).toEqual(['assignedTo', 'notes', 'status', 'sought.1'].sort());
      expect(JSON.stringify(history)).not.toContain('blue');
      created = updated;
    });

    it('refuses a stale edit with 409 and overwrites nothing', async () => {
      const stale = { ...created, notes: 'overwritten by a stale tab', version: 1 };
      const r = await c.put(`/api/cases/${created.id}`, stale);
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('STALE_VERSION');
      const now = (await c.get(`/api/cases/${created.id}`)).json();
      expect(now.notes).toBe('Remembers a blue school bag');
      expect(now.version).toBe(2);
      expect((await c.get(`/api/cases/${created.id}/history`)).json().items).toHaveLength(2);
    });

    it('refuses an assignee who is not a user', async () => {
      const r = await c.put(`/api/cases/${created.id}`, { ...created, assignedTo: 'no-such-user', version: created.version });
      expect(r.statusCode).toBe(400);
      expect(r.json().issues[0].path).toBe('assignedTo');
    });

    it('answers 404 for absent cases and for cases of another organisation', async () => {
      expect((await c.get('/api/cases/doesnotexist')).json().code).toBe('NOT_FOUND');
      expect((await c.get('/api/cases/bad%20id!')).statusCode).toBe(404);
      const db = c.app.homeward.deps.db;
      await db.insertInto('organisations').values({ id: 'otherorg', name: 'Other NGO', created_at: new Date().toISOString() }).execute();
      await db.updateTable('users').set({ organisation_id: 'otherorg' }).where('id', '=', caseworker.id).execute();
      const other = new Client(c.app);
      expect((await other.login('cw@example.org', 'another long passphrase', caseworker.secret)).statusCode).toBe(200);
      const r = await other.get(`/api/cases/${created.id}`);
      expect(r.statusCode).toBe(404);
      expect((await other.get(`/api/cases/${created.id}/history`)).statusCode).toBe(404);
      expect((await other.put(`/api/cases/${created.id}`, { ...created, version: created.version })).statusCode).toBe(404);
      expect((await other.get('/api/cases')).json().items).toEqual([]);
      await db.updateTable('users').set({ organisation_id: created.assignedTo?.organisationId ?? (await db.selectFrom('organisations').select('id').where('id', '!=', 'otherorg').executeTakeFirstOrThrow()).id }).where('id', '=', caseworker.id).execute();
    });

    it('finds a case by an exact name through the blind index', async () => {
      const deps = c.app.homeward.deps;
      const actor = { kind: 'operator' } as const;
      expect(await findCasesByName(deps, actor, '李美玲')).toContain(created.id);
      expect(await findCasesByName(deps, actor, '  li   MEILING ')).toContain(created.id);
      expect(await findCasesByName(deps, actor, '박철수')).toEqual([]);
      const rows = await deps.db.selectFrom('name_index').selectAll().execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Number(row.value)).toBeLessThan(1024);
    });
  });

  describe('leads', () => {
    let lead: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
    let caseId: string;

    it('records an unlinked lead', async () => {
      const r = await c.post('/api/leads', {
        names: [{ text: '리미령' }], approxAge: { age: 12, atYear: 2025 }, sex: 'female', place: 'Yanji, near the railway station',
        source: 'Field partner in Yanji', reliability: 'medium', receivedOn: { year: 2025, month: 11 }, notes: 'Works at a noodle shop',
      });
      expect(r.statusCode).toBe(201);
      lead = r.json();
      expect(lead).toMatchObject({ version: 1, caseId: null, names: [{ text: '리미령', script: 'hangul', kind: 'legal' }], receivedOn: { year: 2025, month: 11 } });
      expect((await c.get(`/api/leads/${lead.id}`)).json()).toEqual(lead);
      expect((await c.get('/api/leads')).json().items.map((l: { id: string }) => l.id)).toContain(lead.id);
    });

    it('links it to a case, refusing stale versions and unknown cases', async () => {
      caseId = (await c.get('/api/cases')).json().items[0].id;
      const { id: _id, createdAt: _c, updatedAt: _u, ...body } = lead;
      const r = await c.put(`/api/leads/${lead.id}`, { ...body, caseId, version: 1 });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ caseId, version: 2 });
      const stale = await c.put(`/api/leads/${lead.id}`, { ...body, caseId: null, version: 1 });
      expect(stale.statusCode).toBe(409);
      expect((await c.get(`/api/leads/${lead.id}`)).json().caseId).toBe(caseId);
      const unknown = await c.put(`/api/leads/${lead.id}`, { ...body, caseId: 'nosuchcase', version: 2 });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().issues[0].path).toBe('caseId');
      expect((await c.get('/api/leads/nosuchlead')).statusCode).toBe(404);
    });
  });
});
