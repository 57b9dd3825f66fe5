import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTrail } from '../src/audit/verify.ts';
import { passwordProblem } from '../src/services/passwords.ts';
import { auditKeys } from '../src/services/keys.ts';
import { OPERATOR } from '../src/services/context.ts';
import { createUser } from '../src/services/users.ts';
import { ADMIN, Client, describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';
import { policy } from '../src/policies/route-policy.ts';

/**
 * Issue #6 beyond the matrix: sharing with a colleague, break-glass after
 * re-authentication, the administrator's user pages, the auditor's trail with
 * "from where", per-account backoff, the password policy and the field
 * partners' short idle timeout.
 */

const PASSWORD = 'a long enough test passphrase';

describe('password policy', () => {
  it('asks for length and refuses breached passwords, not character classes', () => {
    expect(passwordProblem('short pass')).toBe('too_short');
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
    expect(passwordProblem('passwordpassword')).toBe('breached');
    expect(passwordProblem('1q2w3e4r5t6y')).toBe('breached');
    expect(passwordProblem('sunshine2024!!')).toBe('breached');
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toBe('breached');
    expect(passwordProblem('숲속의 작은 집 창가에')).toBeUndefined();
  });
});

describeEachEngine('access hardening', (_engine, fresh) => {
  let admin: Client;
  let adminSecret = '';
  let now = new Date('2026-11-29T09:00:00Z');
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let auditor: Member;
  let partner: Member;
  let caseId = '';
  let reference = '';
  let counter = 0;

  type Member = Client & { userId: string; email: string; secret: string };
  /** A user whose TOTP secret the test keeps, so it can sign in again after moving the clock. */
  async function member(role: 'caseworker' | 'auditor' | 'field_partner', name: string): Promise<Member> {
    const email = `member${++counter}@example.org`;
    const made = await createUser(admin.app.homeward.deps, OPERATOR, { email, displayName: name, role, password: PASSWORD });
    const c = Object.assign(new Client(admin.app), { userId: made.user.id, email, secret: made.totpSecret });
    expect((await c.login(email, PASSWORD, made.totpSecret)).statusCode).toBe(200);
    return c;
  }
  const relogin = async (c: Member) => expect((await c.login(c.email, PASSWORD, c.secret)).statusCode).toBe(200);
  const later = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  beforeAll(async () => {
    admin = await freshApp(await fresh(), {}, { now: () => now });
    adminSecret = await admin.setupAndLogin();
    alice = await member('caseworker', 'Alice');
    bob = await member('caseworker', 'Bob');
    carol = await member('caseworker', 'Carol');
    auditor = await member('auditor', 'Auditor');
    partner = await member('field_partner', 'Partner');
    const r = await alice.post('/api/cases', sampleCase());
    caseId = r.json().id;
    reference = r.json().reference;
  });

  it('shares a case with a colleague and revokes it, audited', async () => {
    expect((await bob.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    // Bob cannot share what he cannot see.
    expect((await bob.post(`/api/cases/${caseId}/shares`, { userId: bob.userId })).statusCode).toBe(404);
    const shared = await alice.post(`/api/cases/${caseId}/shares`, { userId: bob.userId });
    expect(shared.statusCode).toBe(200);
    const grant = shared.json().grants.find((g: { user: { id: string } }) => g.user.id === bob.userId);
    expect(grant).toMatchObject({ kind: 'share', grantedBy: { id: alice.userId } });
    expect((await bob.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await bob.get(`/api/cases/${caseId}/access`)).json().via).toBe('share');
    // Only caseworkers of the organisation can be named.
    const notCw = await alice.post(`/api/cases/${caseId}/shares`, { userId: auditor.userId });
    expect(notCw.statusCode).toBe(400);
    expect(notCw.json().issues[0].path).toBe('userId');
    expect((await alice.post(`/api/case-access/${grant.id}/revoke`)).statusCode).toBe(204);
    expect((await bob.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    const events = await admin.app.homeward.deps.db.selectFrom('audit_events').select(['action', 'record_id']).where('record_type', '=', 'case_access').execute();
    expect(events).toEqual(expect.arrayContaining([{ action: 'case.shared', record_id: grant.id }, { action: 'case.share_revoked', record_id: grant.id }]));
  });

  it('opens a case by break-glass only after re-authentication, for a limited time, flagged and audited', async () => {
    const reason = 'Mother called the hotline in distress; assignee on leave until Monday.';
    const before = await carol.post('/api/break-glass', { reference, reason });
    expect(before.statusCode).toBe(428);
    expect(before.json().code).toBe('REAUTH_REQUIRED');
    const secret = carol.secret;
    const wrong = await carol.post('/api/auth/reauth', { password: 'not the password at all', totpCode: carol.freshCode(secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].path).toBe('password');
    later(0.5);
    expect((await carol.post('/api/auth/reauth', { password: PASSWORD, totpCode: carol.freshCode(secret) })).statusCode).toBe(204);
    const tooShort = await carol.post('/api/break-glass', { reference, reason: 'because' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().issues[0].path).toBe('reason');
    const r = await carol.post('/api/break-glass', { reference, reason });
    expect(r.statusCode).toBe(201);
    expect(new Date(r.json().expiresAt).getTime() - now.getTime()).toBe(120 * 60_000);
    expect((await carol.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    const access = (await carol.get(`/api/cases/${caseId}/access`)).json();
    expect(access.via).toBe('break_glass');
    expect(access.expiresAt).toBe(r.json().expiresAt);
    // The assignee sees who broke the glass and why; the reason is sealed at rest.
    const seen = (await alice.get(`/api/cases/${caseId}/access`)).json().grants.find((g: { kind: string }) => g.kind === 'break_glass');
    expect(seen).toMatchObject({ user: { id: carol.userId }, reason });
    const raw = await admin.app.homeward.deps.db.selectFrom('case_access').select('sealed').where('kind', '=', 'break_glass').executeTakeFirstOrThrow();
    expect(raw.sealed).not.toContain('hotline');
    // The administrator lists active grants (without seeing the case itself).
    const list = (await admin.get('/api/admin/break-glass')).json().items;
    expect(list).toEqual([expect.objectContaining({ caseId, caseReference: reference, user: { id: carol.userId, displayName: 'Carol' }, reason })]);
    expect((await admin.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    const events = await admin.app.homeward.deps.db.selectFrom('audit_events').select(['action', 'record_id', 'actor_id']).where('action', '=', 'case.break_glass').execute();
    expect(events).toEqual([{ action: 'case.break_glass', record_id: caseId, actor_id: carol.userId }]);
    // Two hours later the glass closes by itself (after idle sessions would have ended anyway, so sign in again).
    later(121);
    await relogin(carol);
    expect((await carol.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await admin.login(ADMIN.email, ADMIN.password, adminSecret)).statusCode).toBe(200);
    expect((await admin.get('/api/admin/break-glass')).json().items).toEqual([]);
    for (const c of [alice, bob, auditor, partner]) await relogin(c);
  });

  it("lets the administrator list, create and disable users and end their sessions, all audited", async () => {
    const list = (await admin.get('/api/admin/users')).json().items as { id: string; sessions: number; disabledAt: string | null }[];
    expect(list.find((u) => u.id === bob.userId)).toMatchObject({ sessions: expect.any(Number), disabledAt: null });
    const weak = await admin.post('/api/admin/users', { email: 'dan@example.org', displayName: 'Dan', role: 'caseworker', password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'PASSWORD_TOO_WEAK', issues: [{ path: 'password', code: 'password_breached' }] });
    const made = await admin.post('/api/admin/users', { email: 'dan@example.org', displayName: 'Dan', role: 'field_partner', password: PASSWORD });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ user: { role: 'field_partner', sessions: 0 }, totpSecret: expect.any(String), qrSvg: expect.stringContaining('<svg') });
    // Revoking sessions signs Bob out everywhere; disabling stops him signing in again.
    expect((await admin.post(`/api/admin/users/${bob.userId}/revoke-sessions`)).json().sessions).toBe(0);
    expect((await bob.get('/api/session')).statusCode).toBe(401);
    await relogin(bob);
    expect((await admin.post(`/api/admin/users/${bob.userId}/disable`)).json().disabledAt).not.toBeNull();
    expect((await bob.get('/api/session')).statusCode).toBe(401);
    later(0.5);
    expect((await bob.login(bob.email, PASSWORD, bob.secret)).statusCode).toBe(401);
    const me = (await admin.get('/api/session')).json().user.id as string;
    expect((await admin.post(`/api/admin/users/${me}/disable`)).statusCode).toBe(400);
    expect((await alice.get('/api/admin/users')).statusCode).toBe(403);
    const actions = (await admin.app.homeward.deps.db.selectFrom('audit_events').select('action').where('record_type', '=', 'user').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.sessions_revoked', 'user.disabled', 'login.failed']));
  });

  it('shows the auditor the trail with filters and origins, and nobody else', async () => {
    expect((await alice.get('/api/audit/events')).statusCode).toBe(403);
    expect((await admin.get('/api/audit/events')).statusCode).toBe(403);
    const all = await auditor.get('/api/audit/events?limit=500');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { seq: number; action: string; actor: { id: string } | null; origin: string | null; recordType: string | null }[];
    expect(items.length).toBeGreaterThan(20);
    expect(items[0]!.seq).toBeGreaterThan(items[1]!.seq);
    // A caseworker's origin is their address; a field partner's and a failed login's a pseudonym.
    expect(items.find((e) => e.action === 'case.created' && e.actor?.id === alice.userId)?.origin).toBe('127.0.0.1');
    expect(items.find((e) => e.action === 'login' && e.actor?.id === partner.userId)?.origin).toMatch(/^p:[0-9a-f]{16}$/);
    expect(items.find((e) => e.action === 'login.failed')?.origin).toMatch(/^p:[0-9a-f]{16}$/);
    const failed = (await auditor.get('/api/audit/events?action=login.failed')).json().items as { action: string }[];
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((e) => e.action))).toEqual(new Set(['login.failed']));
    const mine = (await auditor.get(`/api/audit/events?userId=${alice.userId}&recordType=case`)).json().items as { actor: { id: string }; recordType: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actor.id === alice.userId && e.recordType === 'case')).toBe(true);
    const prefix = (await auditor.get('/api/audit/events?action=case.')).json().items as { action: string }[];
    expect(prefix.every((e) => e.action.startsWith('case.'))).toBe(true);
    const day = now.toISOString().slice(0, 10);
    expect((await auditor.get(`/api/audit/events?from=${day}&to=${day}`)).json().items.length).toBeGreaterThan(0);
    expect((await auditor.get('/api/audit/events?from=2020-01-01&to=2020-01-02')).json().items).toEqual([]);
    const page = (await auditor.get('/api/audit/events?limit=5')).json();
    expect(page.items).toHaveLength(5);
    const next = (await auditor.get(`/api/audit/events?limit=5&before=${page.nextBefore}`)).json();
    expect(next.items[0].seq).toBe(page.nextBefore - 1);
    const bad = await auditor.get('/api/audit/events?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('from');
    // Origins are part of the chain: the trail still verifies, and clearing one is caught.
    const deps = admin.app.homeward.deps;
    expect((await verifyTrail(deps.db, auditKeys(deps))).problems).toEqual([]);
    const victim = items.find((e) => e.origin === '127.0.0.1')!;
    await deps.db.updateTable('audit_events').set({ origin: null }).where('seq', '=', victim.seq).execute();
    const report = await verifyTrail(deps.db, auditKeys(deps));
    expect(report.problems.map((p) => [p.kind, p.seq])).toContainEqual(['altered', victim.seq]);
    await deps.db.updateTable('audit_events').set({ origin: '127.0.0.1' }).where('seq', '=', victim.seq).execute();
  });

  it('slows down guessing on one account with exponential backoff, whatever the address', async () => {
    const deps = admin.app.homeward.deps;
    const attempt = (password: string) => alice.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-homeward-csrf': '1' }, payload: { email: alice.email, password, totpCode: '000000' } });
    for (let i = 1; i < deps.config.loginBackoff.freeFailures; i++) expect((await attempt('wrong guess number')).statusCode).toBe(401);
    // The fifth failure locks the account for 2 s: even the right password is not checked.
    expect((await attempt('wrong guess number five')).statusCode).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    later(3 / 60);
    expect((await attempt('wrong guess again')).statusCode).toBe(401);
    const row = await deps.db.selectFrom('login_throttle').selectAll().orderBy('failures', 'desc').executeTakeFirstOrThrow();
    expect(row.failures).toBe(deps.config.loginBackoff.freeFailures + 1);
    // The next wait doubles (4 s); the key is not the email.
    expect(new Date(row.locked_until!).getTime() - now.getTime()).toBe(4000);
    expect(row.account).not.toContain('example.org');
    later(5 / 60);
    await relogin(alice);
    expect(await deps.db.selectFrom('login_throttle').selectAll().where('account', '=', row.account).execute()).toEqual([]);
    const throttled = await deps.db.selectFrom('audit_events').select('action').where('action', '=', 'login.throttled').execute();
    expect(throttled.length).toBe(1);
  });

  it('offers passkey registration and sign-in, and refuses a credential it does not know (audited)', async () => {
    const reg = await alice.post('/api/auth/passkeys/register/options');
    expect(reg.statusCode).toBe(200);
    expect(reg.json()).toMatchObject({ rp: { id: 'localhost', name: 'Homeward' }, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const opts = await alice.app.inject({ method: 'POST', url: '/api/auth/passkeys/login/options', headers: { 'x-homeward-csrf': '1' } });
    expect(opts.json()).toMatchObject({ challengeId: expect.any(String), options: { rpId: 'localhost', userVerification: 'required' } });
    const fake = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} };
    const before = (await admin.app.homeward.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'login.failed').execute()).length;
    const r = await alice.app.inject({ method: 'POST', url: '/api/auth/passkeys/login', headers: { 'x-homeward-csrf': '1' }, payload: { challengeId: opts.json().challengeId, response: fake } });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('INVALID_CREDENTIALS');
    expect((await admin.app.homeward.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'login.failed').execute()).length).toBe(before + 1);
    // A registration answer without the options first (or a forged one) is refused on its field.
    const bad = await carol.post('/api/auth/passkeys/register', { response: { ...fake, response: { clientDataJSON: 'e30', attestationObject: 'AAAA' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('response');
  });

  it("ends a field partner's idle session after 10 minutes, a caseworker's after 30", async () => {
    later(0.5);
    await relogin(partner);
    await relogin(alice);
    later(11);
    expect((await partner.get('/api/session')).statusCode).toBe(401);
    expect((await alice.get('/api/session')).statusCode).toBe(200);
  });
});

describeEachEngine('rate limit on every write', (_engine, fresh) => {
  it("refuses a user's writes beyond the limit with 429 on any route, and signed-out writes per address", async () => {
    const admin = await freshApp(await fresh(), { writeRateLimit: { max: 3, windowMs: 60_000 } });
    // Setup start, setup finish and login: the address's three signed-out writes of this minute.
    await admin.setupAndLogin();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await admin.post('/api/cases/nothing/consents', { purpose: 'tracing', givenOn: { year: 2026 } })).statusCode);
    expect(codes).toEqual([404, 404, 404, 429]);
    const other = await admin.post('/api/break-glass', {});
    expect(other.statusCode).toBe(429);
    expect(other.json().code).toBe('RATE_LIMITED');
    // Reads are not limited by it.
    expect((await admin.get('/api/session')).statusCode).toBe(200);
    const signedOut = await admin.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-homeward-csrf': '1' }, payload: { email: 'x@example.org', password: 'y', totpCode: '000000' } });
    expect(signedOut.statusCode).toBe(429);
  });
});

describeEachEngine('re-authentication declared on a route', (_engine, fresh) => {
  it('answers 428 REAUTH_REQUIRED until the session re-authenticated in the last minutes, after the role check', async () => {
    let now = new Date('2026-11-29T09:00:00Z');
    const admin = await freshApp(await fresh(), {}, { now: () => now });
    // A stand-in for an export route: the policy layer enforces the flag, the handler knows nothing of it.
    admin.app.get('/api/test-export', { config: { policy: policy.roles('administrator'), reauth: true } }, async () => ({ ok: true }));
    const secret = await admin.setupAndLogin();
    const first = await admin.get('/api/test-export');
    expect(first.statusCode).toBe(428);
    expect(first.json().code).toBe('REAUTH_REQUIRED');
    const other = await signedInAs(admin, 'caseworker');
    expect((await other.get('/api/test-export')).statusCode).toBe(403);
    now = new Date(now.getTime() + 60_000);
    expect((await admin.post('/api/auth/reauth', { password: ADMIN.password, totpCode: admin.freshCode(secret) })).statusCode).toBe(204);
    expect((await admin.get('/api/test-export')).json()).toEqual({ ok: true });
    now = new Date(now.getTime() + 6 * 60_000);
    expect((await admin.get('/api/test-export')).statusCode).toBe(428);
  });
});
