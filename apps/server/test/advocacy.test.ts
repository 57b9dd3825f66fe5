import type { Release } from '@homeward/advocacy';
import type { StatsRelease } from '@homeward/contracts';
import { beforeAll, expect, it } from 'vitest';
import { attack } from '../../../packages/advocacy/test/attacker.ts';
import { statisticsRows } from '../src/advocacy/statistics.ts';
import { OPERATOR } from '../src/services/context.ts';
import { createUser } from '../src/services/users.ts';
import { Client } from './helpers.ts';
import { hasPoppler, pdfText } from './pdf-text.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

// Issue 8 wired into the server: statistics that never reveal a small cell
// (checked by the package's independent attacker on the API's own output),
// the role matrix, consented dossiers, recall on withdrawal, audit events and
// a register with nothing identifying in its plain columns.

type Signed = Client & { userId: string };
type Member = Signed & { secret: string };

const PASSWORD = 'a long enough test passphrase';
let counter = 0;
/** A signed-in user whose TOTP secret the test keeps, to re-authenticate before dossier exports (issue #6). */
async function member(admin: Client, role: 'caseworker' | 'advocate', displayName: string): Promise<Member> {
  const email = `advocacy-member${++counter}@example.org`;
  const made = await createUser(admin.app.homeward.deps, OPERATOR, { email, displayName, role, password: PASSWORD });
  const c = Object.assign(new Client(admin.app), { userId: made.user.id, secret: made.totpSecret });
  expect((await c.login(email, PASSWORD, made.totpSecret)).statusCode).toBe(200);
  return c;
}
/** Password + a fresh TOTP code again: what generating or downloading a dossier demands. */
async function reauth(c: Member): Promise<void> {
  const r = await c.post('/api/auth/reauth', { password: PASSWORD, totpCode: c.freshCode(c.secret) });
  expect(r.statusCode, r.body).toBe(204);
}

/** A fictional sought child at a gazetteer place, with the dates as remembered. */
function child(place: string, separatedOn: object | undefined, birth: object | undefined, name = '李美玲'): Record<string, unknown> {
  return {
    names: [{ text: name }],
    relation: 'daughter',
    sex: 'female',
    lastKnownPlace: 'a market street',
    lastKnownPlaceCode: place,
    ...(separatedOn ? { separatedOn } : {}),
    ...(birth ? { birth } : {}),
  };
}

/**
 * Crafted small population (60 children): big enough that tables are
 * published with small cells suppressed (a smaller one gets them withheld
 * whole, which the attacker would find trivially safe), varied enough to have
 * small cells everywhere: places in three provinces and the DPRK, a 1985
 * separation, approximate ages, month precision, no place at all.
 */
const PLACES = ['CN-222405', 'CN-222405', 'CN-222405', 'CN-222401', 'CN-220102', 'CN-210102', 'CN-230102', 'KP-01', ''];
const STATUSES = ['open', 'open', 'tracing', 'tracing', 'located', 'in_contact', 'reunited', 'closed'];
const POPULATION: { sought: Record<string, unknown>; status: string }[] = Array.from({ length: 60 }, (_, i) => {
  const year = i === 7 ? 1985 : 1998 + ((i * 7) % 28);
  const birth = i % 5 === 0 ? { approxAge: 3, atYear: year } : i % 3 === 0 ? { year: year - 2, month: 1 + (i % 12) } : { year: year - 1 - (i % 6) };
  return { sought: child(PLACES[(i * 5) % PLACES.length]!, i % 11 === 10 ? undefined : { year }, birth), status: STATUSES[(i * 3) % STATUSES.length]! };
});

/** Key of a published cell as the attacker writes it. */
const idOf = (unit: string, key: Readonly<Record<string, string>>): string => unit + '|' + Object.keys(key).sort().map((k) => `${k}=${key[k]}`).join('|');

const HIERARCHY = { prefecture: 'province', separationYear: 'yearsSinceSeparation', status: 'outcome' };

describeEachEngine('advocacy: statistics and dossiers', (_engine, fresh) => {
  let admin: Client;
  let alice: Member;
  let bob: Member;
  let advocate: Member;
  let auditor: Signed;
  let consenting = '';
  let refusing = '';
  let refusingRef = '';
  beforeAll(async () => {
    // Re-authentication lasts 30 minutes here instead of 5: each user re-authenticates once
    // (a second TOTP code within the same 30 s would be refused), and a loaded machine
    // can take minutes over the statistics and PDFs; expiry is tested in access-hardening.test.ts.
    admin = await freshApp(await fresh(), { reauthMinutes: 30 });
    await admin.setupAndLogin();
    alice = await member(admin, 'caseworker', 'Alice');
    bob = await member(admin, 'caseworker', 'Bob');
    advocate = await member(admin, 'advocate', 'Ada');
    auditor = await signedInAs(admin, 'auditor', 'Aud');
    for (const p of POPULATION) {
      const sought = { ...p.sought };
      if (sought.lastKnownPlaceCode === '') {
        delete sought.lastKnownPlaceCode;
      }
      const r = await alice.post('/api/cases', sampleCase({ sought: [sought], status: p.status }));
      expect(r.statusCode, r.body).toBe(201);
    }
    const a = await alice.post('/api/cases', sampleCase());
    consenting = a.json().id;
    const b = await alice.post('/api/cases', sampleCase());
    refusing = b.json().id;
    refusingRef = b.json().reference;
    const g = await alice.post(`/api/cases/${consenting}/consents`, {
      purpose: 'un_sharing',
      recipient: 'UN Working Group on Enforced or Involuntary Disappearances',
      givenOn: { year: 2026 },
      scope: 'sought.names sought.birth separation.date whereabouts.lastKnownPlace request',
    });
    expect(g.statusCode, g.body).toBe(201);
  }, 120_000);

  it('gives statistics to advocates and administrators only', async () => {
    expect((await advocate.get('/api/advocacy/statistics')).statusCode).toBe(200);
    expect((await admin.get('/api/advocacy/statistics?lang=en')).statusCode).toBe(200);
    for (const c of [alice, auditor]) {
      const r = await c.get('/api/advocacy/statistics');
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN');
    }
    // An advocate sees aggregates, never cases.
    expect((await advocate.get('/api/cases')).statusCode).toBe(403);
    expect((await advocate.get(`/api/cases/${consenting}`)).statusCode).toBe(403);
    expect((await advocate.post('/api/advocacy/dossiers', { caseIds: [consenting], purpose: 'un_sharing', recipient: { label: 'x', kind: 'un-working-group' } })).statusCode).toBe(403);
  });

  it('never reveals a cell below the threshold, not even through totals (attacker on the API output)', async () => {
    const r = await advocate.get('/api/advocacy/statistics?lang=en');
    expect(r.statusCode, r.body).toBe(200);
    const release = r.json<StatsRelease>();
    expect(release.threshold).toBe(10);
    expect(release.note).toMatch(/Counts of 1 to 9 are suppressed/);
    // The truth, from the same decrypted rows the server counts.
    const deps = admin.app.homeward.deps;
    const org = (await deps.db.selectFrom('users').select('organisation_id').where('id', '=', advocate.userId).executeTakeFirstOrThrow()).organisation_id;
    const now = deps.now();
    const rows = await statisticsRows(deps, org, { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() });
    expect(rows.children.length).toBe(POPULATION.length + 2);
    const valueOf = (row: Record<string, unknown>, v: string): string => {
      const raw = (x: unknown): string => (x === undefined || x === null || x === '' ? 'unknown' : String(x));
      const parent = (HIERARCHY as Record<string, string>)[v];
      return parent ? `${raw(row[parent])}/${raw(row[v])}` : raw(row[v]);
    };
    let small = 0;
    for (const unit of ['cases', 'children'] as const) {
      const population = rows[unit];
      const tables = release.tables.filter((t) => t.unit === unit);
      const truth = new Map<string, number>();
      for (const t of tables) {
        for (const c of t.cells) {
          const n = population.filter((row) => Object.entries(c.key).every(([k, v]) => valueOf(row, k) === v)).length;
          truth.set(idOf(unit, c.key), n);
          if (n >= 1 && n < 10) expect(c.value, `small cell ${idOf(unit, c.key)}=${n}`).toBeNull();
          if (c.value !== null) expect(c.value).toBe(n);
        }
      }
      const sub = { ...release, tables } as unknown as Release;
      const a = attack(sub, { hierarchy: HIERARCHY, populationSize: population.length, declared: true });
      for (const [id, n] of truth) {
        if (!(n >= 1 && n < 10) || id === `${unit}|`) continue;
        small++;
        expect(a.canBe(id, n), `truth feasible at ${id}`).toBe(true);
        expect(a.feasibleValues(id, 2).length, `attacker pins ${id} (true ${n})`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(small).toBeGreaterThan(5);
    // Published, not withheld: the attacker had real tables to work with.
    expect(release.tables.filter((t) => !t.withheld).length).toBeGreaterThan(5);
    // Places are labelled in three scripts; nothing of the typed place text appears.
    expect(release.placeLabels['CN-22']?.zh).toBe('吉林省');
    expect(r.body).not.toContain('market street');
    expect(r.body).not.toContain('李美玲');
  }, 120_000);

  it('keeps the threshold configurable, never below 5, set by administrators', async () => {
    const low = await admin.put('/api/advocacy/settings', { threshold: 4 });
    expect(low.statusCode).toBe(400);
    expect(low.json().issues[0].path).toBe('threshold');
    expect((await advocate.put('/api/advocacy/settings', { threshold: 5 })).statusCode).toBe(403);
    expect((await admin.put('/api/advocacy/settings', { threshold: 12 })).json()).toEqual({ threshold: 12 });
    expect((await advocate.get('/api/advocacy/statistics')).json().threshold).toBe(12);
    expect((await admin.put('/api/advocacy/settings', { threshold: 10 })).statusCode).toBe(200);
  });

  it('exports CSV, JSON and PDF, each with the methodology note, each an audit event', async () => {
    // No re-authentication needed (the advocate has not re-authenticated yet): suppressed aggregates only.
    const csv = await advocate.get('/api/advocacy/statistics/export?format=csv&lang=ko');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="homeward-statistics-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.body).toContain('# 자료 기준일');
    // A suppressed cell (one child in Pyongyang): empty count, suppressed=1, never a zero.
    expect(csv.body).toContain('"children","children-by-province","province","KP-01","","","","1"\r\n');
    const json = await advocate.get('/api/advocacy/statistics/export?format=json&lang=zh');
    expect(json.json().methodology).toMatch(/数据截至/);
    const pdf = await advocate.get('/api/advocacy/statistics/export?format=pdf&lang=en');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Each carries this server's definitions after the package's note.
    expect(csv.body).toContain('# 정의:');
    expect(json.json().methodology).toMatch(/日历年/);
    if (hasPoppler()) {
      const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
      expect(text).toContain('Cases by status');
      expect(text).toContain('calendar years');
      expect(text).toContain('Jilin');
    }
    const events = await admin.app.homeward.deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('action', 'like', 'statistics.exported.%').execute();
    expect(events.map((e) => e.action).sort()).toEqual(['statistics.exported.csv', 'statistics.exported.json', 'statistics.exported.pdf']);
    expect(new Set(events.map((e) => e.actor_id))).toEqual(new Set([advocate.userId]));
    expect((await alice.get('/api/advocacy/statistics/export?format=csv')).statusCode).toBe(403);
  });

  it('refuses a dossier without a recent re-authentication (428) and creates nothing', async () => {
    const db = admin.app.homeward.deps.db;
    const r = await alice.post('/api/advocacy/dossiers', { caseIds: [consenting], purpose: 'un_sharing', recipient: { label: 'UN Working Group on Enforced or Involuntary Disappearances', kind: 'un-working-group' } });
    expect(r.statusCode).toBe(428);
    expect(r.json().code).toBe('REAUTH_REQUIRED');
    expect(r.body).not.toContain('Working Group');
    expect(await db.selectFrom('dossiers').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('dossier_cases').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_events').select('action').where('action', 'like', 'dossier.%').execute()).toEqual([]);
    // The role check still comes first: an advocate is refused outright, whatever the re-authentication.
    expect((await advocate.post('/api/advocacy/dossiers', { caseIds: [consenting], purpose: 'un_sharing', recipient: { label: 'x', kind: 'un-working-group' } })).statusCode).toBe(403);
  });

  it('generates a dossier only with consent for that purpose and recipient, naming what is missing', async () => {
    const body = (caseIds: string[], label = 'UN Working Group on Enforced or Involuntary Disappearances') => ({
      caseIds, purpose: 'un_sharing', recipient: { label, kind: 'un-working-group' }, request: 'Please ask the authorities to trace her.',
    });
    await reauth(alice);
    await reauth(bob);
    const refused = await alice.post('/api/advocacy/dossiers', body([consenting, refusing]));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CONSENT_REQUIRED');
    expect(refused.json().message).toContain(refusingRef);
    expect(refused.json().issues).toHaveLength(1);
    expect(refused.json().issues[0].path).toBe('cases.1');
    // Another recipient is not covered by a consent naming the working group.
    const misfit = await alice.post('/api/advocacy/dossiers', { ...body([consenting]), recipient: { label: 'Ministry of Unification', kind: 'government-office' } });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().issues[0].path).toBe('recipient.kind');
    expect((await alice.post('/api/advocacy/dossiers', { ...body([consenting], 'UN Special Rapporteur on the DPRK') })).json().code).toBe('CONSENT_REQUIRED');
    // A caseworker who may not see the case is told nothing about it.
    expect((await bob.post('/api/advocacy/dossiers', body([consenting]))).statusCode).toBe(404);
    const made = await alice.post('/api/advocacy/dossiers', body([consenting]));
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().reference).toMatch(/^D-\d{4}-0001$/);
    expect(made.json().available).toBe(true);
    const id = made.json().id;

    // Downloading is an export too: the advocate re-authenticates first.
    const early = await advocate.get(`/api/advocacy/dossiers/${id}/download?format=json&lang=ko`);
    expect(early.statusCode).toBe(428);
    expect(early.json().code).toBe('REAUTH_REQUIRED');
    await reauth(advocate);
    const json = await advocate.get(`/api/advocacy/dossiers/${id}/download?format=json&lang=ko`);
    expect(json.statusCode, json.body).toBe(200);
    const text = json.body;
    expect(text).toContain('李美玲');
    expect(text).toContain('Please ask the authorities');
    // Out of scope: left out, not blacked out.
    for (const absent of ['김영희', '金英姬', 'Husband in Helong', 'red school bag', 'weekday mornings', 'applicant.names']) expect(text).not.toContain(absent);
    const pdf = await advocate.get(`/api/advocacy/dossiers/${id}/download?format=pdf&lang=en`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler()) {
      const out = pdfText(pdf.rawPayload);
      expect(out).toContain('李美玲');
      expect(out).toContain(made.json().reference);
      expect(out).not.toContain('김영희');
      // The Korean PDF: Korean labels, the Chinese name in Chinese glyphs, the watermark's dossier id.
      const koPdf = await advocate.get(`/api/advocacy/dossiers/${id}/download?format=pdf&lang=ko`);
      const koText = pdfText(koPdf.rawPayload);
      expect(koText).toContain('찾는 사람');
      expect(koText).toContain('李美玲');
      expect(koText).toContain(made.json().reference);
      expect(koText).not.toContain('김영희');
    }
    const actions = (await admin.app.homeward.deps.db.selectFrom('audit_events').select('action').where('record_id', '=', id).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['dossier.generated.un_sharing', 'dossier.downloaded.json', 'dossier.downloaded.pdf']));
    // A colleague with no access to the case cannot download what Alice generated; an auditor has no access at all.
    expect((await bob.get(`/api/advocacy/dossiers/${id}/download?format=json`)).statusCode).toBe(404);
    expect((await auditor.get('/api/advocacy/dossiers')).statusCode).toBe(403);
    // Nor does the colleague see it in the register; the advocate does.
    expect((await bob.get('/api/advocacy/dossiers')).json().items).toEqual([]);
    expect((await advocate.get('/api/advocacy/dossiers')).json().items.map((d: { id: string }) => d.id)).toEqual([id]);
  }, 60_000);

  it('recalls a dossier when consent is withdrawn: listed as unavailable, download refused', async () => {
    const list = await advocate.get('/api/advocacy/dossiers');
    expect(list.statusCode).toBe(200);
    const entry = list.json().items[0];
    expect(entry.available).toBe(true);
    const consents = (await alice.get(`/api/cases/${consenting}/consents`)).json().items;
    expect((await alice.post(`/api/consents/${consents[0].id}/withdraw`)).statusCode).toBe(200);
    const after = (await advocate.get('/api/advocacy/dossiers')).json().items[0];
    expect(after.available).toBe(false);
    const r = await advocate.get(`/api/advocacy/dossiers/${entry.id}/download?format=pdf&lang=ko`);
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('CONSENT_REQUIRED');
    expect((await alice.get(`/api/advocacy/dossiers/${entry.id}/download?format=json`)).statusCode).toBe(403);
    // And no new dossier either.
    const again = await alice.post('/api/advocacy/dossiers', { caseIds: [consenting], purpose: 'un_sharing', recipient: { label: 'UN Working Group on Enforced or Involuntary Disappearances', kind: 'un-working-group' } });
    expect(again.json().code).toBe('CONSENT_REQUIRED');
  });

  it('computes a new release when the data change (the cached one is never stale)', async () => {
    const total = async () => (await advocate.get('/api/advocacy/statistics')).json<StatsRelease>().tables.find((t) => t.id === 'cases-by-status')!.cells.find((c) => Object.keys(c.key).length === 0)!.value;
    const before = await total();
    expect(await total()).toBe(before);
    expect((await alice.post('/api/cases', sampleCase())).statusCode).toBe(201);
    expect(await total()).toBe(before! + 1);
  });

  it('keeps nothing identifying in the register plain columns', async () => {
    const db = admin.app.homeward.deps.db;
    const rows = await db.selectFrom('dossiers').selectAll().execute();
    const links = await db.selectFrom('dossier_cases').selectAll().execute();
    expect(rows.length).toBe(1);
    const plain = JSON.stringify(rows.map(({ sealed: _s, wrapped_key: _k, ...rest }) => rest)) + JSON.stringify(links);
    const sealedToo = JSON.stringify(rows);
    for (const secret of ['李美玲', '김영희', 'Working Group', 'Disappearances', 'Please ask', 'HW-']) {
      expect(plain).not.toContain(secret);
      expect(sealedToo).not.toContain(secret);
    }
  });
});
