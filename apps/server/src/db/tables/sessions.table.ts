import type { Insertable, Selectable } from 'kysely';

/** Server-side sessions; `id_hash` is SHA-256 of the cookie token, so a database copy grants no session. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** When this session last proved password + TOTP again (exports, break-glass); NULL if never. */
  reauth_at: string | null;
}
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
