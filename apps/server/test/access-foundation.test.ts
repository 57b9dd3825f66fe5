import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { installRoutePolicies, type DeclaredRoute } from '../src/policies/route-policy.ts';
import { requireConsent } from '../src/services/consents.ts';
import type { Client} from './helpers.ts';
import { describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

describe('route policy layer', () => {
  it('refuses to build an app with an /api route that declares no policy', async () => {
    const app = Fastify();
    const table: DeclaredRoute[] = [];
    // The deps are never touched: the route is refused while it is being registered.
    installRoutePolicies(app, {} as never, table);
    expect(() => app.get('/api/undeclared', async () => ({}))).toThrow(/GET \/api\/undeclared has no declared policy/);
    // A route that declares one is registered and listed.
    app.get('/api/declared', { config: { policy: { access: 'public' } } }, async () => ({}));
    expect(table).toEqual([{ method: 'GET', url: '/api/declared', policy: { access: 'public' } }]);
    await app.close();
  });
});

describeEachEngine('need-to-know and consent', (_engine, fresh) => {
  let admin: Client;
  let alice: Client & { userId: string };
  let bob: Client & { userId: string };
  let partner: Client & { userId: string };
  let caseId = '';
  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    partner = await signedInAs(admin, 'field_partner', 'Partner');
    const r = await alice.post('/api/cases', sampleCase());
    expect(r.statusCode).toBe(201);
    caseId = r.json().id;
  });

  it('declares a policy for every /api route of the app', () => {
    const routes = admin.app.homeward.routes;
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toContain('GET /api/cases/:id');
  });

  it('assigns a new case to the caseworker who registered it, and hides it from colleagues', async () => {
    expect((await alice.get(`/api/cases/${caseId}`)).json().assignedTo.id).toBe(alice.userId);
    expect((await bob.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await bob.get('/api/cases')).json().items).toEqual([]);
    // The administrator manages users and keys, not case contents.
    expect((await admin.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('keeps roles without case work away from case routes altogether', async () => {
    const r = await partner.get('/api/cases');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('FORBIDDEN');
    expect((await partner.get(`/api/cases/${caseId}/consents`)).statusCode).toBe(403);
  });

  it('records, lists and withdraws consent; the check follows at once', async () => {
    const deps = admin.app.homeward.deps;
    await expect(requireConsent(deps, deps.db, [caseId], 'un_sharing', { label: 'UN Special Rapporteur' })).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    const g = await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'un_sharing', recipient: 'UN  special rapporteur', givenOn: { year: 2026, month: 3 }, evidence: 'signed form 7' });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({ purpose: 'un_sharing', active: true, recordedBy: { id: alice.userId } });
    await requireConsent(deps, deps.db, [caseId], 'un_sharing', { label: 'UN Special Rapporteur' });
    // Another recipient, or another purpose, is not covered; publication never is by default.
    await expect(requireConsent(deps, deps.db, [caseId], 'un_sharing', { label: 'Some Government' })).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    await expect(requireConsent(deps, deps.db, [caseId], 'publication')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect((await bob.post(`/api/consents/${g.json().id}/withdraw`)).statusCode).toBe(404);
    const w = await alice.post(`/api/consents/${g.json().id}/withdraw`);
    expect(w.json()).toMatchObject({ active: false, withdrawnBy: { id: alice.userId } });
    await expect(requireConsent(deps, deps.db, [caseId], 'un_sharing', { label: 'UN Special Rapporteur' })).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect((await alice.get(`/api/cases/${caseId}/consents`)).json().items).toHaveLength(1);
  });

  it('refuses a recipient a purpose does not take, naming the field', async () => {
    const r = await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'tracing', recipient: 'anyone', givenOn: { year: 2026 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0].path).toBe('recipient');
  });
});
