import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// An index holding what the need-to-know check reads of a case (its id,
// organisation and assignee: CaseGate in policies/case-access.ts), so the
// check of a search's hundreds of cases can read this small index alone
// instead of a page of the cases table for each (PostgreSQL does: an index-only scan).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the live schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_gate_idx').on('cases').columns(['id', 'organisation_id', 'assigned_to']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_gate_idx').execute();
}
