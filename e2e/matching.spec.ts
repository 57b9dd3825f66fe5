import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { catalogue, featureCatalogue, field, fill, setupAndSignIn, withServer } from './support.ts';

// Matching in Debian's Chromium against a fresh server: a child registered
// with a Chinese name, a lead naming her in Hangul, the candidate in the
// review queue, the side-by-side comparison with its waterfall and name path,
// a confirmed decision, the duplicate warning on the case form and a
// cross-script search. All people are fictional.
const ko = catalogue('ko');
const m = featureCatalogue('matching', 'ko');

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let origin = '';
const requested: string[] = [];

const server = withServer('matching');

test.beforeAll(async ({ browser }) => {
  origin = server.origin;
  context = await browser.newContext();
  page = await context.newPage();
  context.on('request', (r) => requested.push(r.url()));
});

test.afterAll(async () => {
  await context?.close();
});

const api = async (method: 'POST' | 'PUT', path: string, data: unknown) => {
  const r = await context.request.fetch(`${origin}${path}`, { method, data, headers: { 'x-homeward-csrf': '1' } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.json() as Promise<{ id: string }>;
};

test('sets up, signs in, registers a child and receives a lead in another script', async () => {
  await setupAndSignIn(page, server.setupUrl);

  // The case and the lead come in through the API (the case form is slice.spec.ts's subject).
  await api('POST', '/api/cases', {
    applicant: { names: [{ text: '한가상' }] },
    sought: [{ names: [{ text: '李美玲' }], relation: 'daughter', sex: 'female', birth: { approxAge: 4, atYear: 2016 } }],
  });
  await api('POST', '/api/leads', { names: [{ text: '리미령' }], approxAge: { age: 13, atYear: 2025 }, sex: 'female', source: '현장 방문', reliability: 'medium', receivedOn: { year: 2026 } });
});

test('shows the candidate in the review queue and compares the two records', async () => {
  await page.getByRole('link', { name: m('nav.review'), exact: true }).click();
  await expect(page.getByRole('heading', { name: m('queue.title'), level: 2, exact: true })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: '李美玲' });
  await expect(row).toContainText('리미령');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: m('compare.title'), level: 2, exact: true })).toBeVisible();
  // Every field with its level; the name aligned syllable by syllable through its readings.
  await expect(page.getByRole('rowheader', { name: m('field.name'), exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: m('field.name') })).toContainText(m('level.equivalent'));
  await expect(page.getByRole('row').filter({ hasText: m('field.birth') })).toContainText(m('precision.approximate-age'));
  await expect(page.getByText(/李 → .*리/)).toBeVisible();
  await expect(page.getByRole('img', { name: m('compare.waterfall') })).toBeVisible();
});

test('confirms the candidate with a reason, kept in its history', async () => {
  await page.getByRole('button', { name: m('decision.save'), exact: true }).click();
  await expect(page.getByText(m('decision.reasonRequired'))).toBeVisible();
  await field(page, m('decision.reason')).fill('어머니가 기억하는 점과 일치');
  await page.getByRole('button', { name: m('decision.save'), exact: true }).click();
  await expect(page.getByText('어머니가 기억하는 점과 일치')).toBeVisible();
  await expect(page.getByText(m('status.confirmed')).first()).toBeVisible();
});

test('warns on the case form that the child may already be registered', async () => {
  await page.goto(`${origin}/cases/new`);
  const child = page.getByRole('group', { name: fill(ko('case.soughtN'), { n: 1 }), exact: true });
  await field(child.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true }), ko('name.text')).fill('Li Meiling');
  const warning = page.getByTestId('duplicate-warning');
  await expect(warning).toContainText(m('duplicate.title'));
  await expect(warning).toContainText('李美玲');
});

test('finds the child by a romanised Korean reading, with why', async () => {
  await page.goto(`${origin}/search`);
  await field(page, m('search.label')).fill('Ri Mi Ryong');
  await page.getByRole('button', { name: m('search.button'), exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: '李美玲' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('→');
  // The names typed never reached a URL.
  for (const url of requested) {
    const decoded = decodeURIComponent(url);
    for (const secret of ['Ri Mi Ryong', 'Li Meiling', '李美玲', '리미령']) expect(decoded).not.toContain(secret);
  }
});
