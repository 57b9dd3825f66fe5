import { CONSENT_PURPOSES, type FileCase } from '@homeward/contracts';
import { beforeAll, expect, it } from 'vitest';
import { requireConsent } from '../src/services/consents.ts';
import { OPERATOR } from '../src/services/context.ts';
import { exportCases, importCases } from '../src/services/cases.ts';
import { createUser } from '../src/services/users.ts';
import { Client, describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

const PASSWORD = 'a long enough test passphrase';

/**
 * Consent enforced by code (issue #6): a withdrawal takes effect at once for
 * every purpose, and consents that arrive in an interchange file land in the
 * consents table, the one source of truth every check reads.
 */
describeEachEngine('consent enforcement', (_engine, fresh) => {
  let admin: Client;
  // Alice keeps her TOTP secret: dossiers demand a recent re-authentication (issue #6).
  let alice: Client & { userId: string; secret: string };
  let partner: Client & { userId: string };
  let caseId = '';

  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const made = await createUser(admin.app.homeward.deps, OPERATOR, { email: 'alice@example.org', displayName: 'Alice', role: 'caseworker', password: PASSWORD });
    alice = Object.assign(new Client(admin.app), { userId: made.user.id, secret: made.totpSecret });
    expect((await alice.login('alice@example.org', PASSWORD, made.totpSecret)).statusCode).toBe(200);
    partner = await signedInAs(admin, 'field_partner', 'Partner');
    caseId = (await alice.post('/api/cases', sampleCase())).json().id;
  });

  it('refuses every purpose once its grant is withdrawn, at once', async () => {
    const deps = admin.app.homeward.deps;
    const grants = [
      { purpose: 'tracing', givenOn: { year: 2026, month: 1 } },
      { purpose: 'partner_sharing', recipientUserId: partner.userId, givenOn: { year: 2026 } },
      { purpose: 'un_sharing', recipient: 'UN Special Rapporteur on the DPRK', givenOn: { year: 2026 }, evidence: 'form 12' },
      { purpose: 'government_sharing', recipient: 'Ministry of Unification', givenOn: { year: 2026 } },
      { purpose: 'publication', givenOn: { year: 2026 }, scope: 'anonymised story only' },
    ];
    const recipients = {
      tracing: undefined,
      partner_sharing: { userId: partner.userId },
      un_sharing: { label: 'UN Special Rapporteur on the DPRK' },
      government_sharing: { label: 'Ministry of Unification' },
      publication: undefined,
    } as const;
    const ids: string[] = [];
    for (const g of grants) {
      const r = await alice.post(`/api/cases/${caseId}/consents`, g);
      expect(r.statusCode, g.purpose).toBe(201);
      ids.push(r.json().id);
    }
    for (const purpose of CONSENT_PURPOSES) await requireConsent(deps, deps.db, [caseId], purpose, recipients[purpose]);
    for (const id of ids) expect((await alice.post(`/api/consents/${id}/withdraw`)).json().active).toBe(false);
    for (const purpose of CONSENT_PURPOSES) {
      const refused = await requireConsent(deps, deps.db, [caseId], purpose, recipients[purpose]).then(() => undefined, (e: unknown) => e);
      expect(refused, purpose).toMatchObject({ code: 'CONSENT_REQUIRED' });
      // The message names the case by reference only, never by anything identifying.
      expect(String((refused as Error).message)).toMatch(/HW-\d{4}-\d{4}/);
      expect(String((refused as Error).message)).not.toContain('김영희');
    }
    // Every change of consent is in the audit trail, by purpose, with no values.
    const actions = (await deps.db.selectFrom('audit_events').select('action').where('record_type', '=', 'consent').execute()).map((e) => e.action);
    for (const purpose of CONSENT_PURPOSES) {
      expect(actions).toContain(`consent.granted.${purpose}`);
      expect(actions).toContain(`consent.withdrawn.${purpose}`);
    }
  });

  it('refuses every share and export path of the API once consent is withdrawn (tracing request, partner view, dossier and its download)', async () => {
    const created = await alice.post('/api/cases', sampleCase());
    const id = created.json().id as string;
    const personId = created.json().sought[0].id as string;
    const label = 'UN Working Group on Enforced or Involuntary Disappearances';
    const grants = [
      { purpose: 'tracing', givenOn: { year: 2026 } },
      { purpose: 'partner_sharing', recipientUserId: partner.userId, givenOn: { year: 2026 } },
      { purpose: 'un_sharing', recipient: label, givenOn: { year: 2026 }, scope: 'all' },
    ];
    const ids: string[] = [];
    for (const g of grants) ids.push((await alice.post(`/api/cases/${id}/consents`, g)).json().id);
    const dossierBody = { caseIds: [id], purpose: 'un_sharing', recipient: { label, kind: 'un-working-group' } };
    // With consent, each path works (dossiers after a fresh re-authentication).
    expect((await alice.post('/api/auth/reauth', { password: PASSWORD, totpCode: alice.freshCode(alice.secret) })).statusCode).toBe(204);
    const request = await alice.post(`/api/cases/${id}/tracing-requests`, { personId, partnerUserId: partner.userId });
    expect(request.statusCode).toBe(201);
    expect((await partner.get(`/api/partner/requests/${request.json().id}`)).statusCode).toBe(200);
    const dossier = await alice.post('/api/advocacy/dossiers', dossierBody);
    expect(dossier.statusCode).toBe(201);
    expect((await alice.get(`/api/advocacy/dossiers/${dossier.json().id}/download?format=json`)).statusCode).toBe(200);
    for (const c of ids) expect((await alice.post(`/api/consents/${c}/withdraw`)).statusCode).toBe(200);
    // After withdrawal, at once: no new request, the partner loses the shared one, no new dossier, no download.
    const again = await alice.post(`/api/cases/${id}/tracing-requests`, { personId, partnerUserId: partner.userId });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('CONSENT_REQUIRED');
    expect([403, 404]).toContain((await partner.get(`/api/partner/requests/${request.json().id}`)).statusCode);
    expect(((await partner.get('/api/partner/requests')).json().items as { id: string }[]).map((r) => r.id)).not.toContain(request.json().id);
    const refused = await alice.post('/api/advocacy/dossiers', dossierBody);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CONSENT_REQUIRED');
    const download = await alice.get(`/api/advocacy/dossiers/${dossier.json().id}/download?format=json`);
    expect(download.statusCode).toBe(403);
    expect(download.json().code).toBe('CONSENT_REQUIRED');
  });

  it('imports the consents of a case file into the consents table and exports them back unchanged', async () => {
    const deps = admin.app.homeward.deps;
    const base = sampleCase() as unknown as FileCase;
    const file = [
      {
        reference: 'HW-2019-0042',
        applicant: base.applicant,
        sought: base.sought,
        consents: [
          { purpose: 'tracing', givenOn: { year: 2019, month: 5 }, scope: 'children only' },
          { purpose: 'un_sharing', givenOn: { year: 2019 }, withdrawnOn: { year: 2020, month: 2 } },
        ],
      },
    ] as FileCase[];
    await importCases(deps, OPERATOR, file);
    const row = await deps.db.selectFrom('cases').select('id').where('reference', '=', 'HW-2019-0042').executeTakeFirstOrThrow();
    const stored = await deps.db.selectFrom('consents').select(['purpose', 'withdrawn_at']).where('case_id', '=', row.id).orderBy('purpose').execute();
    expect(stored.map((c) => [c.purpose, c.withdrawn_at === null])).toEqual([['tracing', true], ['un_sharing', false]]);
    await requireConsent(deps, deps.db, [row.id], 'tracing');
    await expect(requireConsent(deps, deps.db, [row.id], 'un_sharing')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    const exported = (await exportCases(deps, OPERATOR)).find((c) => c.reference === 'HW-2019-0042')!;
    expect(exported.consents).toEqual(file[0]!.consents);
    // Scope and dates are sealed like every other identifying value.
    const raw = await deps.db.selectFrom('consents').select('sealed').where('case_id', '=', row.id).execute();
    for (const r of raw) expect(r.sealed).not.toContain('children only');
  });
});
