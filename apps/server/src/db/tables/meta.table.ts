import type { Insertable, Selectable } from 'kysely';

/** Installation-wide settings: key check value, demo marker, setup token hash. */
export interface MetaTable {
  key: string;
  value: string;
}
export type MetaRow = Selectable<MetaTable>;
export type NewMeta = Insertable<MetaTable>;
