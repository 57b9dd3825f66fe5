import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { authenticator } from 'otplib';

// The first working slice, end to end in Debian's Chromium against a fresh
// server on a throwaway data directory: first-run setup, sign-in with TOTP,
// a case with Hangul and Chinese names, the list, an edit, a refused stale
// edit, a lead, and the language switch. All data is fictional.

const root = fileURLToPath(new URL('..', import.meta.url));

type Catalogue = Record<string, unknown>;
function catalogue(language: string): (key: string) => string {
  const data = JSON.parse(readFileSync(join(root, 'apps/web/src/locales', `${language}.json`), 'utf8')) as Catalogue;
  return (key) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], data);
    if (typeof value !== 'string') throw new Error(`no catalogue entry ${language}:${key}`);
    return value;
  };
}
const ko = catalogue('ko');
const en = catalogue('en');
const zh = catalogue('zh');
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

const ADMIN = {
  organisation: '가상 가족찾기 센터',
  name: '테스트 관리자',
  email: 'admin@example.org',
  password: 'correct horse battery staple 42',
};
// Fictional people: a Hangul applicant, a sought child with a Hangul and a Chinese name.
const APPLICANT = '한가상';
const CHILD_HANGUL = '리가령';
const CHILD_HANZI = '李佳玲';
const NEW_PLACE = '연길시 (가상)';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `homeward serve` and resolves with the one-time setup link it prints. */
async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; setupUrl: string; log: () => string }> {
  const env = { ...process.env };
  // A fresh embedded database only: never a configured PostgreSQL or key.
  for (const name of Object.keys(env)) if (name.startsWith('HOMEWARD_')) delete env[name];
  env.NODE_ENV = 'test';
  const child = spawn(process.execPath, ['apps/cli/bin/homeward.mjs', 'serve', '--data', dataDir, '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = () => output;
  const setupUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no setup link within 60 s:\n${output}`)), 60_000);
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

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TOTP code from a time step later than `after`, so that no code is ever used twice. */
async function freshCode(secret: string, after: number): Promise<{ code: string; step: number }> {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= after) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  return { code: authenticator.generate(secret), step };
}

test.describe.configure({ mode: 'serial' });

let dataDir = '';
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let context: BrowserContext;
let page: Page;
let origin = '';
let totpSecret = '';
let lastStep = 0;
let caseUrl = '';
const requested: string[] = [];
const consoleProblems: string[] = [];

test.beforeAll(async ({ browser }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'homeward-e2e-'));
  server = await startServer(dataDir, await freePort());
  origin = new URL(server.setupUrl).origin;
  context = await browser.newContext();
  page = await context.newPage();
  context.on('request', (request) => requested.push(request.url()));
  context.on('console', (message) => {
    if (message.type() === 'error') consoleProblems.push(message.text());
  });
  context.on('weberror', (error) => consoleProblems.push(String(error.error())));
});

test.afterAll(async () => {
  await context?.close();
  await stopServer(server?.child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('first-run setup creates the organisation and enrols TOTP', async () => {
  await page.goto(server!.setupUrl);
  await expect(page.getByRole('heading', { name: ko('setup.title') })).toBeVisible();
  // The one-time token is taken out of the address bar once read.
  await expect.poll(() => new URL(page.url()).hash).toBe('');

  await page.getByLabel(ko('setup.organisationName'), { exact: true }).fill(ADMIN.organisation);
  await page.getByLabel(ko('setup.displayName'), { exact: true }).fill(ADMIN.name);
  await page.getByLabel(ko('auth.email'), { exact: true }).fill(ADMIN.email);
  await page.getByLabel(ko('auth.password'), { exact: true }).fill(ADMIN.password);
  await page.getByLabel(ko('setup.confirmPassword'), { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: ko('setup.continue') }).click();

  await expect(page.getByRole('heading', { name: ko('setup.totpTitle') })).toBeVisible();
  await expect(page.getByRole('img', { name: ko('setup.qrLabel') })).toBeVisible();
  totpSecret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(totpSecret).toMatch(/^[A-Z2-7]{16,}=*$/);

  const { code, step } = await freshCode(totpSecret, 0);
  lastStep = step;
  await page.getByLabel(ko('auth.totpCode'), { exact: true }).fill(code);
  await page.getByRole('button', { name: ko('setup.finish') }).click();
  await expect(page.getByRole('heading', { name: ko('setup.doneTitle') })).toBeVisible();
  await page.getByRole('button', { name: ko('setup.goToLogin') }).click();
  await expect(page).toHaveURL(`${origin}/login`);
});

test('signs in with email, password and a TOTP code', async () => {
  await expect(page.getByRole('heading', { name: ko('auth.title') })).toBeVisible();
  // A wrong code is refused with a translated message.
  await page.getByLabel(ko('auth.email'), { exact: true }).fill(ADMIN.email);
  await page.getByLabel(ko('auth.password'), { exact: true }).fill(ADMIN.password);
  await page.getByLabel(ko('auth.totpCode'), { exact: true }).fill('000000' === authenticator.generate(totpSecret) ? '111111' : '000000');
  await page.getByRole('button', { name: ko('auth.submit') }).click();
  await expect(page.getByRole('alert').filter({ hasText: ko('errors.INVALID_CREDENTIALS') })).toBeVisible();

  const { code, step } = await freshCode(totpSecret, lastStep);
  lastStep = step;
  await page.getByLabel(ko('auth.password'), { exact: true }).fill(ADMIN.password);
  await page.getByLabel(ko('auth.totpCode'), { exact: true }).fill(code);
  await page.getByRole('button', { name: ko('auth.submit') }).click();
  await expect(page.getByRole('heading', { name: ko('cases.title'), level: 2 })).toBeVisible();
  await expect(page.getByText(ko('cases.empty'))).toBeVisible();
});

test('registers a case with a Hangul and a Chinese name', async () => {
  await page.getByRole('link', { name: ko('cases.new') }).click();
  await expect(page.getByRole('heading', { name: ko('caseForm.newTitle') })).toBeVisible();

  const applicant = page.getByRole('group', { name: ko('case.applicant'), exact: true });
  await applicant
    .getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true })
    .getByLabel(ko('name.text'), { exact: true })
    .fill(APPLICANT);
  await applicant.getByLabel(ko('person.safeContact'), { exact: true }).fill('평일 오전에만 센터를 통해 연락');

  const child = page.getByRole('group', { name: fill(ko('case.soughtN'), { n: 1 }), exact: true });
  const first = child.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true });
  await first.getByLabel(ko('name.text'), { exact: true }).fill(CHILD_HANGUL);
  await first.getByLabel(ko('name.kind'), { exact: true }).selectOption('korean');
  await child.getByRole('button', { name: ko('name.add') }).click();
  const second = child.getByRole('group', { name: fill(ko('name.item'), { n: 2 }), exact: true });
  await second.getByLabel(ko('name.text'), { exact: true }).fill(CHILD_HANZI);
  await second.getByLabel(ko('name.script'), { exact: true }).selectOption('hanzi-simplified');
  await second.getByLabel(ko('name.kind'), { exact: true }).selectOption('chinese');
  await child.getByLabel(ko('person.relation'), { exact: true }).selectOption('daughter');
  await child.getByLabel(ko('person.sex'), { exact: true }).selectOption('female');

  // "About 4 years old in 2016": a partial date, stored as such.
  const birth = child.getByRole('group', { name: ko('person.birth'), exact: true });
  await birth.getByLabel(ko('date.precision'), { exact: true }).selectOption('age');
  await birth.getByLabel(ko('date.age'), { exact: true }).fill('4');
  await birth.getByLabel(ko('date.atYear'), { exact: true }).fill('2016');
  const separated = child.getByRole('group', { name: ko('person.separatedOn'), exact: true });
  await separated.getByLabel(ko('date.precision'), { exact: true }).selectOption('month');
  await separated.getByLabel(ko('date.year'), { exact: true }).fill('2018');
  await separated.getByLabel(ko('date.month'), { exact: true }).fill('3');

  const section = page.getByRole('group', { name: ko('caseForm.caseSection'), exact: true });
  await section.getByLabel(ko('case.riskLevel'), { exact: true }).selectOption('high');
  await page.getByRole('button', { name: ko('caseForm.create') }).click();

  await expect(page.getByRole('heading', { name: /HW-/ })).toBeVisible();
  await expect(page.getByText(CHILD_HANZI, { exact: true })).toBeVisible();
  await expect(page.getByText(CHILD_HANGUL, { exact: true })).toBeVisible();
  await expect(page.getByText(fill(ko('dateFormat.approx'), { age: 4, year: 2016 }))).toBeVisible();
  await expect(page.getByText(fill(ko('dateFormat.month'), { year: 2018, month: 3 }))).toBeVisible();
  caseUrl = page.url();
  expect(new URL(caseUrl).pathname).toMatch(/^\/cases\/[^/]+$/);
});

test('finds the case in the list and filters by status', async () => {
  await page.getByRole('link', { name: ko('nav.cases') }).click();
  const row = page.getByRole('row').filter({ hasText: CHILD_HANZI });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(APPLICANT);
  await expect(row).toContainText(CHILD_HANGUL);
  await expect(row).toContainText(ko('status.open'));

  const filter = page.getByLabel(ko('cases.filterStatus'), { exact: true });
  await filter.selectOption('closed');
  await expect(page.getByText(ko('cases.empty'))).toBeVisible();
  await filter.selectOption('open');
  await expect(page.getByRole('row').filter({ hasText: CHILD_HANZI })).toHaveCount(1);

  await page.getByRole('row').filter({ hasText: CHILD_HANZI }).getByRole('link').click();
  await expect(page).toHaveURL(caseUrl);
});

test('edits the case and shows the change in its history', async () => {
  await page.getByRole('link', { name: ko('case.edit') }).click();
  const child = page.getByRole('group', { name: fill(ko('case.soughtN'), { n: 1 }), exact: true });
  await expect(child.getByRole('group', { name: fill(ko('name.item'), { n: 2 }), exact: true }).getByLabel(ko('name.text'), { exact: true })).toHaveValue(CHILD_HANZI);
  await child.getByLabel(ko('person.lastKnownPlace'), { exact: true }).fill(NEW_PLACE);
  const section = page.getByRole('group', { name: ko('caseForm.caseSection'), exact: true });
  await section.getByLabel(ko('case.status'), { exact: true }).selectOption('tracing');
  await page.getByRole('button', { name: ko('caseForm.save') }).click();

  await expect(page).toHaveURL(caseUrl);
  await expect(page.getByText(NEW_PLACE)).toBeVisible();
  await expect(page.getByText(ko('status.tracing')).first()).toBeVisible();
  const history = page.getByRole('region', { name: ko('history.title') });
  await expect(history.getByRole('row')).toHaveCount(3); // header + created + updated
  await expect(history).toContainText(ko('history.actions.updated'));
  await expect(history).toContainText(ADMIN.name);
});

test('a stale edit is refused with a clear message and keeps the input', async () => {
  const editUrl = `${caseUrl}/edit`;
  const other = await context.newPage();
  await other.goto(editUrl);
  await page.goto(editUrl);
  const notes = (p: Page) =>
    p.getByRole('group', { name: ko('caseForm.caseSection'), exact: true }).getByLabel(ko('case.notes'), { exact: true });

  await notes(other).fill('다른 담당자가 먼저 저장한 메모');
  await other.getByRole('button', { name: ko('caseForm.save') }).click();
  await expect(other).toHaveURL(caseUrl);
  await other.close();

  await notes(page).fill('나중에 저장하려던 메모');
  await page.getByRole('button', { name: ko('caseForm.save') }).click();
  await expect(page.getByRole('alert').filter({ hasText: ko('errors.STALE_VERSION') })).toBeVisible();
  await expect(page).toHaveURL(editUrl);
  await expect(notes(page)).toHaveValue('나중에 저장하려던 메모');

  await page.getByRole('button', { name: ko('caseForm.staleReload') }).click();
  await expect(notes(page)).toHaveValue('다른 담당자가 먼저 저장한 메모');
});

test('records a lead linked to the case', async () => {
  await page.getByRole('link', { name: ko('nav.leads') }).click();
  await page.getByRole('link', { name: ko('leads.new') }).click();
  await page
    .getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true })
    .getByLabel(ko('name.text'), { exact: true })
    .fill('李佳灵');
  const age = page.getByRole('group', { name: ko('lead.approxAge'), exact: true });
  await age.getByLabel(ko('date.age'), { exact: true }).fill('12');
  await age.getByLabel(ko('date.atYear'), { exact: true }).fill('2025');
  await page.getByLabel(ko('lead.place'), { exact: true }).fill('룡정 (가상)');
  await page.getByLabel(ko('lead.source'), { exact: true }).fill('현지 협력자 A');
  await page.getByLabel(ko('lead.reliability'), { exact: true }).selectOption('medium');
  const caseSelect = page.getByLabel(ko('lead.case'), { exact: true });
  const option = caseSelect.locator('option', { hasText: CHILD_HANZI });
  await caseSelect.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: ko('leadForm.create') }).click();

  const row = page.getByRole('row').filter({ hasText: '李佳灵' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/HW-/);
  await expect(row).toContainText(ko('reliability.medium'));
});

test('switches language, and remembers the choice', async () => {
  await page.getByRole('link', { name: ko('nav.cases') }).click();
  await expect(page.getByRole('heading', { name: ko('cases.title'), level: 2 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

  await page.getByLabel(ko('language.label'), { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: en('cases.title'), level: 2 })).toBeVisible();
  await expect(page.getByRole('link', { name: en('cases.new') })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: CHILD_HANZI })).toContainText(en('status.tracing'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { name: en('cases.title'), level: 2 })).toBeVisible();

  await page.getByLabel(en('language.label'), { exact: true }).selectOption('zh');
  await expect(page.getByRole('heading', { name: zh('cases.title'), level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: zh('nav.logout') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');

  await page.getByLabel(zh('language.label'), { exact: true }).selectOption('ko');
  await expect(page.getByRole('heading', { name: ko('cases.title'), level: 2 })).toBeVisible();
});

test('logs out, ending the session on the server', async () => {
  await page.getByRole('button', { name: ko('nav.logout') }).click();
  await expect(page.getByRole('heading', { name: ko('auth.title') })).toBeVisible();
  const response = await page.request.get(`${origin}/api/session`);
  expect(response.status()).toBe(401);
  await page.goto(caseUrl);
  await expect(page).toHaveURL(`${origin}/login`);
});

test('kept every request on our origin and no names in any URL; no console errors', async () => {
  expect(requested.length).toBeGreaterThan(10);
  const foreign = requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
  expect(foreign).toEqual([]);
  const identifying = [APPLICANT, CHILD_HANGUL, CHILD_HANZI, NEW_PLACE, '李佳灵', ADMIN.email];
  const leaks = requested.filter((url) => {
    const decoded = decodeURIComponent(url);
    return identifying.some((name) => decoded.includes(name));
  });
  expect(leaks).toEqual([]);
  // Failed API calls we caused on purpose (wrong TOTP, stale save, the 401 after logout) log as
  // resource errors; anything else (a CSP violation, an exception) is a bug.
  const unexpected = consoleProblems.filter((text) => !/Failed to load resource: the server responded with a status of (401|409)/.test(text));
  expect(unexpected).toEqual([]);
});
