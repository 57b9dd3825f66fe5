import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Advocacy evidence (issue 8). The dossier register keeps in plain columns only
// what identifies no one: an opaque id, a D-year-counter reference, the
// purpose, who generated it and when. The recipient, the case references and
// the dossier's content (what was sent) are sealed with the row's data key.
// `dossier_cases` links a dossier to its cases by opaque id, so a withdrawn
// consent finds the dossiers to recall without decrypting every row.
// `advocacy_settings` holds the organisation's suppression threshold.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dossiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('ref_year', 'integer', (c) => c.notNull())
    .addColumn('ref_seq', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dossiers_org_idx').on('dossiers').columns(['organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('dossier_cases')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_cases_pk', ['dossier_id', 'case_id'])
    .execute();
  await db.schema.createIndex('dossier_cases_case_idx').on('dossier_cases').column('case_id').execute();

  await db.schema
    .createTable('advocacy_settings')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('advocacy_settings').execute();
  await db.schema.dropTable('dossier_cases').execute();
  await db.schema.dropTable('dossiers').execute();
}
