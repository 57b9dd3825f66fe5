import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Hash-chains the audit trail: each event gets its place (seq), the hash of
// its predecessor and its own hash; `audit_head` is the single row every
// append locks (UPDATE ... RETURNING on both engines), and holds the last
// seq and hash with an HMAC over them; `audit_checkpoints` keeps signed
// checkpoints. Events written before this migration keep seq NULL and are
// chained by the application on its first append, which records that it did
// so (hashing belongs to the application, not to a frozen migration).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
  await db.schema.createIndex('audit_events_seq_unique').on('audit_events').column('seq').unique().execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text')
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('legacy', 'integer', (c) => c.notNull())
    .execute();
  const existing = await sql<{ n: number | string }>`select count(*) as n from audit_events`.execute(db);
  const legacy = Number(existing.rows[0]?.n ?? 0) > 0 ? 1 : 0;
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64), key_id: null, mac: '', legacy }).execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.dropTable('audit_head').execute();
  await db.schema.dropIndex('audit_events_seq_unique').execute();
  for (const c of ['hash', 'prev_hash', 'seq']) await db.schema.alterTable('audit_events').dropColumn(c).execute();
}
