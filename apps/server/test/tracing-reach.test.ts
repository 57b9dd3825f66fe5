import { beforeAll, expect, it } from 'vitest';
import { newRecordKey } from '../src/crypto/envelope.ts';
import { newId, OPERATOR } from '../src/services/context.ts';
import { deleteCase } from '../src/services/keys-shred.ts';
import type { Client } from './helpers.ts';
import { describeEachEngine, freshApp, signedInAs } from './helpers.ts';

// Reaching the child safely (issue #7, field partner parts of #6): tracing
// requests, partner leads, double-blind disclosure and family messages, on both engines.

const LONGJING = 'CN-222405';
const SANHE_TOWNSHIP = 'CN-222405103';
const CASE = {
  applicant: { names: [{ text: '김영희' }, { text: '金英姬', kind: 'chinese' }], sex: 'female', birth: { year: 1985 }, safeContact: 'Only on weekday mornings via the NGO office' },
  sought: [
    {
      names: [{ text: '李美玲' }, { text: '이미령', kind: 'korean' }],
      relation: 'daughter',
      sex: 'female',
      birth: { year: 2012 },
      lastKnownPlace: 'Sanhe township school gate',
      lastKnownPlaceCode: SANHE_TOWNSHIP,
      separatedOn: { year: 2017, month: 3 },
    },
  ],
  riskNotes: 'Husband in Helong must not learn of the search',
  notes: 'Remembers a red school bag',
};
const WHEREABOUTS = 'Noodle shop behind the Sanhe bus stop';
const NOTES = 'Grandmother Zhang answers the shop phone';
const MESSAGE = 'Your mother thinks of you every day';
const REPLY = 'I am well and go to the middle school';

type Signed = Client & { userId: string };

describeEachEngine('tracing requests, partner leads, disclosure, messages', (_engine, fresh) => {
  let admin: Client;
  let alice: Signed;
  let bob: Signed;
  let partner: Signed;
  let other: Signed;
  let caseId = '';
  let personId = '';
  let requestId = '';
  const consentIds: Record<string, string> = {};

  const db = () => admin.app.homeward.deps.db;
  const count = async (table: 'leads' | 'partner_leads') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);

  /** A candidate as the matching engine (issue #7, the other half) stores it; reused if matching already made one. */
  async function candidateFor(leadId: string, status: string): Promise<string> {
    const existing = await db().selectFrom('match_candidates').select('id').where('lead_id', '=', leadId).where('person_id', '=', personId).executeTakeFirst();
    const at = new Date().toISOString();
    if (existing) {
      await db().updateTable('match_candidates').set({ status, updated_at: at }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const id = newId();
    const key = newRecordKey(admin.app.homeward.deps.kr, 'match_candidates', id);
    const org = await db().selectFrom('cases').select('organisation_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    await db()
      .insertInto('match_candidates')
      .values({
        id, organisation_id: org.organisation_id, case_id: caseId, person_id: personId, lead_id: leadId, probability: '0.9', raw_probability: '0.9', weight: '8',
        score_rank: 900000, levels: '{}', status, wrapped_key: key.wrapped, sealed: key.seal('sealed', {}), version: 1, created_at: at, updated_at: at, decided_by: null, decided_at: null,
      })
      .execute();
    return id;
  }

  async function submit(body: Record<string, unknown>, key?: string) {
    return partner.app.inject({
      method: 'POST',
      url: `/api/partner/requests/${requestId}/leads`,
      headers: { ...partner.headers(true), ...(key ? { 'idempotency-key': key } : {}) },
      payload: body,
    });
  }

  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    partner = await signedInAs(admin, 'field_partner', 'Partner Wang');
    other = await signedInAs(admin, 'field_partner', 'Partner Li');
    const r = await alice.post('/api/cases', CASE);
    expect(r.statusCode).toBe(201);
    caseId = r.json().id;
    personId = r.json().sought[0].id;
  });

  it('refuses to share without consent to tracing and to sharing with that partner, with a clear message', async () => {
    const body = { personId, partnerUserId: partner.userId };
    let r = await alice.post(`/api/cases/${caseId}/tracing-requests`, body);
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('CONSENT_REQUIRED');
    expect(r.json().message).toMatch(/tracing/);
    expect(r.json().issues.map((i: { path: string }) => i.path)).toEqual(['consent.tracing', 'consent.partner_sharing']);
    consentIds.tracing = (await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'tracing', givenOn: { year: 2026 } })).json().id;
    r = await alice.post(`/api/cases/${caseId}/tracing-requests`, body);
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toMatch(/field partner/);
    expect(r.json().issues.map((i: { path: string }) => i.path)).toEqual(['consent.partner_sharing']);
    // Consent naming another partner does not cover this one.
    await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: other.userId, givenOn: { year: 2026 } });
    expect((await alice.post(`/api/cases/${caseId}/tracing-requests`, body)).json().code).toBe('CONSENT_REQUIRED');
  });

  it('shares the default fields only (Chinese name, age range from the birth year, county), never the mother', async () => {
    consentIds.partner = (await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: partner.userId, givenOn: { year: 2026 } })).json().id;
    const r = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId, partnerUserId: partner.userId });
    expect(r.statusCode).toBe(201);
    const req = r.json();
    requestId = req.id;
    expect(req.fields).toEqual(['chineseName', 'approxAge', 'county']);
    expect(req.shared.chineseNames.map((n: { text: string }) => n.text)).toEqual(['李美玲']);
    const year = new Date().getUTCFullYear();
    expect(req.shared.approxAge).toEqual({ low: year - 2012 - 1, high: year - 2012, atYear: year });
    // The township the mother named is generalised to its county.
    expect(req.shared.county.code).toBe(LONGJING);
    const text = JSON.stringify(req.shared);
    for (const secret of ['김영희', '金英姬', '이미령', 'Sanhe township', 'NGO office', 'Helong', 'red school bag', SANHE_TOWNSHIP]) expect(text).not.toContain(secret);
  });

  it('takes chosen fields, refuses a person of another case, and keeps others away', async () => {
    const r = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId, partnerUserId: partner.userId, fields: ['koreanName', 'sex'] });
    expect(r.json().shared).toEqual({ koreanNames: [{ text: '이미령', script: 'hangul', kind: 'korean' }], sex: 'female' });
    await alice.post(`/api/tracing-requests/${r.json().id}/revoke`);
    const bad = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId: 'nosuchperson', partnerUserId: partner.userId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('personId');
    const notPartner = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId, partnerUserId: bob.userId });
    expect(notPartner.json().issues[0].path).toBe('partnerUserId');
    expect((await bob.post(`/api/cases/${caseId}/tracing-requests`, { personId, partnerUserId: partner.userId })).statusCode).toBe(404);
    expect((await bob.get(`/api/cases/${caseId}/tracing-requests`)).statusCode).toBe(404);
    expect((await bob.post(`/api/tracing-requests/${requestId}/revoke`)).statusCode).toBe(404);
    expect((await partner.get(`/api/cases/${caseId}/tracing-requests`)).statusCode).toBe(403);
    expect((await alice.get(`/api/cases/${caseId}/tracing-requests`)).json().items).toHaveLength(2);
  });

  it('shows a partner only their live requests and only the shared fields; another partner gets 404 for every id', async () => {
    const list = await partner.get('/api/partner/requests');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([requestId]);
    const one = (await partner.get(`/api/partner/requests/${requestId}`)).json();
    expect(Object.keys(one).sort()).toEqual(['fields', 'id', 'leadCount', 'shared', 'sharedAt']);
    expect(Object.keys(one.shared).sort()).toEqual(['approxAge', 'chineseNames', 'county']);
    expect(JSON.stringify(one)).not.toContain(caseId);
    expect((await other.get('/api/partner/requests')).json().items).toEqual([]);
    expect((await other.get(`/api/partner/requests/${requestId}`)).statusCode).toBe(404);
    expect((await other.post(`/api/partner/requests/${requestId}/leads`, { names: [{ text: '리미령' }] })).statusCode).toBe(404);
    expect((await alice.get('/api/partner/requests')).statusCode).toBe(403);
    expect((await partner.get('/api/leads')).statusCode).toBe(403);
  });

  let leadId = '';
  it('stores a retried lead once (Idempotency-Key header or body key)', async () => {
    const before = await count('leads');
    const body = { names: [{ text: '리미령' }], approxAge: { age: 14, atYear: new Date().getUTCFullYear() }, sex: 'female', place: WHEREABOUTS, placeCode: SANHE_TOWNSHIP, notes: NOTES };
    const first = await submit(body, 'retry-key-0001');
    expect(first.statusCode).toBe(201);
    expect(first.json().replayed).toBe(false);
    const again = await submit(body, 'retry-key-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    const viaBody = await submit({ ...body, idempotencyKey: 'retry-key-0001' });
    expect(viaBody.json().id).toBe(first.json().id);
    expect(await count('leads')).toBe(before + 1);
    const pl = await db().selectFrom('partner_leads').select('lead_id').where('id', '=', first.json().id).executeTakeFirstOrThrow();
    leadId = pl.lead_id;
    // The caseworker's lead shows the county, never the whereabouts or notes, until disclosure.
    const lead = (await alice.get(`/api/leads/${leadId}`)).json();
    expect(lead.placeCode).toBe(LONGJING);
    expect(JSON.stringify(lead)).not.toContain(WHEREABOUTS);
    expect(JSON.stringify(lead)).not.toContain(NOTES);
    // A lead sent against a case's request is about that case's child: need-to-know like the case.
    const ids = async (c: Signed) => ((await c.get('/api/leads')).json().items as { id: string }[]).map((l) => l.id);
    expect(await ids(alice)).toContain(leadId);
    expect(await ids(bob)).not.toContain(leadId);
    expect((await bob.get(`/api/leads/${leadId}`)).statusCode).toBe(404);
    expect((await partner.get(`/api/partner/requests/${requestId}`)).json().leadCount).toBe(1);
    // Matching ran after the commit: the Korean reading of the shared Chinese name finds the sought child.
    const found = await db().selectFrom('match_candidates').select(['status']).where('lead_id', '=', leadId).where('person_id', '=', personId).executeTakeFirst();
    expect(found?.status).toBe('open');
  });

  it('refuses a malformed lead field by field and changes nothing', async () => {
    const before = [await count('leads'), await count('partner_leads')];
    const r = await submit({ names: [], approxAge: { age: -3, atYear: 2020 }, birth: { year: 2012, month: 13 }, placeCode: 'CN-99999999', place: 'x', idempotencyKey: 'short' });
    expect(r.statusCode).toBe(400);
    const paths = r.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['names', 'approxAge.age', 'birth.month', 'idempotencyKey']));
    const place = await submit({ names: [{ text: '리미령' }], placeCode: 'CN-99999999', place: 'somewhere' }, 'place-key-0001');
    expect(place.statusCode).toBe(400);
    expect(place.json().issues[0].path).toBe('placeCode');
    const badHeader = await submit({ names: [{ text: '리미령' }] }, 'bad key!');
    expect(badHeader.json().issues[0].path).toBe('idempotencyKey');
    expect(JSON.stringify([r.json(), place.json()])).not.toContain('somewhere');
    expect([await count('leads'), await count('partner_leads')]).toEqual(before);
  });

  it('stops sharing at once when consent is withdrawn or the request revoked', async () => {
    await alice.post(`/api/consents/${consentIds.partner}/withdraw`);
    expect((await partner.get('/api/partner/requests')).json().items).toEqual([]);
    expect((await partner.get(`/api/partner/requests/${requestId}`)).statusCode).toBe(404);
    expect((await submit({ names: [{ text: '리미령' }] }, 'after-withdraw-1')).statusCode).toBe(404);
    consentIds.partner = (await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: partner.userId, givenOn: { year: 2026 } })).json().id;
    expect((await partner.get(`/api/partner/requests/${requestId}`)).statusCode).toBe(200);
    await alice.post(`/api/consents/${consentIds.tracing}/withdraw`);
    expect((await partner.get(`/api/partner/requests/${requestId}`)).statusCode).toBe(404);
    consentIds.tracing = (await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'tracing', givenOn: { year: 2026 } })).json().id;
    expect((await partner.get(`/api/partner/requests/${requestId}`)).statusCode).toBe(200);
  });

  it('keeps other organisations out: a partner moved away loses the request, an outsider caseworker sees nothing', async () => {
    const deps = admin.app.homeward.deps;
    const moved = await signedInAs(admin, 'field_partner', 'Moved partner');
    const outsider = await signedInAs(admin, 'caseworker', 'Outsider');
    await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: moved.userId, givenOn: { year: 2026 } });
    const r = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId, partnerUserId: moved.userId });
    expect(r.statusCode).toBe(201);
    expect((await moved.get(`/api/partner/requests/${r.json().id}`)).statusCode).toBe(200);
    const otherOrg = newId();
    await deps.db.insertInto('organisations').values({ id: otherOrg, name: 'Other NGO', created_at: deps.now().toISOString() }).execute();
    await deps.db.updateTable('users').set({ organisation_id: otherOrg }).where('id', 'in', [moved.userId, outsider.userId]).execute();
    expect((await moved.get('/api/partner/requests')).json().items).toEqual([]);
    expect((await moved.get(`/api/partner/requests/${r.json().id}`)).statusCode).toBe(404);
    expect((await moved.post(`/api/partner/requests/${r.json().id}/leads`, { names: [{ text: '리미령' }] })).statusCode).toBe(404);
    expect((await outsider.get(`/api/cases/${caseId}/tracing-requests`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/tracing-requests/${r.json().id}/revoke`)).statusCode).toBe(404);
    expect((await outsider.get('/api/tracing/partners')).json().items).toEqual([expect.objectContaining({ id: moved.userId })]);
    await alice.post(`/api/tracing-requests/${r.json().id}/revoke`);
  });

  let candidateId = '';
  it('releases nothing until the match is confirmed and the mother, the guardian and (old enough) the child consent', async () => {
    candidateId = await candidateFor(leadId, 'open');
    // Unconfirmed: the partner does not even hear of it, the caseworker sees no release and cannot record consent.
    expect((await partner.get('/api/partner/disclosures')).json().items).toEqual([]);
    expect((await partner.get(`/api/partner/disclosures/${candidateId}`)).statusCode).toBe(404);
    expect((await alice.get(`/api/disclosures/${candidateId}`)).json()).toMatchObject({ confirmed: false, complete: false });
    const early = await alice.post(`/api/disclosures/${candidateId}/consents`, { givenOn: { year: 2026 }, disclose: ['names'] });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0].code).toBe('not_confirmed');

    await candidateFor(leadId, 'confirmed');
    let p = (await partner.get(`/api/partner/disclosures/${candidateId}`)).json();
    expect(p).toMatchObject({ confirmed: true, complete: false, mother: null, guardian: null, childAssentRequired: true });
    expect(p.released).toBeUndefined();
    expect((await other.get(`/api/partner/disclosures/${candidateId}`)).statusCode).toBe(404);
    expect((await bob.get(`/api/disclosures/${candidateId}`)).statusCode).toBe(404);
    expect((await partner.post(`/api/disclosures/${candidateId}/consents`, { givenOn: { year: 2026 }, disclose: [] })).statusCode).toBe(403);
    expect((await alice.post(`/api/partner/disclosures/${candidateId}/consents`, { party: 'guardian', givenOn: { year: 2026 } })).statusCode).toBe(403);

    const m = await alice.post(`/api/disclosures/${candidateId}/consents`, { givenOn: { year: 2026, month: 11 }, disclose: ['names'], statement: 'I hope to hear from you', evidence: 'form 3' });
    expect(m.statusCode).toBe(200);
    expect(m.json()).toMatchObject({ complete: false, mother: { recordedBy: { id: alice.userId } } });
    expect(m.json().released).toBeUndefined();
    expect((await partner.get(`/api/partner/disclosures/${candidateId}`)).json().released).toBeUndefined();

    const g = await partner.post(`/api/partner/disclosures/${candidateId}/consents`, { party: 'guardian', givenOn: { year: 2026 }, childAge: 14 });
    expect(g.json()).toMatchObject({ complete: false, childAssentRequired: true });
    expect(g.json().released).toBeUndefined();
    expect((await alice.get(`/api/disclosures/${candidateId}`)).json().released).toBeUndefined();

    const c = await partner.post(`/api/partner/disclosures/${candidateId}/consents`, { party: 'child', givenOn: { year: 2026 } });
    expect(c.json()).toMatchObject({ complete: true });
    expect(c.json().released).toEqual({ names: [{ text: '김영희', script: 'hangul', kind: 'legal' }, { text: '金英姬', script: 'hanzi-simplified', kind: 'chinese' }], statement: 'I hope to hear from you' });
    p = (await alice.get(`/api/disclosures/${candidateId}`)).json();
    expect(p.released).toMatchObject({ place: WHEREABOUTS, notes: NOTES });
    expect(p.released.placeResolved.code).toBe(SANHE_TOWNSHIP);
    expect((await alice.get(`/api/cases/${caseId}/disclosures`)).json().items.map((d: { candidateId: string }) => d.candidateId)).toEqual([candidateId]);
    const actions = (await db().selectFrom('audit_events').select('action').where('record_id', '=', candidateId).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['disclosure.consent.mother', 'disclosure.consent.guardian', 'disclosure.consent.child', 'disclosure.released.viewed']));
  });

  it('needs no assent from a child under the configured age; a reversed confirmation releases nothing again', async () => {
    const r = await submit({ names: [{ text: '리미령' }] }, 'young-child-0001');
    const pl = await db().selectFrom('partner_leads').select('lead_id').where('id', '=', r.json().id).executeTakeFirstOrThrow();
    const id = await candidateFor(pl.lead_id, 'confirmed');
    await alice.post(`/api/disclosures/${id}/consents`, { givenOn: { year: 2026 }, disclose: [] });
    const g = await partner.post(`/api/partner/disclosures/${id}/consents`, { party: 'guardian', givenOn: { year: 2026 }, childAge: 8 });
    expect(g.json()).toMatchObject({ childAssentRequired: false, complete: true, released: {} });
    // The threshold is configuration (assentAge): at 8, this child's own assent is needed too.
    const deps = admin.app.homeward.deps;
    expect(deps.config.assentAge).toBe(12);
    deps.config.assentAge = 8;
    try {
      expect((await partner.get(`/api/partner/disclosures/${id}`)).json()).toMatchObject({ childAssentRequired: true, complete: false });
      expect((await alice.get(`/api/disclosures/${id}`)).json().released).toBeUndefined();
    } finally {
      deps.config.assentAge = 12;
    }
    await candidateFor(pl.lead_id, 'rejected');
    expect((await partner.get(`/api/partner/disclosures/${id}`)).statusCode).toBe(404);
    const cw = (await alice.get(`/api/disclosures/${id}`)).json();
    expect(cw).toMatchObject({ confirmed: false, complete: false });
    expect(cw.released).toBeUndefined();
  });

  it('passes family messages only after both consents, sealed, with written, delivered and read recorded', async () => {
    const r = await submit({ names: [{ text: '리미령' }] }, 'no-consent-yet-01');
    const pl = await db().selectFrom('partner_leads').select('lead_id').where('id', '=', r.json().id).executeTakeFirstOrThrow();
    const pending = await candidateFor(pl.lead_id, 'confirmed');
    const refused = await alice.post(`/api/disclosures/${pending}/messages`, { text: MESSAGE });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CONSENT_REQUIRED');
    expect((await partner.get(`/api/partner/disclosures/${pending}/messages`)).statusCode).toBe(403);

    const w = await alice.post(`/api/disclosures/${candidateId}/messages`, { text: MESSAGE });
    expect(w.statusCode).toBe(201);
    expect(w.json()).toMatchObject({ direction: 'to_child', outgoing: true });
    expect((await alice.post(`/api/disclosures/${candidateId}/messages`, { text: '   ' })).json().issues[0].path).toBe('text');
    const inbox = (await partner.get(`/api/partner/disclosures/${candidateId}/messages`)).json().items;
    expect(inbox).toEqual([expect.objectContaining({ text: MESSAGE, outgoing: false })]);
    expect(inbox[0].deliveredAt).toBeUndefined();
    // Only the receiving side records delivery; other partners and colleagues see nothing.
    expect((await alice.post(`/api/messages/${w.json().id}/status`, { status: 'delivered' })).statusCode).toBe(404);
    expect((await other.post(`/api/partner/messages/${w.json().id}/status`, { status: 'delivered' })).statusCode).toBe(404);
    expect((await bob.get(`/api/disclosures/${candidateId}/messages`)).statusCode).toBe(404);
    const d = await partner.post(`/api/partner/messages/${w.json().id}/status`, { status: 'delivered' });
    expect(d.json().deliveredAt).toBeDefined();
    expect(d.json().readAt).toBeUndefined();
    const rd = await partner.post(`/api/partner/messages/${w.json().id}/status`, { status: 'read' });
    expect(rd.json().readAt).toBeDefined();

    const back = await partner.post(`/api/partner/disclosures/${candidateId}/messages`, { text: REPLY });
    expect(back.json()).toMatchObject({ direction: 'to_mother', outgoing: true });
    const read = await alice.post(`/api/messages/${back.json().id}/status`, { status: 'read' });
    expect(read.json().deliveredAt).toBeDefined();
    expect(read.json().readAt).toBeDefined();
    const list = (await alice.get(`/api/disclosures/${candidateId}/messages`)).json().items;
    expect(list.map((m: { text: string }) => m.text)).toEqual([MESSAGE, REPLY]);
  });

  it('withdrawing a consent stops disclosure and messages at once; only the recording side may withdraw', async () => {
    expect((await partner.post(`/api/disclosures/${candidateId}/consents/withdraw`)).statusCode).toBe(403);
    expect((await bob.post(`/api/disclosures/${candidateId}/consents/withdraw`)).statusCode).toBe(404);
    expect((await other.post(`/api/partner/disclosures/${candidateId}/consents/withdraw`, { party: 'guardian' })).statusCode).toBe(404);
    const w = await alice.post(`/api/disclosures/${candidateId}/consents/withdraw`);
    expect(w.json()).toMatchObject({ mother: null, complete: false });
    expect(w.json().released).toBeUndefined();
    expect((await partner.get(`/api/partner/disclosures/${candidateId}`)).json().released).toBeUndefined();
    expect((await partner.get(`/api/partner/disclosures/${candidateId}/messages`)).statusCode).toBe(403);
    expect((await db().selectFrom('disclosure_consents').select('id').where('candidate_id', '=', candidateId).where('party', '=', 'mother').execute())).toEqual([]);
    const g = await partner.post(`/api/partner/disclosures/${candidateId}/consents/withdraw`, { party: 'guardian' });
    expect(g.json()).toMatchObject({ guardian: null, complete: false });
    const actions = (await db().selectFrom('audit_events').select('action').where('record_id', '=', candidateId).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['disclosure.withdrawn.mother', 'disclosure.withdrawn.guardian']));
    // Given again: disclosure is complete again and the thread is back.
    await alice.post(`/api/disclosures/${candidateId}/consents`, { givenOn: { year: 2026 }, disclose: ['names'] });
    const again = await partner.post(`/api/partner/disclosures/${candidateId}/consents`, { party: 'guardian', givenOn: { year: 2026 }, childAge: 14 });
    expect(again.json().complete).toBe(true);
    expect((await alice.get(`/api/disclosures/${candidateId}/messages`)).json().items).toHaveLength(2);
  });

  it('keeps every shared value, whereabouts, consent and message sealed at rest', async () => {
    const raw = JSON.stringify([
      await db().selectFrom('tracing_requests').selectAll().execute(),
      await db().selectFrom('partner_leads').selectAll().execute(),
      await db().selectFrom('disclosure_consents').selectAll().execute(),
      await db().selectFrom('family_messages').selectAll().execute(),
      await db().selectFrom('leads').selectAll().execute(),
      await db().selectFrom('audit_events').selectAll().execute(),
    ]);
    for (const secret of ['李美玲', '리미령', '김영희', WHEREABOUTS, NOTES, MESSAGE, REPLY, 'I hope to hear from you', SANHE_TOWNSHIP]) expect(raw).not.toContain(secret);
  });

  it('shreds a deleted case\'s requests, withheld whereabouts, disclosure consents and messages; the leads stay', async () => {
    const deps = admin.app.homeward.deps;
    const leads = await count('leads');
    await deleteCase(deps, OPERATOR, caseId);
    expect(await db().selectFrom('tracing_requests').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
    expect(await count('partner_leads')).toBe(0);
    expect(await db().selectFrom('disclosure_consents').select('id').where('candidate_id', '=', candidateId).execute()).toEqual([]);
    expect(await db().selectFrom('family_messages').select('id').where('candidate_id', '=', candidateId).execute()).toEqual([]);
    expect(await count('leads')).toBe(leads);
    expect((await partner.get('/api/partner/requests')).json().items).toEqual([]);
  });
});

describeEachEngine('child details of a sought person', (_engine, fresh) => {
  it('keeps the optional details sealed, shows them to the case, keeps them on edit and names bad fields', async () => {
    const admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const alice = await signedInAs(admin, 'caseworker', 'Alice');
    const details = { fatherName: '王建国', fatherFamily: 'Farmers in the next village; his mother decides', hukou: 'not_registered', school: 'Sanhe village primary', knowsMother: 'partly' };
    const body = { ...CASE, sought: [{ ...CASE.sought[0], childDetails: details }] };
    const r = await alice.post('/api/cases', body);
    expect(r.statusCode).toBe(201);
    expect(r.json().sought[0].childDetails).toEqual(details);
    expect(r.json().applicant.childDetails).toBeUndefined();
    const c = (await alice.get(`/api/cases/${r.json().id}`)).json();
    const put = await alice.put(`/api/cases/${c.id}`, { ...body, version: c.version, sought: [{ ...body.sought[0], id: c.sought[0].id, childDetails: { ...details, school: 'Longjing middle school' } }] });
    expect(put.statusCode).toBe(200);
    expect(put.json().sought[0].childDetails.school).toBe('Longjing middle school');
    const history = (await alice.get(`/api/cases/${c.id}/history`)).json().items;
    expect(history[0].fields).toContain('sought.0.childDetails');
    const bad = await alice.post('/api/cases', { ...CASE, sought: [{ ...CASE.sought[0], childDetails: { hukou: 'maybe', school: '' } }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['sought.0.childDetails.hukou', 'sought.0.childDetails.school']);
    const raw = JSON.stringify(await admin.app.homeward.deps.db.selectFrom('people').selectAll().execute());
    for (const secret of ['王建国', 'next village', 'Sanhe village primary', 'Longjing middle school']) expect(raw).not.toContain(secret);
  });
});
