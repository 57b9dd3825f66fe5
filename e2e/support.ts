import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { authenticator } from 'otplib';

// What every browser test shares: the message catalogues, a fresh server on a
// throwaway data directory, labelled inputs and single-use TOTP codes.

export const root = fileURLToPath(new URL('..', import.meta.url));

type Catalogue = Record<string, unknown>;
const readJson = (path: string): Catalogue => JSON.parse(readFileSync(join(root, 'apps/web/src/locales', path), 'utf8')) as Catalogue;

/** Looks up a dotted key, failing loudly (with `label`) when it is missing or not a string. */
function lookup(data: unknown, label: string): (key: string) => string {
  return (key) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], data);
    if (typeof value !== 'string') throw new Error(`no catalogue entry ${label}${key}`);
    return value;
  };
}

/** The base catalogue, with the named feature catalogues merged in under their names, as i18n.ts merges them. */
export function catalogue(language: string, features: readonly string[] = []): (key: string) => string {
  const base = readJson(`${language}.json`);
  for (const feature of features) base[feature] = readJson(`features/${feature}.json`)[language];
  return lookup(base, `${language}:`);
}

/** One feature's catalogue (apps/web/src/locales/features/<feature>.json), keys relative to the feature. */
export function featureCatalogue(feature: string, language: string): (key: string) => string {
  return lookup(readJson(`features/${feature}.json`)[language], `${language}:${feature}.`);
}

export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

export const ADMIN = {
  organisation: '가상 가족찾기 센터',
  name: '테스트 관리자',
  email: 'admin@example.org',
  password: 'correct horse battery staple 42',
};

/**
 * The input labelled exactly `label` inside `scope`. Required inputs show a
 * visual asterisk in their <label>, which getByLabel's exact match would see.
 */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?$`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The environment for a `homeward` process: a fresh embedded database only, never a configured PostgreSQL or key. */
export function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('HOMEWARD_')) delete env[name];
  return env;
}

/** Starts `homeward serve` and resolves with the one-time setup link it prints. */
export async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; setupUrl: string; log: () => string }> {
  const env = cliEnv();
  env.NODE_ENV = 'test';
  const child = spawn(process.execPath, ['apps/cli/bin/homeward.mjs', 'serve', '--data', dataDir, '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = () => output;
  const setupUrl = await new Promise<string>((resolve, reject) => {
    // Generous: the server compiles its TypeScript on start, on a shared two-core machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server printed no setup link within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /https?:\/\/[^\s"']+\/setup#[^\s"']+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before printing a setup link:\n${output}`));
    });
  });
  return { child, setupUrl, log };
}

export async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TOTP code from a time step later than `after`, so that no code is ever used twice. */
export async function freshCode(secret: string, after: number): Promise<{ code: string; step: number }> {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= after) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  return { code: authenticator.generate(secret), step };
}

/**
 * A fresh server on a throwaway data directory for the whole file: started
 * before the file's own beforeAll hooks (Playwright runs hooks in the order
 * they are declared), stopped and its directory removed afterwards. The
 * returned object is filled in once the server is up.
 */
export function withServer(name: string): { dataDir: string; setupUrl: string; origin: string } {
  const state = { dataDir: '', setupUrl: '', origin: '' };
  let child: ChildProcess | undefined;
  test.beforeAll(async () => {
    state.dataDir = mkdtempSync(join(tmpdir(), `homeward-e2e-${name}-`));
    const server = await startServer(state.dataDir, await freePort());
    child = server.child;
    state.setupUrl = server.setupUrl;
    state.origin = new URL(server.setupUrl).origin;
  });
  test.afterAll(async () => {
    await stopServer(child);
    if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

/** Fills the first-run form (organisation and administrator, Korean UI) and continues to TOTP enrolment. */
export async function fillSetupAccount(page: Page): Promise<void> {
  const ko = catalogue('ko');
  await field(page, ko('setup.organisationName')).fill(ADMIN.organisation);
  await field(page, ko('setup.displayName')).fill(ADMIN.name);
  await field(page, ko('auth.email')).fill(ADMIN.email);
  await field(page, ko('auth.password')).fill(ADMIN.password);
  await field(page, ko('setup.confirmPassword')).fill(ADMIN.password);
  await page.getByRole('button', { name: ko('setup.continue'), exact: true }).click();
}

/**
 * First-run setup and the first sign-in through the UI (Korean), for specs
 * whose subject is elsewhere (slice.spec.ts tests these screens step by step).
 * Returns the administrator's TOTP secret and the last time step used.
 */
export async function setupAndSignIn(page: Page, setupUrl: string): Promise<{ secret: string; step: number }> {
  const ko = catalogue('ko');
  await page.goto(setupUrl);
  await fillSetupAccount(page);
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  const first = await freshCode(secret, 0);
  await field(page, ko('auth.totpCode')).fill(first.code);
  await page.getByRole('button', { name: ko('setup.finish'), exact: true }).click();
  await page.getByRole('button', { name: ko('setup.goToLogin'), exact: true }).click();
  await expect(page).toHaveURL(`${new URL(setupUrl).origin}/login`);
  const second = await freshCode(secret, first.step);
  await field(page, ko('auth.email')).fill(ADMIN.email);
  await field(page, ko('auth.password')).fill(ADMIN.password);
  await field(page, ko('auth.totpCode')).fill(second.code);
  await page.getByRole('button', { name: ko('auth.submit'), exact: true }).click();
  await expect(page.getByRole('heading', { name: ko('cases.title'), level: 2, exact: true })).toBeVisible();
  return { secret, step: second.step };
}
