import type { Insertable, Selectable } from 'kysely';

/** Append-only, hash-chained audit trail (src/audit); no identifying values. */
export interface AuditEventsTable {
  id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  /** Place in the chain, from 1; NULL only for events written before chaining, until the first append chains them. */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
  /** From where: the client address (or its keyed pseudonym); NULL for the CLI and for events before it was recorded. */
  origin: string | null;
}
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;

/** The one row (id 1) every append locks: last seq and hash, with an HMAC over them. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  key_id: string | null;
  mac: string;
  /** 1 while events from before chaining wait to be chained. */
  legacy: number;
}

/** Signed checkpoints: the hash of event `seq`, HMAC-SHA-256 under a key derived from the master key. */
export interface AuditCheckpointsTable {
  seq: number;
  hash: string;
  at: string;
  key_id: string;
  mac: string;
}
