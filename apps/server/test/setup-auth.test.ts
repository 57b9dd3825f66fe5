import { SESSION_COOKIE } from '@homeward/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/services/totp.ts';
import { ADMIN, Client, describeEachEngine, freshApp } from './helpers.ts';

describeEachEngine('setup and sessions', (_engine, fresh) => {
  describe('first-run setup', () => {
    let c: Client;
    let token: string;
    beforeAll(async () => {
      c = await freshApp(await fresh());
      token = c.app.homeward.setupToken!;
    });

    it('is needed on an empty database and offers a token', async () => {
      expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect((await c.get('/api/setup')).json()).toEqual({ needed: true });
    });

    it('refuses a wrong token', async () => {
      const r = await c.post('/api/setup/start', { token: 'nope', organisationName: 'X', ...ADMIN });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('SETUP_TOKEN_INVALID');
    });

    it('enrols TOTP and creates the administrator only after a right code', async () => {
      const start = await c.post('/api/setup/start', { token, organisationName: 'Test NGO', ...ADMIN });
      expect(start.statusCode).toBe(200);
      const { totpSecret, otpauthUri, qrSvg } = start.json();
      expect(otpauthUri).toContain(`secret=${totpSecret}`);
      expect(qrSvg).toMatch(/^<svg/);
      expect((await c.get('/api/setup')).json()).toEqual({ needed: true });

      const wrong = await c.post('/api/setup/finish', { token, totpCode: currentTotp(totpSecret) === '000000' ? '111111' : '000000' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().issues[0].path).toBe('totpCode');
      expect((await c.get('/api/setup')).json()).toEqual({ needed: true });

      const ok = await c.post('/api/setup/finish', { token, totpCode: c.freshCode(totpSecret) });
      expect(ok.statusCode).toBe(204);
      expect((await c.get('/api/setup')).json()).toEqual({ needed: false });

      const again = await c.post('/api/setup/finish', { token, totpCode: currentTotp(totpSecret) });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('SETUP_ALREADY_DONE');
      const restart = await c.post('/api/setup/start', { token, organisationName: 'Other', ...ADMIN, email: 'x@example.org' });
      expect(restart.json().code).toBe('SETUP_ALREADY_DONE');

      const users = await c.app.homeward.deps.db.selectFrom('users').selectAll().execute();
      expect(users).toHaveLength(1);
      expect(users[0]!.role).toBe('administrator');
      expect(users[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(users[0]!.totp_sealed).not.toContain(totpSecret);
    });
  });

  describe('login, logout, expiry', () => {
    let c: Client;
    let secret: string;
    let clock = new Date('2026-03-01T09:00:00Z');
    // Each TOTP code works once, so every further sign-in happens in a later 30-second step.
    const nextStep = () => (clock = new Date(clock.getTime() + 30_000));
    beforeAll(async () => {
      c = await freshApp(await fresh(), {}, { now: () => clock });
      secret = await c.setupAndLogin();
    });

    it('accepts each TOTP code only once', async () => {
      nextStep();
      const code = c.freshCode(secret);
      const first = await c.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password, totpCode: code });
      expect(first.statusCode).toBe(200);
      const replay = await new Client(c.app).post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password, totpCode: code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('INVALID_CREDENTIALS');
    });

    it('sets a __Host- cookie that is Secure, HttpOnly and SameSite=Strict', async () => {
      nextStep();
      const r = await c.login(ADMIN.email, ADMIN.password, secret);
      expect(r.statusCode).toBe(200);
      const cookie = String(r.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      for (const attr of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie).toContain(attr);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(r.json().user).toMatchObject({ email: ADMIN.email, role: 'administrator', displayName: ADMIN.displayName });
    });

    it('refuses a wrong password, a wrong code and an unknown email alike', async () => {
      const fresh = new Client(c.app);
      for (const body of [
        { email: ADMIN.email, password: 'wrong password here', totpCode: currentTotp(secret) },
        { email: ADMIN.email, password: ADMIN.password, totpCode: currentTotp(secret) === '123456' ? '654321' : '123456' },
        { email: 'nobody@example.org', password: ADMIN.password, totpCode: currentTotp(secret) },
      ]) {
        const r = await fresh.post('/api/auth/login', body);
        expect(r.statusCode).toBe(401);
        expect(r.json().code).toBe('INVALID_CREDENTIALS');
        expect(r.body).not.toContain(body.password);
        expect(r.headers['set-cookie']).toBeUndefined();
      }
    });

    it('requires a session for the API', async () => {
      const anon = new Client(c.app);
      expect((await anon.get('/api/session')).json().code).toBe('UNAUTHENTICATED');
      expect((await anon.get('/api/cases')).statusCode).toBe(401);
      expect((await c.get('/api/session')).json().user.email).toBe(ADMIN.email);
    });

    it('refuses writes without the CSRF header', async () => {
      const r = await c.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: c.cookie }, payload: {} });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('CSRF_HEADER_MISSING');
    });

    it('ends an idle session after 30 minutes but keeps an active one', async () => {
      nextStep();
      await c.login(ADMIN.email, ADMIN.password, secret);
      clock = new Date(clock.getTime() + 29 * 60_000);
      expect((await c.get('/api/session')).statusCode).toBe(200);
      clock = new Date(clock.getTime() + 29 * 60_000);
      expect((await c.get('/api/session')).statusCode).toBe(200);
      clock = new Date(clock.getTime() + 31 * 60_000);
      expect((await c.get('/api/session')).statusCode).toBe(401);
    });

    it('ends any session after 12 hours however active', async () => {
      nextStep();
      await c.login(ADMIN.email, ADMIN.password, secret);
      for (let i = 0; i < 24; i++) {
        clock = new Date(clock.getTime() + 29 * 60_000);
        expect((await c.get('/api/session')).statusCode).toBe(200);
      }
      clock = new Date(clock.getTime() + 29 * 60_000);
      expect((await c.get('/api/session')).statusCode).toBe(401);
    });

    it('logout deletes the session row on the server', async () => {
      nextStep();
      await c.login(ADMIN.email, ADMIN.password, secret);
      const before = await c.app.homeward.deps.db.selectFrom('sessions').selectAll().execute();
      const stolen = c.cookie;
      expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
      const after = await c.app.homeward.deps.db.selectFrom('sessions').selectAll().execute();
      expect(after.length).toBe(before.length - 1);
      const replay = await c.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: stolen } });
      expect(replay.statusCode).toBe(401);
    });

    it('lists users for assignment', async () => {
      nextStep();
      await c.login(ADMIN.email, ADMIN.password, secret);
      const r = await c.get('/api/users');
      expect(r.json().items).toEqual([expect.objectContaining({ displayName: ADMIN.displayName, role: 'administrator' })]);
    });
  });

  describe('login rate limit', () => {
    it('answers 429 RATE_LIMITED after too many attempts', async () => {
      const c = await freshApp(await fresh(), { loginRateLimit: { max: 3, windowMs: 60_000 } });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) {
          codes.push((await c.post('/api/auth/login', { email: 'a@example.org', password: 'x', totpCode: '123456' })).statusCode);
        }
        expect(codes).toEqual([401, 401, 401, 429, 429]);
        const r = await c.post('/api/auth/login', { email: 'a@example.org', password: 'x', totpCode: '123456' });
        expect(r.json().code).toBe('RATE_LIMITED');
      } finally {
        await c.app.close();
      }
    });
  });
});
