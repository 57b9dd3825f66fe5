// Public API of @homeward/advocacy: safe statistics and consented dossiers.
// Pure: no network, no database. The server decrypts, coarsens and checks
// roles; this package counts, suppresses, filters and renders.
export { AdvocacyError, type AdvocacyErrorCode } from './errors.ts';
export {
  ageBand,
  bandOf,
  dateRange,
  yearsSince,
  DEFAULT_AGE_BANDS,
  DEFAULT_YEARS_SINCE_BANDS,
  UNKNOWN,
  type Band,
  type DatePrecision,
  type PartialDate,
  type YearsInterval,
  type YMD,
} from './age.ts';
export type { MicroRow, TableSpec, VariableSpec } from './sdc/cells.ts';
export {
  buildRelease,
  buildReleaseWithDiagnostics,
  checkThreshold,
  DEFAULT_MIN_INTERVAL_WIDTH,
  DEFAULT_THRESHOLD,
  DEFAULT_VARIABLES,
  MIN_THRESHOLD,
  type Release,
  type ReleaseCell,
  type ReleaseDiagnostics,
  type ReleaseSpec,
  type ReleaseTable,
} from './sdc/release.ts';
export { formatPartialDate, LABELS, type Lang, type RecipientKind, type Relationship, type Sex } from './dossier/labels.ts';
export {
  buildDossier,
  dossierToJson,
  filterConsented,
  FIELD_KEYS,
  type CaseFields,
  type CaseView,
  type Dossier,
  type DossierCase,
  type DossierInput,
  type DossierLine,
  type DossierSection,
  type FieldKey,
  type NameForm,
  type Place,
  type Recipient,
  type Step,
} from './dossier/model.ts';
export {
  checkDossierConsent,
  dossiersToRecall,
  type ConsentDecision,
  type ConsentGrant,
  type ConsentProblem,
  type RegisterEntry,
} from './dossier/consent.ts';
export { renderDossierPdf } from './dossier/pdf.ts';
export { scriptRuns } from './dossier/fonts.ts';
export { methodologyNote, releaseToCsv, type NoteLang } from './sdc/export.ts';
export { releaseToJson, renderReleasePdf, type ReleaseReportOptions } from './sdc/report.ts';
