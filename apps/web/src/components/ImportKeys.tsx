// Catalogue keys for codes the server sends (problem codes, file errors, mapping
// fields, match levels), written out so every key is a literal the catalogue
// test can see; a code without an entry falls back to the code itself.

/** Row problems of a dry run (@homeward/intake ProblemCode). */
export const PROBLEM_KEYS: Readonly<Record<string, string>> = {
  'ragged_row': 'import.problems.ragged_row',
  'formula_without_value': 'import.problems.formula_without_value',
  'cell_error': 'import.problems.cell_error',
  'number_may_be_month': 'import.problems.number_may_be_month',
  'name_required': 'import.problems.name_required',
  'sought_required': 'import.problems.sought_required',
  'value_too_long': 'import.problems.value_too_long',
  'date_unparseable': 'import.problems.date_unparseable',
  'date_ambiguous': 'import.problems.date_ambiguous',
  'date_out_of_range': 'import.problems.date_out_of_range',
  'date_approximate': 'import.problems.date_approximate',
  'value_unrecognised': 'import.problems.value_unrecognised',
  'relation_required': 'import.problems.relation_required',
  'case_conflict': 'import.problems.case_conflict',
  'place_unknown': 'import.problems.place_unknown',
  'invalid_case': 'import.problems.invalid_case',
};
/** Whole-file refusals (intake.* without the prefix). */
export const FILE_ERROR_KEYS: Readonly<Record<string, string>> = {
  'empty_file': 'import.fileErrors.empty_file',
  'file_too_large': 'import.fileErrors.file_too_large',
  'encoding_unknown': 'import.fileErrors.encoding_unknown',
  'encoding_invalid': 'import.fileErrors.encoding_invalid',
  'csv_malformed': 'import.fileErrors.csv_malformed',
  'xlsx_corrupt': 'import.fileErrors.xlsx_corrupt',
  'xlsx_no_sheet': 'import.fileErrors.xlsx_no_sheet',
  'cell_too_large': 'import.fileErrors.cell_too_large',
  'too_many_rows': 'import.fileErrors.too_many_rows',
  'too_many_columns': 'import.fileErrors.too_many_columns',
  'no_header': 'import.fileErrors.no_header',
  'mapping_invalid': 'import.fileErrors.mapping_invalid',
  'no_rows': 'import.fileErrors.no_rows',
};
/** Mapping target fields. */
export const FIELD_KEYS: Readonly<Record<string, string>> = {
  'case.key': 'import.fields.case.key',
  'applicant.name': 'import.fields.applicant.name',
  'applicant.surname': 'import.fields.applicant.surname',
  'applicant.givenName': 'import.fields.applicant.givenName',
  'applicant.birth': 'import.fields.applicant.birth',
  'applicant.sex': 'import.fields.applicant.sex',
  'applicant.lastKnownPlace': 'import.fields.applicant.lastKnownPlace',
  'applicant.safeContact': 'import.fields.applicant.safeContact',
  'sought.name': 'import.fields.sought.name',
  'sought.surname': 'import.fields.sought.surname',
  'sought.givenName': 'import.fields.sought.givenName',
  'sought.birth': 'import.fields.sought.birth',
  'sought.sex': 'import.fields.sought.sex',
  'sought.relation': 'import.fields.sought.relation',
  'sought.lastKnownPlace': 'import.fields.sought.lastKnownPlace',
  'sought.separatedOn': 'import.fields.sought.separatedOn',
  'sought.separationCircumstances': 'import.fields.sought.separationCircumstances',
  'sought.notes': 'import.fields.sought.notes',
  'notes': 'import.fields.notes',
  'ignore': 'import.fields.ignore',
};
/** Comparison levels of @homeward/match. */
export const LEVEL_KEYS: Readonly<Record<string, string>> = {
  'exact': 'import.levels.exact',
  'equivalent': 'import.levels.equivalent',
  'high': 'import.levels.high',
  'medium': 'import.levels.medium',
  'typo': 'import.levels.typo',
  'same-month': 'import.levels.same-month',
  'same-year': 'import.levels.same-year',
  'compatible': 'import.levels.compatible',
  'within-2-years': 'import.levels.within-2-years',
  'same': 'import.levels.same',
  'contains': 'import.levels.contains',
  'same-county': 'import.levels.same-county',
  'same-prefecture': 'import.levels.same-prefecture',
  'same-province': 'import.levels.same-province',
  'similar': 'import.levels.similar',
};
/** Fields the duplicate check compares. */
export const MATCH_FIELD_KEYS: Readonly<Record<string, string>> = {
  'sought': 'import.matchFields.sought',
  'applicant': 'import.matchFields.applicant',
  'birth': 'import.matchFields.birth',
  'place': 'import.matchFields.place',
  'sex': 'import.matchFields.sex',
};
/** Default relations ('none' for no default). */
export const RELATION_KEYS: Readonly<Record<string, string>> = {
  'none': 'import.relations.none',
  'daughter': 'import.relations.daughter',
  'son': 'import.relations.son',
  'child': 'import.relations.child',
  'grandchild': 'import.relations.grandchild',
  'sibling': 'import.relations.sibling',
  'other': 'import.relations.other',
};

/** Looks a code up in one of the maps above; the code itself when unknown. */
export function keyFor(map: Readonly<Record<string, string>>, code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, code) ? map[code] : undefined;
}
