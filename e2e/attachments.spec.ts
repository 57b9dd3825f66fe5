import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { phonePhoto } from '../apps/server/test/attachments-fixtures.ts';
import { catalogue, featureCatalogue, field, withServer } from './support.ts';
import { Api, browserStorage, createUserCli, loginUi, PASSWORD, setupThroughApi } from './tracing-support.ts';

// Issue #10 in Debian's Chromium, in a phone-sized window: a caseworker
// attaches a phone photo (with EXIF GPS) to a lead, is told the location was
// removed, sees the thumbnail; a field partner who did not submit the lead
// sees no thumbnail and is refused the file's URL. Fictional data only.

const ko = catalogue('ko');
const ka = featureCatalogue('attachments', 'ko');
const CAPTION = '학교 증명서 사진 (가상)';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test.describe.configure({ mode: 'serial' });

let origin = '';
let leadId = '';
let attachmentId = '';
let partner: { id: string; secret: string; email: string };
let worker: { id: string; secret: string; email: string };
const contexts: BrowserContext[] = [];

async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext(PHONE);
  contexts.push(context);
  return context.newPage();
}

const server = withServer('attach');

test.beforeAll(async () => {
  origin = server.origin;
  await setupThroughApi(server.setupUrl);
  // Two caseworkers so no TOTP code is needed twice in one 30-second step: one records the lead by API, the other attaches in the browser.
  const intake = await createUserCli(server.dataDir, 'intake@example.org', 'caseworker', '접수 담당 (가상)');
  worker = await createUserCli(server.dataDir, 'worker@example.org', 'caseworker', '사례 담당 (가상)');
  partner = await createUserCli(server.dataDir, 'partner@example.org', 'field_partner', '현지 협력자 (가상)');
  const api = new Api(origin);
  await api.login(intake.email, PASSWORD, intake.secret);
  const lead = await api.call<{ id: string }>('POST', '/api/leads', { names: [{ text: '李佳玲' }], source: '가상 제보', reliability: 'medium', receivedOn: { year: 2025, month: 6 } });
  expect(lead.status).toBe(201);
  leadId = lead.json.id;
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
});

test('a caseworker on a phone attaches a photo to a lead, is told the location was removed, and sees the thumbnail', async ({ browser }) => {
  const page = await phonePage(browser);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await loginUi(page, origin, worker.email, worker.secret, ko);
  await expect(page).not.toHaveURL(/\/login$/);
  await page.goto(`${origin}/leads/${leadId}`);
  const panel = page.getByRole('region', { name: ka('title') });
  await expect(panel).toBeVisible();
  await expect(panel.getByText(ka('none'))).toBeVisible();
  await panel.getByRole('button', { name: ka('add'), exact: true }).click();

  // A phone photo, sideways (EXIF orientation 6), with GPS, device, serial and time in its EXIF block.
  const photo = await phonePhoto(1200, 900, { orientation: 6 });
  await field(panel, ka('file')).setInputFiles({ name: 'IMG_2041.JPG', mimeType: 'image/jpeg', buffer: photo });
  await field(panel, ka('caption')).fill(CAPTION);
  await panel.getByRole('button', { name: ka('upload'), exact: true }).click();

  const notice = panel.getByRole('status');
  await expect(notice).toContainText(ka('removedTitle'));
  await expect(notice).toContainText(ka('removed.location'));
  await expect(notice).toContainText(ka('removed.device'));
  await expect(notice).toContainText(ka('removed.time'));

  const thumb = panel.getByTestId('attachment-thumbnail');
  await expect(thumb).toBeVisible();
  // Decoded, upright (portrait after applying the orientation), from an in-memory object URL.
  await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  const size = await thumb.evaluate((img) => {
    const i = img as unknown as { naturalWidth: number; naturalHeight: number; src: string };
    return { w: i.naturalWidth, h: i.naturalHeight, src: i.src };
  });
  expect(size.h).toBeGreaterThan(size.w);
  expect(size.src).toMatch(/^blob:/);
  await expect(panel.getByText(CAPTION)).toBeVisible();

  // Nothing identifying in any URL, nothing kept in browser storage; the file input holds nothing any more.
  expect(requested.filter((u) => u.includes(encodeURIComponent(CAPTION)) || u.includes('IMG_2041'))).toEqual([]);
  const stored = await browserStorage(page);
  expect([...stored.session, ...stored.idb, ...stored.caches]).toEqual([]);
  expect(stored.local.filter((k) => k !== 'homeward.language')).toEqual([]);

  const list = await page.request.get(`${origin}/api/attachments?ownerType=lead&ownerId=${leadId}`);
  expect(list.status()).toBe(200);
  const items = (await list.json()) as { items: { id: string; removed: string[] }[] };
  expect(items.items).toHaveLength(1);
  attachmentId = items.items[0]!.id;
  expect(items.items[0]!.removed).toContain('location');

  // The served file is the cleaned one, and says so in its headers.
  const file = await page.request.get(`${origin}/api/attachments/${attachmentId}/content`);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
  expect(file.headers()['x-content-type-options']).toBe('nosniff');
  expect((await file.body()).includes(Buffer.from('FictionalPhoneCo'))).toBe(false);

  // Opening the photo shows it in the app, from memory.
  await panel.getByRole('button', { name: ka('open'), exact: true }).click();
  const full = page.getByRole('dialog').getByRole('img', { name: CAPTION });
  await expect(full).toBeVisible();
  await expect.poll(() => full.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(900);
});

test('a field partner who did not submit the lead sees no thumbnail and is refused the file', async ({ browser }) => {
  const page = await phonePage(browser);
  await loginUi(page, origin, partner.email, partner.secret, ko);
  await expect(page).not.toHaveURL(/\/login$/);
  await page.goto(`${origin}/leads/${leadId}`);
  await expect(page.getByTestId('attachment-thumbnail')).toHaveCount(0);
  for (const path of [`/api/attachments/${attachmentId}/thumbnail`, `/api/attachments/${attachmentId}/content`, `/api/attachments?ownerType=lead&ownerId=${leadId}`]) {
    const r = await page.request.get(`${origin}${path}`);
    expect(r.status(), path).toBe(404);
  }
  await expect(page.getByTestId('attachment-thumbnail')).toHaveCount(0);
});
