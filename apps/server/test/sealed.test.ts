import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { main } from '../../cli/src/main.ts';
import { build } from '../src/app.ts';
import { MASTER_KEY_FILE } from '../src/crypto/master-key.ts';
import { isSealed, SEALED_KEY_FILE, sealMasterKey } from '../src/services/sealed.ts';
import { ADMIN, Client, CSRF, describeEachEngine, freshApp, sampleCase, TEST_OVERRIDES } from './helpers.ts';

const PASSPHRASE = 'a fictional laptop unseal phrase';

async function cli(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (fn: (s: string) => void) => new Writable({ write: (c, _e, cb) => (fn(String(c)), cb()) });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdin: Readable.from([input]), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
    return { code, out, err };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  }
}

describeEachEngine('sealed start', (_engine, fresh) => {
  it('serves only the unseal page until the passphrase is given, then the whole app', { timeout: 120_000 }, async () => {
    const store = await fresh();
    let now = new Date('2026-11-29T09:00:00Z');
    const clock = { now: () => now };
    const first = await freshApp(store, {}, clock);
    const secret = await first.setupAndLogin();
    const caseId = (await first.post('/api/cases', sampleCase())).json().id as string;
    await first.app.close();

    await sealMasterKey(store.dataDir, PASSPHRASE, TEST_OVERRIDES.argon2);
    expect(existsSync(join(store.dataDir, MASTER_KEY_FILE))).toBe(false);
    expect(isSealed(store.config())).toBe(true);

    const app = await build(store.config(), clock);
    now = new Date(now.getTime() + 120_000);
    store.onCleanup(async () => void (await app.close()));
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().code).toBe('SEALED');
    const page = await app.inject({ url: '/cases' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post" action="/unseal">');
    expect(page.body).not.toContain('<script');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const wrong = await app.inject({ method: 'POST', url: '/unseal', payload: 'passphrase=not+it', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.statusCode).toBe(401);
    expect((await app.inject({ url: '/api/session' })).statusCode).toBe(503);

    const right = await app.inject({ method: 'POST', url: '/unseal', payload: `passphrase=${encodeURIComponent(PASSPHRASE)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(right.statusCode).toBe(303);
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    // The real app now answers, with its own policies and CSRF check; the data opens with the unsealed key.
    const c = new Client(app);
    expect((await c.login(ADMIN.email, ADMIN.password, secret)).statusCode).toBe(200);
    expect((await c.get(`/api/cases/${caseId}`)).json().applicant.names[0].text).toBe('김영희');
    expect((await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: c.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: c.cookie, ...CSRF }, payload: {} })).statusCode).toBe(400);
    const events = await app.homeward.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'server.unsealed').execute();
    expect(events).toHaveLength(1);
    await app.close();

    // keys unseal (in process) writes the plain key back; a wrong passphrase is a usage error.
    const env = store.env();
    expect((await cli(['keys', 'unseal', '--data', store.dataDir], 'wrong phrase\n', env)).code).toBe(2);
    const ok = await cli(['keys', 'unseal', '--data', store.dataDir], `${PASSPHRASE}\n`, env);
    expect(ok.code).toBe(0);
    expect(existsSync(join(store.dataDir, MASTER_KEY_FILE))).toBe(true);
    expect(existsSync(join(store.dataDir, SEALED_KEY_FILE))).toBe(false);
    expect((await cli(['keys', 'seal', '--data', store.dataDir], 'password1234\n', env)).code).toBe(2);
  });
});
