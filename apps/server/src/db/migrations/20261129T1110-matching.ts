import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Matching (issue #7):
// - `match_index`: blind-index values of (name blocking key, birth year) and of
//   name keys alone, per sought person and lead, with more bits than
//   `name_index` so a lookup among a large registry stays small (see
//   apps/server/src/matching/keys.ts for the trade-off).
// - `match_candidates`: one row per (sought person, lead) pair worth a look;
//   probability and comparison levels plain (they name no one), the
//   explanation (aligned names, places) sealed.
// - `match_decisions`: every decision on a candidate, reason sealed; the
//   history that makes decisions reversible and the labels for retraining.
// - `match_params`: the organisation's trained m/u parameters (no term
//   frequencies: those would hold name keys).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('match_index')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('owner_table', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('match_index_lookup_idx').on('match_index').columns(['organisation_id', 'owner_table', 'value', 'owner_id']).execute();
  await db.schema.createIndex('match_index_owner_idx').on('match_index').columns(['owner_id']).execute();
  await db.schema.createIndex('match_index_case_idx').on('match_index').columns(['case_id']).execute();

  await db.schema
    .createTable('match_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('probability', 'text', (c) => c.notNull())
    .addColumn('raw_probability', 'text', (c) => c.notNull())
    .addColumn('weight', 'text', (c) => c.notNull())
    .addColumn('score_rank', 'integer', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('match_candidates_pair_idx').on('match_candidates').columns(['person_id', 'lead_id']).unique().execute();
  await db.schema.createIndex('match_candidates_lead_idx').on('match_candidates').column('lead_id').execute();
  await db.schema.createIndex('match_candidates_case_idx').on('match_candidates').columns(['case_id', 'status']).execute();
  await db.schema.createIndex('match_candidates_org_idx').on('match_candidates').columns(['organisation_id', 'updated_at']).execute();

  await db.schema
    .createTable('match_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('match_candidates.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('match_decisions_candidate_idx').on('match_decisions').columns(['candidate_id', 'decided_at']).execute();
  await db.schema.createIndex('match_decisions_org_idx').on('match_decisions').column('organisation_id').execute();

  await db.schema
    .createTable('match_params')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['match_params', 'match_decisions', 'match_candidates', 'match_index']) await db.schema.dropTable(t).execute();
}
