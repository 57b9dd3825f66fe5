import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { field, fill, withServer } from './support.ts';
import { createUserCli, loginUi, setupThroughApi, tracingCatalogue } from './tracing-support.ts';

// Reaching the child safely (issue #7), end to end in Chromium: a caseworker
// registers a child with a Chinese name and shares it with a field partner;
// the partner, on a phone, sends a lead with the Korean reading of that name;
// the caseworker sees the candidate with its explanation and confirms it; and
// nothing of either side is disclosed until the mother, the guardian and the
// child (old enough) have all consented. All data is fictional.
const ko = tracingCatalogue('ko');

const MOTHER = '한가상';
const CHILD_HANZI = '李佳玲';
/** The Korean (DPRK) reading of 李佳玲, as a partner near the border would write it. */
const CHILD_READING = '리가령';
const LEAD_NOTES = '시장 뒤 국수집 할머니가 연락처를 압니다 (가상)';
const STATEMENT = '너를 매일 생각한단다 (가상)';

test.describe.configure({ mode: 'serial' });

let origin = '';
let workerContext: BrowserContext;
let partnerContext: BrowserContext;
let worker: Page;
let phone: Page;
let caseUrl = '';
let candidateId = '';
let users: Record<'worker' | 'partner', { id: string; secret: string; email: string }>;

const year = new Date().getFullYear();

const server = withServer('tracing');

test.beforeAll(async ({ browser }) => {
  origin = server.origin;
  await setupThroughApi(server.setupUrl);
  users = {
    worker: await createUserCli(server.dataDir, 'worker@example.org', 'caseworker', '가상 담당자'),
    partner: await createUserCli(server.dataDir, 'partner@example.org', 'field_partner', '가상 협력자'),
  };
  workerContext = await browser.newContext();
  worker = await workerContext.newPage();
  partnerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phone = await partnerContext.newPage();
});

test.afterAll(async () => {
  await workerContext?.close();
  await partnerContext?.close();
});

/** A write through the caseworker's own browser session (the consent panel is another feature's test). */
async function post(path: string, data: unknown) {
  const r = await worker.request.post(origin + path, { data, headers: { 'x-homeward-csrf': '1' } });
  expect(r.status(), path).toBeLessThan(300);
  return r.json();
}

test('a caseworker registers a child with a Chinese name and shares her with a field partner', async () => {
  await loginUi(worker, origin, users.worker.email, users.worker.secret, ko);
  await expect(worker.getByRole('heading', { name: ko('cases.title'), level: 2, exact: true })).toBeVisible();
  await worker.getByRole('link', { name: ko('cases.new'), exact: true }).click();
  const applicant = worker.getByRole('group', { name: ko('case.applicant'), exact: true });
  await field(applicant.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true }), ko('name.text')).fill(MOTHER);
  const child = worker.getByRole('group', { name: fill(ko('case.soughtN'), { n: 1 }), exact: true });
  const name = child.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true });
  await field(name, ko('name.text')).fill(CHILD_HANZI);
  await field(name, ko('name.script')).selectOption('hanzi-simplified');
  await field(name, ko('name.kind')).selectOption('chinese');
  await field(child, ko('person.relation')).selectOption('daughter');
  await field(child, ko('person.sex')).selectOption('female');
  const birth = child.getByRole('group', { name: ko('person.birth'), exact: true });
  await field(birth, ko('date.precision')).selectOption('year');
  await field(birth, ko('date.year')).fill('2013');
  // The optional child details, sealed with her.
  await field(child, ko('tracing.child.fatherName')).fill('王가상');
  await field(child, ko('tracing.child.hukou')).selectOption('not_registered');
  await field(child, ko('tracing.child.knowsMother')).selectOption('no');
  const place = field(child, ko('person.lastKnownPlace'));
  await place.pressSequentially('룡정', { delay: 30 });
  await worker.getByRole('option').filter({ hasText: '龙井市' }).first().click();
  await worker.getByRole('button', { name: ko('caseForm.create'), exact: true }).click();
  await expect(worker.getByRole('heading', { name: /HW-/ })).toBeVisible();
  caseUrl = worker.url();
  const details = worker.getByRole('group', { name: ko('tracing.child.title'), exact: true });
  await expect(details).toContainText('王가상');
  await expect(details).toContainText(ko('tracing.child.hukouNo'));
  await expect(details).toContainText(ko('tracing.child.knowsNo'));
  const caseId = new URL(caseUrl).pathname.split('/').pop()!;

  // Without consent the share is refused with a clear message.
  const panel = worker.getByRole('region', { name: ko('tracing.request.title') });
  await panel.getByRole('button', { name: ko('tracing.request.add'), exact: true }).click();
  await field(panel, ko('tracing.request.partner')).selectOption(users.partner.id);
  await panel.getByRole('button', { name: ko('tracing.request.share'), exact: true }).click();
  const refusal = panel.getByRole('alert').filter({ hasText: ko('errors.CONSENT_REQUIRED') });
  await expect(refusal).toContainText(ko('tracing.request.needTracing'));
  await expect(refusal).toContainText(ko('tracing.request.needPartner'));

  await post(`/api/cases/${caseId}/consents`, { purpose: 'tracing', givenOn: { year } });
  await post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: users.partner.id, givenOn: { year } });
  // The defaults: Chinese name, approximate age, county; the mother is not among the choices.
  for (const f of ['chineseName', 'approxAge', 'county']) await expect(panel.getByRole('checkbox', { name: ko(`tracing.field.${f}`) })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: ko('tracing.field.koreanName') })).not.toBeChecked();
  await panel.getByRole('button', { name: ko('tracing.request.share'), exact: true }).click();
  const shared = panel.getByTestId('shared-fields');
  await expect(shared).toContainText(CHILD_HANZI);
  await expect(shared).toContainText('용정시');
  await expect(shared).toContainText(fill(ko('tracing.shared.ageRange'), { low: year - 2013 - 1, high: year - 2013, year }));
  await expect(shared).not.toContainText(MOTHER);
});

test('the partner, on a phone, sends a lead with the Korean reading of the name', async () => {
  await loginUi(phone, origin, users.partner.email, users.partner.secret, ko);
  await expect(phone.getByRole('heading', { name: ko('tracing.partner.title'), level: 2, exact: true })).toBeVisible();
  await phone.getByRole('link', { name: ko('tracing.partner.submitLead'), exact: true }).click();
  await expect(phone.getByTestId('shared-fields')).toContainText(CHILD_HANZI);
  const form = phone.getByRole('form', { name: ko('tracing.lead.title') });
  await field(form.getByRole('group', { name: fill(ko('name.item'), { n: 1 }), exact: true }), ko('name.text')).fill(CHILD_READING);
  const age = form.getByRole('group', { name: ko('lead.approxAge'), exact: true });
  await field(age, ko('date.age')).fill('13');
  // A bad year first: the field says what is wrong, in Korean, and nothing is sent.
  await field(age, ko('date.atYear')).fill('20x6');
  await form.getByRole('button', { name: ko('tracing.lead.submit'), exact: true }).click();
  await expect(field(age, ko('date.atYear'))).toHaveAttribute('aria-invalid', 'true');
  await expect(age).toContainText(ko('issues.not_a_number'));
  await field(age, ko('date.atYear')).fill(String(year));
  const place = field(form, ko('tracing.lead.place'));
  await place.pressSequentially('삼합', { delay: 30 });
  await phone.getByRole('option').filter({ hasText: '三合镇' }).first().click();
  await field(form, ko('tracing.lead.notes')).fill(LEAD_NOTES);
  await form.getByRole('button', { name: ko('tracing.lead.submit'), exact: true }).click();
  await expect(phone.getByRole('status').filter({ hasText: ko('tracing.lead.received') })).toBeVisible();
});

test('the caseworker sees the candidate with its explanation and confirms it', async () => {
  await worker.getByRole('navigation').getByRole('link', { name: ko('matching.nav.review'), exact: true }).click();
  await expect(worker.getByRole('heading', { name: ko('matching.queue.title'), level: 2, exact: true })).toBeVisible();
  const row = worker.getByRole('row').filter({ hasText: CHILD_READING });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(CHILD_HANZI);
  await row.getByRole('link').first().click();
  await expect(worker.getByRole('heading', { name: ko('matching.compare.title'), level: 2, exact: true })).toBeVisible();
  candidateId = new URL(worker.url()).pathname.split('/').pop()!;
  // The explanation: the names aligned across scripts, and each field's part in the weight.
  await expect(worker.getByRole('heading', { name: fill(ko('matching.compare.namePath'), { a: CHILD_HANZI, b: CHILD_READING }) })).toBeVisible();
  await expect(worker.getByRole('heading', { name: ko('matching.compare.waterfall'), exact: true })).toBeVisible();
  await expect(worker.getByRole('rowheader').first()).toBeVisible();
  // The lead shows the county the partner's place lies in, never the township or the notes.
  const page = await worker.locator('main').innerText();
  expect(page).not.toContain('三合');
  expect(page).not.toContain('삼합');
  expect(page).not.toContain(LEAD_NOTES);
  await field(worker, ko('matching.decision.status')).selectOption('confirmed');
  await field(worker, ko('matching.decision.reason')).fill('이름 읽기와 나이, 현이 일치 (가상)');
  await worker.getByRole('button', { name: ko('matching.decision.save'), exact: true }).click();
  await expect(worker.getByText(`${ko('matching.status.open')} → ${ko('matching.status.confirmed')}`, { exact: false })).toBeVisible();
});

test('nothing is disclosed until the mother, the guardian and the child have all consented', async () => {
  await worker.goto(caseUrl);
  const panel = worker.getByRole('region', { name: ko('tracing.disclosure.title') });
  const item = panel.locator(`[data-disclosure="${candidateId}"]`);
  await expect(item.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(panel.getByTestId('released')).toHaveCount(0);
  await expect(panel).not.toContainText(LEAD_NOTES);

  await phone.goto(`${origin}/partner`);
  await phone.getByRole('link', { name: fill(ko('tracing.partner.matchN'), { n: 1 }), exact: true }).click();
  await expect(phone.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(phone.getByTestId('released')).toHaveCount(0);
  expect(await phone.locator('body').innerText()).not.toContain(MOTHER);

  // The mother consents (recorded by her caseworker): still nothing on either side.
  const mother = item.getByRole('form', { name: ko('tracing.disclosure.motherTitle') });
  const given = mother.getByRole('group', { name: ko('tracing.disclosure.givenOn'), exact: true });
  await field(given, ko('date.year')).fill(String(year));
  await field(given, ko('date.month')).fill('11');
  await field(given, ko('date.day')).fill('2');
  await mother.getByRole('checkbox', { name: ko('tracing.disclosure.discloseNames') }).check();
  await field(mother, ko('tracing.disclosure.statement')).fill(STATEMENT);
  await mother.getByRole('button', { name: ko('tracing.disclosure.recordMother'), exact: true }).click();
  await expect(item.locator('[data-disclosure-step="mother"]')).toHaveAttribute('data-recorded', 'yes');
  await expect(item.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(panel.getByTestId('released')).toHaveCount(0);
  await phone.reload();
  await expect(phone.locator('[data-disclosure-step="mother"]')).toHaveAttribute('data-recorded', 'yes');
  await expect(phone.getByTestId('released')).toHaveCount(0);
  expect(await phone.locator('body').innerText()).not.toContain(MOTHER);

  // The guardian consents and gives the child's age (13): the child's own assent is still needed.
  const guardian = phone.getByRole('form', { name: ko('tracing.disclosure.guardianTitle') });
  const gGiven = guardian.getByRole('group', { name: ko('tracing.disclosure.givenOn'), exact: true });
  await field(gGiven, ko('date.year')).fill(String(year));
  await field(gGiven, ko('date.month')).fill('11');
  await field(gGiven, ko('date.day')).fill('20');
  await field(guardian, ko('tracing.disclosure.childAge')).fill('13');
  await guardian.getByRole('button', { name: ko('tracing.disclosure.recordGuardian'), exact: true }).click();
  await expect(phone.locator('[data-disclosure-step="guardian"]')).toHaveAttribute('data-recorded', 'yes');
  await expect(phone.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(phone.getByTestId('released')).toHaveCount(0);
  await worker.reload();
  await expect(worker.locator(`[data-disclosure="${candidateId}"] [data-disclosure-step="guardian"]`)).toHaveAttribute('data-recorded', 'yes');
  await expect(worker.getByTestId('released')).toHaveCount(0);

  // The child assents: now both sides see what the other agreed to disclose.
  const assent = phone.getByRole('form', { name: ko('tracing.disclosure.childTitle') });
  const cGiven = assent.getByRole('group', { name: ko('tracing.disclosure.givenOn'), exact: true });
  await field(cGiven, ko('date.year')).fill(String(year));
  await field(cGiven, ko('date.month')).fill('11');
  await field(cGiven, ko('date.day')).fill('20');
  await assent.getByRole('button', { name: ko('tracing.disclosure.recordChild'), exact: true }).click();
  await expect(phone.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'yes');
  await expect(phone.getByTestId('released')).toContainText(MOTHER);
  await expect(phone.getByTestId('released')).toContainText(STATEMENT);
  await worker.reload();
  const released = worker.getByTestId('released');
  await expect(released).toContainText(CHILD_READING);
  await expect(released).toContainText(LEAD_NOTES);
  await expect(released).toContainText('三合镇');
});

test('family messages pass through the caseworker and the partner, with delivery recorded', async () => {
  const thread = worker.getByRole('region', { name: ko('tracing.message.title') });
  await field(thread, ko('tracing.message.writeMother')).fill(STATEMENT);
  await thread.getByRole('button', { name: ko('tracing.message.send'), exact: true }).click();
  await expect(thread.locator('[data-message="outgoing"]')).toContainText(ko('tracing.message.written'));
  await phone.reload();
  const inbox = phone.getByRole('region', { name: ko('tracing.message.title') });
  await expect(inbox.locator('[data-message="incoming"]')).toContainText(STATEMENT);
  await inbox.getByRole('button', { name: ko('tracing.message.markRead'), exact: true }).click();
  await expect(inbox.locator('[data-message="incoming"]').getByRole('button')).toHaveCount(0);
  await worker.reload();
  await expect(worker.locator('[data-message="outgoing"]')).not.toContainText(ko('tracing.message.written'));
});

test('a withdrawn assent stops the disclosure on both sides at once', async () => {
  await phone.getByRole('button', { name: ko('tracing.disclosure.withdrawChild'), exact: true }).click();
  await expect(phone.getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(phone.getByTestId('released')).toHaveCount(0);
  await worker.reload();
  await expect(worker.locator(`[data-disclosure="${candidateId}"]`).getByTestId('disclosure-complete')).toHaveAttribute('data-complete', 'no');
  await expect(worker.getByTestId('released')).toHaveCount(0);
  await expect(worker.getByRole('region', { name: ko('tracing.message.title') })).toHaveCount(0);
});

test('revoking the request takes it off the partner\'s phone at once', async () => {
  await worker.goto(caseUrl);
  const panel = worker.getByRole('region', { name: ko('tracing.request.title') });
  await panel.getByRole('button', { name: ko('tracing.request.revoke'), exact: true }).click();
  await worker.getByRole('dialog').getByRole('button', { name: ko('tracing.request.revoke'), exact: true }).click();
  await expect(panel.getByText(ko('tracing.request.active'), { exact: true })).toHaveCount(0);
  await phone.goto(`${origin}/partner`);
  await expect(phone.getByText(ko('tracing.partner.none'))).toBeVisible();
  await expect(phone.getByRole('article')).toHaveCount(0);
});
