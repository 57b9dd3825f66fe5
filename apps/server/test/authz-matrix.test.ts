import { ROLES, SESSION_COOKIE, type Role } from '@homeward/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { DeclaredRoute } from '../src/policies/route-policy.ts';
import { newId, OPERATOR } from '../src/services/context.ts';
import { createSession } from '../src/services/sessions.ts';
import { createUser } from '../src/services/users.ts';
import { type Client, CSRF, describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

/**
 * The authorization matrix of issue #6, generated from the live route table
 * (`app.homeward.routes`): every route x every role x signed out, so a route
 * added later is covered without editing this file. Record-level refusals
 * (another organisation, an unassigned case) are checked for every case route
 * that reads by id, plus the writes that take a case or consent id.
 */

type Cell = 'unauthenticated' | 'forbidden' | 'allowed';

/** What the policy layer must answer for `role` (undefined: signed out) on `route`. */
function expected(route: DeclaredRoute, role: Role | undefined): Cell {
  const p = route.policy;
  if (p.access === 'public') return 'allowed';
  if (role === undefined) return 'unauthenticated';
  if (p.access === 'signedIn') return 'allowed';
  return p.roles.includes(role) ? 'allowed' : 'forbidden';
}

/** Fills every `:param` of a route pattern with `id`. */
const urlOf = (pattern: string, id: string) => pattern.replace(/:[A-Za-z_]+/g, id);

function verdict(r: LightMyRequestResponse): Cell | 'other' {
  if (r.statusCode === 401) return 'unauthenticated';
  // CONSENT_REQUIRED is a record-level answer from a service, not the policy layer's.
  if (r.statusCode === 403) return r.json<{ code: string }>().code === 'CONSENT_REQUIRED' ? 'allowed' : 'forbidden';
  return 'allowed';
}

describeEachEngine('authorization matrix from the route table', (_engine, fresh) => {
  let admin: Client;
  const userOf = new Map<Role, string>();
  let alice: Client & { userId: string };
  let bob: Client & { userId: string };
  let outsider: Client & { userId: string };
  let aliceCase = '';
  let otherOrgCase = '';
  let aliceConsent = '';
  let otherOrgConsent = '';

  beforeAll(async () => {
    admin = await freshApp(await fresh());
    await admin.setupAndLogin();
    const deps = admin.app.homeward.deps;
    userOf.set('administrator', (await admin.get('/api/session')).json().user.id);
    for (const role of ROLES) {
      if (role === 'administrator') continue;
      const made = await createUser(deps, OPERATOR, { email: `matrix-${role.replace('_', '-')}@example.org`, displayName: `Matrix ${role}`, role, password: 'a long enough test passphrase' });
      userOf.set(role, made.user.id);
    }
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    // A caseworker of a second organisation (one installation may hold several).
    outsider = await signedInAs(admin, 'caseworker', 'Outsider');
    const otherOrg = newId();
    await deps.db.insertInto('organisations').values({ id: otherOrg, name: 'Other NGO', created_at: deps.now().toISOString() }).execute();
    await deps.db.updateTable('users').set({ organisation_id: otherOrg }).where('id', '=', outsider.userId).execute();

    const a = await alice.post('/api/cases', sampleCase());
    expect(a.statusCode).toBe(201);
    aliceCase = a.json().id;
    const o = await outsider.post('/api/cases', sampleCase());
    expect(o.statusCode).toBe(201);
    otherOrgCase = o.json().id;
    const grant = { purpose: 'tracing', givenOn: { year: 2026 } };
    aliceConsent = (await alice.post(`/api/cases/${aliceCase}/consents`, grant)).json().id;
    otherOrgConsent = (await outsider.post(`/api/cases/${otherOrgCase}/consents`, grant)).json().id;
  });

  /** A request on a fresh session of `role`'s user (fresh each time, so a logout or revocation route cannot spoil the next cell). */
  async function call(route: DeclaredRoute, role: Role | undefined): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...CSRF };
    if (role !== undefined) {
      const { token } = await createSession(admin.app.homeward.deps, userOf.get(role)!);
      headers.cookie = `${SESSION_COOKIE}=${token}`;
    }
    const write = route.method !== 'GET';
    return admin.app.inject({ method: route.method as 'GET', url: urlOf(route.url, newId()), headers, ...(write ? { payload: {} } : {}) });
  }

  it('walks a route table that holds every known route', () => {
    const keys = admin.app.homeward.routes.map((r) => `${r.method} ${r.url}`);
    expect(keys.length).toBeGreaterThanOrEqual(18);
    for (const known of ['GET /api/cases/:id', 'PUT /api/cases/:id', 'GET /api/cases/:id/history', 'POST /api/consents/:id/withdraw', 'POST /api/auth/login', 'GET /api/health']) {
      expect(keys).toContain(known);
    }
    // No route escapes the layer by being listed twice with different policies.
    expect(new Set(keys).size).toBe(keys.length);
  });

  // Hundreds of requests, each on a fresh session: generous on a loaded two-core machine.
  it('answers every route x every role (and signed out) as the declared policy says', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const route of admin.app.homeward.routes) {
      for (const role of [undefined, ...ROLES]) {
        const want = expected(route, role);
        const r = await call(route, role);
        const got = verdict(r);
        cells++;
        if (want === 'allowed' ? got !== 'allowed' : got !== want) wrong.push(`${route.method} ${route.url} as ${role ?? 'signed out'}: expected ${want}, got ${r.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(admin.app.homeward.routes.length * (ROLES.length + 1));
  });

  it('refuses, as absence, every case read by id of another organisation or of an unassigned case', async () => {
    const caseReads = admin.app.homeward.routes.filter((r) => r.method === 'GET' && /^\/api\/cases\/:[A-Za-z_]+/.test(r.url));
    expect(caseReads.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/cases/:id', '/api/cases/:id/history', '/api/cases/:id/consents']));
    for (const route of caseReads) {
      // Bob: same organisation, case not assigned or shared; the outsider: another organisation.
      for (const [who, id] of [[bob, aliceCase], [outsider, aliceCase], [alice, otherOrgCase], [admin, aliceCase]] as const) {
        const r = await who.get(urlOf(route.url, id));
        expect(r.statusCode, `${route.url}`).toBe(404);
        expect(r.json().code).toBe('NOT_FOUND');
      }
      // The assignee gets past the gate (a route may still answer 404 for a sub-record it does not have).
      if (route.url.split(':').length === 2) expect((await alice.get(urlOf(route.url, aliceCase))).statusCode, route.url).toBe(200);
    }
  });

  it('refuses writes by id across organisations and to unassigned cases as 404, and changes nothing', async () => {
    const version = (await alice.get(`/api/cases/${aliceCase}`)).json().version as number;
    for (const who of [bob, outsider, admin]) {
      expect((await who.put(`/api/cases/${aliceCase}`, { ...sampleCase({ notes: 'overwritten' }), version })).statusCode).toBe(404);
      expect((await who.post(`/api/cases/${aliceCase}/consents`, { purpose: 'publication', givenOn: { year: 2026 } })).statusCode).toBe(404);
      expect((await who.post(`/api/consents/${aliceConsent}/withdraw`)).statusCode).toBe(404);
    }
    expect((await alice.put(`/api/cases/${otherOrgCase}`, { ...sampleCase(), version: 1 })).statusCode).toBe(404);
    expect((await alice.post(`/api/consents/${otherOrgConsent}/withdraw`)).statusCode).toBe(404);
    const after = (await alice.get(`/api/cases/${aliceCase}`)).json();
    expect(after.version).toBe(version);
    expect(after.notes).not.toBe('overwritten');
    const consents = (await alice.get(`/api/cases/${aliceCase}/consents`)).json().items as { purpose: string; active: boolean }[];
    expect(consents.map((c) => [c.purpose, c.active])).toEqual([['tracing', true]]);
    expect((await outsider.get(`/api/cases/${otherOrgCase}/consents`)).json().items[0].active).toBe(true);
  });

  it('refuses a lead of another organisation as absence, and linking a lead to a case one may not see', async () => {
    const lead = { names: [{ text: '리가령' }], source: 'fictional source', reliability: 'medium', receivedOn: { year: 2026 } };
    const theirs = await outsider.post('/api/leads', { ...lead, caseId: otherOrgCase });
    expect(theirs.statusCode).toBe(201);
    const r = await alice.get(`/api/leads/${theirs.json().id}`);
    expect(r.statusCode).toBe(404);
    expect(((await alice.get('/api/leads')).json().items as { id: string }[]).map((l) => l.id)).not.toContain(theirs.json().id);
    // Linking a lead to a case one may not see is refused like the case itself.
    for (const [who, caseId] of [[bob, aliceCase], [alice, otherOrgCase]] as const) {
      const linked = await who.post('/api/leads', { ...lead, caseId });
      expect(linked.statusCode).toBe(400);
      expect(linked.json().issues).toEqual([expect.objectContaining({ path: 'caseId', code: 'unknown_case' })]);
    }
  });

  it('keeps a case of another organisation out of lists and name searches', async () => {
    const ids = ((await alice.get('/api/cases')).json().items as { id: string }[]).map((c) => c.id);
    expect(ids).toContain(aliceCase);
    expect(ids).not.toContain(otherOrgCase);
    expect(((await outsider.get('/api/cases')).json().items as { id: string }[]).map((c) => c.id)).toEqual([otherOrgCase]);
  });
});
