import type { Insertable, Selectable } from 'kysely';

/**
 * Applicants and sought persons. Plain columns hold only what identifies no
 * one on its own (role, relation, sex); names, dates, places, notes,
 * circumstances and safe-contact instructions are sealed in `sealed`.
 */
export interface PeopleTable {
  id: string;
  case_id: string;
  role: string;
  position: number;
  relation: string | null;
  sex: string | null;
  wrapped_key: string;
  sealed: string;
  created_at: string;
  updated_at: string;
}
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
