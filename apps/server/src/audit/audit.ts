import type { Db } from '../db/create-db.ts';
import { newId, type Actor } from '../services/context.ts';

/**
 * Appends one audit event: who did what to which record, when. Never the
 * values themselves. Example: `await audit(db, actor, 'case.created', 'case', id, now)`.
 */
export async function audit(db: Db, actor: Actor, action: string, recordType: string | null, recordId: string | null, at: Date): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      at: at.toISOString(),
      actor_kind: actor.kind,
      actor_id: actor.kind === 'user' ? actor.id : null,
      action,
      record_type: recordType,
      record_id: recordId,
    })
    .execute();
}
