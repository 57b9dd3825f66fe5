import { findAuditKey } from '../crypto/signing-keys.ts';
import type { Db } from '../db/create-db.ts';
import { newId, OPERATOR, type Actor } from '../services/context.ts';
import { CHECKPOINT_EVERY, checkpointMac, eventHash, headMac, type ChainedEvent } from './chain.ts';

type NewEvent = Omit<ChainedEvent, 'seq'>;

function eventOf(actor: Actor, action: string, recordType: string | null, recordId: string | null, at: Date): NewEvent {
  return {
    id: newId(),
    at: at.toISOString(),
    actor_kind: actor.kind,
    actor_id: actor.kind === 'user' ? actor.id : null,
    action,
    record_type: recordType,
    record_id: recordId,
    origin: actor.kind === 'operator' ? null : (actor.origin ?? null),
  };
}

/**
 * Appends events to the chain inside `trx`. The first statement updates the
 * single head row: on PostgreSQL that row lock, on SQLite the write lock,
 * serialises appenders until commit, so two appends never share a
 * predecessor.
 */
async function appendIn(trx: Db, events: NewEvent[], at: Date): Promise<void> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning(['seq', 'hash', 'key_id', 'legacy'])
    .executeTakeFirstOrThrow();
  let seq = head.seq;
  let prev = head.hash;
  const startSeq = seq;
  const chain = async (e: NewEvent, insert: boolean) => {
    seq += 1;
    const hash = eventHash({ ...e, seq }, prev);
    if (insert) await trx.insertInto('audit_events').values({ ...e, seq, prev_hash: prev, hash }).execute();
    else await trx.updateTable('audit_events').set({ seq, prev_hash: prev, hash }).where('id', '=', e.id).execute();
    prev = hash;
  };
  if (head.legacy) {
    // One-time: events from before chaining join the chain in the order they happened, and that step is itself recorded.
    const old = await trx.selectFrom('audit_events').selectAll().where('seq', 'is', null).orderBy('at').orderBy('id').execute();
    for (const e of old) await chain(e, false);
    await chain(eventOf(OPERATOR, 'audit.rechained', null, null, at), true);
  }
  for (const e of events) await chain(e, true);
  const key = head.key_id ? findAuditKey(head.key_id) : undefined;
  await trx
    .updateTable('audit_head')
    .set({ seq, hash: prev, legacy: 0, mac: key ? headMac(key, seq, prev) : '' })
    .where('id', '=', 1)
    .execute();
  if (key && head.key_id && Math.floor(seq / CHECKPOINT_EVERY) > Math.floor(startSeq / CHECKPOINT_EVERY)) {
    const when = at.toISOString();
    await trx.insertInto('audit_checkpoints').values({ seq, hash: prev, at: when, key_id: head.key_id, mac: checkpointMac(key, seq, prev, when) }).execute();
  }
}

async function inTransaction(db: Db, fn: (trx: Db) => Promise<void>): Promise<void> {
  if (db.isTransaction) await fn(db);
  else await db.transaction().execute(fn);
}

/**
 * Appends one audit event: who did what to which record, when. Never the
 * values themselves. Each event commits to the previous one (src/audit/chain.ts).
 * Example: `await audit(db, actor, 'case.created', 'case', id, now)`.
 */
export async function audit(db: Db, actor: Actor, action: string, recordType: string | null, recordId: string | null, at: Date): Promise<void> {
  await inTransaction(db, (trx) => appendIn(trx, [eventOf(actor, action, recordType, recordId, at)], at));
}

/**
 * Records an event and stores a signed checkpoint at it (on demand, e.g.
 * after `audit verify` or a key rotation). Returns the checkpoint's seq.
 */
export async function auditWithCheckpoint(db: Db, actor: Actor, action: string, at: Date): Promise<number> {
  let seq = 0;
  await inTransaction(db, async (trx) => {
    await appendIn(trx, [eventOf(actor, action, null, null, at)], at);
    const head = await trx.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirstOrThrow();
    const key = head.key_id ? findAuditKey(head.key_id) : undefined;
    if (!key || !head.key_id) throw new Error('this process does not hold the audit signing key');
    seq = head.seq;
    const when = at.toISOString();
    await trx
      .insertInto('audit_checkpoints')
      .values({ seq, hash: head.hash, at: when, key_id: head.key_id, mac: checkpointMac(key, seq, head.hash, when) })
      .onConflict((oc) => oc.column('seq').doNothing())
      .execute();
  });
  return seq;
}
