// @homeward/intake: the pure core of spreadsheet import (and safe export).
// Bytes in, cases and a problem report out; no file, network or database IO.
export { IntakeError, INTAKE_ERROR_CODES, columnLetter, type IntakeErrorCode, type IntakeLocation } from './errors.ts';
export { ENCODINGS, decodeText, detectEncoding, encodeText, type DecodedText, type Encoding, type EncodingDetection } from './decode.ts';
export {
  DEFAULT_LIMITS, detectFormat, parseTable, type ParseLimits, type ParseOptions, type ParsedTable, type TableProblem, type TableRow,
} from './table.ts';
export { parsePartialDate, type DateOptions, type DateParse, type PartialDate } from './dates.ts';
export {
  ColumnMappingSchema, MappingSchema, TARGET_FIELDS, normaliseHeader, parseMapping, suggestMapping,
  type ColumnMapping, type ColumnSuggestion, type Mapping, type MappingInput, type MappingSuggestion, type MissingField, type TargetField,
} from './mapping.ts';
export {
  DEFAULT_CONVERT_LIMITS, convertRows,
  type ConvertLimits, type ConvertOptions, type ConvertResult, type ConvertedCase, type ProblemCode, type RowProblem,
} from './convert.ts';
export { encodeCsv, neutraliseCell, restoreNeutralisedCell, toCsv, writeXlsx, type CsvWriteOptions } from './export.ts';
export { dryRun, type DryRunOptions, type DryRunReport, type DuplicateChecker, type DuplicateFinding } from './dry-run.ts';
