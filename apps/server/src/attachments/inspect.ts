import type { RemovedMetadata } from '@homeward/contracts';

/**
 * Byte-level checks of an uploaded file, before any decoder sees it (issue
 * #10): what it is by its magic number (never its name or declared type),
 * whether its container is complete (truncation), what it carries besides the
 * picture (metadata segments, bytes after the end), and its claimed pixel
 * dimensions, so a decompression bomb is refused from its header.
 * Layouts: JPEG markers (ITU-T T.81 annex B; JFIF/EXIF APPn segments, CIPA
 * DC-008), PNG chunks (ISO/IEC 15948, W3C PNG spec section 5), RIFF/WebP
 * (Google's WebP container specification), PDF header and trailer (ISO
 * 32000-1 section 7.5), ISO BMFF `ftyp` brands (ISO/IEC 14496-12, HEIF 23008-12).
 */

export type FileFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif' | 'heic' | 'pdf';

/** Why a file is refused; `code` is stable (the web app translates `attachments.refused.<code>`). */
export interface Refusal {
  code: 'not_supported' | 'mismatch' | 'truncated' | 'too_many_pixels' | 'polyglot' | 'heic_unsupported' | 'corrupt' | 'pdf_active_content' | 'pdf_encrypted' | 'empty';
  message: string;
}

export class FileRefused extends Error {
  override name = 'FileRefused';
  readonly refusal: Refusal;
  constructor(code: Refusal['code'], message: string) {
    super(message);
    this.refusal = { code, message };
  }
}

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, from: number, to: number) => b.toString('latin1', from, Math.min(to, b.length));

/** The format a file's bytes say it is, or undefined. Example: `sniff(buf) === 'jpeg'`. */
export function sniff(b: Buffer): FileFormat | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (ascii(b, 4, 8) === 'ftyp') {
    const size = b.length >= 4 ? b.readUInt32BE(0) : 0;
    const brands = [ascii(b, 8, 12)];
    for (let i = 16; i + 4 <= Math.min(size, 64); i += 4) brands.push(ascii(b, i, i + 4));
    if (brands.some((x) => x === 'avif' || x === 'avis')) return 'avif';
    if (brands.some((x) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'].includes(x))) return 'heic';
  }
  return undefined;
}

const EXTENSIONS: Record<string, FileFormat> = {
  jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg', jfif: 'jpeg', png: 'png', webp: 'webp', tif: 'tiff', tiff: 'tiff', avif: 'avif', heic: 'heic', heif: 'heic', pdf: 'pdf',
};
const MEDIA_TYPES: Record<string, FileFormat> = {
  'image/jpeg': 'jpeg', 'image/pjpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/tiff': 'tiff', 'image/avif': 'avif', 'image/heic': 'heic', 'image/heif': 'heic', 'application/pdf': 'pdf',
};

/**
 * What the name and the declared type claim, when they claim a format we know
 * (an unknown or generic claim, like application/octet-stream, claims nothing).
 */
export function claimedFormats(fileName: string, declaredType: string): FileFormat[] {
  const out: FileFormat[] = [];
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext && EXTENSIONS[ext]) out.push(EXTENSIONS[ext]);
  const t = MEDIA_TYPES[declaredType.split(';')[0]!.trim().toLowerCase()];
  if (t) out.push(t);
  return out;
}

/** Markers of other formats that make a file a polyglot when found outside an image's pixel data. */
const FOREIGN = ['%PDF-', 'PK\x03\x04', '<script', '<html', '<!doctype html', '<?php', '<svg', '<iframe', '<body', 'Rar!\x1a\x07', '7z\xbc\xaf\x27\x1c', '\x7fELF'];

function foreignMarker(b: Buffer): string | undefined {
  const text = b.toString('latin1').toLowerCase();
  return FOREIGN.find((m) => text.includes(m.toLowerCase()));
}

/** Trailing bytes that are only padding (NUL, whitespace) are harmless. */
function isPadding(b: Buffer): boolean {
  return b.every((x) => x === 0 || x === 0x20 || x === 0x0a || x === 0x0d || x === 0x09);
}

export interface Structure {
  /** Width x height the header claims, when this parser reads it (JPEG, PNG, WebP VP8X). */
  width?: number;
  height?: number;
  /** Metadata present in the container (complements what the EXIF parser finds). */
  found: Set<RemovedMetadata>;
}

/** Refuses bytes after the end that are another format; plain trailing data (a motion photo's video) is dropped and reported. */
function checkTrailing(b: Buffer, end: number, found: Set<RemovedMetadata>): void {
  const tail = b.subarray(end);
  if (tail.length === 0 || isPadding(tail)) return;
  const head = tail.subarray(0, 4096);
  if (foreignMarker(head) || startsWith(tail, [0x4d, 0x5a]) || startsWith(tail, [0x1f, 0x8b])) {
    throw new FileRefused('polyglot', 'the file holds another file after the end of the image (a polyglot)');
  }
  found.add('trailing_data');
}

function jpegStructure(b: Buffer): Structure {
  const found = new Set<RemovedMetadata>();
  let width: number | undefined;
  let height: number | undefined;
  let pos = 2;
  let end = -1;
  const meta: Buffer[] = [];
  while (pos < b.length) {
    if (b[pos] !== 0xff) throw new FileRefused('corrupt', 'the JPEG structure is damaged');
    while (b[pos] === 0xff && pos < b.length) pos++;
    if (pos >= b.length) break;
    const marker = b[pos]!;
    pos++;
    if (marker === 0xd9) {
      end = pos;
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (pos + 2 > b.length) break;
    const len = b.readUInt16BE(pos);
    if (len < 2 || pos + len > b.length) break;
    const seg = b.subarray(pos + 2, pos + len);
    if (marker >= 0xe0 && marker <= 0xef) {
      meta.push(seg);
      const id = ascii(seg, 0, 32);
      if (marker === 0xe1 && id.startsWith('http://ns.adobe.com/xap/1.0/')) found.add('xmp');
      if (marker === 0xe1 && id.startsWith('http://ns.adobe.com/xmp/extension/')) found.add('xmp');
      if (marker === 0xed) found.add('iptc');
      if (marker === 0xe2 && id.startsWith('ICC_PROFILE')) found.add('icc');
      // Multi-Picture Format (CIPA DC-007): extra images, e.g. a large preview.
      if (marker === 0xe2 && id.startsWith('MPF')) found.add('thumbnail');
    } else if (marker === 0xfe) {
      meta.push(seg);
      found.add('comment');
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc && seg.length >= 5) {
      height = seg.readUInt16BE(1);
      width = seg.readUInt16BE(3);
    }
    pos += len;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (pos + 1 < b.length && !(b[pos] === 0xff && b[pos + 1] !== 0x00 && !(b[pos + 1]! >= 0xd0 && b[pos + 1]! <= 0xd7))) pos++;
      if (pos + 1 >= b.length) break;
    }
  }
  if (end < 0) throw new FileRefused('truncated', 'the JPEG is cut off (no end-of-image marker)');
  for (const m of meta) {
    // An APP segment may legitimately hold a JPEG thumbnail (binary); markup or another format's header there is a polyglot.
    if (foreignMarker(m)) throw new FileRefused('polyglot', 'the JPEG hides another format in a metadata segment (a polyglot)');
  }
  checkTrailing(b, end, found);
  return { width, height, found };
}

function pngStructure(b: Buffer): Structure {
  const found = new Set<RemovedMetadata>();
  let pos = 8;
  let width: number | undefined;
  let height: number | undefined;
  let end = -1;
  while (pos + 12 <= b.length) {
    const len = b.readUInt32BE(pos);
    const type = ascii(b, pos + 4, pos + 8);
    if (pos + 12 + len > b.length) break;
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR' && len >= 8) {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'eXIf') {
      // Parsed in detail from the decoder's metadata.
    } else if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      if (ascii(data, 0, 40).startsWith('XML:com.adobe.xmp')) found.add('xmp');
      else found.add('comment');
      if (foreignMarker(data)) throw new FileRefused('polyglot', 'the PNG hides another format in a text chunk (a polyglot)');
    } else if (type === 'tIME') {
      found.add('time');
    } else if (type === 'iCCP') {
      found.add('icc');
    } else if (type !== 'IDAT' && type !== 'PLTE' && type !== 'tRNS' && type !== 'IEND' && foreignMarker(data)) {
      throw new FileRefused('polyglot', 'the PNG hides another format in a chunk (a polyglot)');
    }
    pos += 12 + len;
    if (type === 'IEND') {
      end = pos;
      break;
    }
  }
  if (end < 0) throw new FileRefused('truncated', 'the PNG is cut off (no end chunk)');
  checkTrailing(b, end, found);
  return { width, height, found };
}

function webpStructure(b: Buffer): Structure {
  const found = new Set<RemovedMetadata>();
  const size = b.readUInt32LE(4) + 8;
  if (size > b.length) throw new FileRefused('truncated', 'the WebP is cut off');
  let width: number | undefined;
  let height: number | undefined;
  for (let pos = 12; pos + 8 <= size; ) {
    const type = ascii(b, pos, pos + 4);
    const len = b.readUInt32LE(pos + 4);
    if (pos + 8 + len > size) throw new FileRefused('truncated', 'the WebP is cut off');
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'VP8X' && len >= 10) {
      width = data.readUIntLE(4, 3) + 1;
      height = data.readUIntLE(7, 3) + 1;
    }
    if (type === 'XMP ') found.add('xmp');
    if (type === 'ICCP') found.add('icc');
    if (type !== 'VP8 ' && type !== 'VP8L' && type !== 'ALPH' && type !== 'ANMF' && foreignMarker(data)) {
      throw new FileRefused('polyglot', 'the WebP hides another format in a chunk (a polyglot)');
    }
    pos += 8 + len + (len % 2);
  }
  checkTrailing(b, size, found);
  return { width, height, found };
}

function pdfStructure(b: Buffer): Structure {
  const tailStart = Math.max(0, b.length - 2048);
  const tail = b.toString('latin1', tailStart);
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) throw new FileRefused('truncated', 'the PDF is cut off (no end-of-file marker)');
  const after = b.subarray(tailStart + eof + 5);
  if (!isPadding(after)) throw new FileRefused('polyglot', 'the PDF has other data after its end (a polyglot)');
  return { found: new Set() };
}

/**
 * Structural check of a file of a known format: refuses truncated files and
 * polyglots, reports metadata containers found, reads claimed dimensions.
 */
export function structureOf(format: FileFormat, b: Buffer): Structure {
  // Browsers and PDF readers look for a header within the first 1024 bytes: another format's there is a polyglot.
  if (format !== 'pdf') {
    const head = b.subarray(1, 1024).toString('latin1');
    if (head.includes('%PDF-')) throw new FileRefused('polyglot', 'the image also starts a PDF (a polyglot)');
  }
  switch (format) {
    case 'jpeg':
      return jpegStructure(b);
    case 'png':
      return pngStructure(b);
    case 'webp':
      return webpStructure(b);
    case 'pdf':
      return pdfStructure(b);
    default:
      return { found: new Set() };
  }
}
