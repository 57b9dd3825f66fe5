import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
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

type Head = { homewardBackup?: unknown; createdAt?: unknown; engine?: unknown; migrations?: unknown; masterKey?: unknown };
type TableHead = { table?: unknown; columns?: unknown; rows?: unknown; digest?: unknown };

/**
 * Decompresses and checks an archive: the overall checksum, then each table's
 * row count and digest. The decompressed text is never held whole (neither
 * as a string, which V8 caps near 512 MB, nor as one Buffer): lines are parsed
 * as gzip yields them. Errors are reported in the order a whole-file check
 * would give them: a damaged archive says so before any line's complaint.
 * Example: `const { snapshot } = await unpackArchive(gz)`.
 */
export async function unpackArchive(gz: Buffer): Promise<Archive> {
  const hash = createHash('sha256');
  let head: { createdAt: string; engine: 'sqlite' | 'postgres'; migrations: string[]; masterKey: string | null } | undefined;
  let cur: { name: string; columns: string[]; n: number; rows: Value[][]; digest: string } | undefined;
  const tables: TableDump[] = [];
  let lineNo = 0;
  let failure: ArchiveError | undefined;

  const finishTable = (t: { name: string; columns: string[]; rows: Value[][]; digest: string }): void => {
    if (tableDigest(t.rows) !== t.digest) throw new ArchiveError(`the backup's table ${t.name} does not match its checksum`);
    if (tables.some((x) => x.name === t.name)) throw new ArchiveError(`the backup holds table ${t.name} twice`);
    tables.push({ name: t.name, columns: t.columns, rows: t.rows, digest: t.digest });
  };
  const step = (line: Buffer): void => {
    let v: unknown;
    try {
      v = JSON.parse(line.toString('utf8', 0, line.length - 1));
    } catch {
      throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
    }
    if (!head) {
      const h = (v ?? {}) as Head;
      if (h.homewardBackup !== ARCHIVE) throw new ArchiveError('the backup\'s contents are in an unknown layout; upgrade Homeward');
      if (typeof h.createdAt !== 'string' || (h.engine !== 'sqlite' && h.engine !== 'postgres') || !isStrings(h.migrations)) {
        throw new ArchiveError('the backup\'s description is malformed');
      }
      if (h.masterKey !== null && (typeof h.masterKey !== 'string' || Buffer.from(h.masterKey, 'base64').length !== 32)) {
        throw new ArchiveError('the backup\'s master key is malformed');
      }
      head = { createdAt: h.createdAt, engine: h.engine, migrations: h.migrations, masterKey: h.masterKey };
      return;
    }
    if (!cur) {
      const t = (v ?? {}) as TableHead;
      if (typeof t.table !== 'string' || !isStrings(t.columns) || !Number.isSafeInteger(t.rows) || typeof t.digest !== 'string') {
        throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
      }
      const next = { name: t.table, columns: t.columns, n: t.rows as number, rows: [], digest: t.digest };
      if (next.n <= 0) finishTable(next);
      else cur = next;
      return;
    }
    if (!Array.isArray(v) || v.length !== cur.columns.length || !v.every(isValue)) throw new ArchiveError(`the backup's contents are malformed (line ${lineNo})`);
    cur.rows.push(v);
    if (cur.rows.length === cur.n) {
      const done = cur;
      cur = undefined;
      finishTable(done);
    }
  };
  // Each line is hashed and parsed only once the next one has arrived: the last line is the trailer.
  let prev: Buffer | undefined;
  let bodyLines = 0;
  const body = (line: Buffer): void => {
    hash.update(line);
    bodyLines++;
    lineNo++;
    if (failure) return;
    try {
      step(line);
    } catch (err) {
      if (!(err instanceof ArchiveError)) throw err;
      failure = err;
    }
  };
  let carry: Buffer[] = [];
  try {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    gunzip.end(gz);
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl + 1);
        const line = carry.length ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        if (prev) body(prev);
        prev = line;
        start = nl + 1;
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError('the backup\'s contents cannot be decompressed');
  }
  // Text after the last newline is the trailer (as when the whole text was split at its last line).
  let trailerBytes: Buffer | undefined;
  if (carry.length) {
    if (prev) body(prev);
    trailerBytes = Buffer.concat(carry);
  } else {
    trailerBytes = prev;
  }
  if (!trailerBytes || bodyLines === 0) throw new ArchiveError('the backup\'s contents are incomplete');
  let trailer: { end?: unknown; sha256?: unknown };
  try {
    trailer = JSON.parse(trailerBytes.toString('utf8')) as typeof trailer;
  } catch {
    throw new ArchiveError('the backup\'s contents are incomplete (no checksum at the end)');
  }
  if (trailer === null || typeof trailer !== 'object' || trailer.end !== true || trailer.sha256 !== hash.digest('hex')) {
    throw new ArchiveError('the backup\'s checksum does not match its contents');
  }
  if (failure) throw failure;
  if (!head) throw new ArchiveError('the backup\'s contents are malformed (line 1)');
  if (cur) throw new ArchiveError(`the backup's table ${cur.name} is incomplete`);
  return { createdAt: head.createdAt, masterKey: head.masterKey, snapshot: { engine: head.engine, migrations: head.migrations, tables } };
}
