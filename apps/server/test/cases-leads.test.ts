import { beforeAll, describe, expect, it } from 'vitest';
import { CaseFileSchema, formatPath } from '@homeward/contracts';
import { exportCases, findCasesByName, importCases } from '../src/services/cases.ts';
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

  describe('steps already taken (issue #8)', () => {
    // Fictional steps, in the scripts caseworkers write them in.
    const STEPS = [
      { date: { year: 2018, month: 5 }, description: '룡정 파출소에 실종 신고', authority: '龙井市公安局', outcome: 'No answer after two visits' },
      { date: { approxAge: 30, atYear: 2020 }, description: 'Her cousin searched the Yanji markets' },
      { description: 'Letter to the UN Working Group on Enforced or Involuntary Disappearances', authority: 'UN WGEID' },
    ];
    let kase: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test

    it('stores steps with the case and returns them as entered, partial dates at their precision', async () => {
      const r = await c.post('/api/cases', sampleCase({ stepsTaken: STEPS }));
      expect(r.statusCode, r.body).toBe(201);
      kase = r.json();
      expect(kase.stepsTaken).toEqual(STEPS);
      expect((await c.get(`/api/cases/${kase.id}`)).json().stepsTaken).toEqual(STEPS);
      // A case registered without steps reads back as an empty list, never as a missing field.
      expect((await c.post('/api/cases', sampleCase())).json().stepsTaken).toEqual([]);
      const history = (await c.get(`/api/cases/${kase.id}/history`)).json().items;
      expect(history[0].fields).toContain('stepsTaken');
    });

    it('replaces the steps on edit and records that they changed, never what they say', async () => {
      const { assignedTo, ...rest } = kase;
      const stepsTaken = [{ ...STEPS[0]!, outcome: 'Told to come back with a hukou number' }, STEPS[2]!];
      const r = await c.put(`/api/cases/${kase.id}`, { ...rest, assignedTo: assignedTo?.id ?? null, stepsTaken, version: 1 });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().version).toBe(2);
      expect(r.json().stepsTaken).toEqual(stepsTaken);
      const history = (await c.get(`/api/cases/${kase.id}/history`)).json().items;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'updated']);
      expect(history[1].fields).toEqual(['stepsTaken']);
      const text = JSON.stringify(history);
      for (const secret of ['hukou', '룡정', '龙井', 'cousin']) expect(text).not.toContain(secret);
      // Clearing the list is a change too, and leaves an empty list. An update replaces the whole case,
      // so leaving the key out clears it as [] does (the web form sends no key for no steps, as for a blank note).
      const { stepsTaken: _old, ...withoutSteps } = rest;
      const cleared = await c.put(`/api/cases/${kase.id}`, { ...withoutSteps, assignedTo: assignedTo?.id ?? null, version: 2 });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json().stepsTaken).toEqual([]);
      expect((await c.get(`/api/cases/${kase.id}/history`)).json().items[2].fields).toEqual(['stepsTaken']);
      kase = cleared.json();
    });

    it('refuses a bad step with 400 naming its field path, and changes nothing', async () => {
      const { assignedTo, ...rest } = kase;
      const put = (stepsTaken: unknown) => c.put(`/api/cases/${kase.id}`, { ...rest, assignedTo: assignedTo?.id ?? null, stepsTaken, version: kase.version });
      const bad = await put([STEPS[0], { description: '   ', date: { year: 2019, month: 13 } }, { date: { year: 2019 } }]);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
      const paths = bad.json().issues.map((i: { path: string }) => i.path).sort();
      expect(paths).toEqual(['stepsTaken.1.date.month', 'stepsTaken.1.description', 'stepsTaken.2.description']);
      // Issues name fields, never echo what was typed.
      expect(bad.body).not.toContain('룡정');
      const typo = await put([{ description: 'Asked the police', autority: 'Tumen police' }]);
      expect(typo.statusCode).toBe(400);
      expect(typo.json().issues[0]).toMatchObject({ path: 'stepsTaken.0' });
      const tooMany = await put(Array.from({ length: 51 }, (_, i) => ({ description: `Step ${i + 1}` })));
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().issues[0].path).toBe('stepsTaken');
      const now = (await c.get(`/api/cases/${kase.id}`)).json();
      expect(now.version).toBe(kase.version);
      expect(now.stepsTaken).toEqual([]);
      expect((await c.get(`/api/cases/${kase.id}/history`)).json().items).toHaveLength(3);
      // A new case with a bad step is not created at all.
      const before = (await c.get('/api/cases')).json().items.length;
      const refused = await c.post('/api/cases', sampleCase({ stepsTaken: [{ description: '' }] }));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().issues[0].path).toBe('stepsTaken.0.description');
      expect((await c.get('/api/cases')).json().items.length).toBe(before);
    });

    it('carries steps through the interchange file: exported, validated and imported again', async () => {
      const deps = c.app.homeward.deps;
      const withSteps = (await c.post('/api/cases', sampleCase({ stepsTaken: STEPS }))).json();
      const file = await exportCases(deps, OPERATOR);
      const entry = file.find((e) => e.reference === withSteps.reference);
      expect(entry?.stepsTaken).toEqual(STEPS);
      // A case without steps carries no stepsTaken key at all.
      expect(file.find((e) => e.reference === kase.reference)).not.toHaveProperty('stepsTaken');
      const { reference: _ref, ...copy } = entry!;
      const parsed = CaseFileSchema.safeParse(JSON.parse(JSON.stringify([copy])));
      expect(parsed.success).toBe(true);
      const bad = CaseFileSchema.safeParse([{ ...copy, stepsTaken: [{ description: 'x', date: { year: 2019, month: 0 } }] }]);
      expect(bad.success).toBe(false);
      expect(formatPath(bad.error!.issues[0]!.path)).toBe('[0].stepsTaken[0].date.month');
      expect(await importCases(deps, OPERATOR, parsed.data!)).toBe(1);
      const again = (await exportCases(deps, OPERATOR)).at(-1)!;
      expect(again.reference).not.toBe(withSteps.reference);
      expect(again.stepsTaken).toEqual(STEPS);
    });

    it('carries a sought child\'s details (father, hukou, school, knows of the mother) through the interchange file', async () => {
      const deps = c.app.homeward.deps;
      const details = { fatherName: '王建国', fatherFamily: 'Fictional family in Helong', hukou: 'not_registered', school: 'Fictional Middle School', knowsMother: 'partly' };
      const base = sampleCase();
      const sought = (base.sought as Record<string, unknown>[]).map((p) => ({ ...p, childDetails: details }));
      const made = (await c.post('/api/cases', { ...base, sought })).json();
      const entry = (await exportCases(deps, OPERATOR)).find((e) => e.reference === made.reference)!;
      expect(entry.sought[0]!.childDetails).toEqual(details);
      const { reference: _ref, ...copy } = entry;
      const parsed = CaseFileSchema.safeParse(JSON.parse(JSON.stringify([copy])));
      expect(parsed.success).toBe(true);
      expect(await importCases(deps, OPERATOR, parsed.data!)).toBe(1);
      expect((await exportCases(deps, OPERATOR)).at(-1)!.sought[0]!.childDetails).toEqual(details);
      const bad = CaseFileSchema.safeParse([{ ...copy, sought: [{ ...copy.sought[0], childDetails: { hukou: 'maybe' } }] }]);
      expect(formatPath(bad.error!.issues[0]!.path)).toBe('[0].sought[0].childDetails.hukou');
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
