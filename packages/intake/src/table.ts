import { parse as parseCsvSync, CsvError } from 'csv-parse/sync';
import { decodeText, type EncodingDetection, type Encoding } from './decode.ts';
import { IntakeError, columnLetter } from './errors.ts';
import { corruptXlsx, declaredUnzippedBytes, openWorkbook, type WorkbookSheets } from './xlsx-reader.ts';

/** Limits that bound memory and refuse hostile files. All configurable. */
export interface ParseLimits {
  /** Largest file accepted, in bytes. Default 64 MiB. */
  maxBytes: number;
  /** Longest cell, in UTF-16 code units. Default 32,767: Excel's own per-cell limit. */
  maxCellChars: number;
  /** Most data rows (header excluded). Default 100,000. */
  maxRows: number;
  /** Most columns. Default 200. */
  maxColumns: number;
  /**
   * XLSX only: the most the ZIP may unpack to, by its own directory. Default
   * 256 MiB. Guards against zip bombs before anything is decompressed.
   */
  maxUnzippedBytes: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxCellChars: 32_767,
  maxRows: 100_000,
  maxColumns: 200,
  maxUnzippedBytes: 256 * 1024 * 1024,
};

export interface TableRow {
  /** Row number as the user sees it: 1 is the header row in an XLSX sheet or the first record of a CSV. */
  row: number;
  /** For CSV, the physical line the record starts on (records can span lines inside quotes). */
  line?: number;
  /** One string per header column; missing cells are ''. */
  cells: string[];
}

/** Problems in the file's structure that concern one row or cell, not the whole file. */
export interface TableProblem {
  row: number;
  line?: number;
  column?: number;
  columnLetter?: string;
  code: 'ragged_row' | 'formula_without_value' | 'cell_error' | 'number_may_be_month';
  /** 'error' unless said otherwise. */
  severity?: 'error' | 'warning';
  message: string;
}

export interface ParsedTable {
  format: 'csv' | 'xlsx';
  /** For CSV only. */
  encoding?: EncodingDetection;
  delimiter?: string;
  /** For XLSX only: the sheet that was read. */
  sheet?: string;
  headers: string[];
  /** The row the headers were read from (rows above it, e.g. a title, are skipped). */
  headerRow: number;
  rows: TableRow[];
  problems: TableProblem[];
}

export interface ParseOptions {
  /**
   * 1-based row of the headers. When absent, the first row among the first
   * 20 non-empty ones that is about as wide as the widest: a title row
   * ("2024년 사례 목록") above the headers is skipped.
   */
  headerRow?: number;
  /** 'auto' (default) looks at the first bytes: a ZIP is XLSX, anything else CSV. */
  format?: 'auto' | 'csv' | 'xlsx';
  /** CSV only: insist on an encoding instead of detecting it. */
  encoding?: Encoding;
  /** CSV only: ',' ';' '\t' or '|'; detected from the header line when absent. */
  delimiter?: string;
  /** XLSX only: sheet name or 1-based position; the first sheet with data when absent. */
  sheet?: string | number;
  limits?: Partial<ParseLimits>;
}

/**
 * Which parser the bytes need. Old binary .xls is refused with a message
 * rather than misread as text.
 * Example: `detectFormat(xlsxBytes) === 'xlsx'`.
 */
export function detectFormat(bytes: Uint8Array): 'csv' | 'xlsx' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new IntakeError('intake.xlsx_corrupt', 'This is an old Excel 97-2003 (.xls) file. Open it in a spreadsheet program and save it as .xlsx or CSV.', {}, { format: 'xls' });
  }
  return 'csv';
}

/**
 * Reads a CSV or XLSX file into a header and rows of strings, without
 * interpreting any value. Throws IntakeError for whole-file failures; per-row
 * structure problems (ragged rows, formula cells without a cached value) are
 * in `problems`.
 * Example: `const table = await parseTable(bytes); table.headers // ['이름', '생년월일']`.
 */
export async function parseTable(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedTable> {
  const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length === 0) throw new IntakeError('intake.empty_file', 'The file is empty.');
  if (bytes.length > limits.maxBytes) {
    throw new IntakeError('intake.file_too_large', `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`, {}, { bytes: bytes.length, limit: limits.maxBytes });
  }
  const format = !options.format || options.format === 'auto' ? detectFormat(bytes) : options.format;
  return format === 'xlsx' ? parseXlsx(bytes, options, limits) : parseCsv(bytes, options, limits);
}

function detectDelimiter(text: string): string {
  // The header line decides: headers rarely contain the delimiter, data often does.
  const end = text.indexOf('\n');
  const head = end < 0 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    let count = 0;
    let quoted = false;
    for (const ch of head) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

function checkCell(value: string, row: number, column: number, limits: ParseLimits, line?: number): void {
  if (value.length > limits.maxCellChars) {
    throw new IntakeError(
      'intake.cell_too_large',
      `Row ${row}, column ${columnLetter(column)} holds ${value.length} characters; the limit is ${limits.maxCellChars}.`,
      { row, column, columnLetter: columnLetter(column), ...(line !== undefined ? { line } : {}) },
      { chars: value.length, limit: limits.maxCellChars },
    );
  }
}

function headerNames(cells: readonly string[]): string[] {
  return cells.map((c, i) => {
    const t = c.trim();
    return t === '' ? `Column ${columnLetter(i + 1)}` : t;
  });
}

function tooManyRows(limits: ParseLimits): IntakeError {
  return new IntakeError('intake.too_many_rows', `The file has more than ${limits.maxRows} data rows; split it into smaller files.`, {}, { limit: limits.maxRows });
}

function tooManyColumns(count: number, limits: ParseLimits, row: number): IntakeError {
  return new IntakeError('intake.too_many_columns', `Row ${row} has ${count} columns; the limit is ${limits.maxColumns}.`, { row }, { columns: count, limit: limits.maxColumns });
}

interface PendingRow {
  row: number;
  line?: number;
  cells: string[];
  cellProblems?: TableProblem[];
}

const HEADER_LOOKAHEAD = 20;

/**
 * Index of the header among the first rows: rows of a single filled cell
 * above a table at least three wide are titles and notes, skipped. The choice is reported
 * (`headerRow`) and can be overridden.
 */
function chooseHeader(rows: readonly PendingRow[]): number {
  const counts = rows.map((r) => r.cells.filter((c) => c.trim() !== '').length);
  const max = Math.max(0, ...counts);
  // A one- or two-column table gives no evidence: its header may be narrower than a ragged row.
  if (max < 3) return 0;
  // Only one-cell rows are skipped: a header with a few unnamed columns is still the header.
  const i = counts.findIndex((c) => c > 1);
  return i < 0 ? 0 : i;
}

/** Collects rows, finds the header, and checks widths: the part CSV and XLSX share. */
function tableBuilder(limits: ParseLimits, headerRow: number | undefined, csvWidthRule: boolean) {
  let header: string[] | undefined;
  let headerAt = 0;
  const pending: PendingRow[] = [];
  const rows: TableRow[] = [];
  const problems: TableProblem[] = [];

  const accept = (r: PendingRow, raw: readonly string[]) => {
    if (rows.length >= limits.maxRows) throw tooManyRows(limits);
    const width = header!.length;
    // Trailing empty cells are what many tools write; anything else shifts data between columns.
    let used = raw.length;
    while (used > width && raw[used - 1]!.trim() === '') used--;
    if (csvWidthRule ? used !== width : used > width) {
      problems.push({
        row: r.row,
        ...(r.line !== undefined ? { line: r.line } : {}),
        code: 'ragged_row',
        message: csvWidthRule
          ? `Row ${r.row} (line ${r.line}) has ${used} cells but the header has ${width}: values may be in the wrong columns (an unquoted delimiter inside a value?).`
          : `Row ${r.row} has values beyond the last header column (${columnLetter(width)}).`,
      });
    }
    if (r.cellProblems) problems.push(...r.cellProblems);
    rows.push({ row: r.row, ...(r.line !== undefined ? { line: r.line } : {}), cells: Array.from({ length: width }, (_, i) => raw[i] ?? '') });
  };

  const decide = () => {
    const i = headerRow !== undefined ? pending.findIndex((p) => p.row === headerRow) : chooseHeader(pending);
    if (i < 0) return;
    const h = pending[i]!;
    header = headerNames(h.cells);
    while (header.length > 0 && header[header.length - 1]!.startsWith('Column ') && (h.cells[header.length - 1] ?? '').trim() === '') header.pop();
    headerAt = h.row;
    for (const r of pending.slice(i + 1)) accept(r, r.cells);
    pending.length = 0;
  };

  return {
    push(r: PendingRow): void {
      if (isBlank(r.cells)) return;
      if (header) return accept(r, r.cells);
      if (headerRow !== undefined && r.row < headerRow) return;
      pending.push(r);
      if (headerRow !== undefined ? r.row === headerRow : pending.length >= HEADER_LOOKAHEAD) decide();
    },
    finish(): { headers: string[]; headerRow: number; rows: TableRow[]; problems: TableProblem[] } | undefined {
      if (!header && pending.length > 0 && headerRow === undefined) decide();
      if (!header) return undefined;
      return { headers: header, headerRow: headerAt, rows, problems };
    },
  };
}

function noHeader(headerRow: number | undefined, what: string): IntakeError {
  return headerRow !== undefined
    ? new IntakeError('intake.no_header', `Row ${headerRow}, chosen as the header row, is empty or missing.`, { row: headerRow })
    : new IntakeError('intake.no_header', `The ${what} has no header row: it is empty.`);
}

const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field is not doubled',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
};

function parseCsv(bytes: Uint8Array, options: ParseOptions, limits: ParseLimits): ParsedTable {
  const { text, detection } = decodeText(bytes, options.encoding ? { encoding: options.encoding } : {});
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let records: string[][];
  // Line where each record ends; on_record is cheaper than `info: true`, which copies an object per record.
  const endLines: number[] = [];
  try {
    records = parseCsvSync(text, {
      delimiter,
      relax_column_count: true,
      on_record: (record: string[], context: { lines: number }) => {
        endLines.push(context.lines);
        return record;
      },
      // No max_record_size: maxBytes already bounds memory, and the per-cell
      // check below can name the row and column, which csv-parse cannot.
    });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as unknown as { lines: number }).lines : undefined;
      const reason = CSV_REASONS[e.code] ?? 'the CSV structure is broken';
      // csv-parse's own message quotes file content; ours names only the place.
      throw new IntakeError('intake.csv_malformed', `The CSV file cannot be read${line !== undefined ? ` near line ${line}` : ''}: ${reason}.`, line !== undefined ? { line } : {}, { parser: e.code });
    }
    throw e;
  }

  const builder = tableBuilder(limits, options.headerRow, true);
  let prevEnd = 0;
  for (let k = 0; k < records.length; k++) {
    const record = records[k]!;
    const line = prevEnd + 1;
    prevEnd = endLines[k]!;
    const row = k + 1;
    if (record.length > limits.maxColumns) throw tooManyColumns(record.length, limits, row);
    for (let c = 0; c < record.length; c++) checkCell(record[c]!, row, c + 1, limits, line);
    builder.push({ row, line, cells: record });
  }
  const table = builder.finish();
  if (!table) throw noHeader(options.headerRow, 'file');
  return { format: 'csv', encoding: detection, delimiter, ...table };
}

function parseXlsx(bytes: Uint8Array, options: ParseOptions, limits: ParseLimits): ParsedTable {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped !== undefined && unzipped > limits.maxUnzippedBytes) {
    throw new IntakeError(
      'intake.file_too_large',
      `The XLSX file unpacks to ${Number.isFinite(unzipped) ? `${unzipped} bytes` : 'more than 4 GiB'}; the limit is ${limits.maxUnzippedBytes}.`,
      {},
      { limit: limits.maxUnzippedBytes },
    );
  }
  try {
    const book = openWorkbook(bytes, limits);
    let candidates: number[];
    if (typeof options.sheet === 'number') candidates = options.sheet >= 1 && options.sheet <= book.names.length ? [options.sheet - 1] : [];
    else if (typeof options.sheet === 'string') candidates = book.names.includes(options.sheet) ? [book.names.indexOf(options.sheet)] : [];
    else candidates = book.names.map((_, i) => i);
    if (candidates.length === 0) {
      throw new IntakeError('intake.xlsx_no_sheet', options.sheet === undefined ? 'The workbook has no worksheet.' : 'The workbook has no such worksheet.', {}, { sheets: book.names.length });
    }
    // Without a choice, the first sheet that has anything in it.
    for (const index of candidates) {
      const table = readSheet(book, index, limits, options.headerRow);
      if (table) return table;
    }
    throw noHeader(options.headerRow, 'worksheet');
  } catch (e) {
    // Anything else thrown while reading means parts of the file are nonsense.
    if (e instanceof IntakeError) throw e;
    throw corruptXlsx('unexpected');
  }
}

function readSheet(book: WorkbookSheets, index: number, limits: ParseLimits, headerRow: number | undefined): ParsedTable | undefined {
  const builder = tableBuilder(limits, headerRow, false);
  book.read(index, (rowNumber, sheetCells) => {
    const cells: string[] = [];
    let cellProblems: TableProblem[] | undefined;
    for (const c of sheetCells) {
      while (cells.length < c.column - 1) cells.push('');
      cells[c.column - 1] = c.text;
      if (c.problem) {
        const letter = columnLetter(c.column);
        (cellProblems ??= []).push({
          row: rowNumber,
          column: c.column,
          columnLetter: letter,
          code: c.problem,
          ...(c.problem === 'number_may_be_month' ? { severity: 'warning' as const } : {}),
          message:
            c.problem === 'formula_without_value'
              ? `Row ${rowNumber}, column ${letter} is a formula with no saved value; open the file in a spreadsheet program and save it again.`
              : c.problem === 'number_may_be_month'
                ? `Row ${rowNumber}, column ${letter} is a number ending in .1: if it was typed as year.10 (October), the spreadsheet turned it into .1 (January); check it.`
                : `Row ${rowNumber}, column ${letter} holds a spreadsheet error value.`,
        });
      }
    }
    builder.push({ row: rowNumber, cells, ...(cellProblems ? { cellProblems } : {}) });
  });
  const table = builder.finish();
  return table ? { format: 'xlsx', sheet: book.names[index]!, ...table } : undefined;
}
