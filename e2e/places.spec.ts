import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { catalogue, field, fill, setupAndSignIn, withServer } from './support.ts';

// Place autocomplete end to end (issue 4): a caseworker types a place the way
// the mother said it, in Korean UI (룡정) and in Chinese UI (龙井), is offered
// Longjing (龙井市) with its hierarchy in the UI language, picks it, and the
// saved case shows the resolved place beside her words. All data is fictional.
const ko = catalogue('ko');
const zh = catalogue('zh');

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let origin = '';
const requests: { method: string; url: string }[] = [];
const consoleProblems: string[] = [];

const server = withServer('places');

test.beforeAll(async ({ browser }) => {
  origin = server.origin;
  context = await browser.newContext();
  page = await context.newPage();
  context.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
  context.on('console', (message) => {
    if (message.type() === 'error') consoleProblems.push(message.text());
  });
  context.on('weberror', (error) => consoleProblems.push(String(error.error())));
});

test.afterAll(async () => {
  await context?.close();
});

test('sets up and signs in', async () => {
  await setupAndSignIn(page, server.setupUrl);
});

/** Fills the names of a new case and returns the sought person's fieldset. */
async function newCase(t: (key: string) => string, applicant: string, child: string) {
  await page.getByRole('link', { name: t('cases.new'), exact: true }).click();
  await expect(page.getByRole('heading', { name: t('caseForm.newTitle'), exact: true })).toBeVisible();
  const applicantGroup = page.getByRole('group', { name: t('case.applicant'), exact: true });
  await field(applicantGroup.getByRole('group', { name: fill(t('name.item'), { n: 1 }), exact: true }), t('name.text')).fill(applicant);
  const sought = page.getByRole('group', { name: fill(t('case.soughtN'), { n: 1 }), exact: true });
  await field(sought.getByRole('group', { name: fill(t('name.item'), { n: 1 }), exact: true }), t('name.text')).fill(child);
  return sought;
}

test('Korean UI: 룡정 offers Longjing (龙井市); the choice is saved beside her words', async () => {
  const sought = await newCase(ko, '가상엄마', '가상아이');
  const place = field(sought, ko('person.lastKnownPlace'));
  await place.pressSequentially('룡정 시장 근처', { delay: 30 });
  const option = page.getByRole('option').filter({ hasText: '龙井市' }).first();
  await expect(option).toBeVisible();
  await expect(option).toContainText('용정시');
  await expect(option).toContainText('Longjing');
  // The hierarchy in Korean.
  await expect(option).toContainText('길림성 › 연변조선족자치주');
  await option.click();
  // Her words stay exactly as typed; the place is shown beside them.
  await expect(place).toHaveValue('룡정 시장 근처');
  await expect(sought.getByTestId('resolved-place')).toContainText('龙井市');

  await page.getByRole('button', { name: ko('caseForm.create'), exact: true }).click();
  await expect(page.getByRole('heading', { name: /HW-/ })).toBeVisible();
  const card = page.getByRole('region', { name: fill(ko('case.soughtN'), { n: 1 }), exact: true });
  await expect(card).toContainText('룡정 시장 근처');
  await expect(card.getByTestId('resolved-place')).toContainText('용정시');
  await expect(card.getByTestId('resolved-place')).toContainText('龙井市');
  await expect(card.getByTestId('resolved-place')).toContainText(ko('placeLevel.county'));
});

test('Chinese UI: 龙井 offers 龙井市; typing after choosing drops the choice, not the text', async () => {
  await page.getByRole('navigation').getByRole('link', { name: ko('nav.cases'), exact: true }).click();
  await field(page, ko('language.label')).selectOption('zh');
  await expect(page.getByRole('heading', { name: zh('cases.title'), level: 2, exact: true })).toBeVisible();

  const sought = await newCase(zh, '가상엄마둘', '李假名');
  const place = field(sought, zh('person.lastKnownPlace'));
  await place.pressSequentially('龙井', { delay: 30 });
  const option = page.getByRole('option').filter({ hasText: '龙井市' }).first();
  await expect(option).toBeVisible();
  await expect(option).toContainText('Longjing');
  await expect(option).toContainText('吉林省 › 延边朝鲜族自治州');
  await option.click();
  await expect(sought.getByTestId('resolved-place')).toContainText('龙井市');

  // More words after the choice: the choice no longer describes the text, so it goes.
  await place.pressSequentially('附近的村子', { delay: 30 });
  await expect(sought.getByTestId('resolved-place')).toHaveCount(0);
  await expect(sought.getByText(zh('place.unresolved'))).toBeVisible();
  await expect(place).toHaveValue('龙井附近的村子');
  // And it can be chosen again for the longer text.
  const again = page.getByRole('option').filter({ hasText: '龙井市' }).first();
  await expect(again).toBeVisible();
  await again.click();
  await expect(sought.getByTestId('resolved-place')).toContainText('龙井市');

  await page.getByRole('button', { name: zh('caseForm.create'), exact: true }).click();
  await expect(page.getByRole('heading', { name: /HW-/ })).toBeVisible();
  const card = page.getByRole('region', { name: fill(zh('case.soughtN'), { n: 1 }), exact: true });
  await expect(card).toContainText('龙井附近的村子');
  await expect(card.getByTestId('resolved-place')).toContainText('龙井市');
  await expect(card.getByTestId('resolved-place')).toContainText('吉林省 › 延边朝鲜族自治州');
  await field(page, zh('language.label')).selectOption('ko');
});

test('a lead place is offered and saved the same way', async () => {
  await expect(page.getByRole('navigation').getByRole('link', { name: ko('nav.leads'), exact: true })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: ko('nav.leads'), exact: true }).click();
  await page.getByRole('link', { name: ko('leads.new'), exact: true }).click();
  await field(page.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true }), ko('name.text')).fill('李假名');
  const place = field(page, ko('lead.place'));
  await place.pressSequentially('연길 근처', { delay: 30 });
  const option = page.getByRole('option').filter({ hasText: '延吉市' }).first();
  await expect(option).toBeVisible();
  await option.click();
  await field(page, ko('lead.source')).fill('가상 협력자');
  await page.getByRole('button', { name: ko('leadForm.create'), exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: '李假名' });
  await expect(row).toContainText('연길 근처');
  await expect(row.getByTestId('resolved-place')).toContainText('延吉市');
});

test('asked for places by POST only: no place text in any URL; no console errors', async () => {
  const resolves = requests.filter((r) => new URL(r.url).pathname === '/api/places/resolve');
  expect(resolves.length).toBeGreaterThan(0);
  expect(resolves.every((r) => r.method === 'POST')).toBe(true);
  // Debounced: far fewer requests than keystrokes typed (28 characters).
  expect(resolves.length).toBeLessThan(28);
  const words = ['룡정', '龙井', '시장', '附近', '가상', '연길'];
  expect(requests.filter((r) => words.some((w) => decodeURIComponent(r.url).includes(w)))).toEqual([]);
  expect(requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:'))).toEqual([]);
  expect(consoleProblems).toEqual([]);
});
