import type { Insertable, Selectable } from 'kysely';

/** Append-only audit trail (the access issue adds hash chaining); no identifying values. */
export interface AuditEventsTable {
  id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
}
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
