import type { Insertable, Selectable } from 'kysely';

/** Who changed which fields of a case, when; field paths only, never values. */
export interface CaseHistoryTable {
  id: string;
  case_id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  fields: string;
}
export type CaseHistoryRow = Selectable<CaseHistoryTable>;
export type NewCaseHistory = Insertable<CaseHistoryTable>;
