// Spreadsheet import wired to the database (issue 9): dry run with duplicate
// detection, then one all-or-nothing transaction.
export { checkSpreadsheet, intakeFailure, mappingFrom, presentReport, writeCases, type ImportCheck, type ImportPhase, type ImportProgress } from './service.ts';
export { DUPLICATE_LIST_LIMIT, DUPLICATE_THRESHOLD, findDuplicates } from './duplicates.ts';
export { casesToSheet, EXPORT_MAPPING, sheetRows } from './sheet-export.ts';
