import type { Insertable, Selectable } from 'kysely';

/** Truncated blind-index values of names (see crypto/blind-index.ts); never plaintext. */
export interface NameIndexTable {
  owner_table: string;
  owner_id: string;
  index_name: string;
  value: number;
}
export type NameIndexRow = Selectable<NameIndexTable>;
export type NewNameIndex = Insertable<NameIndexTable>;
