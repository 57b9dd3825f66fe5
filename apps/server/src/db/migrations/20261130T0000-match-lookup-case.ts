import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The matching index's lookup index gains the case as its last column, so a
// lookup scoped to a caseworker's cases (a name search) reads the index alone.
// Without it each posting read its table row for the case: at 200,000 cases
// up to 1,500 random pages of the largest table a search, most of a search's
// time, and read from storage whenever they had left the page cache.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('match_index_lookup_case_idx').on('match_index').columns(['organisation_id', 'owner_table', 'value', 'owner_id', 'case_id']).execute();
  await db.schema.dropIndex('match_index_lookup_idx').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('match_index_lookup_idx').on('match_index').columns(['organisation_id', 'owner_table', 'value', 'owner_id']).execute();
  await db.schema.dropIndex('match_index_lookup_case_idx').execute();
}
