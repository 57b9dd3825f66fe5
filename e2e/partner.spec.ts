import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { withServer } from './support.ts';
import { Api, browserStorage, createUserCli, loginUi, PASSWORD, setupThroughApi, tracingCatalogue } from './tracing-support.ts';

// A field partner's browser session (issue #6): on a phone-sized screen, it
// sees only the fields shared with this partner, nothing of the mother or of
// other partners' requests, every API answer says no-store, and the browser
// keeps nothing: no localStorage (not even the language), no sessionStorage,
// no IndexedDB, no Cache Storage. All data is fictional.
const ko = tracingCatalogue('ko');

const MOTHER = '한가상';
const MOTHER_HANZI = '韩佳祥';
const CHILD_HANZI = '朴佳玲';
const CHILD_HANGUL = '박가령';
const TOWNSHIP_TEXT = '삼합진 학교 앞 (가상)';
const OTHER_CHILD = '金佳明';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let origin = '';
let partner: { id: string; secret: string; email: string };
let requestId = '';
const apiCacheHeaders: string[] = [];

const server = withServer('partner');

test.beforeAll(async ({ browser }) => {
  origin = server.origin;
  await setupThroughApi(server.setupUrl);
  const worker = await createUserCli(server.dataDir, 'worker@example.org', 'caseworker', '가상 담당자');
  partner = await createUserCli(server.dataDir, 'partner@example.org', 'field_partner', '가상 협력자');
  const otherPartner = await createUserCli(server.dataDir, 'other@example.org', 'field_partner', '다른 협력자');

  const api = new Api(origin);
  await api.login(worker.email, PASSWORD, worker.secret);
  const share = async (childNames: { text: string; kind?: string }[], to: string) => {
    const c = await api.call<{ id: string; sought: { id: string }[] }>('POST', '/api/cases', {
      applicant: { names: [{ text: MOTHER }, { text: MOTHER_HANZI, kind: 'chinese' }], safeContact: '센터를 통해서만 (가상)' },
      sought: [{ names: childNames, relation: 'daughter', sex: 'female', birth: { year: 2013, month: 5 }, lastKnownPlace: TOWNSHIP_TEXT, lastKnownPlaceCode: 'CN-222405103' }],
      riskNotes: '남편이 알면 안 됨 (가상)',
    });
    expect(c.status).toBe(201);
    for (const consent of [{ purpose: 'tracing', givenOn: { year: 2026 } }, { purpose: 'partner_sharing', recipientUserId: to, givenOn: { year: 2026 } }]) {
      expect((await api.call('POST', `/api/cases/${c.json.id}/consents`, consent)).status).toBe(201);
    }
    const r = await api.call<{ id: string }>('POST', `/api/cases/${c.json.id}/tracing-requests`, { personId: c.json.sought[0]!.id, partnerUserId: to });
    expect(r.status).toBe(201);
    return r.json.id;
  };
  requestId = await share([{ text: CHILD_HANZI, kind: 'chinese' }, { text: CHILD_HANGUL, kind: 'korean' }], partner.id);
  await share([{ text: OTHER_CHILD, kind: 'chinese' }], otherPartner.id);

  // A phone: small screen, touch.
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/')) apiCacheHeaders.push(response.headers()['cache-control'] ?? '(none)');
  });
});

test.afterAll(async () => {
  await context?.close();
});

test('a field partner sees only the fields shared with them, on a phone', async () => {
  // The partner's pages themselves are no-store too, not only the API.
  const shell = await page.request.get(`${origin}/partner/requests/x`);
  expect(shell.headers()['cache-control']).toBe('no-store');
  await loginUi(page, origin, partner.email, partner.secret, ko);
  await expect(page.getByRole('heading', { name: ko('tracing.partner.title'), level: 2, exact: true })).toBeVisible();
  await expect(page).toHaveURL(`${origin}/partner`);
  const card = page.getByRole('article', { name: ko('tracing.partner.requestN').replace('{{n}}', '1') });
  await expect(card).toContainText(CHILD_HANZI);
  await expect(card).toContainText(ko('tracing.field.approxAge'));
  await expect(card).toContainText('용정시');
  // Only one request: the other partner's child is not here; nothing of the mother, the Korean name or the township.
  await expect(page.getByRole('article')).toHaveCount(1);
  const body = await page.locator('body').innerText();
  for (const hidden of [OTHER_CHILD, MOTHER, MOTHER_HANZI, CHILD_HANGUL, TOWNSHIP_TEXT, '삼합', '남편', '센터를 통해서만']) expect(body).not.toContain(hidden);
  // No case menu for a partner, and the case list is refused by the server.
  await expect(page.getByRole('link', { name: ko('nav.cases'), exact: true })).toHaveCount(0);

  await card.getByRole('link', { name: ko('tracing.partner.submitLead'), exact: true }).click();
  await expect(page).toHaveURL(`${origin}/partner/requests/${requestId}`);
  const shared = page.getByTestId('shared-fields');
  await expect(shared).toContainText(CHILD_HANZI);
  expect(await page.locator('body').innerText()).not.toContain(MOTHER);
  // The page fits the phone: no horizontal scrolling.
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
});

test('a partner cannot open a request that is not theirs', async () => {
  await page.goto(`${origin}/partner/requests/not-theirs-0000`);
  await expect(page.getByRole('alert').filter({ hasText: ko('errors.NOT_FOUND') })).toBeVisible();
  await page.goto(`${origin}/cases`);
  expect(await page.locator('body').innerText()).not.toContain(OTHER_CHILD);
});

test('leaves nothing in localStorage, sessionStorage, IndexedDB or Cache Storage, even after a language switch', async () => {
  await page.goto(`${origin}/partner`);
  await expect(page.getByRole('heading', { name: ko('tracing.partner.title'), level: 2, exact: true })).toBeVisible();
  // Chinese first for a partner in China: the switch applies, but is not remembered on the phone.
  await page.getByLabel(ko('language.label')).selectOption('zh');
  const zh = tracingCatalogue('zh');
  await expect(page.getByRole('heading', { name: zh('tracing.partner.title'), level: 2, exact: true })).toBeVisible();
  await page.getByRole('link', { name: zh('tracing.partner.submitLead'), exact: true }).click();
  await expect(page.getByTestId('shared-fields')).toContainText(CHILD_HANZI);
  expect(await browserStorage(page)).toEqual({ local: [], session: [], idb: [], caches: [] });
  // Every API answer told the browser and any proxy not to keep it.
  expect(apiCacheHeaders.length).toBeGreaterThan(3);
  expect(new Set(apiCacheHeaders)).toEqual(new Set(['no-store']));
});
