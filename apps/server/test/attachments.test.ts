import { createDecipheriv } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAttachmentKey } from '../src/attachments/seal.ts';
import { openRaw, readSnapshot, writeSnapshot, type AnyDb } from '../src/backup/snapshot.ts';
import { unwrapDataKey, wrappedKid } from '../src/crypto/envelope.ts';
import { SQLITE_FILE } from '../src/db/create-db.ts';
import { OPERATOR } from '../src/services/context.ts';
import { deleteCase } from '../src/services/keys-shred.ts';
import { rotateMasterKey, rowsNotUnder } from '../src/services/keys.ts';
import { FIXTURE, gpsLatitudeBytes, jpegZipPolyglot, phonePhoto, pngClaiming, samplePdf, truncated } from './attachments-fixtures.ts';
import { type Client, describeEachEngine, freshApp, sampleCase, signedInAs } from './helpers.ts';

const CAPTION = '네 살 때 사진, 빨간 책가방 (fictional caption)';
const FILE_NAME = '김영희_딸_IMG_0042.jpg';

/** A multipart/form-data body as a browser's FormData would send it. */
function form(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer; field?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----homewardtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: Client, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }): Promise<LightMyRequestResponse> {
  const f = form(fields, file);
  return c.app.inject({ method: 'POST', url: '/api/attachments', headers: { ...c.headers(true), ...f.headers }, payload: f.payload });
}

function openWith(key: Buffer, blob: string, aad: string): Buffer {
  const raw = Buffer.from(blob.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 });
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

describeEachEngine('encrypted attachments', (engine, fresh) => {
  let admin: Client;
  let alice: Client & { userId: string };
  let bob: Client & { userId: string };
  let partner: Client & { userId: string };
  let advocate: Client & { userId: string };
  let auditor: Client & { userId: string };
  let caseId = '';
  let soughtId = '';
  let consentId = '';
  let leadId = '';
  let photo: Buffer;
  let dataDir = '';

  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from attachments`.execute(admin.app.homeward.deps.db)).rows[0]!.n);

  beforeAll(async () => {
    const store = await fresh();
    dataDir = store.dataDir;
    admin = await freshApp(store);
    await admin.setupAndLogin();
    alice = await signedInAs(admin, 'caseworker', 'Alice');
    bob = await signedInAs(admin, 'caseworker', 'Bob');
    partner = await signedInAs(admin, 'field_partner', 'Partner');
    advocate = await signedInAs(admin, 'advocate', 'Advocate');
    auditor = await signedInAs(admin, 'auditor', 'Auditor');
    const created = await alice.post('/api/cases', sampleCase());
    expect(created.statusCode).toBe(201);
    caseId = created.json().id;
    soughtId = created.json().sought[0].id;
    consentId = (await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'tracing', givenOn: { year: 2026 } })).json().id;
    const lead = await alice.post('/api/leads', { names: [{ text: '李美玲' }], source: 'Fictional partner', reliability: 'medium', receivedOn: { year: 2025, month: 6 } });
    expect(lead.statusCode).toBe(201);
    leadId = lead.json().id;
    // A phone photo, taken sideways (EXIF orientation 6: rotate 90° clockwise to view).
    photo = await phonePhoto(640, 480, { orientation: 6 });
  });

  it('strips the metadata, tells what was removed, keeps the picture upright and serves it safely', async () => {
    const r = await upload(alice, { ownerType: 'case', ownerId: caseId, caption: CAPTION, date: JSON.stringify({ year: 2019, month: 6 }) }, { name: FILE_NAME, type: 'image/jpeg', bytes: photo });
    expect(r.statusCode, r.body).toBe(201);
    const a = r.json();
    expect(a).toMatchObject({ ownerType: 'case', ownerId: caseId, kind: 'image', mediaType: 'image/jpeg', caption: CAPTION, date: { year: 2019, month: 6 }, width: 480, height: 640, hasThumbnail: true });
    expect(a.fileName).toBe(FILE_NAME);
    expect(a.removed).toEqual(expect.arrayContaining(['location', 'device', 'serial', 'time', 'author', 'thumbnail']));

    const served = await alice.get(`/api/attachments/${a.id}/content`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['content-disposition']).toMatch(/^attachment; filename="homeward-[A-Za-z0-9_-]{8}\.jpg"$/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['cache-control']).toBe('no-store');
    // Nothing identifying in the headers either (the real name stays sealed).
    expect(JSON.stringify(served.headers)).not.toContain('IMG_0042');
    const bytes = served.rawPayload;
    for (const needle of [Buffer.from('Exif\0\0'), Buffer.from(FIXTURE.make), Buffer.from(FIXTURE.serial), Buffer.from(FIXTURE.artist), gpsLatitudeBytes()]) {
      expect(bytes.includes(needle), needle.toString('latin1')).toBe(false);
    }
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual([480, 640, undefined, undefined, undefined, undefined]);
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeFalsy();

    const thumb = await alice.get(`/api/attachments/${a.id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-disposition']).toMatch(/^inline; /);
    expect(thumb.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const tm = await sharp(thumb.rawPayload).metadata();
    expect(tm.format).toBe('jpeg');
    expect(Math.max(tm.width ?? 0, tm.height ?? 0)).toBeLessThanOrEqual(320);
    expect(tm.height).toBeGreaterThan(tm.width ?? 0);

    const list = await alice.get(`/api/attachments?ownerType=case&ownerId=${caseId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([a.id]);

    const events = await admin.app.homeward.deps.db.selectFrom('audit_events').select(['action', 'record_type', 'record_id']).where('action', 'like', 'attachment.%').execute();
    expect(events).toEqual(expect.arrayContaining([
      { action: 'attachment.added.case', record_type: 'attachment', record_id: a.id },
      { action: 'attachment.downloaded', record_type: 'attachment', record_id: a.id },
    ]));

    // Encrypted at rest: a raw look at the storage finds neither the picture, the GPS bytes, the caption nor the file name.
    const deps = admin.app.homeward.deps;
    let raw: Buffer;
    if (engine === 'sqlite') {
      const file = join(dataDir, SQLITE_FILE);
      raw = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    } else {
      const rows = await sql<{ row: string }>`select t::text as row from attachments t`.execute(deps.db);
      raw = Buffer.from(rows.rows.map((x) => x.row).join('\n'));
    }
    const row = await deps.db.selectFrom('attachments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    const decodedContent = Buffer.from(row.content.slice(3), 'base64');
    const slices = [photo.subarray(2000, 2064), bytes.subarray(4000, 4064)];
    for (const hay of [raw, decodedContent]) {
      for (const needle of [...slices, gpsLatitudeBytes(), Buffer.from(CAPTION), Buffer.from('IMG_0042'), Buffer.from(FIXTURE.make), Buffer.from(FIXTURE.serial)]) {
        expect(hay.includes(needle)).toBe(false);
      }
    }
    // Positive control: the stored ciphertext is there, and opens with the row's own key to the served bytes.
    expect(raw.includes(Buffer.from(row.content.slice(3, 200)))).toBe(true);
    expect(openAttachmentKey(deps.kr, row.id, row.wrapped_key).open('content', row.content).equals(bytes)).toBe(true);
  });

  it('serves files only to those who may see the record', async () => {
    const a = (await upload(alice, { ownerType: 'case', ownerId: caseId }, { name: 'scan.jpg', type: 'image/jpeg', bytes: photo })).json();
    for (const who of [bob, partner, admin]) {
      for (const url of [`/api/attachments/${a.id}/content`, `/api/attachments/${a.id}/thumbnail`, `/api/attachments?ownerType=case&ownerId=${caseId}`]) {
        const r = await who.get(url);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().code).toBe('NOT_FOUND');
      }
    }
    for (const who of [advocate, auditor]) {
      expect((await who.get(`/api/attachments/${a.id}/content`)).statusCode).toBe(403);
      expect((await who.get(`/api/attachments?ownerType=case&ownerId=${caseId}`)).statusCode).toBe(403);
    }
    // Nor may they add or remove files on it; nothing is written.
    const before = await count();
    expect((await upload(bob, { ownerType: 'case', ownerId: caseId }, { name: 'x.jpg', type: 'image/jpeg', bytes: photo })).statusCode).toBe(404);
    expect((await upload(partner, { ownerType: 'lead', ownerId: leadId }, { name: 'x.jpg', type: 'image/jpeg', bytes: photo })).statusCode).toBe(404);
    expect((await upload(advocate, { ownerType: 'case', ownerId: caseId }, { name: 'x.jpg', type: 'image/jpeg', bytes: photo })).statusCode).toBe(403);
    expect((await bob.app.inject({ method: 'DELETE', url: `/api/attachments/${a.id}`, headers: bob.headers(true) })).statusCode).toBe(404);
    expect(await count()).toBe(before);

    // A shared case opens its files to the colleague it is shared with.
    await admin.app.homeward.deps.db.insertInto('case_access').values({
      id: `share-${a.id}`, case_id: caseId, user_id: bob.userId, kind: 'share', granted_by: alice.userId, granted_at: new Date().toISOString(), expires_at: null, revoked_at: null, wrapped_key: null, sealed: null,
    }).execute();
    expect((await bob.get(`/api/attachments/${a.id}/thumbnail`)).statusCode).toBe(200);
    await admin.app.homeward.deps.db.deleteFrom('case_access').where('id', '=', `share-${a.id}`).execute();
    expect((await bob.get(`/api/attachments/${a.id}/thumbnail`)).statusCode).toBe(404);

    // Leads follow the leads rule (the organisation's case roles); a field partner who did not submit the lead is refused.
    const l = await upload(alice, { ownerType: 'lead', ownerId: leadId, caption: 'school certificate' }, { name: 'cert.jpg', type: 'image/jpeg', bytes: photo });
    expect(l.statusCode).toBe(201);
    expect((await alice.get(`/api/attachments/${l.json().id}/thumbnail`)).statusCode).toBe(200);
    expect((await partner.get(`/api/attachments/${l.json().id}/thumbnail`)).statusCode).toBe(404);
    expect((await partner.get(`/api/attachments?ownerType=lead&ownerId=${leadId}`)).statusCode).toBe(404);
  });

  describe('refuses bad files with a field-specific reason, writing nothing', () => {
    const cases: [string, () => Promise<{ name: string; type: string; bytes: Buffer }>, number, string][] = [
      ['a truncated JPEG', async () => ({ name: 'photo.jpg', type: 'image/jpeg', bytes: truncated(await phonePhoto(640, 480)) }), 400, 'truncated'],
      ['a JPEG+ZIP polyglot', async () => ({ name: 'photo.jpg', type: 'image/jpeg', bytes: jpegZipPolyglot(await phonePhoto(320, 240)) }), 400, 'polyglot'],
      ['a PNG header claiming 50,000 x 50,000 pixels', async () => ({ name: 'scan.png', type: 'image/png', bytes: pngClaiming(50_000, 50_000) }), 400, 'too_many_pixels'],
      ['a PDF with JavaScript', async () => ({ name: 'form.pdf', type: 'application/pdf', bytes: await samplePdf({ javascript: true }) }), 400, 'pdf_active_content'],
      ['a PDF named as a photo', async () => ({ name: 'photo.jpg', type: 'image/jpeg', bytes: await samplePdf() }), 400, 'mismatch'],
      ['an HTML page', async () => ({ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<html><script>alert(1)</script></html>') }), 400, 'not_supported'],
      ['a HEIC photo (no HEVC decoder here)', async () => ({ name: 'IMG_0001.HEIC', type: 'image/heic', bytes: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(4096)]) }), 400, 'heic_unsupported'],
      ['a file over 20 MB', async () => ({ name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.concat([photo, Buffer.alloc(21 * 1024 * 1024)]) }), 413, 'too_large'],
    ];
    for (const [what, make, status, code] of cases) {
      it(what, async () => {
        const before = await count();
        const added = await admin.app.homeward.deps.db.selectFrom('audit_events').select('id').where('action', 'like', 'attachment.added%').execute();
        const r = await upload(alice, { ownerType: 'case', ownerId: caseId, caption: CAPTION }, await make());
        expect(r.statusCode, r.body).toBe(status);
        const body = r.json();
        expect(body.issues[0]).toMatchObject({ path: 'file', code });
        expect(r.body).not.toContain(CAPTION);
        expect(r.body).not.toMatch(/at .*\.ts:\d+/);
        expect(await count()).toBe(before);
        expect((await admin.app.homeward.deps.db.selectFrom('audit_events').select('id').where('action', 'like', 'attachment.added%').execute()).length).toBe(added.length);
      });
    }
    it('a missing file and unknown owner type, each named by field', async () => {
      const r = await upload(alice, { ownerType: 'village', ownerId: caseId });
      expect(r.statusCode).toBe(400);
      expect(r.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['file', 'ownerType']);
    });
  });

  it('cleans PNG and WebP too: EXIF and XMP written by another tool are gone from what is served', async () => {
    const base = sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6ea5' } });
    const exif = { IFD0: { Make: FIXTURE.make, Model: FIXTURE.model, Artist: FIXTURE.artist } };
    const files = [
      { name: 'scan.png', type: 'image/png', bytes: await base.clone().withExif(exif).png().toBuffer(), mediaType: 'image/png' },
      { name: 'photo.webp', type: 'image/webp', bytes: await base.clone().withExif(exif).webp().toBuffer(), mediaType: 'image/webp' },
    ];
    for (const f of files) {
      expect(f.bytes.includes(Buffer.from(FIXTURE.make))).toBe(true);
      const r = await upload(alice, { ownerType: 'lead', ownerId: leadId }, f);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ mediaType: f.mediaType, width: 300, height: 200 });
      expect(r.json().removed).toEqual(expect.arrayContaining(['device', 'author']));
      const served = (await alice.get(`/api/attachments/${r.json().id}/content`)).rawPayload;
      for (const needle of [FIXTURE.make, FIXTURE.model, FIXTURE.artist]) expect(served.includes(Buffer.from(needle)), needle).toBe(false);
      expect((await sharp(served).metadata()).exif).toBeUndefined();
    }
  });

  it('cleans a PDF: document info, XMP and file id removed; attaches to a person and a consent', async () => {
    const pdf = await samplePdf();
    expect(pdf.includes(Buffer.from(FIXTURE.artist))).toBe(true);
    const r = await upload(alice, { ownerType: 'consent', ownerId: consentId, caption: 'signed consent' }, { name: 'consent.pdf', type: 'application/pdf', bytes: pdf });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'pdf', mediaType: 'application/pdf', hasThumbnail: false });
    expect(r.json().removed).toEqual(expect.arrayContaining(['author', 'time', 'xmp', 'document_info']));
    const served = await alice.get(`/api/attachments/${r.json().id}/content`);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.includes(Buffer.from(FIXTURE.artist))).toBe(false);
    expect(served.rawPayload.includes(Buffer.from('Fictional consent form'))).toBe(false);
    const doc = await PDFDocument.load(served.rawPayload, { updateMetadata: false });
    expect([doc.getAuthor(), doc.getTitle(), doc.getProducer(), doc.getPageCount()]).toEqual([undefined, undefined, undefined, 1]);
    expect((await alice.get(`/api/attachments/${r.json().id}/thumbnail`)).statusCode).toBe(404);
    const p = await upload(alice, { ownerType: 'person', ownerId: soughtId }, { name: 'daughter.jpg', type: 'image/jpeg', bytes: photo });
    expect(p.statusCode).toBe(201);
    expect((await bob.get(`/api/attachments?ownerType=person&ownerId=${soughtId}`)).statusCode).toBe(404);
  });

  it('the field partner who submitted a lead may attach to it and see its files (by their receipt id) while the request lasts; another partner may not', async () => {
    expect((await alice.post(`/api/cases/${caseId}/consents`, { purpose: 'partner_sharing', recipientUserId: partner.userId, givenOn: { year: 2026 } })).statusCode).toBe(201);
    const request = await alice.post(`/api/cases/${caseId}/tracing-requests`, { personId: soughtId, partnerUserId: partner.userId });
    expect(request.statusCode, request.body).toBe(201);
    const receipt = await partner.post(`/api/partner/requests/${request.json().id}/leads`, { names: [{ text: '리미령' }] });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const receiptId: string = receipt.json().id;
    const r = await upload(partner, { ownerType: 'lead', ownerId: receiptId, caption: 'school certificate (fictional)' }, { name: 'cert.jpg', type: 'image/jpeg', bytes: photo });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().removed).toContain('location');
    expect((await partner.get(`/api/attachments/${r.json().id}/thumbnail`)).statusCode).toBe(200);
    expect((await partner.get(`/api/attachments?ownerType=lead&ownerId=${receiptId}`)).json().items.map((x: { id: string }) => x.id)).toEqual([r.json().id]);
    // The caseworkers see it on the lead itself.
    const link = await admin.app.homeward.deps.db.selectFrom('partner_leads').select('lead_id').where('id', '=', receiptId).executeTakeFirstOrThrow();
    expect((await alice.get(`/api/attachments?ownerType=lead&ownerId=${link.lead_id}`)).json().items.map((x: { id: string }) => x.id)).toContain(r.json().id);
    const stranger = await signedInAs(admin, 'field_partner', 'Partner Li');
    expect((await stranger.get(`/api/attachments/${r.json().id}/thumbnail`)).statusCode).toBe(404);
    expect((await upload(stranger, { ownerType: 'lead', ownerId: receiptId }, { name: 'x.jpg', type: 'image/jpeg', bytes: photo })).statusCode).toBe(404);
    // Revoking the tracing request ends the partner's access to the files too.
    expect((await alice.post(`/api/tracing-requests/${request.json().id}/revoke`)).statusCode).toBeLessThan(300);
    expect((await partner.get(`/api/attachments/${r.json().id}/thumbnail`)).statusCode).toBe(404);
  });

  it('backups carry the files encrypted: a snapshot written elsewhere opens to the same bytes', async () => {
    const deps = admin.app.homeward.deps;
    const snap = await readSnapshot(deps.db as unknown as AnyDb, deps.engine);
    const table = snap.tables.find((t) => t.name === 'attachments')!;
    expect(table.rows.length).toBe(await count());
    const dir = mkdtempSync(join(tmpdir(), 'homeward-attach-copy-'));
    const copy = await openRaw({ engine: 'sqlite', file: join(dir, 'copy.sqlite') }, { create: true });
    try {
      await writeSnapshot(copy, 'sqlite', snap);
      const rows = await sql<{ id: string; wrapped_key: string; content: string }>`select id, wrapped_key, content from attachments`.execute(copy);
      const original = await deps.db.selectFrom('attachments').select(['id', 'content']).execute();
      expect(rows.rows.length).toBe(original.length);
      for (const r of rows.rows) {
        expect(r.content).toBe(original.find((o) => o.id === r.id)!.content);
        expect(openAttachmentKey(deps.kr, r.id, r.wrapped_key).open('content', r.content).length).toBeGreaterThan(100);
      }
    } finally {
      await copy.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('master key rotation re-wraps every file key; the files still open to the same bytes', async () => {
    const deps = admin.app.homeward.deps;
    const rows = await deps.db.selectFrom('attachments').select(['id', 'wrapped_key']).execute();
    const before = new Map<string, Buffer>();
    for (const r of rows) before.set(r.id, (await alice.get(`/api/attachments/${r.id}/content`)).rawPayload);
    const oldKid = deps.kr.kid!;
    await rotateMasterKey(deps, OPERATOR, { settleMs: 0 });
    const after = await deps.db.selectFrom('attachments').select(['id', 'wrapped_key']).execute();
    const newKid = wrappedKid(after[0]!.wrapped_key)!;
    expect(newKid).not.toBe(oldKid);
    expect(await rowsNotUnder(deps.db, newKid)).toBe(0);
    for (const r of after) {
      expect(r.wrapped_key).not.toBe(rows.find((x) => x.id === r.id)!.wrapped_key);
      const served = await alice.get(`/api/attachments/${r.id}/content`);
      if (served.statusCode === 200) expect(served.rawPayload.equals(before.get(r.id)!)).toBe(true);
    }
  });

  it('deleting one file or the whole case crypto-shreds the files: gone, and their ciphertexts open under no remaining key', async () => {
    const deps = admin.app.homeward.deps;
    const one = (await upload(alice, { ownerType: 'case', ownerId: caseId }, { name: 'x.jpg', type: 'image/jpeg', bytes: photo })).json();
    const del = await alice.app.inject({ method: 'DELETE', url: `/api/attachments/${one.id}`, headers: alice.headers(true) });
    expect(del.statusCode).toBe(204);
    expect((await alice.get(`/api/attachments/${one.id}/content`)).statusCode).toBe(404);

    const rows = await deps.db.selectFrom('attachments').selectAll().where('case_id', '=', caseId).execute();
    // The case's own files, its person's and its consent's.
    expect(new Set(rows.map((r) => r.owner_type))).toEqual(new Set(['case', 'person', 'consent']));
    const copies = rows.map((r) => ({ blob: r.content, aad: `homeward/field/attachments/content/${r.id}`, key: unwrapDataKey(deps.kr, r.wrapped_key, 'attachments', r.id) }));
    for (const c of copies) expect(() => openWith(c.key, c.blob, c.aad)).not.toThrow();

    await deleteCase(deps, OPERATOR, caseId);

    expect(await deps.db.selectFrom('attachments').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
    for (const r of rows) expect((await alice.get(`/api/attachments/${r.id}/content`)).statusCode).toBe(404);
    const remaining = await deps.db.selectFrom('attachments').select(['id', 'wrapped_key']).execute();
    // The lead's file stays (leads outlive cases) and is the only key left to try.
    expect(remaining.length).toBeGreaterThan(0);
    const keys = [deps.kr.wrapKey, deps.kr.indexRoot, ...remaining.map((r) => unwrapDataKey(deps.kr, r.wrapped_key, 'attachments', r.id))];
    for (const c of copies) for (const k of keys) expect(() => openWith(k, c.blob, c.aad)).toThrow();
  });
});
