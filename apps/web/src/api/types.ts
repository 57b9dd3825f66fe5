// Shapes of the HTTP API as described in docs/api.md. The zod schemas in
// @homeward/contracts are the source of truth; these aliases are the web's view
// of them and switch to the contracts' inferred types once those land.

export const SCRIPTS = ['hangul', 'hanzi-simplified', 'hanzi-traditional', 'latin', 'other'] as const;
export type Script = (typeof SCRIPTS)[number];

export const NAME_KINDS = ['legal', 'korean', 'chinese', 'nickname', 'alias'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const RELATIONS = ['daughter', 'son', 'child', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const CASE_STATUSES = ['open', 'tracing', 'located', 'in_contact', 'reunited', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RELIABILITIES = ['unknown', 'low', 'medium', 'high'] as const;
export type Reliability = (typeof RELIABILITIES)[number];

export type PartialDate =
  | { year: number; month?: number; day?: number }
  | { approxAge: number; atYear: number };

export interface NameInput {
  text: string;
  script?: Script;
  kind?: NameKind;
}

export interface PersonInput {
  names: NameInput[];
  sex?: Sex;
  birth?: PartialDate;
  lastKnownPlace?: string;
  separatedOn?: PartialDate;
  separationCircumstances?: string;
  notes?: string;
}

export type SoughtInput = PersonInput & { relation: Relation };
export type ApplicantInput = PersonInput & { safeContact?: string };

export interface CaseInput {
  applicant: ApplicantInput;
  sought: SoughtInput[];
  status?: CaseStatus;
  assignedTo?: string | null;
  riskLevel?: RiskLevel;
  riskNotes?: string;
  notes?: string;
}

export type CaseUpdate = CaseInput & { version: number };

export interface UserRef {
  id: string;
  displayName: string;
}

export type Person = PersonInput & { id: string };

export interface CaseDetail {
  id: string;
  reference: string;
  version: number;
  status: CaseStatus;
  assignedTo: UserRef | null;
  riskLevel?: RiskLevel | null;
  riskNotes?: string | null;
  notes?: string | null;
  applicant: Person & { safeContact?: string };
  sought: (Person & { relation: Relation })[];
  createdAt: string;
  updatedAt: string;
}

export interface CaseSummary {
  id: string;
  reference: string;
  status: CaseStatus;
  assignedTo: UserRef | null;
  updatedAt: string;
  applicantName: string;
  soughtNames: string[];
}

export interface HistoryEntry {
  at: string;
  actor: UserRef;
  action: 'created' | 'updated';
  fields: string[];
}

export interface LeadInput {
  names: NameInput[];
  approxAge?: { age: number; atYear: number };
  birth?: PartialDate;
  sex?: Sex;
  place?: string;
  source: string;
  reliability: Reliability;
  receivedOn: PartialDate;
  caseId?: string | null;
  notes?: string;
}

export type Lead = LeadInput & { id: string; version: number; createdAt: string; updatedAt: string };

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
  organisationId: string;
}

export interface SetupStart {
  token: string;
  organisationName: string;
  email: string;
  displayName: string;
  password: string;
}

export interface SetupEnrolment {
  totpSecret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode: string;
}

export interface Issue {
  path: string;
  code: string;
  message?: string;
}

export interface ErrorBody {
  code: string;
  message?: string;
  issues?: Issue[];
}
