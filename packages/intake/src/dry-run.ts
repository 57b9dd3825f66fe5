import { convertRows, type ConvertOptions, type ConvertedCase, type RowProblem } from './convert.ts';
import type { EncodingDetection } from './decode.ts';
import { suggestMapping, type Mapping, type MappingSuggestion } from './mapping.ts';
import { parseTable, type ParseOptions } from './table.ts';

/**
 * A possible duplicate, found by a caller-supplied checker (later
 * @homeward/match, scoring imported cases against each other and against
 * existing cases).
 */
export interface DuplicateFinding {
  /** Rows of the imported file involved (one row against an existing case, or several rows against each other). */
  rows: number[];
  /** An existing case it may duplicate, if any. */
  existingCaseId?: string;
  /** 0..1 from the matcher. */
  score: number;
  /** The matcher's explanation, shown to the user as is. */
  explanation: string;
}

/** The hook through which duplicate detection plugs in; intake itself knows no matcher. */
export type DuplicateChecker = (cases: readonly ConvertedCase[]) => DuplicateFinding[] | Promise<DuplicateFinding[]>;

export interface DryRunOptions extends ParseOptions, ConvertOptions {
  /** The user's (or a saved) mapping; suggested from the headers when absent. */
  mapping?: Mapping;
  findDuplicates?: DuplicateChecker;
}

export interface DryRunReport {
  format: 'csv' | 'xlsx';
  encoding?: EncodingDetection;
  delimiter?: string;
  sheet?: string;
  headers: string[];
  /** The mapping used: the caller's, or the suggestion. */
  mapping: Mapping;
  /** Present when no mapping was given: per-column scores and reasons, and what seems missing. */
  suggestion?: MappingSuggestion;
  rowsRead: number;
  rowsRejected: number;
  cases: ConvertedCase[];
  problems: RowProblem[];
  errors: number;
  warnings: number;
  duplicates: DuplicateFinding[];
  /** True when there is no error: the import may proceed (duplicates are the user's call). */
  ok: boolean;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The whole pure half of an import, from bytes to a report: detect the format
 * and encoding, parse, map (suggesting a mapping when none is given), convert
 * to interchange cases, and run the duplicate hook. Writes nothing. Throws
 * IntakeError when the file as a whole cannot be read; everything row-level
 * is in `problems`.
 * Example: `const report = await dryRun(bytes, { mapping }); if (report.ok) await importCases(report.cases.map((c) => c.case))`.
 */
export async function dryRun(bytes: Uint8Array, options: DryRunOptions = {}): Promise<DryRunReport> {
  // Explicit options win over what a saved mapping remembers about the file.
  const table = await parseTable(bytes, { ...options.mapping?.source, ...definedOnly(options) });
  const suggestion = options.mapping ? undefined : suggestMapping(table.headers);
  const mapping = options.mapping ?? suggestion!.mapping;
  const converted = convertRows(table, mapping, options);
  const duplicates = options.findDuplicates ? await options.findDuplicates(converted.cases) : [];
  const errors = converted.problems.filter((p) => p.severity === 'error').length;
  return {
    format: table.format,
    ...(table.encoding ? { encoding: table.encoding } : {}),
    ...(table.delimiter ? { delimiter: table.delimiter } : {}),
    ...(table.sheet ? { sheet: table.sheet } : {}),
    headers: table.headers,
    mapping,
    ...(suggestion ? { suggestion } : {}),
    rowsRead: converted.rowsRead,
    rowsRejected: converted.rowsRejected,
    cases: converted.cases,
    problems: converted.problems,
    errors,
    warnings: converted.problems.length - errors,
    duplicates,
    ok: errors === 0,
  };
}
