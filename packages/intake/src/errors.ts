/**
 * Every way an import can fail as a whole, with a stable code the server maps
 * to a status and the web app translates. Messages name where (byte offset,
 * line, row, column) but never echo cell contents: a message can end up in a
 * log, and cell contents are identities.
 */
export const INTAKE_ERROR_CODES = [
  'intake.empty_file',
  'intake.file_too_large',
  'intake.encoding_unknown',
  'intake.encoding_invalid',
  'intake.csv_malformed',
  'intake.xlsx_corrupt',
  'intake.xlsx_no_sheet',
  'intake.cell_too_large',
  'intake.too_many_rows',
  'intake.too_many_columns',
  'intake.no_header',
  'intake.mapping_invalid',
] as const;
export type IntakeErrorCode = (typeof INTAKE_ERROR_CODES)[number];

/** Where in the file a problem is; every field optional because formats differ. */
export interface IntakeLocation {
  /** Byte offset from the start of the file, 0-based. */
  byteOffset?: number;
  /** Physical line of a text file, 1-based. */
  line?: number;
  /** Spreadsheet row, 1-based, the header being row 1. */
  row?: number;
  /** 1-based column number. */
  column?: number;
  /** Column letter as a spreadsheet shows it (A, B, ..., AA). */
  columnLetter?: string;
}

/**
 * A whole-file failure. Callers branch on `code`, never on `message`.
 * Example: `if (e instanceof IntakeError && e.code === 'intake.encoding_invalid') console.log(e.where.byteOffset)`.
 */
export class IntakeError extends Error {
  readonly code: IntakeErrorCode;
  readonly where: IntakeLocation;
  /** Extra machine-readable facts (encoding tried, limit exceeded, ...); never cell contents. */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: IntakeErrorCode,
    message: string,
    where: IntakeLocation = {},
    details: Record<string, string | number | boolean> = {},
  ) {
    super(message);
    this.name = 'IntakeError';
    this.code = code;
    this.where = where;
    this.details = details;
  }
}

/**
 * Spreadsheet column letter for a 1-based column number.
 * Example: `columnLetter(28) === 'AB'`.
 */
export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
