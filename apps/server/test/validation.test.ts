import { beforeAll, describe, expect, it } from 'vitest';
import type { Client} from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase } from './helpers.ts';

const LEAD = { names: [{ text: '리미령' }], source: 'Field partner', reliability: 'low', receivedOn: { year: 2025 } };

interface Bad {
  name: string;
  body: unknown;
  /** The field the 400 must name ('' for the body as a whole). */
  path: string;
}

/** Malformed, oversized and wrong-typed variants of a good body. */
function badVariants(good: Record<string, unknown>, kind: 'case' | 'lead'): Bad[] {
  const long = 'x'.repeat(20_001);
  const common: Bad[] = [
    { name: 'array instead of object', body: [good], path: '' },
  ];
  if (kind === 'case') {
    const c = good as ReturnType<typeof sampleCase> & { applicant: Record<string, unknown>; sought: Record<string, unknown>[] };
    return [
      ...common,
      { name: 'missing applicant', body: { ...c, applicant: undefined }, path: 'applicant' },
      { name: 'names not an array', body: { ...c, applicant: { ...c.applicant, names: 'Kim' } }, path: 'applicant.names' },
      { name: 'name too long', body: { ...c, applicant: { ...c.applicant, names: [{ text: 'k'.repeat(201) }] } }, path: 'applicant.names.0.text' },
      { name: 'empty name', body: { ...c, applicant: { ...c.applicant, names: [{ text: '   ' }] } }, path: 'applicant.names.0.text' },
      { name: 'too many names', body: { ...c, applicant: { ...c.applicant, names: Array.from({ length: 21 }, () => ({ text: 'a' })) } }, path: 'applicant.names' },
      { name: 'no sought person', body: { ...c, sought: [] }, path: 'sought' },
      { name: 'month 13', body: { ...c, sought: [{ ...c.sought[0], birth: { year: 2012, month: 13 } }] }, path: 'sought.0.birth.month' },
      { name: 'day 31 in April', body: { ...c, sought: [{ ...c.sought[0], birth: { year: 2012, month: 4, day: 31 } }] }, path: 'sought.0.birth.day' },
      { name: 'year as string', body: { ...c, sought: [{ ...c.sought[0], birth: { year: '2012' } }] }, path: 'sought.0.birth.year' },
      { name: 'unknown relation', body: { ...c, sought: [{ ...c.sought[0], relation: 'cousin' }] }, path: 'sought.0.relation' },
      { name: 'unknown status', body: { ...c, status: 'lost' }, path: 'status' },
      { name: 'notes too long', body: { ...c, notes: long }, path: 'notes' },
      { name: 'place too long', body: { ...c, sought: [{ ...c.sought[0], lastKnownPlace: 'p'.repeat(501) }] }, path: 'sought.0.lastKnownPlace' },
      { name: 'notes as number', body: { ...c, notes: 42 }, path: 'notes' },
      { name: 'unknown script', body: { ...c, applicant: { ...c.applicant, names: [{ text: 'Kim', script: 'klingon' }] } }, path: 'applicant.names.0.script' },
    ];
  }
  return [
    ...common,
    { name: 'no names', body: { ...good, names: [] }, path: 'names' },
    { name: 'missing source', body: { ...good, source: undefined }, path: 'source' },
    { name: 'bad reliability', body: { ...good, reliability: 'certain' }, path: 'reliability' },
    { name: 'received month 0', body: { ...good, receivedOn: { year: 2025, month: 0 } }, path: 'receivedOn.month' },
    { name: 'age as string', body: { ...good, approxAge: { age: 'ten', atYear: 2020 } }, path: 'approxAge.age' },
    { name: 'age 500', body: { ...good, approxAge: { age: 500, atYear: 2020 } }, path: 'approxAge.age' },
    { name: 'place too long', body: { ...good, place: 'p'.repeat(501) }, path: 'place' },
    { name: 'caseId wrong type', body: { ...good, caseId: 7 }, path: 'caseId' },
  ];
}

describeEachEngine('bad input', (_engine, fresh) => {
  let c: Client;
  let caseId: string;
  let leadId: string;
  const counts = async () => {
    const db = c.app.homeward.deps.db;
    const n = async (t: 'cases' | 'people' | 'leads' | 'case_history' | 'name_index') =>
      Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { cases: await n('cases'), people: await n('people'), leads: await n('leads'), history: await n('case_history'), index: await n('name_index') };
  };

  beforeAll(async () => {
    c = await freshApp(await fresh(), { bodyLimitBytes: 64 * 1024 });
    await c.setupAndLogin();
    caseId = (await c.post('/api/cases', sampleCase())).json().id;
    leadId = (await c.post('/api/leads', LEAD)).json().id;
  });

  const endpoints = [
    { label: 'POST /api/cases', kind: 'case' as const, send: (b: unknown) => c.post('/api/cases', b) },
    { label: 'PUT /api/cases/:id', kind: 'case' as const, send: (b: unknown) => c.put(`/api/cases/${caseId}`, withVersion(b)) },
    { label: 'POST /api/leads', kind: 'lead' as const, send: (b: unknown) => c.post('/api/leads', b) },
    { label: 'PUT /api/leads/:id', kind: 'lead' as const, send: (b: unknown) => c.put(`/api/leads/${leadId}`, withVersion(b)) },
  ];
  const withVersion = (b: unknown) => (b && typeof b === 'object' && !Array.isArray(b) ? { ...b, version: 1 } : b);

  for (const ep of endpoints) {
    describe(ep.label, () => {
      const good = ep.kind === 'case' ? sampleCase() : LEAD;
      for (const bad of badVariants(good, ep.kind)) {
        it(`rejects ${bad.name} with 400 naming "${bad.path || '(body)'}" and writes nothing`, async () => {
          const before = await counts();
          const r = await ep.send(bad.body);
          expect(r.statusCode).toBe(400);
          const body = r.json();
          expect(body.code).toBe('VALIDATION_FAILED');
          expect(body.issues.map((i: { path: string }) => i.path)).toContain(bad.path);
          expect(await counts()).toEqual(before);
        });
      }

      it('rejects unparsable JSON with 400', async () => {
        const before = await counts();
        const url = ep.label.includes(':id') ? (ep.kind === 'case' ? `/api/cases/${caseId}` : `/api/leads/${leadId}`) : ep.label.split(' ')[1]!;
        const r = await c.app.inject({ method: ep.label.startsWith('PUT') ? 'PUT' : 'POST', url, headers: { ...c.headers(true), 'content-type': 'application/json' }, payload: '{"names": [' });
        expect(r.statusCode).toBe(400);
        expect(r.json().code).toBe('VALIDATION_FAILED');
        expect(await counts()).toEqual(before);
      });

      it('rejects a body that is not JSON with 415', async () => {
        const before = await counts();
        const r = await ep.send('applicant=Kim');
        expect(r.statusCode).toBe(415);
        expect(r.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(await counts()).toEqual(before);
      });

      it('rejects a body over the size limit with 413', async () => {
        const before = await counts();
        const r = await ep.send({ ...good, notes: 'n'.repeat(70 * 1024) });
        expect(r.statusCode).toBe(413);
        expect(r.json().code).toBe('PAYLOAD_TOO_LARGE');
        expect(await counts()).toEqual(before);
      });
    });
  }

  it('leaves the updated records as they were', async () => {
    const kase = (await c.get(`/api/cases/${caseId}`)).json();
    expect(kase.version).toBe(1);
    expect(kase.notes).toBe(sampleCase().notes);
    expect((await c.get(`/api/leads/${leadId}`)).json().version).toBe(1);
  });

  it('rejects bad setup and login bodies with 400 naming the field', async () => {
    const login = await c.post('/api/auth/login', { email: 'not-an-email', password: 'x', totpCode: '12' });
    expect(login.statusCode).toBe(400);
    expect(login.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'totpCode']);
    const start = await c.post('/api/setup/start', { token: 't', organisationName: '', email: 'a@example.org', displayName: 'A', password: 'short' });
    expect(start.statusCode).toBe(400);
    expect(start.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['organisationName', 'password']);
    const finish = await c.post('/api/setup/finish', { token: 't', totpCode: 123456 });
    expect(finish.json().issues[0].path).toBe('totpCode');
  });

  it('never echoes the submitted values in errors', async () => {
    const r = await c.post('/api/cases', { ...sampleCase(), status: '김영희-secret-status' });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain('김영희');
  });
});
