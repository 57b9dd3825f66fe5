import type { Selectable } from 'kysely';

/** Who else may see a case besides its assignee: a share, or a time-limited break-glass with a sealed reason. */
export interface CaseAccessTable {
  id: string;
  case_id: string;
  user_id: string;
  /** 'share' | 'break_glass' */
  kind: string;
  granted_by: string | null;
  granted_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  wrapped_key: string | null;
  sealed: string | null;
}
export type CaseAccessRow = Selectable<CaseAccessTable>;
