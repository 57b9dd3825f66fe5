/**
 * A small, careful CSV parser (RFC 4180: quoted fields, doubled quotes,
 * newlines inside quotes, CRLF). It reports the line of every problem and
 * trims fields, since FEBRL writes a space after each comma.
 */

export class CsvError extends Error {
  override name = 'CsvError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Source line where each row starts (1-based; the header is line 1). */
  lines: number[];
}

/**
 * Parses CSV text with a header row; every row must have as many fields as
 * the header. Throws CsvError with the line number otherwise.
 * @example parseCsv('id, name\n1, Kim\n').rows // [['1', 'Kim']]
 */
export function parseCsv(text: string, opts: { trim?: boolean } = {}): CsvTable {
  const trim = opts.trim ?? true;
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const rec: string[] = [];
    for (;;) {
      // One field.
      let value = '';
      while (i < n && (text[i] === ' ' || text[i] === '\t') && trim) i++;
      if (text[i] === '"') {
        i++;
        const openLine = line;
        for (;;) {
          if (i >= n) throw new CsvError('unterminated quoted field', openLine);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw new CsvError('unexpected text after a closing quote', line);
      } else {
        const s = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new CsvError('quote inside an unquoted field', line);
          i++;
        }
        value = text.slice(s, i);
        if (trim) value = value.trim();
      }
      rec.push(value);
      if (i >= n) break;
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    // Skip blank lines entirely.
    if (rec.length === 1 && rec[0] === '') continue;
    records.push(rec);
    lines.push(startLine);
  }
  if (records.length === 0) throw new CsvError('empty file: a header row is required', 1);
  const header = records[0]!;
  const rows = records.slice(1);
  const rowLines = lines.slice(1);
  rows.forEach((r, k) => {
    if (r.length !== header.length) throw new CsvError(`expected ${header.length} fields, found ${r.length}`, rowLines[k]!);
  });
  return { header, rows, lines: rowLines };
}

/** Quotes a value for CSV output when needed. Example: `csvField('a,b') === '"a,b"'`. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
