import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { catalogue, field, withServer } from './support.ts';
import { codeFor, createUserCli, loginUi, PASSWORD, setupThroughApi } from './tracing-support.ts';

// Advocacy evidence (issue 8) end to end in Chromium: a caseworker is refused
// a dossier for a case without consent (the missing consent named by case
// reference) and produces one for a consenting case; an advocate opens the
// statistics dashboard, sees a chart and a suppressed cell marked as such
// (not zero), and downloads the CSV with its methodology note. Generating and
// downloading a dossier first ask for the password and a fresh code again (issue #6),
// then carry on with what was asked. All data is fictional.

const ko = catalogue('ko', ['advocacy', 'access']);
const RECIPIENT = 'UN Working Group on Enforced or Involuntary Disappearances';
// Statuses chosen so the cases tables are published with some cells suppressed (not withheld whole).
const STATUSES: [string, number][] = [['open', 12], ['tracing', 11], ['located', 11], ['reunited', 1], ['in_contact', 1]];
const year = new Date().getFullYear();

test.describe.configure({ mode: 'serial' });

let origin = '';
let workerContext: BrowserContext;
let advocateContext: BrowserContext;
let worker: Page;
let advocate: Page;
let users: Record<'worker' | 'advocate', { id: string; secret: string; email: string }>;
const cspErrors: string[] = [];

const server = withServer('advocacy');

test.beforeAll(async ({ browser }) => {
  origin = server.origin;
  await setupThroughApi(server.setupUrl);
  users = {
    worker: await createUserCli(server.dataDir, 'worker@example.org', 'caseworker', '가상 담당자'),
    advocate: await createUserCli(server.dataDir, 'advocate@example.org', 'advocate', '가상 옹호 활동가'),
  };
  workerContext = await browser.newContext({ acceptDownloads: true });
  advocateContext = await browser.newContext({ acceptDownloads: true });
  worker = await workerContext.newPage();
  advocate = await advocateContext.newPage();
  for (const page of [worker, advocate]) {
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
  }
});

test.afterAll(async () => {
  await workerContext?.close();
  await advocateContext?.close();
});

/** A write through the caseworker's own browser session (cases are registered in another feature's test). */
async function post(path: string, data: unknown) {
  const r = await worker.request.post(origin + path, { data, headers: { 'x-homeward-csrf': '1' } });
  expect(r.status(), path).toBeLessThan(300);
  return r.json();
}

/** Answers the re-authentication form (password + a fresh TOTP code), which then retries what was asked. */
async function reauthenticate(page: Page, secret: string) {
  const form = page.getByRole('form', { name: ko('access.reauth.title') });
  await expect(form).toBeVisible();
  await field(form, ko('access.reauth.password')).fill(PASSWORD);
  await field(form, ko('access.reauth.code')).fill(await codeFor(secret));
  await form.getByRole('button', { name: ko('access.reauth.confirm') }).click();
  await expect(form).toHaveCount(0);
}

function caseBody(i: number, status: string) {
  return {
    applicant: { names: [{ text: `가상엄마${i}` }], sex: 'female' },
    sought: [{ names: [{ text: '李美玲' }], relation: 'daughter', sex: 'female', birth: { year: 2010 }, separatedOn: { year: 2016 }, lastKnownPlace: '룡정', lastKnownPlaceCode: 'CN-222405' }],
    status,
  };
}

test('a caseworker is refused a dossier without consent, naming the case, and makes one with consent', async () => {
  await loginUi(worker, origin, users.worker.email, users.worker.secret, ko);
  await expect(worker.getByRole('heading', { name: ko('cases.title'), level: 2, exact: true })).toBeVisible();
  const made: { id: string; reference: string }[] = [];
  let i = 0;
  for (const [status, n] of STATUSES) for (let k = 0; k < n; k++) made.push(await post('/api/cases', caseBody(++i, status)));
  const [consenting, refusing] = made as [{ id: string; reference: string }, { id: string; reference: string }];
  await post(`/api/cases/${consenting.id}/consents`, { purpose: 'un_sharing', recipient: RECIPIENT, givenOn: { year }, scope: 'sought.names sought.birth separation.date whereabouts.lastKnownPlace request' });

  await worker.getByRole('link', { name: ko('advocacy.nav.dossiers'), exact: true }).click();
  const form = worker.getByRole('form', { name: ko('advocacy.dossier.createTitle') });
  await form.getByRole('checkbox', { name: new RegExp(`^${refusing.reference} `) }).check();
  await form.getByLabel(ko('advocacy.dossier.recipient'), { exact: false }).fill(RECIPIENT);
  await form.getByRole('button', { name: ko('advocacy.dossier.generate'), exact: true }).click();
  // Not re-authenticated yet: the form asks first, then sends the dossier request again.
  await reauthenticate(worker, users.worker.secret);
  const refusal = form.getByRole('alert').filter({ hasText: ko('advocacy.dossier.refused') });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText(refusing.reference);
  await expect(refusal).not.toContainText(consenting.reference);

  await form.getByRole('checkbox', { name: new RegExp(`^${refusing.reference} `) }).uncheck();
  await form.getByRole('checkbox', { name: new RegExp(`^${consenting.reference} `) }).check();
  await form.getByRole('button', { name: ko('advocacy.dossier.generate'), exact: true }).click();
  await expect(form.getByRole('status')).toContainText(`D-${year}-0001`);
  const row = worker.getByTestId('dossier-row').filter({ hasText: `D-${year}-0001` });
  await expect(row).toContainText(consenting.reference);
  await expect(row).toContainText(ko('advocacy.dossier.available'));
  // The PDF downloads through the link (the session cookie goes with it).
  const [pdf] = await Promise.all([worker.waitForEvent('download'), row.getByRole('link', { name: ko('advocacy.dossier.pdfKo') }).click()]);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
});

test('an advocate sees a chart and a suppressed cell on the dashboard, and downloads the CSV', async () => {
  await loginUi(advocate, origin, users.advocate.email, users.advocate.secret, ko);
  await advocate.getByRole('navigation').getByRole('link', { name: ko('advocacy.nav.statistics'), exact: true }).click();
  await expect(advocate.getByRole('heading', { name: ko('advocacy.stats.title'), level: 2, exact: true })).toBeVisible({ timeout: 30_000 });
  const status = advocate.getByRole('region', { name: ko('advocacy.stats.tables.cases-by-status') });
  await expect(status.getByTestId('stats-chart').locator('canvas')).toBeVisible();
  const table = status.getByRole('table', { name: ko('advocacy.stats.tables.cases-by-status') });
  await expect(table.getByRole('row').filter({ hasText: ko('advocacy.stats.cat.open') })).toContainText('12');
  // A suppressed count is marked as suppressed, not shown as 0.
  const suppressed = table.getByRole('row').filter({ hasText: ko('advocacy.stats.cat.reunited') }).getByTestId('suppressed-cell');
  await expect(suppressed).toBeVisible();
  await expect(suppressed).toContainText(ko('advocacy.stats.suppressed'));
  await expect(table.getByRole('row').filter({ hasText: ko('advocacy.stats.cat.reunited') })).not.toContainText(/\b[01]\b/);

  const [download] = await Promise.all([advocate.waitForEvent('download'), advocate.getByRole('link', { name: ko('advocacy.stats.exportCsv'), exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^homeward-statistics-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain('# 자료 기준일');
  expect(csv).toContain('"cases","cases-by-status","status","reunited/reunited","","","","1"');
  expect(csv).not.toContain('李美玲');

  // The register is the advocate's too; cases are not.
  await advocate.getByRole('link', { name: ko('advocacy.nav.dossiers'), exact: true }).click();
  await expect(advocate.getByTestId('dossier-row').filter({ hasText: `D-${year}-0001` })).toContainText(ko('advocacy.dossier.available'));
  await expect(advocate.getByRole('form', { name: ko('advocacy.dossier.createTitle') })).toHaveCount(0);
  // A dossier download asks the advocate to re-authenticate, then the file arrives.
  const row = advocate.getByTestId('dossier-row').filter({ hasText: `D-${year}-0001` });
  await row.getByRole('link', { name: ko('advocacy.dossier.json') }).click();
  // The fresh code may take up to 30 s to come (the sign-in used this step's code).
  const [json] = await Promise.all([advocate.waitForEvent('download', { timeout: 60_000 }), reauthenticate(advocate, users.advocate.secret)]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  expect(readFileSync((await json.path())!, 'utf8')).toContain('李美玲');
  expect((await advocate.request.get(`${origin}/api/cases`)).status()).toBe(403);
  expect(cspErrors).toEqual([]);
});
