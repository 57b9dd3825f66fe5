import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN, catalogue, cliEnv, field, freshCode, root } from './support.ts';

// What the tracing and partner browser specs share: the catalogue with the
// tracing feature file merged in, an installation set up through the API,
// users made by the CLI (as an operator would), and a small API client for
// the steps a spec does not exercise through the UI.

/** The base catalogue plus every feature catalogue under its file name (tracing, matching...), as i18n.ts merges them. */
export function tracingCatalogue(language: 'ko' | 'en' | 'zh'): (key: string) => string {
  const features = readdirSync(join(root, 'apps/web/src/locales/features')).filter((n) => n.endsWith('.json'));
  return catalogue(language, features.map((n) => n.replace(/\.json$/, '')));
}

const lastStep = new Map<string, number>();

/** A TOTP code of a step not used yet for this secret (the server takes each code once). */
export async function codeFor(secret: string): Promise<string> {
  const { code, step } = await freshCode(secret, lastStep.get(secret) ?? 0);
  lastStep.set(secret, step);
  return code;
}

/** A signed-in API client (cookie kept by hand: the session cookie is __Host- and Secure). */
export class Api {
  cookie = '';
  readonly origin: string;
  constructor(origin: string) {
    this.origin = origin;
  }
  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
    const r = await fetch(this.origin + path, {
      method,
      headers: { accept: 'application/json', ...(method !== 'GET' ? { 'content-type': 'application/json', 'x-homeward-csrf': '1' } : {}), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
  async login(email: string, password: string, secret: string): Promise<void> {
    const r = await this.call('POST', '/api/auth/login', { email, password, totpCode: await codeFor(secret) });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status}`);
  }
}

/** First-run setup through the API; returns the administrator's TOTP secret. */
export async function setupThroughApi(setupUrl: string): Promise<string> {
  const url = new URL(setupUrl);
  const token = decodeURIComponent(url.hash.replace(/^#/, ''));
  const api = new Api(url.origin);
  const start = await api.call<{ totpSecret: string }>('POST', '/api/setup/start', { token, organisationName: ADMIN.organisation, displayName: ADMIN.name, email: ADMIN.email, password: ADMIN.password });
  if (start.status !== 200) throw new Error(`setup start: ${start.status}`);
  const finish = await api.call('POST', '/api/setup/finish', { token, totpCode: await codeFor(start.json.totpSecret) });
  if (finish.status !== 204) throw new Error(`setup finish: ${finish.status}`);
  return start.json.totpSecret;
}

export const PASSWORD = 'a long enough fictional passphrase 7';

/** `homeward user create` as a process, as an operator would; returns the id and TOTP secret. */
export async function createUserCli(dataDir: string, email: string, role: string, name: string): Promise<{ id: string; secret: string; email: string }> {
  const child = spawn(process.execPath, ['apps/cli/bin/homeward.mjs', 'user', 'create', '--email', email, '--role', role, '--name', name, '--data', dataDir], { cwd: root, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stdin.end(`${PASSWORD}\n`);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const id = /\(id ([A-Za-z0-9_-]+)\)/.exec(out)?.[1];
  const secret = /TOTP secret[^:]*: ([A-Z2-7]+=*)/.exec(out)?.[1];
  if (code !== 0 || !id || !secret) throw new Error(`user create failed (${code}): ${out}`);
  return { id, secret, email };
}

/** Signs in through the login page (Korean UI). */
export async function loginUi(page: Page, origin: string, email: string, secret: string, t: (k: string) => string): Promise<void> {
  await page.goto(`${origin}/login`);
  await field(page, t('auth.email')).fill(email);
  await field(page, t('auth.password')).fill(PASSWORD);
  await field(page, t('auth.totpCode')).fill(await codeFor(secret));
  await page.getByRole('button', { name: t('auth.submit'), exact: true }).click();
}

/** What the page keeps in the browser: localStorage, sessionStorage, IndexedDB databases and Cache Storage entries. */
export async function browserStorage(page: Page): Promise<{ local: string[]; session: string[]; idb: string[]; caches: string[] }> {
  // A string, not a function: e2e is typed for Node, without the DOM library.
  return page.evaluate(`(async () => {
    const keys = (s) => Array.from({ length: s.length }, (_, i) => s.key(i) ?? '');
    const dbs = (await indexedDB.databases()).map((d) => d.name ?? '');
    const names = 'caches' in window ? await caches.keys() : [];
    return { local: keys(localStorage), session: keys(sessionStorage), idb: dbs, caches: names };
  })()`);
}
