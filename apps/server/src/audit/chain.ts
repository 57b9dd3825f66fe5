import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The hash a chain starts from (the migration writes the same value into `audit_head`). */
export const GENESIS = '0'.repeat(64);
/** A signed checkpoint is stored every this many events (and on demand). */
export const CHECKPOINT_EVERY = 100;

/** The chained fields of one event. */
export interface ChainedEvent {
  seq: number;
  id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  /** From where (client address or its pseudonym); absent or null on events that never carried one. */
  origin?: string | null;
}

/**
 * SHA-256 over a canonical encoding (a JSON array in fixed order: no key
 * order or whitespace to vary) of the event and its predecessor's hash.
 * Example: `eventHash(ev, GENESIS) // 64 hex digits`.
 */
export function eventHash(e: ChainedEvent, prevHash: string): string {
  // Events with an origin hash as v2 (origin included); those without keep the
  // v1 encoding, so trails written before origins were recorded still verify,
  // and clearing a v2 event's origin changes its hash (detected as altered).
  const canonical =
    e.origin === undefined || e.origin === null
      ? JSON.stringify(['homeward-audit-v1', e.seq, e.id, e.at, e.actor_kind, e.actor_id, e.action, e.record_type, e.record_id, prevHash])
      : JSON.stringify(['homeward-audit-v2', e.seq, e.id, e.at, e.actor_kind, e.actor_id, e.action, e.record_type, e.record_id, e.origin, prevHash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const mac = (key: Buffer, parts: unknown[]) => createHmac('sha256', key).update(JSON.stringify(parts), 'utf8').digest('hex');

/** HMAC of the chain head (last seq and hash): covers the tail after the last checkpoint. */
export function headMac(key: Buffer, seq: number, hash: string): string {
  return mac(key, ['homeward-audit-head-v1', seq, hash]);
}

/** HMAC of a checkpoint. */
export function checkpointMac(key: Buffer, seq: number, hash: string, at: string): string {
  return mac(key, ['homeward-audit-checkpoint-v1', seq, hash, at]);
}

/** Constant-time equality of two hex MACs. */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
