import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Authentication hardening and "from where" in the audit trail (issue #6):
// - sessions.reauth_at: when the session last proved password + TOTP again
//   (exports and break-glass demand a recent one);
// - audit_events.origin: the client address of the request (or a keyed
//   pseudonym of it), hashed into the chain for events that carry one;
// - login_throttle: failed sign-ins per account (keyed by an HMAC of the
//   email, so the table names nobody), for exponential backoff.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('reauth_at', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('origin', 'text').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.alterTable('audit_events').dropColumn('origin').execute();
  await db.schema.alterTable('sessions').dropColumn('reauth_at').execute();
}
