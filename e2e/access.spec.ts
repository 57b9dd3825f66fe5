import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, catalogue, field, withServer } from './support.ts';
import { codeFor, PASSWORD, setupThroughApi } from './tracing-support.ts';

// Issue #6 in Chromium: the administrator creates users on the users page
// (TOTP shown once), a caseworker records and withdraws consent on the case
// page (Korean UI), and the auditor finds the withdrawal in the trail.
// All data is fictional.

const ko = catalogue('ko', ['access']);

test.describe.configure({ mode: 'serial' });

let origin = '';
let adminSecret = '';
let reference = '';
const made = new Map<string, string>();

async function signIn(browser: Browser, email: string, password: string, secret: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await field(page, ko('auth.email')).fill(email);
  await field(page, ko('auth.password')).fill(password);
  await field(page, ko('auth.totpCode')).fill(await codeFor(secret));
  await page.getByRole('button', { name: ko('auth.submit'), exact: true }).click();
  await expect(page).not.toHaveURL(/\/login$/);
  return page;
}

const server = withServer('access');

test.beforeAll(async () => {
  origin = server.origin;
  adminSecret = await setupThroughApi(server.setupUrl);
});

test('the administrator creates users and sees each TOTP secret once', async ({ browser }) => {
  const page = await signIn(browser, ADMIN.email, ADMIN.password, adminSecret);
  await page.getByRole('link', { name: ko('access.nav.users') }).click();
  await expect(page.getByRole('heading', { name: ko('access.admin.title'), level: 2 })).toBeVisible();
  const form = page.getByRole('form', { name: ko('access.admin.createTitle') });
  for (const [email, name, role] of [['cw@example.org', '가상 담당자', 'caseworker'], ['cw2@example.org', '가상 동료', 'caseworker'], ['auditor@example.org', '가상 감사자', 'auditor']] as const) {
    // A common password is refused with a Korean message, and nothing is created.
    await field(form, ko('access.admin.email')).fill(email);
    await field(form, ko('access.admin.displayName')).fill(name);
    await field(form, ko('access.admin.role')).selectOption(role);
    await field(form, ko('access.admin.password')).fill('password1234');
    await form.getByRole('button', { name: ko('access.admin.create') }).click();
    await expect(form.getByRole('alert').first()).toContainText(ko('errors.PASSWORD_TOO_WEAK'));
    await field(form, ko('access.admin.password')).fill(PASSWORD);
    await form.getByRole('button', { name: ko('access.admin.create') }).click();
    const shown = page.locator('code').filter({ hasText: /^[A-Z2-7]{16,}$/ });
    await expect(shown).toBeVisible();
    made.set(email, (await shown.textContent())!.trim());
    await expect(page.locator(`tr[data-user="${email}"]`)).toBeVisible();
    await page.getByRole('button', { name: ko('access.common.close') }).click();
    await expect(shown).toHaveCount(0);
  }
  await page.context().close();
});

test('a caseworker records consent on the case page and withdraws it with one click and a confirmation', async ({ browser }) => {
  const page = await signIn(browser, 'cw@example.org', PASSWORD, made.get('cw@example.org')!);
  const created = await page.request.post(`${origin}/api/cases`, {
    headers: { 'x-homeward-csrf': '1' },
    data: { applicant: { names: [{ text: '한가상' }] }, sought: [{ names: [{ text: '리가령' }], relation: 'daughter' }] },
  });
  expect(created.status()).toBe(201);
  const { id, reference: ref } = (await created.json()) as { id: string; reference: string };
  reference = ref;
  await page.goto(`${origin}/cases/${id}`);
  const panel = page.getByRole('region', { name: ko('access.consent.title') });
  await expect(panel.getByText(ko('access.consent.none'))).toBeVisible();
  await panel.getByRole('button', { name: ko('access.consent.add') }).click();
  const form = panel.getByRole('form', { name: ko('access.consent.grantTitle') });
  await field(form, ko('access.consent.purpose')).selectOption('un_sharing');
  await field(form, ko('access.consent.recipient')).fill('유엔 북한인권 특별보고관');
  await field(form, ko('date.year')).fill('2026');
  await field(form, ko('date.month')).fill('13');
  await field(form, ko('date.day')).fill('2');
  await field(form, ko('access.consent.evidence')).fill('동의서 12번');
  await form.getByRole('button', { name: ko('access.consent.save') }).click();
  // Month 13 is refused on its own field; nothing is recorded.
  await expect(field(form, ko('date.month'))).toHaveAttribute('aria-invalid', 'true');
  await field(form, ko('date.month')).fill('11');
  await form.getByRole('button', { name: ko('access.consent.save') }).click();
  const row = panel.locator('tr[data-consent="un_sharing"]');
  await expect(row).toContainText(ko('access.consent.active'));
  await expect(row).toContainText('유엔 북한인권 특별보고관');
  await row.getByRole('button', { name: ko('access.consent.withdraw') }).click();
  const dialog = page.getByRole('dialog', { name: ko('access.consent.confirmTitle') });
  await dialog.getByRole('button', { name: ko('access.consent.confirmWithdraw') }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(ko('access.consent.withdrawnAt').split(' (')[0]!);
  await expect(row.getByRole('button', { name: ko('access.consent.withdraw') })).toHaveCount(0);
  // Share with a colleague, then revoke.
  const access = page.getByRole('region', { name: ko('access.panel.title') });
  await field(access, ko('access.panel.shareWith')).selectOption({ label: '가상 동료' });
  await access.getByRole('button', { name: ko('access.panel.shareButton'), exact: true }).click();
  const shareRow = access.locator('tr', { hasText: '가상 동료' });
  await expect(shareRow).toContainText(ko('access.panel.share'));
  await shareRow.getByRole('button', { name: ko('access.panel.revoke') }).click();
  await expect(shareRow).toHaveCount(0);
  // Nothing about the case was left in the browser's storage.
  expect(await page.evaluate('Object.keys(sessionStorage).length')).toBe(0);
  await page.context().close();
});

test('a colleague opens the case by break-glass after confirming password and code again, and sees the flag', async ({ browser }) => {
  const secret = made.get('cw2@example.org')!;
  const page = await signIn(browser, 'cw2@example.org', PASSWORD, secret);
  await page.getByRole('link', { name: ko('access.nav.breakGlass') }).click();
  await field(page, ko('access.breakGlass.reference')).fill(reference);
  await field(page, ko('access.breakGlass.reason')).fill('짧음');
  await page.getByRole('button', { name: ko('access.breakGlass.open') }).click();
  await expect(field(page, ko('access.breakGlass.reason'))).toHaveAttribute('aria-invalid', 'true');
  await field(page, ko('access.breakGlass.reason')).fill('담당자가 휴가 중이고 신청인이 긴급히 연락해 왔습니다 (가상).');
  await page.getByRole('button', { name: ko('access.breakGlass.open') }).click();
  const reauth = page.getByRole('form', { name: ko('access.reauth.title') });
  await field(reauth, ko('access.reauth.password')).fill(PASSWORD);
  await field(reauth, ko('access.reauth.code')).fill(await codeFor(secret));
  await reauth.getByRole('button', { name: ko('access.reauth.confirm') }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+$/);
  await expect(page.getByRole('alert').filter({ hasText: ko('access.panel.breakGlassTitle') })).toBeVisible();
  await page.context().close();
});

test('a caseworker adds a passkey and signs in with it alone (Chromium virtual authenticator)', async ({ browser }) => {
  // WebAuthn refuses IP addresses as relying party ids: use the name localhost for the same server.
  const host = origin.replace('127.0.0.1', 'localhost');
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await page.goto(`${host}/login`);
  await field(page, ko('auth.email')).fill('cw@example.org');
  await field(page, ko('auth.password')).fill(PASSWORD);
  await field(page, ko('auth.totpCode')).fill(await codeFor(made.get('cw@example.org')!));
  await page.getByRole('button', { name: ko('auth.submit'), exact: true }).click();
  await expect(page).not.toHaveURL(/\/login$/);
  await page.getByRole('link', { name: ko('access.nav.passkeys') }).click();
  await expect(page.getByText(ko('access.passkey.none'))).toBeVisible();
  await page.getByRole('button', { name: ko('access.passkey.add') }).click();
  await expect(page.getByRole('status').filter({ hasText: ko('access.passkey.added') })).toBeVisible();
  await expect(page.getByRole('table', { name: ko('access.passkey.title') }).locator('tbody tr')).toHaveCount(1);
  // Signed out, the passkey alone signs in: no email, password or code.
  await context.clearCookies();
  await page.goto(`${host}/login`);
  await page.getByRole('button', { name: ko('access.passkey.signIn') }).click();
  await expect(page).toHaveURL(`${host}/cases`);
  await context.close();
});

test('the auditor finds the withdrawal in the trail and filters it', async ({ browser }) => {
  const page = await signIn(browser, 'auditor@example.org', PASSWORD, made.get('auditor@example.org')!);
  await expect(page).toHaveURL(`${origin}/audit`);
  await expect(page.locator('tr[data-action="consent.withdrawn.un_sharing"]')).toBeVisible();
  await field(page, ko('access.audit.action')).fill('consent.');
  await page.getByRole('button', { name: ko('access.audit.apply') }).click();
  await expect(page.locator('tr[data-action="case.created"]')).toHaveCount(0);
  const actions = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  expect(actions.length).toBeGreaterThanOrEqual(2);
  expect(actions.every((a) => a?.startsWith('consent.'))).toBe(true);
  await field(page, ko('access.audit.action')).fill('login.passkey');
  await page.getByRole('button', { name: ko('access.audit.apply') }).click();
  await expect(page.locator('tr[data-action="login.passkey"]')).toHaveCount(1);
  await field(page, ko('access.audit.action')).fill('case.break_glass');
  await page.getByRole('button', { name: ko('access.audit.apply') }).click();
  await expect(page.locator('tr[data-action="case.break_glass"]')).toHaveCount(1);
  await page.context().close();
});
