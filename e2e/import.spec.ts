import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { catalogue, featureCatalogue, fill, setupAndSignIn, withServer } from './support.ts';

// Spreadsheet import in Debian's Chromium (issue 9): an administrator sees the
// backup status, uploads a CSV, sees the encoding, the suggested mapping and
// every problem by row and column, fixes the file, edits the mapping, checks
// again, confirms, and finds the cases in her list. Fictional data only.
const ko = catalogue('ko');
const imp = featureCatalogue('import', 'ko');

const HEADERS = '신청인 이름,자녀 이름,생년월일,성별,관계,마지막 거주지,메모';
const BAD = `${HEADERS}\n한가상,리가령,2012년 5월,여,딸,연변 룡정,메모 하나\n,박가명,13/13/2012,남,아들,연길,\n`;
const GOOD = `${HEADERS}\n한가상,리가령,2012년 5월,여,딸,연변 룡정,메모 하나\n조가순,박가명,2010,남,아들,연길,\n`;

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
const requested: string[] = [];

const server = withServer('import');

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  context.on('request', (request) => requested.push(request.url()));
});

test.afterAll(async () => {
  await context?.close();
});

test('an administrator signs in and sees the backup status on the import page', async () => {
  await setupAndSignIn(page, server.setupUrl);

  await page.getByRole('link', { name: imp('nav'), exact: true }).click();
  await expect(page.getByRole('heading', { name: imp('title'), level: 2, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: imp('backupTitle'), exact: true })).toBeVisible();
  await expect(page.getByTestId('last-backup')).toContainText(imp('never'));
  await expect(page.getByRole('status').filter({ hasText: imp('backupStale') })).toBeVisible();
});

test('a file with errors: encoding, suggested mapping and every problem by row and column; no import offered', async () => {
  await page.locator('input[type=file]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD, 'utf8') });
  await page.getByRole('button', { name: imp('check'), exact: true }).click();
  await expect(page.getByTestId('encoding')).toContainText('utf-8');
  await expect(page.getByRole('combobox', { name: `${imp('field')}: 신청인 이름` })).toHaveValue('applicant.name');
  await expect(page.getByRole('combobox', { name: `${imp('field')}: 자녀 이름` })).toHaveValue('sought.name');
  const problems = page.getByRole('table', { name: imp('problemsTitle') });
  await expect(problems.getByRole('row').filter({ hasText: imp('problems.name_required') })).toContainText('3');
  await expect(problems.getByRole('row').filter({ hasText: imp('problems.date_out_of_range') })).toContainText('C');
  await expect(page.getByRole('alert').filter({ hasText: imp('fixFirst') })).toBeVisible();
  await expect(page.getByRole('button', { name: /가져오기$/ })).toHaveCount(0);
});

test('the fixed file, with an edited mapping checked again, is imported in one step', async () => {
  await page.locator('input[type=file]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD, 'utf8') });
  await page.getByRole('button', { name: imp('check'), exact: true }).click();
  await expect(page.getByTestId('import-summary')).toHaveText(fill(imp('summary'), { rows: 2, cases: 2, errors: 0, warnings: 0, duplicates: 0 }));
  // The notes column is not to be imported: the confirm waits for a new dry run.
  await page.getByRole('combobox', { name: `${imp('field')}: 메모` }).selectOption('ignore');
  const confirm = page.getByRole('button', { name: fill(imp('confirm'), { count: 2 }), exact: true });
  await expect(confirm).toBeDisabled();
  await page.getByRole('button', { name: imp('recheck'), exact: true }).click();
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: fill(imp('done'), { count: 2 }) })).toBeVisible();
  await page.getByRole('link', { name: imp('toCases'), exact: true }).click();
  await expect(page.getByRole('heading', { name: ko('cases.title'), level: 2, exact: true })).toBeVisible();
  await expect(page.getByText('리가령')).toBeVisible();
  await expect(page.getByText('박가명')).toBeVisible();
});

test('the same file again is flagged as duplicates of the imported cases, with what agreed', async () => {
  await page.getByRole('link', { name: imp('nav'), exact: true }).click();
  await page.locator('input[type=file]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD, 'utf8') });
  await page.getByRole('button', { name: imp('check'), exact: true }).click();
  const dups = page.getByRole('table', { name: imp('duplicatesTitle') });
  await expect(dups.getByRole('row').filter({ hasText: /HW-\d{4}-0001/ })).toContainText(`${imp('matchFields.sought')}: ${imp('levels.exact')}`);
  const confirm = page.getByRole('button', { name: fill(imp('confirm'), { count: 2 }), exact: true });
  await expect(confirm).toBeDisabled();
  await page.getByLabel(imp('reviewed')).check();
  await expect(confirm).toBeEnabled();
});

test('nothing identifying in URLs or browser storage', async () => {
  for (const url of requested) for (const name of ['한가상', '리가령', '박가명', encodeURIComponent('리가령')]) expect(url).not.toContain(name);
  // Evaluated in the page: the test's own tsconfig has no DOM types.
  const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
  for (const name of ['한가상', '리가령', '박가명']) expect(stored).not.toContain(name);
});
