import type { RemovedMetadata } from '@homeward/contracts';
import exifr from 'exifr';
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { claimedFormats, FileRefused, sniff, structureOf, type FileFormat } from './inspect.ts';

/**
 * Turns an uploaded file into what may be stored (issue #10): checked by its
 * bytes, decoded in full, and rewritten without hidden metadata. Images are
 * re-encoded by sharp (libvips), which writes no EXIF, XMP, IPTC or ICC
 * unless asked (https://sharp.pixelplumbing.com/api-output#keepmetadata);
 * the EXIF orientation is applied first so the picture stays upright. PDFs
 * are parsed by pdf-lib, refused if they carry active content, and saved
 * anew without the document information dictionary, XMP streams, the file
 * identifier or EXIF inside embedded JPEGs.
 */

export interface AttachmentLimits {
  /** Largest file accepted, in bytes (default 20 MB). */
  maxBytes: number;
  /** Largest image accepted, in pixels (width x height), checked from the header before decoding. */
  maxPixels: number;
}

/** Limits from HOMEWARD_ATTACHMENT_MAX_BYTES / HOMEWARD_ATTACHMENT_MAX_PIXELS, else 20 MB and 100 megapixels. */
export function attachmentLimits(env: NodeJS.ProcessEnv = process.env): AttachmentLimits {
  const num = (v: string | undefined, d: number) => {
    const n = v ? Number(v) : NaN;
    return Number.isSafeInteger(n) && n > 0 ? n : d;
  };
  return { maxBytes: num(env.HOMEWARD_ATTACHMENT_MAX_BYTES, 20 * 1024 * 1024), maxPixels: num(env.HOMEWARD_ATTACHMENT_MAX_PIXELS, 100_000_000) };
}

export interface CleanFile {
  kind: 'image' | 'pdf';
  mediaType: string;
  extension: string;
  bytes: Buffer;
  thumbnail?: Buffer;
  width?: number;
  height?: number;
  removed: RemovedMetadata[];
}

const ORDER: readonly RemovedMetadata[] = ['location', 'device', 'serial', 'time', 'author', 'thumbnail', 'xmp', 'iptc', 'icc', 'comment', 'document_info', 'trailing_data'];
const sorted = (s: Set<RemovedMetadata>): RemovedMetadata[] => ORDER.filter((x) => s.has(x));

// EXIF tags by what they reveal (CIPA DC-008 / TIFF 6.0 names as exifr reports them).
const DEVICE_TAGS = ['Make', 'Model', 'LensMake', 'LensModel', 'Software', 'HostComputer', 'MakerNote', 'LensInfo'];
const SERIAL_TAGS = ['SerialNumber', 'BodySerialNumber', 'LensSerialNumber', 'ImageUniqueID', 'InternalSerialNumber', 'CameraSerialNumber'];
const TIME_TAGS = ['ModifyDate', 'DateTime', 'DateTimeOriginal', 'CreateDate', 'DateTimeDigitized', 'OffsetTime', 'OffsetTimeOriginal', 'OffsetTimeDigitized', 'SubSecTime', 'SubSecTimeOriginal', 'SubSecTimeDigitized', 'GPSDateStamp', 'GPSTimeStamp'];
const AUTHOR_TAGS = ['Artist', 'Copyright', 'OwnerName', 'CameraOwnerName', 'XPAuthor', 'ImageDescription', 'XPComment', 'UserComment'];

/** What an EXIF block (TIFF structure, without the "Exif\0\0" prefix) reveals. */
async function exifFindings(tiff: Buffer, found: Set<RemovedMetadata>): Promise<void> {
  let parsed: Record<string, Record<string, unknown> | undefined> | undefined;
  try {
    parsed = (await exifr.parse(tiff, {
      tiff: true, exif: true, gps: true, ifd1: true, interop: false, makerNote: true, userComment: true,
      xmp: false, icc: false, iptc: false, jfif: false, ihdr: false, mergeOutput: false, translateValues: false, reviveValues: false,
    })) as typeof parsed;
  } catch {
    // An EXIF block we cannot parse is still an EXIF block: assume the worst, it is removed anyway.
    for (const k of ['location', 'device', 'time'] as const) found.add(k);
    return;
  }
  if (!parsed) return;
  const all: Record<string, unknown> = { ...parsed.ifd0, ...parsed.exif, ...parsed.ifd1 };
  const gps = parsed.gps ?? {};
  if (Object.keys(gps).some((k) => k !== 'GPSVersionID' && !TIME_TAGS.includes(k))) found.add('location');
  const has = (tags: string[]) => tags.some((t) => all[t] !== undefined || gps[t] !== undefined);
  if (has(DEVICE_TAGS)) found.add('device');
  if (has(SERIAL_TAGS)) found.add('serial');
  if (has(TIME_TAGS)) found.add('time');
  if (has(AUTHOR_TAGS)) found.add('author');
  if (parsed.ifd1 && Object.keys(parsed.ifd1).length > 0) found.add('thumbnail');
}

/** What an XMP packet reveals (it can repeat the EXIF fields, GPS included). */
function xmpFindings(xmp: Buffer, found: Set<RemovedMetadata>): void {
  const t = xmp.toString('utf8');
  found.add('xmp');
  if (/GPS(Latitude|Longitude|Altitude)|LocationShown|LocationCreated|photoshop:City|Iptc4xmpCore:Location/.test(t)) found.add('location');
  if (/tiff:(Make|Model)|aux:Lens|xmp:CreatorTool|exifEX:Lens/.test(t)) found.add('device');
  if (/aux:SerialNumber|exifEX:BodySerialNumber|ImageUniqueID|DocumentID|InstanceID/.test(t)) found.add('serial');
  if (/xmp:(CreateDate|ModifyDate|MetadataDate)|photoshop:DateCreated|exif:DateTime/.test(t)) found.add('time');
  if (/dc:creator|dc:rights|photoshop:Author|xmpRights/.test(t)) found.add('author');
  if (/xmp:Thumbnails|xmpGImg:image|GCamera:MotionPhoto|GContainer/.test(t)) found.add('thumbnail');
}

const OUTPUT: Record<Exclude<FileFormat, 'heic' | 'pdf'>, { mediaType: string; extension: string }> = {
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  webp: { mediaType: 'image/webp', extension: 'webp' },
  // Scans as TIFF and AVIF photos are stored in the formats every browser shows.
  tiff: { mediaType: 'image/png', extension: 'png' },
  avif: { mediaType: 'image/jpeg', extension: 'jpg' },
};

/** Where the benchmark reads how long the thumbnail took. */
export interface Timings {
  thumbnailMs?: number;
}

async function cleanImage(format: Exclude<FileFormat, 'heic' | 'pdf'>, b: Buffer, limits: AttachmentLimits, found: Set<RemovedMetadata>, claimed: { width?: number; height?: number }, timings?: Timings): Promise<CleanFile> {
  if (claimed.width !== undefined && claimed.height !== undefined && claimed.width * claimed.height > limits.maxPixels) {
    throw new FileRefused('too_many_pixels', `the image claims ${claimed.width} x ${claimed.height} pixels; at most ${limits.maxPixels} pixels are accepted`);
  }
  const input = { limitInputPixels: limits.maxPixels, failOn: 'truncated' as const };
  let meta: Metadata;
  try {
    // Reads the header only (libvips does not decode pixels for metadata()).
    meta = await sharp(b, input).metadata();
  } catch (err) {
    if (/pixel limit/i.test(String(err))) throw new FileRefused('too_many_pixels', `the image is larger than ${limits.maxPixels} pixels`);
    throw new FileRefused('corrupt', 'the image cannot be read');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > limits.maxPixels) throw new FileRefused('too_many_pixels', `the image claims ${w} x ${h} pixels; at most ${limits.maxPixels} pixels are accepted`);
  if (w === 0 || h === 0) throw new FileRefused('corrupt', 'the image has no pixels');
  if (meta.exif && meta.exif.length > 6) await exifFindings(meta.exif.subarray(meta.exif.toString('latin1', 0, 4) === 'Exif' ? 6 : 0), found);
  if (meta.xmp) xmpFindings(meta.xmp, found);
  if (meta.iptc) found.add('iptc');
  if (meta.icc) found.add('icc');
  if ((meta.orientation ?? 1) !== 1) found.add('device');
  const out = OUTPUT[format];
  // rotate() without an angle applies the EXIF orientation; output carries no metadata (sharp's default).
  let pipeline = sharp(b, input).rotate();
  if (out.mediaType === 'image/jpeg') pipeline = pipeline.jpeg({ quality: 88, optimiseCoding: false });
  else if (out.mediaType === 'image/png') pipeline = pipeline.png({ compressionLevel: 6 });
  else pipeline = pipeline.webp({ quality: 88 });
  // The thumbnail is made from the original in parallel (JPEG shrink-on-load makes that cheap); it too is written without metadata.
  const t0 = performance.now();
  const thumbnailJob = sharp(b, input).rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer()
    .then((buf) => {
      if (timings) timings.thumbnailMs = performance.now() - t0;
      return buf;
    });
  let result: { data: Buffer; info: OutputInfo };
  let thumbnail: Buffer;
  try {
    [result, thumbnail] = await Promise.all([pipeline.toBuffer({ resolveWithObject: true }), thumbnailJob]);
  } catch (err) {
    // Let the other job settle before answering, so no work outlives the request.
    await Promise.allSettled([thumbnailJob]);
    if (/pixel limit/i.test(String(err))) throw new FileRefused('too_many_pixels', `the image is larger than ${limits.maxPixels} pixels`);
    // A decode failure after a clean structure check is most often a cut-off file.
    throw new FileRefused(/truncat|premature|end of/i.test(String(err)) ? 'truncated' : 'corrupt', 'the image cannot be decoded completely');
  }
  return { kind: 'image', mediaType: out.mediaType, extension: out.extension, bytes: result.data, thumbnail, width: result.info.width, height: result.info.height, removed: sorted(found) };
}

/** Names that make a PDF act (scripts, launching programs, embedded files, forms that submit): refused, not cleaned. */
const ACTIVE = new Set(['JavaScript', 'JS', 'OpenAction', 'AA', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA', 'SubmitForm', 'ImportData', 'GoToE', 'GoToR']);

/** PDF names may hide letters as #xx escapes (ISO 32000-1, 7.3.5), in either case. */
const decodeName = (n: string) => n.replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Raw scan of every name token, for objects a lenient parser might skip. */
function rawActiveName(b: Buffer): string | undefined {
  const text = b.toString('latin1');
  for (const m of text.matchAll(/\/([^\s/[\]<>(){}%]{1,64})/g)) {
    const name = decodeName(m[1]!);
    if (ACTIVE.has(name)) return name;
  }
  return undefined;
}

function* walk(obj: PDFObject, seen: Set<PDFObject> = new Set()): Generator<PDFDict> {
  if (seen.has(obj)) return;
  seen.add(obj);
  if (obj instanceof PDFStream) {
    yield* walk(obj.dict, seen);
  } else if (obj instanceof PDFDict) {
    yield obj;
    for (const [, v] of obj.entries()) yield* walk(v, seen);
  } else if (obj instanceof PDFArray) {
    for (const v of obj.asArray()) yield* walk(v, seen);
  }
}

/** Removes APPn and COM segments (EXIF, XMP, IPTC, ICC, thumbnails) from a JPEG without re-encoding it; keeps JFIF (APP0) and Adobe (APP14, colour transform). */
function stripJpegSegments(b: Uint8Array, found: Set<RemovedMetadata>): Uint8Array | undefined {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (!(buf[0] === 0xff && buf[1] === 0xd8)) return undefined;
  const parts: Buffer[] = [buf.subarray(0, 2)];
  let pos = 2;
  let changed = false;
  while (pos + 4 <= buf.length && buf[pos] === 0xff) {
    const marker = buf[pos + 1]!;
    if (marker === 0xda) break;
    const len = buf.readUInt16BE(pos + 2);
    const keep = !((marker >= 0xe1 && marker <= 0xed) || marker === 0xef || marker === 0xfe);
    if (keep) parts.push(buf.subarray(pos, pos + 2 + len));
    else {
      changed = true;
      if (marker === 0xe1) found.add('xmp');
      if (marker === 0xe1 && buf.toString('latin1', pos + 4, pos + 8) === 'Exif') {
        found.delete('xmp');
        found.add('time');
        found.add('device');
      }
    }
    pos += 2 + len;
  }
  if (!changed) return undefined;
  parts.push(buf.subarray(pos));
  return Buffer.concat(parts);
}

/**
 * Deletes every object the document no longer reaches from its catalog:
 * the metadata streams just unlinked, and orphans an editor left behind
 * (pdf-lib would otherwise write them all out again).
 */
function dropUnreachable(doc: PDFDocument): void {
  const ctx = doc.context;
  const reached = new Set<string>();
  const stack: PDFObject[] = ctx.trailerInfo.Root ? [ctx.trailerInfo.Root] : [];
  while (stack.length) {
    const obj = stack.pop()!;
    if (obj instanceof PDFRef) {
      if (reached.has(obj.tag)) continue;
      reached.add(obj.tag);
      const target = ctx.lookup(obj);
      if (target) stack.push(target);
    } else if (obj instanceof PDFStream) {
      stack.push(obj.dict);
    } else if (obj instanceof PDFDict) {
      for (const [, v] of obj.entries()) stack.push(v);
    } else if (obj instanceof PDFArray) {
      stack.push(...obj.asArray());
    }
  }
  for (const [ref] of ctx.enumerateIndirectObjects()) if (!reached.has(ref.tag)) ctx.delete(ref);
}

async function cleanPdf(b: Buffer, found: Set<RemovedMetadata>): Promise<CleanFile> {
  const raw = rawActiveName(b);
  if (raw) throw new FileRefused('pdf_active_content', `the PDF contains active content (/${raw}); print it to a new PDF or scan the paper instead`);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(b, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    if (err instanceof EncryptedPDFError) throw new FileRefused('pdf_encrypted', 'the PDF is encrypted, so it cannot be checked; remove its password first');
    throw new FileRefused('corrupt', 'the PDF cannot be read');
  }
  if (doc.getPageCount() === 0) throw new FileRefused('corrupt', 'the PDF has no pages');
  const ctx = doc.context;
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    for (const dict of walk(obj)) {
      for (const [k, v] of dict.entries()) {
        const names = [decodeName(k.asString().slice(1)), v instanceof PDFName ? decodeName(v.asString().slice(1)) : ''];
        const hit = names.find((n) => ACTIVE.has(n));
        if (hit) throw new FileRefused('pdf_active_content', `the PDF contains active content (/${hit}); print it to a new PDF or scan the paper instead`);
      }
      if (dict.has(PDFName.of('Metadata'))) {
        found.add('xmp');
        dict.delete(PDFName.of('Metadata'));
      }
      if (dict.has(PDFName.of('PieceInfo'))) {
        found.add('document_info');
        dict.delete(PDFName.of('PieceInfo'));
      }
    }
    // Embedded JPEG photos keep their own EXIF inside the PDF: drop those segments too.
    if (obj instanceof PDFRawStream) {
      const filter = obj.dict.get(PDFName.of('Filter'));
      const dct = filter instanceof PDFName ? filter.asString() === '/DCTDecode' : filter instanceof PDFArray && filter.size() === 1 && filter.get(0) instanceof PDFName && (filter.get(0) as PDFName).asString() === '/DCTDecode';
      if (dct) {
        const stripped = stripJpegSegments(obj.contents, found);
        if (stripped) {
          const dict = obj.dict.clone(ctx);
          dict.set(PDFName.of('Length'), PDFNumber.of(stripped.length));
          ctx.assign(ref, PDFRawStream.of(dict, stripped));
        }
      }
    }
  }
  const info = ctx.trailerInfo.Info;
  if (info) {
    const dict = ctx.lookup(info);
    if (dict instanceof PDFDict && dict.keys().length > 0) {
      found.add('document_info');
      const keys = dict.keys().map((k) => k.asString());
      if (keys.some((k) => k === '/Author')) found.add('author');
      if (keys.some((k) => k === '/CreationDate' || k === '/ModDate')) found.add('time');
      if (keys.some((k) => k === '/Creator' || k === '/Producer')) found.add('device');
    }
    if (info instanceof Object && 'objectNumber' in info) ctx.delete(info as Parameters<typeof ctx.delete>[0]);
    ctx.trailerInfo.Info = undefined;
  }
  // The file identifier can fingerprint the machine or file it came from.
  ctx.trailerInfo.ID = undefined;
  dropUnreachable(doc);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
  } catch {
    throw new FileRefused('corrupt', 'the PDF cannot be rewritten');
  }
  return { kind: 'pdf', mediaType: 'application/pdf', extension: 'pdf', bytes, removed: sorted(found) };
}

/**
 * Checks and cleans one upload. Throws FileRefused with a stable code.
 * Example: `const clean = await cleanUpload(bytes, 'IMG_0001.JPG', 'image/jpeg', attachmentLimits())`.
 */
export async function cleanUpload(b: Buffer, fileName: string, declaredType: string, limits: AttachmentLimits, timings?: Timings): Promise<CleanFile> {
  if (b.length === 0) throw new FileRefused('empty', 'the file is empty');
  const format = sniff(b);
  if (!format) throw new FileRefused('not_supported', 'the file is not a JPEG, PNG, WebP, TIFF or AVIF image, nor a PDF');
  const claims = claimedFormats(fileName, declaredType);
  // A HEIC photo named .heic is still a photo: only unrelated claims count as mismatches.
  if (claims.some((c) => c !== format && !(c === 'heic' && format === 'avif'))) {
    throw new FileRefused('mismatch', `the file is not what its name or type says (its bytes are ${format.toUpperCase()})`);
  }
  if (format === 'heic') {
    // sharp's prebuilt libvips reads AVIF but not HEVC-coded HEIC (patent-encumbered decoder not bundled).
    throw new FileRefused('heic_unsupported', 'HEIC photos cannot be read here; set the phone to "Most compatible" (JPEG) or share the photo as JPEG');
  }
  const structure = structureOf(format, b);
  if (format === 'pdf') return cleanPdf(b, structure.found);
  return cleanImage(format, b, limits, structure.found, structure, timings);
}
