import { parse as parseCsvSync, CsvError } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { decodeText, type EncodingDetection, type Encoding } from './decode.ts';
import { IntakeError, columnLetter } from './errors.ts';

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

/**
 * Sum of the uncompressed sizes a ZIP's central directory declares, or
 * undefined when the directory cannot be found (the loader will then fail on
 * its own). ZIP64 markers count as too large: no case list needs 4 GiB.
 */
function declaredUnzippedBytes(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let eocd = bytes.length - 22; eocd >= floor; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined;
      const size = view.getUint32(at + 24, true);
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return undefined;
}

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

/**
 * A date cell as text at the precision its format shows: a sheet formatted
 * "yyyy-mm" holds a full date internally, but the user only ever saw (and
 * meant) a month.
 */
function dateText(d: Date, numFmt: string | undefined): string {
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  const fmt = (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '').toLowerCase();
  if (fmt !== '' && !/d/.test(fmt)) return /m/.test(fmt) ? `${y}-${m}` : y;
  return `${y}-${m}-${day}`;
}

type CellOutcome = { text: string; problem?: TableProblem['code'] };

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): CellOutcome {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { text: '', problem: 'cell_error' } : { text: dateText(value, numFmt) };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('error' in value) return { text: '', problem: 'cell_error' };
  if ('formula' in value || 'sharedFormula' in value) {
    // Never evaluate: the value the spreadsheet saved is the value the user saw.
    const result = (value as { result?: ExcelJS.CellValue }).result;
    if (result === undefined || result === null) return { text: '', problem: 'formula_without_value' };
    return cellText(result as ExcelJS.CellValue, numFmt);
  }
  if ('text' in value && typeof (value as { text: unknown }).text === 'string') return { text: (value as { text: string }).text };
  if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text, numFmt);
  return { text: '' };
}

async function parseXlsx(bytes: Uint8Array, options: ParseOptions, limits: ParseLimits): Promise<ParsedTable> {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped !== undefined && unzipped > limits.maxUnzippedBytes) {
    throw new IntakeError(
      'intake.file_too_large',
      `The XLSX file unpacks to ${Number.isFinite(unzipped) ? `${unzipped} bytes` : 'more than 4 GiB'}; the limit is ${limits.maxUnzippedBytes}.`,
      {},
      { limit: limits.maxUnzippedBytes },
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // load() unzips in memory. exceljs's streaming reader was rejected on
    // purpose: it spills worksheets to temporary files, i.e. names in
    // plaintext on disk.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw corruptXlsx();
  }
  try {
    return readSheet(workbook, options, limits);
  } catch (e) {
    // A workbook that loads but whose parts are nonsense is as damaged as a truncated one.
    if (e instanceof IntakeError) throw e;
    throw corruptXlsx();
  }
}

function corruptXlsx(): IntakeError {
  return new IntakeError('intake.xlsx_corrupt', 'The XLSX file is damaged or incomplete (was it fully copied?). Open it in a spreadsheet program and save it again.', {}, { format: 'xlsx' });
}

function readSheet(workbook: ExcelJS.Workbook, options: ParseOptions, limits: ParseLimits): ParsedTable {
  const sheets = workbook.worksheets;
  let sheet: ExcelJS.Worksheet | undefined;
  if (typeof options.sheet === 'number') sheet = sheets[options.sheet - 1];
  else if (typeof options.sheet === 'string') sheet = sheets.find((s) => s.name === options.sheet);
  else sheet = sheets.find((s) => s.actualRowCount > 0) ?? sheets[0];
  if (!sheet) {
    throw new IntakeError('intake.xlsx_no_sheet', options.sheet === undefined ? 'The workbook has no worksheet.' : 'The workbook has no such worksheet.', {}, { sheets: sheets.length });
  }
  if (sheet.columnCount > limits.maxColumns) throw tooManyColumns(sheet.columnCount, limits, 1);

  let header: string[] | undefined;
  const rows: TableRow[] = [];
  const problems: TableProblem[] = [];
  let failure: unknown;
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (failure !== undefined) return;
    try {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > limits.maxColumns) throw tooManyColumns(col, limits, rowNumber);
        const out = cellText(cell.value, cell.numFmt);
        checkCell(out.text, rowNumber, col, limits);
        while (cells.length < col - 1) cells.push('');
        cells[col - 1] = out.text;
        if (out.problem) {
          problems.push({
            row: rowNumber,
            column: col,
            columnLetter: columnLetter(col),
            code: out.problem,
            message:
              out.problem === 'formula_without_value'
                ? `Row ${rowNumber}, column ${columnLetter(col)} is a formula with no saved value; open the file in a spreadsheet program and save it again.`
                : `Row ${rowNumber}, column ${columnLetter(col)} holds a spreadsheet error value.`,
          });
        }
      });
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
    } catch (e) {
      failure = e;
    }
  });
  if (failure !== undefined) throw failure;
  if (!header) throw new IntakeError('intake.no_header', 'The worksheet has no header row: it is empty.', {}, { sheet: sheet.name });
  // Formula problems in the header row belong to no data row; keep only data ones.
  const firstData = rows[0]?.row ?? Infinity;
  return { format: 'xlsx', sheet: sheet.name, headers: header, rows, problems: problems.filter((p) => p.row >= firstData) };
}
