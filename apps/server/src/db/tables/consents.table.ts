import type { Selectable } from 'kysely';

/** One consent grant for one purpose; recipient label, scope, evidence and givenOn sealed in `sealed`. */
export interface ConsentsTable {
  id: string;
  case_id: string;
  /** One of CONSENT_PURPOSES. */
  purpose: string;
  recorded_by: string | null;
  recorded_at: string;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  wrapped_key: string;
  sealed: string;
}
export type ConsentRow = Selectable<ConsentsTable>;
