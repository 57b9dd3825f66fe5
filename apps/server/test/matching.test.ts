import { beforeAll, expect, it, vi } from 'vitest';
import { calibrate } from '../src/matching/calibration.ts';
import { rematchAfterWrite } from '../src/matching/index.ts';
import { OPERATOR } from '../src/services/context.ts';
import { deleteCase } from '../src/services/keys-shred.ts';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

// Fictional people only. sampleCase()'s sought child is 李美玲 / Li Meiling,
// about 4 in 2016; the leads below name her in other scripts.
const lead = (extra: Record<string, unknown> = {}) => ({
  names: [{ text: '리미령' }],
  approxAge: { age: 13, atYear: 2025 },
  sex: 'female',
  source: 'field visit',
  reliability: 'medium',
  receivedOn: { year: 2026, month: 2 },
  ...extra,
});

const IDENTIFYING = ['李美玲', 'Li Meiling', '리미령', 'Ri Mi Ryong', '김영희', '金英姬', '박순희', 'Longjing market street'];

describeEachEngine('matching', (_engine, fresh) => {
  let admin: Client;
  let alice: Client & { userId: string };
  let bob: Client & { userId: string };
  let caseId = '';
  let leadId = '';
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    const r = await alice.post('/api/cases', sampleCase());
    expect(r.statusCode).toBe(201);
    caseId = r.json().id;
  });

  const candidatesOf = (id: string) => admin.app.homeward.deps.db.selectFrom('match_candidates').selectAll().where('lead_id', '=', id).execute();

  it('finds the sought child when a lead names her in another script, and explains why', async () => {
    const r = await alice.post('/api/leads', lead());
    expect(r.statusCode).toBe(201);
    leadId = r.json().id;
    const rows = await candidatesOf(leadId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ case_id: caseId, status: 'open', version: 1 });
    expect(Number(rows[0]!.raw_probability)).toBeGreaterThan(0.3);
    // Shown after calibration (matching/calibration.ts), never above certainty.
    expect(Number(rows[0]!.probability)).toBeLessThanOrEqual(1);

    const list = await alice.get('/api/matches');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const m = list.json().items[0];
    expect(m).toMatchObject({ caseId, leadId, status: 'open', assignedToMe: true, personName: '李美玲', leadName: '리미령' });

    const d = await alice.get(`/api/matches/${m.id}`);
    expect(d.statusCode).toBe(200);
    const detail = d.json();
    expect(detail.explanation.aligned.map((a: { a: string }) => a.a).join('')).toBe('李美玲');
    expect(detail.explanation.aligned[0].path.join(' ')).toContain('리');
    expect(detail.explanation.contributions.map((c: { field: string }) => c.field)).toEqual(['name', 'birth', 'place', 'sex']);
    const name = detail.explanation.contributions[0];
    expect(name.level).toBe('equivalent');
    expect(name.weight).toBeGreaterThan(0);
    // The waterfall adds up: prior + contributions = weight.
    const sum = detail.explanation.prior + detail.explanation.contributions.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    expect(sum).toBeCloseTo(detail.explanation.weight, 6);
    expect(detail.person.birthPrecision).toBe('approximate-age');
    expect(detail.lead.birthPrecision).toBe('approximate-age');
  });

  it('keeps matches away from colleagues who may not see the case', async () => {
    expect((await bob.get('/api/matches')).json().items).toEqual([]);
    const id = (await candidatesOf(leadId))[0]!.id;
    expect((await bob.get(`/api/matches/${id}`)).statusCode).toBe(404);
    expect((await bob.post(`/api/matches/${id}/decision`, { status: 'confirmed', reason: 'looks right', version: 1 })).statusCode).toBe(404);
    // An administrator sees no case contents by role alone.
    expect((await admin.get(`/api/matches/${id}`)).statusCode).toBe(404);
  });

  it('re-runs when a case changes: open candidates follow, decided ones are kept with their history', async () => {
    const other = await alice.post('/api/leads', lead({ names: [{ text: '박순희' }], approxAge: { age: 30, atYear: 2020 } }));
    expect(await candidatesOf(other.json().id)).toHaveLength(0);
    const c = (await alice.get(`/api/cases/${caseId}`)).json();
    // The caseworker learns the child's name was really 박순희: the case changes, matching re-runs.
    const body = sampleCase();
    const sought = (body.sought as Record<string, unknown>[])[0]!;
    const changed = { ...body, version: c.version, sought: [{ ...sought, id: c.sought[0].id, names: [{ text: '박순희' }], birth: { year: 1990 } }] };
    const u = await alice.put(`/api/cases/${caseId}`, changed);
    expect(u.statusCode).toBe(200);
    // The old lead no longer fits: its open candidate was stale and is gone; the new one appears.
    expect(await candidatesOf(leadId)).toHaveLength(0);
    const fresh = await candidatesOf(other.json().id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.person_id).toBe(c.sought[0].id);

    // Decide it, then change the case back: the decision stands.
    const dec = await alice.post(`/api/matches/${fresh[0]!.id}/decision`, { status: 'rejected', reason: 'different mother', version: 1 });
    expect(dec.statusCode).toBe(200);
    const again = (await alice.get(`/api/cases/${caseId}`)).json();
    const back = { ...body, version: again.version, sought: [{ ...sought, id: c.sought[0].id }] };
    expect((await alice.put(`/api/cases/${caseId}`, back)).statusCode).toBe(200);
    const kept = await candidatesOf(other.json().id);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.status).toBe('rejected');
    // The first lead's candidate is back (open), re-created by the case change.
    expect(await candidatesOf(leadId)).toHaveLength(1);
  });

  it('updates an open candidate when its lead changes (version and score move, status stays)', async () => {
    const before = (await candidatesOf(leadId))[0]!;
    const l = (await alice.get(`/api/leads/${leadId}`)).json();
    const u = await alice.put(`/api/leads/${leadId}`, { ...lead({ names: [{ text: '리미령' }, { text: 'Ri Mi Ryong' }], sex: undefined }), version: l.version });
    expect(u.statusCode).toBe(200);
    const after = (await candidatesOf(leadId))[0]!;
    expect(after.id).toBe(before.id);
    expect(after.status).toBe('open');
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(after.levels).not.toBe(before.levels);
  });

  it('records decisions with reasons, audits them, refuses stale versions and can reverse them', async () => {
    const c = (await candidatesOf(leadId))[0]!;
    const v = Number(c.version);
    expect((await alice.get(`/api/matches/${c.id}`)).statusCode).toBe(200);
    const ok = await alice.post(`/api/matches/${c.id}/decision`, { status: 'confirmed', reason: 'same scar, same village', version: v });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', version: v + 1 });
    expect(ok.json().history).toHaveLength(1);
    expect((await alice.post(`/api/matches/${c.id}/decision`, { status: 'rejected', reason: 'x', version: v })).statusCode).toBe(409);
    const bad = await alice.post(`/api/matches/${c.id}/decision`, { status: 'maybe', reason: '', version: v + 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['reason', 'status']);
    const undo = await alice.post(`/api/matches/${c.id}/decision`, { status: 'open', reason: 'confirmed the wrong one', version: v + 1 });
    expect(undo.json().status).toBe('open');
    expect(undo.json().history.map((h: { status: string; previousStatus: string }) => `${h.previousStatus}>${h.status}`)).toEqual(['open>confirmed', 'confirmed>open']);
    expect(undo.json().history[1]).toMatchObject({ reason: 'confirmed the wrong one', decidedBy: { id: alice.userId } });
    const redo = await alice.post(`/api/matches/${c.id}/decision`, { status: 'confirmed', reason: 'checked again', version: v + 2 });
    expect(redo.json().status).toBe('confirmed');

    // A confirmed candidate survives a re-run of its lead.
    const l = (await alice.get(`/api/leads/${leadId}`)).json();
    expect((await alice.put(`/api/leads/${leadId}`, { ...lead(), version: l.version })).statusCode).toBe(200);
    expect((await candidatesOf(leadId))[0]!.status).toBe('confirmed');

    const db = admin.app.homeward.deps.db;
    const events = await db.selectFrom('audit_events').selectAll().where('record_id', '=', c.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['match.viewed', 'match.confirmed', 'match.reopened']));
    expect(events.every((e) => e.record_type === 'match_candidate' && e.actor_id === alice.userId)).toBe(true);
  });

  it('re-estimates m from decisions with a before/after report', async () => {
    const r = await alice.post('/api/matches/retrain');
    expect(r.statusCode).toBe(200);
    const rep = r.json();
    expect(rep.confirmed).toBe(1);
    expect(rep.rejected).toBe(1);
    expect(rep.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'birth', 'place', 'sex']);
    expect(rep.applied).toBe(true);
    const name = rep.fields[0];
    // The confirmed pair's names were equivalent across scripts: that level's m rose.
    expect(name.mAfter[1]).toBeGreaterThan(name.mBefore[1]);
    // Two decisions are too few to refit the displayed probabilities' map: the shipped one stays.
    expect(rep.calibration).toEqual({ refitted: false, decisions: 2, needed: 20 });
    expect((await admin.get('/api/matches')).statusCode).toBe(200);
  });

  it('warns of a possible duplicate at intake, within what the user may see', async () => {
    const draft = { names: [{ text: 'Li Meiling' }], birth: { approxAge: 4, atYear: 2016 }, sex: 'female' };
    const a = await alice.post('/api/matches/check', draft);
    expect(a.statusCode).toBe(200);
    expect(a.json().items).toHaveLength(1);
    expect(a.json().items[0]).toMatchObject({ caseId, names: expect.arrayContaining([expect.objectContaining({ text: '李美玲' })]) });
    expect(a.json().items[0].probability).toBeGreaterThanOrEqual(0);
    expect(a.json().items[0].aligned.length).toBeGreaterThan(0);
    // Editing that very case: its own child is not a duplicate of herself.
    expect((await alice.post('/api/matches/check', { ...draft, excludeCaseId: caseId })).json().items).toEqual([]);
    // A colleague who may not see the case learns nothing.
    expect((await bob.post('/api/matches/check', draft)).json().items).toEqual([]);
    const bad = await alice.post('/api/matches/check', { names: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('names');
  });

  it('searches by any form of a name across the cases the user may see, ranked, with why', async () => {
    const mine = await bob.post('/api/cases', sampleCase({ applicant: { names: [{ text: '최순자' }] } }));
    expect(mine.statusCode).toBe(201);
    for (const text of ['李美玲', '리미령', 'Li Meiling', 'Ri Mi Ryong']) {
      const r = await alice.post('/api/search', { text });
      expect(r.statusCode).toBe(200);
      const items = r.json().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items[0]).toMatchObject({ caseId, role: 'sought' });
      expect(items[0].aligned.length).toBeGreaterThan(0);
      // Bob's case with the same child's name is his alone.
      expect(items.map((i: { caseId: string }) => i.caseId)).not.toContain(mine.json().id);
      for (let k = 1; k < items.length; k++) expect(items[k - 1].score).toBeGreaterThanOrEqual(items[k].score);
    }
    const b = (await bob.post('/api/search', { text: '李美玲' })).json().items;
    expect(b.map((i: { caseId: string }) => i.caseId)).toEqual([mine.json().id]);
    // The applicant is found too.
    expect((await alice.post('/api/search', { text: '김영희' })).json().items[0]).toMatchObject({ caseId, role: 'applicant' });
    expect((await alice.post('/api/search', { text: '' })).statusCode).toBe(400);
  });

  it('shreds a deleted case\'s candidates, decisions and index rows with it', async () => {
    const c = await alice.post('/api/cases', sampleCase({ sought: [{ names: [{ text: '崔顺姬' }], relation: 'daughter', birth: { year: 2010 } }] }));
    const l = await alice.post('/api/leads', lead({ names: [{ text: '최순희' }], approxAge: undefined, birth: { year: 2010 } }));
    const cand = (await candidatesOf(l.json().id))[0]!;
    expect(cand.case_id).toBe(c.json().id);
    expect((await alice.post(`/api/matches/${cand.id}/decision`, { status: 'needs_info', reason: 'ask the partner', version: 1 })).statusCode).toBe(200);
    const deps = admin.app.homeward.deps;
    await deleteCase(deps, OPERATOR, c.json().id);
    expect(await deps.db.selectFrom('match_candidates').select('id').where('case_id', '=', c.json().id).execute()).toEqual([]);
    expect(await deps.db.selectFrom('match_decisions').select('id').where('candidate_id', '=', cand.id).execute()).toEqual([]);
    expect(await deps.db.selectFrom('match_index').select('value').where('case_id', '=', c.json().id).execute()).toEqual([]);
  });

  it('puts nothing identifying in audit events', async () => {
    const rows = await admin.app.homeward.deps.db.selectFrom('audit_events').selectAll().execute();
    const text = JSON.stringify(rows);
    for (const s of IDENTIFYING) expect(text).not.toContain(s);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['search.performed', 'match.duplicates_checked', 'match.listed', 'match.retrained']));
  });
});

it('reports a failed re-run by its kind only, never its values', async () => {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    await rematchAfterWrite(async () => {
      throw new TypeError('cannot read 李美玲 of Longjing market street');
    });
  } finally {
    spy.mockRestore();
  }
  expect(writes.join('')).toContain('TypeError');
  for (const s of IDENTIFYING) expect(writes.join('')).not.toContain(s);
});

describeEachEngine('retraining the displayed probabilities', (_engine, fresh) => {
  it("refits the map on the organisation's decisions once there are enough, and shows new candidates through it", async () => {
    const admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const alice = await signedInAs(admin, 'caseworker', 'Alice');
    const db = admin.app.homeward.deps.db;
    const org = (await db.selectFrom('users').select('organisation_id').where('id', '=', alice.userId).executeTakeFirstOrThrow()).organisation_id;
    // Past decisions, as retraining reads them (levels and status only; no record is opened):
    // 25 pairs with equivalent names and the same birth year confirmed, 25 with medium names rejected.
    const at = new Date().toISOString();
    const row = (i: number, status: string, name: string) => ({
      id: `decided-${i}`, organisation_id: org, case_id: `case-${i}`, person_id: `person-${i}`, lead_id: `lead-${i}`,
      probability: '0.5', raw_probability: '0.5', weight: '0', score_rank: 500000,
      levels: JSON.stringify({ name, birth: 'same-year', place: null, sex: 'same' }), status,
      wrapped_key: 'x', sealed: 'x', version: 1, created_at: at, updated_at: at, decided_by: alice.userId, decided_at: at,
    });
    await db.insertInto('match_candidates').values([...Array.from({ length: 25 }, (_, i) => row(i, 'confirmed', 'equivalent')), ...Array.from({ length: 25 }, (_, i) => row(25 + i, 'rejected', 'medium'))]).execute();
    const r = await alice.post('/api/matches/retrain');
    expect(r.statusCode).toBe(200);
    expect(r.json().calibration).toEqual({ refitted: true, decisions: 50, needed: 20 });
    const params = JSON.parse((await db.selectFrom('match_params').select('params').where('organisation_id', '=', org).executeTakeFirstOrThrow()).params);
    expect(params.calibration.length).toBeGreaterThanOrEqual(2);
    // A new candidate is shown through the organisation's map, not the shipped one.
    const c = await alice.post('/api/cases', sampleCase());
    expect(c.statusCode).toBe(201);
    const l = await alice.post('/api/leads', lead());
    expect(l.statusCode).toBe(201);
    const cand = await db.selectFrom('match_candidates').select(['probability', 'raw_probability']).where('lead_id', '=', l.json().id).executeTakeFirstOrThrow();
    const raw = Number(cand.raw_probability);
    expect(Number(cand.probability)).toBeCloseTo(calibrate(raw, params.calibration), 5);
    expect(Math.abs(calibrate(raw, params.calibration) - calibrate(raw))).toBeGreaterThan(0.05);
  });
});
