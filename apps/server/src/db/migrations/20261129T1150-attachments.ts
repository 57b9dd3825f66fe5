import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Encrypted attachments (issue #10). One table on both engines so backups and
// `db copy` carry the files with everything else. Each row has its own data
// key (wrapped_key); the file, its thumbnail and its sealed fields (file name,
// caption, date, media type, what metadata was removed) are AES-256-GCM
// ciphertexts in base64 text: the engines' binary column types differ, text
// does not. `case_id` is set for files of a case, its people and its consents,
// so deleting the case shreds them in the same transaction; no foreign keys to
// people or consents (people rows are rewritten on every case update).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('thumbnail', 'text')
    .execute();
  await db.schema.createIndex('attachments_owner_idx').on('attachments').columns(['owner_type', 'owner_id']).execute();
  await db.schema.createIndex('attachments_case_idx').on('attachments').column('case_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
