import type { Selectable } from 'kysely';

/** One sought person shared with one field partner; the shared fields (SharedChild) sealed in `sealed`. */
export interface TracingRequestsTable {
  id: string;
  organisation_id: string;
  case_id: string;
  person_id: string;
  partner_user_id: string;
  /** JSON array of TRACING_FIELDS names: which fields were chosen, never their values. */
  fields: string;
  created_by: string | null;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
  wrapped_key: string;
  sealed: string;
}
export type TracingRequestRow = Selectable<TracingRequestsTable>;

/** A lead a partner submitted against a request; its place and notes sealed here until disclosure. */
export interface PartnerLeadsTable {
  id: string;
  organisation_id: string;
  tracing_request_id: string;
  lead_id: string;
  partner_user_id: string;
  idempotency_key: string;
  created_at: string;
  wrapped_key: string;
  sealed: string;
}
export type PartnerLeadRow = Selectable<PartnerLeadsTable>;

/** One party's consent to disclosure of a confirmed match candidate. */
export interface DisclosureConsentsTable {
  id: string;
  organisation_id: string;
  candidate_id: string;
  /** mother | guardian | child */
  party: string;
  recorded_by: string | null;
  recorded_at: string;
  wrapped_key: string;
  sealed: string;
}
export type DisclosureConsentRow = Selectable<DisclosureConsentsTable>;

/** A family message between mother and child, text sealed. */
export interface FamilyMessagesTable {
  id: string;
  organisation_id: string;
  candidate_id: string;
  /** to_child | to_mother */
  direction: string;
  written_by: string | null;
  written_at: string;
  delivered_by: string | null;
  delivered_at: string | null;
  read_by: string | null;
  read_at: string | null;
  wrapped_key: string;
  sealed: string;
}
export type FamilyMessageRow = Selectable<FamilyMessagesTable>;
