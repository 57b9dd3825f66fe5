import type { Selectable } from 'kysely';

/** The dossier register: plain columns identify no one; recipient, case references and content are sealed. */
export interface DossiersTable {
  id: string;
  organisation_id: string;
  /** e.g. D-2026-0007: a year and a counter. */
  reference: string;
  ref_year: number;
  ref_seq: number;
  /** un_sharing or government_sharing */
  purpose: string;
  created_by: string | null;
  created_at: string;
  wrapped_key: string;
  sealed: string;
}
export type DossierRow = Selectable<DossiersTable>;

/** Which cases a dossier includes (opaque ids), to recall it when a consent is withdrawn. */
export interface DossierCasesTable {
  dossier_id: string;
  case_id: string;
  position: number;
}

/** The organisation's statistics suppression threshold (default 10 when absent, never below 5). */
export interface AdvocacySettingsTable {
  organisation_id: string;
  threshold: number;
  updated_by: string | null;
  updated_at: string;
}
