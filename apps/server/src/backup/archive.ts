import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tableDigest, type Snapshot, type TableDump, type Value } from './snapshot.ts';

// The plaintext inside a backup file, before gzip and encryption: JSON lines.
//   {"homewardBackup":1,"createdAt":...,"engine":...,"migrations":[...],"masterKey":null}
//   {"table":"cases","columns":[...],"rows":N,"digest":"..."}   then N lines, one row array each
//   ...
//   {"end":true,"sha256":"..."}   SHA-256 of every byte before this line
// Lines keep memory flat while parsing and make the layout readable with `zcat` after decryption.

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

/**
 * Serialises and compresses an archive. Example: `const gz = packArchive({ createdAt, snapshot, masterKey: null })`.
 */
export function packArchive(a: Archive): Buffer {
  const lines: string[] = [JSON.stringify({ homewardBackup: ARCHIVE, createdAt: a.createdAt, engine: a.snapshot.engine, migrations: a.snapshot.migrations, masterKey: a.masterKey })];
  for (const t of a.snapshot.tables) {
    lines.push(JSON.stringify({ table: t.name, columns: t.columns, rows: t.rows.length, digest: t.digest }));
    for (const r of t.rows) lines.push(JSON.stringify(r));
  }
  const body = Buffer.from(lines.join('\n') + '\n', 'utf8');
  const sum = createHash('sha256').update(body).digest('hex');
  return gzipSync(Buffer.concat([body, Buffer.from(JSON.stringify({ end: true, sha256: sum }) + '\n', 'utf8')]));
}

const isValue = (v: unknown): v is Value => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Decompresses and checks an archive: the overall checksum, then each table's
 * row count and digest. Example: `const { snapshot } = unpackArchive(gz)`.
 */
export function unpackArchive(gz: Buffer): Archive {
  let text: string;
  try {
    text = gunzipSync(gz).toString('utf8');
  } catch {
    throw new ArchiveError('the backup\'s contents cannot be decompressed');
  }
  const lastLine = text.lastIndexOf('\n', text.length - 2);
  if (lastLine < 0) throw new ArchiveError('the backup\'s contents are incomplete');
  const body = text.slice(0, lastLine + 1);
  let trailer: { end?: unknown; sha256?: unknown };
  try {
    trailer = JSON.parse(text.slice(lastLine + 1)) as typeof trailer;
  } catch {
    throw new ArchiveError('the backup\'s contents are incomplete (no checksum at the end)');
  }
  const sum = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
  if (trailer.end !== true || trailer.sha256 !== sum) throw new ArchiveError('the backup\'s checksum does not match its contents');

  const lines = body.split('\n');
  lines.pop();
  const parse = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]!);
    } catch {
      throw new ArchiveError(`the backup's contents are malformed (line ${i + 1})`);
    }
  };
  const head = parse(0) as { homewardBackup?: unknown; createdAt?: unknown; engine?: unknown; migrations?: unknown; masterKey?: unknown };
  if (head.homewardBackup !== ARCHIVE) throw new ArchiveError('the backup\'s contents are in an unknown layout; upgrade Homeward');
  if (typeof head.createdAt !== 'string' || (head.engine !== 'sqlite' && head.engine !== 'postgres') || !isStrings(head.migrations)) {
    throw new ArchiveError('the backup\'s description is malformed');
  }
  if (head.masterKey !== null && (typeof head.masterKey !== 'string' || Buffer.from(head.masterKey, 'base64').length !== 32)) {
    throw new ArchiveError('the backup\'s master key is malformed');
  }
  const tables: TableDump[] = [];
  let i = 1;
  while (i < lines.length) {
    const t = parse(i++) as { table?: unknown; columns?: unknown; rows?: unknown; digest?: unknown };
    if (typeof t.table !== 'string' || !isStrings(t.columns) || !Number.isSafeInteger(t.rows) || typeof t.digest !== 'string') {
      throw new ArchiveError(`the backup's contents are malformed (line ${i})`);
    }
    const n = t.rows as number;
    if (i + n > lines.length) throw new ArchiveError(`the backup's table ${t.table} is incomplete`);
    const rows: Value[][] = [];
    for (let k = 0; k < n; k++, i++) {
      const r = parse(i);
      if (!Array.isArray(r) || r.length !== t.columns.length || !r.every(isValue)) throw new ArchiveError(`the backup's contents are malformed (line ${i + 1})`);
      rows.push(r);
    }
    if (tableDigest(rows) !== t.digest) throw new ArchiveError(`the backup's table ${t.table} does not match its checksum`);
    if (tables.some((x) => x.name === t.table)) throw new ArchiveError(`the backup holds table ${t.table} twice`);
    tables.push({ name: t.table, columns: t.columns, rows, digest: t.digest });
  }
  return { createdAt: head.createdAt, masterKey: head.masterKey, snapshot: { engine: head.engine, migrations: head.migrations, tables } };
}
