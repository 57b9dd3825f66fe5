import type { Insertable, Selectable } from 'kysely';

/** Leads from the field; names, dates, place, source and notes sealed in `sealed`. */
export interface LeadsTable {
  id: string;
  organisation_id: string;
  case_id: string | null;
  version: number;
  sex: string | null;
  reliability: string;
  wrapped_key: string;
  sealed: string;
  created_at: string;
  updated_at: string;
}
export type LeadRow = Selectable<LeadsTable>;
export type NewLead = Insertable<LeadsTable>;
