import type { Insertable, Selectable } from 'kysely';

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: string;
}
export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
