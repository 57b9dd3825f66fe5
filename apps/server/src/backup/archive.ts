import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGzip, gunzipSync } from 'node:zlib';
import { tableDigest, type Snapshot, type TableDump, type Value } from './snapshot.ts';

// The plaintext inside a backup file, before gzip and encryption: JSON lines.
//   {"homewardBackup":1,"createdAt":...,"engine":...,"migrations":[...],"masterKey":null}
//   {"table":"cases","columns":[...],"rows":N,"digest":"..."}   then N lines, one row array each
//   ...
//   {"end":true,"sha256":"..."}   SHA-256 of every byte before this line
// Lines keep memory flat while packing and parsing (no single giant string) and make the layout readable with `zcat` after decryption.

const ARCHIVE = 1;

export interface Archive {
  createdAt: string;
  snapshot: Snapshot;
  /** Present only when the operator asked for it at backup time (base64). */
  masterKey: string | null;
}

/** The archive is not what a backup should hold: damaged beyond what the cipher catches, or not ours. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Lines are handed to gzip in chunks of about this many characters: fewer stream writes than one per row. */
const CHUNK = 1 << 20;

/**
 * Serialises and compresses an archive. Every line becomes its own small
 * string and the lines go through a streaming gzip in chunks, so the archive
 * is never one JavaScript string (V8 caps those near 512 MB, about 70 full-size
 * attachments) nor one uncompressed Buffer. The bytes are the same as before.
 * Example: `const gz = await packArchive({ createdAt, snapshot, masterKey: null })`.
 */
export async function packArchive(a: Archive): Promise<Buffer> {
  const hash = createHash('sha256');
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  let pending: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    const chunk = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    size = 0;
    hash.update(chunk);
    // Waiting for 'drain' keeps at most one chunk queued ahead of the compressor.
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  const line = async (s: string): Promise<void> => {
    pending.push(s, '\n');
    size += s.length + 1;
    if (size >= CHUNK) await flush();
  };
  await line(JSON.stringify({ homewardBackup: ARCHIVE, createdAt: a.createdAt, engine: a.snapshot.engine, migrations: a.snapshot.migrations, masterKey: a.masterKey }));
  for (const t of a.snapshot.tables) {
    await line(JSON.stringify({ table: t.name, columns: t.columns, rows: t.rows.length, digest: t.digest }));
    for (const r of t.rows) await line(JSON.stringify(r));
  }
  await flush();
  gzip.end(Buffer.from(JSON.stringify({ end: true, sha256: hash.digest('hex') }) + '\n', 'utf8'));
  await ended;
  return Buffer.concat(out);
}

const isValue = (v: unknown): v is Value => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Decompresses and checks an archive: the overall checksum, then each table's
 * row count and digest. Example: `const { snapshot } = unpackArchive(gz)`.
 */
export function unpackArchive(gz: Buffer): Archive {
  let buf: Buffer;
  try {
    buf = gunzipSync(gz);
  } catch {
    throw new ArchiveError('the backup\'s contents cannot be decompressed');
  }
  // Decoded one line at a time from the bytes: the whole text as one string
  // would exceed V8's string limit on a database with many attachments.
  const lastLine = buf.length < 2 ? -1 : buf.lastIndexOf(0x0a, buf.length - 2);
  if (lastLine < 0) throw new ArchiveError('the backup\'s contents are incomplete');
  const bodyEnd = lastLine + 1;
  let trailer: { end?: unknown; sha256?: unknown };
  try {
    trailer = JSON.parse(buf.toString('utf8', bodyEnd)) as typeof trailer;
  } catch {
    throw new ArchiveError('the backup\'s contents are incomplete (no checksum at the end)');
  }
  const sum = createHash('sha256').update(buf.subarray(0, bodyEnd)).digest('hex');
  if (trailer.end !== true || trailer.sha256 !== sum) throw new ArchiveError('the backup\'s checksum does not match its contents');

  // The body ends with a newline (it ends where the trailer begins), so every line is terminated.
  let pos = 0;
  let lineNo = 0;
  const more = () => pos < bodyEnd;
  const parse = (): unknown => {
    lineNo++;
    if (!more()) throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
    const nl = buf.indexOf(0x0a, pos);
    const text = buf.toString('utf8', pos, nl);
    pos = nl + 1;
    try {
      return JSON.parse(text);
    } catch {
      throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
    }
  };
  const head = parse() as { homewardBackup?: unknown; createdAt?: unknown; engine?: unknown; migrations?: unknown; masterKey?: unknown };
  if (head.homewardBackup !== ARCHIVE) throw new ArchiveError('the backup\'s contents are in an unknown layout; upgrade Homeward');
  if (typeof head.createdAt !== 'string' || (head.engine !== 'sqlite' && head.engine !== 'postgres') || !isStrings(head.migrations)) {
    throw new ArchiveError('the backup\'s description is malformed');
  }
  if (head.masterKey !== null && (typeof head.masterKey !== 'string' || Buffer.from(head.masterKey, 'base64').length !== 32)) {
    throw new ArchiveError('the backup\'s master key is malformed');
  }
  const tables: TableDump[] = [];
  while (more()) {
    const t = parse() as { table?: unknown; columns?: unknown; rows?: unknown; digest?: unknown };
    if (typeof t.table !== 'string' || !isStrings(t.columns) || !Number.isSafeInteger(t.rows) || typeof t.digest !== 'string') {
      throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
    }
    const n = t.rows as number;
    const rows: Value[][] = [];
    for (let k = 0; k < n; k++) {
      if (!more()) throw new ArchiveError(`the backup's table ${t.table} is incomplete`);
      const r = parse();
      if (!Array.isArray(r) || r.length !== t.columns.length || !r.every(isValue)) throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
      rows.push(r);
    }
    if (tableDigest(rows) !== t.digest) throw new ArchiveError(`the backup's table ${t.table} does not match its checksum`);
    if (tables.some((x) => x.name === t.table)) throw new ArchiveError(`the backup holds table ${t.table} twice`);
    tables.push({ name: t.table, columns: t.columns, rows, digest: t.digest });
  }
  return { createdAt: head.createdAt, masterKey: head.masterKey, snapshot: { engine: head.engine, migrations: head.migrations, tables } };
}
