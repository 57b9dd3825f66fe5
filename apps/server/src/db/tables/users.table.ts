import type { Insertable, Selectable, Updateable } from 'kysely';

/** Staff accounts. The TOTP secret is sealed (envelope encryption) in `totp_sealed`. */
export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  wrapped_key: string;
  totp_sealed: string;
  /** Last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_step: number;
  created_at: string;
  disabled_at: string | null;
}
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
