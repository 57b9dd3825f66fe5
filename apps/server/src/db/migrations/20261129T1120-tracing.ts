import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Reaching the child safely (issue #7):
// - tracing_requests: one sought person shared with one field partner; the
//   shared fields are copied in, sealed, so the partner's view never opens the case;
// - partner_leads: which lead a partner submitted against which request, with
//   the client's idempotency key (a retry is stored once) and the lead's
//   whereabouts and notes sealed apart from the lead until disclosure;
// - disclosure_consents: one row per party (mother, guardian, child) of a
//   confirmed match candidate; what the mother agreed to disclose is sealed;
// - family_messages: short messages between mother and child, sealed, with
//   written / delivered / read times.
// No foreign key to match_candidates: that table belongs to the matching
// migration, whose order relative to this one is not fixed.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tracing_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('partner_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tracing_requests_partner_idx').on('tracing_requests').columns(['partner_user_id', 'created_at']).execute();
  await db.schema.createIndex('tracing_requests_case_idx').on('tracing_requests').column('case_id').execute();

  await db.schema
    .createTable('partner_leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('tracing_request_id', 'text', (c) => c.notNull().references('tracing_requests.id').onDelete('cascade'))
    .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('partner_user_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addUniqueConstraint('partner_leads_idempotency_uq', ['partner_user_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('partner_leads_request_idx').on('partner_leads').column('tracing_request_id').execute();
  await db.schema.createIndex('partner_leads_lead_idx').on('partner_leads').column('lead_id').execute();

  await db.schema
    .createTable('disclosure_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_consents_party_uq', ['candidate_id', 'party'])
    .execute();

  await db.schema
    .createTable('family_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text')
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addColumn('delivered_by', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('read_by', 'text')
    .addColumn('read_at', 'text')
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('family_messages_candidate_idx').on('family_messages').columns(['candidate_id', 'written_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('family_messages').execute();
  await db.schema.dropTable('disclosure_consents').execute();
  await db.schema.dropTable('partner_leads').execute();
  await db.schema.dropTable('tracing_requests').execute();
}
