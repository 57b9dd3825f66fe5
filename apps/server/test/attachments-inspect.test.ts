import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FileRefused } from '../src/attachments/inspect.ts';
import { attachmentLimits, cleanUpload } from '../src/attachments/sanitize.ts';
import { FIXTURE, jpegZipPolyglot, phonePhoto, pngClaiming } from './attachments-fixtures.ts';

// The byte-level checks without a database: what real phones and editors
// produce passes, each kind of trick is refused with its own reason.

const limits = attachmentLimits({});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FileRefused) return err.refusal.code;
    throw err;
  }
  return 'accepted';
}

describe('attachment content checks', () => {
  it('accepts a progressive JPEG and reports a trailing motion-photo video as removed', async () => {
    const progressive = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } }).jpeg({ progressive: true }).toBuffer();
    expect((await cleanUpload(progressive, 'a.jpg', 'image/jpeg', limits)).removed).toEqual([]);
    // A phone's "motion photo": an MP4 appended after the JPEG's end.
    const motion = Buffer.concat([await phonePhoto(64, 48), Buffer.from([0, 0, 0, 24]), Buffer.from('ftypmp42'), Buffer.alloc(2000, 7)]);
    const clean = await cleanUpload(motion, 'PXL_0001.MP.jpg', 'image/jpeg', limits);
    expect(clean.removed).toEqual(expect.arrayContaining(['location', 'trailing_data']));
    expect(clean.bytes.includes(Buffer.from('ftypmp42'))).toBe(false);
  });

  it('refuses markup hidden in a JPEG comment, a PDF header near the start, and a ZIP after the end', async () => {
    const jpeg = await phonePhoto(64, 48);
    const comment = (text: string) => {
      const body = Buffer.from(text, 'latin1');
      const head = Buffer.from([0xff, 0xfe, 0, 0]);
      head.writeUInt16BE(body.length + 2, 2);
      return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
    };
    expect(await refusal(cleanUpload(comment('<script>alert(1)</script>'), 'a.jpg', 'image/jpeg', limits))).toBe('polyglot');
    expect(await refusal(cleanUpload(comment('%PDF-1.4 1 0 obj'), 'a.jpg', 'image/jpeg', limits))).toBe('polyglot');
    expect(await refusal(cleanUpload(jpegZipPolyglot(jpeg), 'a.jpg', 'image/jpeg', limits))).toBe('polyglot');
  });

  it('refuses a PNG with a page after its end chunk, a truncated WebP, and a header over the pixel limit', async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await refusal(cleanUpload(Buffer.concat([png, Buffer.from('<html><body>hi</body></html>')]), 'a.png', 'image/png', limits))).toBe('polyglot');
    const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).webp().toBuffer();
    expect(await refusal(cleanUpload(webp.subarray(0, webp.length - 20), 'a.webp', 'image/webp', limits))).toBe('truncated');
    expect(await refusal(cleanUpload(pngClaiming(20_000, 20_000), 'a.png', 'image/png', { ...limits, maxPixels: 100_000_000 }))).toBe('too_many_pixels');
    expect(await refusal(cleanUpload(pngClaiming(4_000, 3_000), 'a.png', 'image/png', { ...limits, maxPixels: 1_000_000 }))).toBe('too_many_pixels');
  });

  it('judges by bytes: a JPEG named .png is a mismatch, a JPEG with a generic type is fine, unknown bytes are refused', async () => {
    const jpeg = await phonePhoto(32, 24);
    expect(await refusal(cleanUpload(jpeg, 'scan.png', 'application/octet-stream', limits))).toBe('mismatch');
    expect(await refusal(cleanUpload(jpeg, 'upload', 'application/octet-stream', limits))).toBe('accepted');
    expect(await refusal(cleanUpload(Buffer.from('MZ\x90\x00 not really a program'), 'photo.jpg', 'image/jpeg', limits))).toBe('not_supported');
    expect(await refusal(cleanUpload(Buffer.alloc(0), 'photo.jpg', 'image/jpeg', limits))).toBe('empty');
  });

  it('refuses PDFs whose actions hide behind #-escaped names or in object streams, and PDFs with data after the end', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const launch = doc.context.obj({ S: 'Launch', F: PDFString.of('calc.exe') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(launch));
    const compressed = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(await refusal(cleanUpload(compressed, 'a.pdf', 'application/pdf', limits))).toBe('pdf_active_content');

    const plain = await PDFDocument.create();
    plain.addPage([100, 100]);
    plain.setAuthor(FIXTURE.artist);
    const bytes = Buffer.from(await plain.save({ useObjectStreams: false }));
    // "/J#61vaScript" is /JavaScript to a PDF reader.
    const escaped = Buffer.from(bytes.toString('latin1').replace('/Type /Catalog', '/Type /Catalog /Names << /J#61vaScript 99 0 R >>'), 'latin1');
    expect(await refusal(cleanUpload(escaped, 'a.pdf', 'application/pdf', limits))).toBe('pdf_active_content');
    expect(await refusal(cleanUpload(Buffer.concat([bytes, Buffer.from('PK\x03\x04 zip after the end')]), 'a.pdf', 'application/pdf', limits))).toBe('polyglot');
    expect(await refusal(cleanUpload(bytes.subarray(0, bytes.length - 40), 'a.pdf', 'application/pdf', limits))).toBe('truncated');
    const clean = await cleanUpload(bytes, 'a.pdf', 'application/pdf', limits);
    expect(clean.removed).toEqual(expect.arrayContaining(['author', 'document_info']));
    expect(clean.bytes.includes(Buffer.from(FIXTURE.artist))).toBe(false);
  });

  it('removes the EXIF of a photo embedded in a PDF (a phone scanner app keeps it)', async () => {
    const photo = await phonePhoto(64, 48);
    const doc = await PDFDocument.create();
    const img = await doc.embedJpg(photo);
    doc.addPage([100, 100]).drawImage(img, { x: 0, y: 0, width: 64, height: 48 });
    const bytes = Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
    expect(bytes.includes(Buffer.from(FIXTURE.serial))).toBe(true);
    const clean = await cleanUpload(bytes, 'scan.pdf', 'application/pdf', limits);
    expect(clean.bytes.includes(Buffer.from(FIXTURE.serial))).toBe(false);
    expect(clean.bytes.includes(Buffer.from(FIXTURE.make))).toBe(false);
    expect(clean.removed).toEqual(expect.arrayContaining(['device', 'time']));
    const back = await PDFDocument.load(clean.bytes);
    expect(back.getPageCount()).toBe(1);
  });
});
