import type { Insertable, Selectable } from 'kysely';

/** A case; its identifying fields (notes, risk notes, consents) live sealed in `sealed`. */
export interface CasesTable {
  id: string;
  organisation_id: string;
  reference: string;
  ref_year: number;
  ref_seq: number;
  version: number;
  status: string;
  risk_level: string;
  assigned_to: string | null;
  wrapped_key: string;
  sealed: string;
  created_at: string;
  updated_at: string;
}
export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
