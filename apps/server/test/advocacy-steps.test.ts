import { beforeAll, expect, it } from 'vitest';
import { openRecord } from '../src/crypto/envelope.ts';
import { OPERATOR } from '../src/services/context.ts';
import { createUser } from '../src/services/users.ts';
import { Client, describeEachEngine, freshApp, sampleCase } from './helpers.ts';
import { hasPoppler, pdfText } from './pdf-text.ts';

// Issue 8: the steps a mother or the NGO already took reach a dossier only
// when her consent's scope lists `steps`; otherwise they are left out, not
// blacked out. A small population of its own: advocacy.test.ts's register
// assertions count its dossiers.

const PASSWORD = 'a long enough test passphrase';
const WGEID = 'UN Working Group on Enforced or Involuntary Disappearances';

// Fictional steps: Hangul and Chinese text, so the PDF's fonts are exercised too.
const STEPS = [
  { date: { year: 2018, month: 5 }, description: '룡정 파출소에 실종 신고', authority: '龙井市公安局', outcome: 'Refused to register the report' },
  { description: 'Cousin searched the Yanji markets', outcome: 'Neighbours remembered the family moving to Tumen' },
];

type Member = Client & { secret: string };

describeEachEngine('advocacy: steps already taken in dossiers', (_engine, fresh) => {
  let alice: Member;
  let covered = '';
  let excluded = '';
  beforeAll(async () => {
    const admin = await freshApp(await fresh(), { reauthMinutes: 30 });
    await admin.setupAndLogin();
    const made = await createUser(admin.app.homeward.deps, OPERATOR, { email: 'steps-cw@example.org', displayName: 'Alice', role: 'caseworker', password: PASSWORD });
    alice = Object.assign(new Client(admin.app), { secret: made.totpSecret });
    expect((await alice.login('steps-cw@example.org', PASSWORD, made.totpSecret)).statusCode).toBe(200);
    for (const [scope, set] of [
      ['sought.names steps request', (id: string) => (covered = id)],
      ['sought.names separation.date request', (id: string) => (excluded = id)],
    ] as const) {
      const c = await alice.post('/api/cases', sampleCase({ stepsTaken: STEPS }));
      expect(c.statusCode, c.body).toBe(201);
      set(c.json().id);
      const g = await alice.post(`/api/cases/${c.json().id}/consents`, { purpose: 'un_sharing', recipient: WGEID, givenOn: { year: 2026 }, scope });
      expect(g.statusCode, g.body).toBe(201);
    }
    const r = await alice.post('/api/auth/reauth', { password: PASSWORD, totpCode: alice.freshCode(alice.secret) });
    expect(r.statusCode, r.body).toBe(204);
  }, 60_000);

  const dossier = async (caseId: string): Promise<string> => {
    const r = await alice.post('/api/advocacy/dossiers', { caseIds: [caseId], purpose: 'un_sharing', recipient: { label: WGEID, kind: 'un-working-group' }, request: 'Please ask the authorities to trace her.' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  it('carries the steps, dated at their precision, when the scope lists them (JSON and PDF)', async () => {
    const id = await dossier(covered);
    const json = await alice.get(`/api/advocacy/dossiers/${id}/download?format=json&lang=en`);
    expect(json.statusCode, json.body).toBe(200);
    const kase = json.json().cases[0];
    expect(kase.fields.steps).toEqual(STEPS.map(({ date, ...rest }) => ({ ...(date ? { date } : {}), ...rest })));
    const section = kase.sections.find((s: { id: string }) => s.id === 'steps');
    expect(section.title).toBe('Steps already taken');
    expect(section.lines).toHaveLength(2);
    expect(section.lines[0].text).toContain('龙井市公安局');
    if (!hasPoppler()) return;
    const en = pdfText((await alice.get(`/api/advocacy/dossiers/${id}/download?format=pdf&lang=en`)).rawPayload).replace(/\s+/g, ' ');
    expect(en).toContain('Steps already taken');
    expect(en).toContain('룡정 파출소에 실종 신고');
    expect(en).toContain('龙井市公安局');
    // The diagonal watermark can interleave with a long line in pdftotext's reading order: shorter pieces.
    expect(en).toContain('Cousin searched');
    expect(en).toContain('Refused to register the report');
    const ko = pdfText((await alice.get(`/api/advocacy/dossiers/${id}/download?format=pdf&lang=ko`)).rawPayload).replace(/\s+/g, ' ');
    expect(ko).toContain('지금까지 취한 조치');
    expect(ko).toContain('룡정 파출소에 실종 신고');
  }, 60_000);

  it('leaves the steps out, not blacked out, when the scope does not list them', async () => {
    const id = await dossier(excluded);
    const json = await alice.get(`/api/advocacy/dossiers/${id}/download?format=json&lang=ko`);
    expect(json.statusCode, json.body).toBe(200);
    const kase = json.json().cases[0];
    expect(kase.fields).not.toHaveProperty('steps');
    expect(kase.sections.map((s: { id: string }) => s.id)).not.toContain('steps');
    for (const absent of ['룡정 파출소', '龙井市公安局', 'Cousin searched', 'Refused to register', '지금까지 취한 조치']) expect(json.body).not.toContain(absent);
    if (!hasPoppler()) return;
    for (const lang of ['en', 'ko']) {
      const text = pdfText((await alice.get(`/api/advocacy/dossiers/${id}/download?format=pdf&lang=${lang}`)).rawPayload);
      expect(text).toContain('李美玲');
      for (const absent of ['Steps already taken', '지금까지 취한 조치', '룡정 파출소', '龙井市公安局', 'Cousin searched']) expect(text).not.toContain(absent);
    }
  }, 60_000);

  it('never stores the steps in the register of a dossier whose scope left them out', async () => {
    const deps = alice.app.homeward.deps;
    const rows = await deps.db.selectFrom('dossiers').selectAll().orderBy('ref_seq').execute();
    expect(rows).toHaveLength(2);
    // Sealed either way: nothing in the clear.
    for (const secret of ['룡정', '龙井市公安局', 'Cousin searched']) expect(JSON.stringify(rows)).not.toContain(secret);
    // Opened: the first (scope with steps) holds them, the second holds no trace of them.
    const open = (r: (typeof rows)[number]) => JSON.stringify(openRecord(deps.kr, 'dossiers', r.id, r.wrapped_key)('sealed', r.sealed));
    expect(open(rows[0]!)).toContain('Cousin searched');
    for (const secret of ['룡정', '龙井市公安局', 'Cousin searched', '"steps"']) expect(open(rows[1]!)).not.toContain(secret);
  });
});
