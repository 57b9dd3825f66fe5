import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Need-to-know (issue #6): a case is visible to its assignee and to the users it
// is explicitly shared with (`case_access`, kind 'share'), or, time-limited and
// flagged, through break-glass (kind 'break_glass', with a sealed reason).
// Consent per purpose (`consents`): who recorded it, when, for which purpose;
// the recipient, scope, evidence and date given are sealed (a case has few
// grants, so checking a recipient decrypts them in memory).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('wrapped_key', 'text')
    .addColumn('sealed', 'text')
    .execute();
  await db.schema.createIndex('case_access_user_idx').on('case_access').columns(['user_id', 'case_id']).execute();
  await db.schema.createIndex('case_access_case_idx').on('case_access').column('case_id').execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_case_idx').on('consents').columns(['case_id', 'purpose']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consents').execute();
  await db.schema.dropTable('case_access').execute();
}
