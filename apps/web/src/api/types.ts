// The web's view of the HTTP API. Shapes come from @homeward/contracts (the
// zod schemas are the source of truth); only types are imported, so zod and
// the schemas stay out of the browser bundle. The value lists below are
// checked against the contracts' types at compile time.
import type {
  CaseStatus,
  ErrorCode,
  PlaceLevel,
  NameKind,
  Relation,
  Reliability,
  RiskLevel,
  Script,
  Sex,
} from '@homeward/contracts';

export type {
  Applicant,
  ApplicantInput,
  CaseDetail,
  CaseInput,
  CaseStatus,
  CaseSummary,
  CaseUpdate,
  ErrorCode,
  HistoryEntry,
  Lead,
  LeadInput,
  LeadUpdate,
  Login as LoginInput,
  Name,
  NameInput,
  NameKind,
  PartialDate,
  Person,
  PersonInput,
  Place,
  PlaceCandidate,
  PlaceLevel,
  PlaceResolveInput,
  PlaceResolveResult,
  Relation,
  Reliability,
  RiskLevel,
  Script,
  SessionUser,
  SetupStart,
  SetupStartResult as SetupEnrolment,
  Sex,
  Sought,
  SoughtInput,
  UserList,
  UserRef,
} from '@homeward/contracts';

/**
 * Fails to compile unless `list` holds every member of the union T (and nothing else),
 * so a value added to the contracts cannot be forgotten in a select list or catalogue.
 * @example const XS = exhaustive<'a' | 'b'>()(['a', 'b'] as const);
 */
function exhaustive<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L => list;
}

export const SCRIPTS = exhaustive<Script>()(['hangul', 'hanzi-simplified', 'hanzi-traditional', 'latin', 'other']);
export const NAME_KINDS = exhaustive<NameKind>()(['legal', 'korean', 'chinese', 'nickname', 'alias']);
export const PLACE_LEVELS = exhaustive<PlaceLevel>()(['province', 'prefecture', 'county', 'township', 'village']);
export const SEXES = exhaustive<Sex>()(['female', 'male', 'unknown']);
export const RELATIONS = exhaustive<Relation>()(['daughter', 'son', 'child', 'grandchild', 'sibling', 'other']);
export const CASE_STATUSES = exhaustive<CaseStatus>()(['open', 'tracing', 'located', 'in_contact', 'reunited', 'closed']);
export const RISK_LEVELS = exhaustive<RiskLevel>()(['low', 'medium', 'high']);
export const RELIABILITIES = exhaustive<Reliability>()(['unknown', 'low', 'medium', 'high']);
export const SERVER_ERROR_CODES = exhaustive<ErrorCode>()([
  'VALIDATION_FAILED',
  'SETUP_TOKEN_INVALID',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'CSRF_HEADER_MISSING',
  'FORBIDDEN',
  'CONSENT_REQUIRED',
  'NOT_FOUND',
  'REAUTH_REQUIRED',
  'PASSWORD_TOO_WEAK',
  'STALE_VERSION',
  'SETUP_ALREADY_DONE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
]);

/** A field problem as the UI keeps it: where, and which code to translate (never the English message). */
export interface Issue {
  path: string;
  code: string;
}
