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
  code: 'ragged_row' | 'formula_without_value' | 'cell_error';
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
  rows: TableRow[];
  problems: TableProblem[];
}

export interface ParseOptions {
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

  let header: string[] | undefined;
  const rows: TableRow[] = [];
  const problems: TableProblem[] = [];
  let prevEnd = 0;
  let recordNo = 0;
  for (let k = 0; k < records.length; k++) {
    const record = records[k]!;
    const line = prevEnd + 1;
    prevEnd = endLines[k]!;
    recordNo++;
    if (record.length > limits.maxColumns) throw tooManyColumns(record.length, limits, recordNo);
    for (let c = 0; c < record.length; c++) checkCell(record[c]!, recordNo, c + 1, limits, line);
    if (isBlank(record)) continue;
    if (!header) {
      header = headerNames(record);
      while (header.length > 0 && header[header.length - 1]!.startsWith('Column ') && (record[header.length - 1] ?? '').trim() === '') header.pop();
      continue;
    }
    if (rows.length >= limits.maxRows) throw tooManyRows(limits);
    const width = header.length;
    // Trailing empty cells are what many tools write; anything else shifts data between columns.
    let used = record.length;
    while (used > width && record[used - 1]!.trim() === '') used--;
    if (used !== width) {
      problems.push({
        row: recordNo,
        line,
        code: 'ragged_row',
        message: `Row ${recordNo} (line ${line}) has ${used} cells but the header has ${width}: values may be in the wrong columns (an unquoted delimiter inside a value?).`,
      });
    }
    const cells = Array.from({ length: width }, (_, i) => record[i] ?? '');
    rows.push({ row: recordNo, line, cells });
  }
  if (!header) throw new IntakeError('intake.no_header', 'The file has no header row: every line is empty.');
  return { format: 'csv', encoding: detection, delimiter, headers: header, rows, problems };
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
      const table = readSheet(book, index, limits);
      if (table) return table;
    }
    throw new IntakeError('intake.no_header', 'The worksheet has no header row: it is empty.', {}, { sheet: book.names[candidates[0]!] ?? '' });
  } catch (e) {
    // Anything else thrown while reading means parts of the file are nonsense.
    if (e instanceof IntakeError) throw e;
    throw corruptXlsx('unexpected');
  }
}

function readSheet(book: WorkbookSheets, index: number, limits: ParseLimits): ParsedTable | undefined {
  let header: string[] | undefined;
  const rows: TableRow[] = [];
  const problems: TableProblem[] = [];
  book.read(index, (rowNumber, sheetCells) => {
    const cells: string[] = [];
    for (const c of sheetCells) {
      while (cells.length < c.column - 1) cells.push('');
      cells[c.column - 1] = c.text;
      if (c.problem && header) {
        const letter = columnLetter(c.column);
        problems.push({
          row: rowNumber,
          column: c.column,
          columnLetter: letter,
          code: c.problem,
          message:
            c.problem === 'formula_without_value'
              ? `Row ${rowNumber}, column ${letter} is a formula with no saved value; open the file in a spreadsheet program and save it again.`
              : `Row ${rowNumber}, column ${letter} holds a spreadsheet error value.`,
        });
      }
    }
    if (isBlank(cells)) return;
    if (!header) {
      header = headerNames(cells);
      return;
    }
    if (rows.length >= limits.maxRows) throw tooManyRows(limits);
    const width = header.length;
    let used = cells.length;
    while (used > width && cells[used - 1]!.trim() === '') used--;
    if (used > width) {
      problems.push({ row: rowNumber, code: 'ragged_row', message: `Row ${rowNumber} has values beyond the last header column (${columnLetter(width)}).` });
    }
    rows.push({ row: rowNumber, cells: Array.from({ length: width }, (_, i) => cells[i] ?? '') });
  });
  if (!header) return undefined;
  return { format: 'xlsx', sheet: book.names[index]!, headers: header, rows, problems };
}
