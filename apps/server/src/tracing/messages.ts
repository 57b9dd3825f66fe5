import type { FamilyMessage, FamilyMessageInput, MessageDirection, MessageStatusInput } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { FamilyMessageRow } from '../db/tables/tracing.table.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { messageGate } from './disclosure.ts';

/**
 * Family messages (issue #7, after the ICRC's Red Cross Messages: short
 * family news carried by an intermediary, https://www.icrc.org/en/document/red-cross-messages).
 * Once disclosure is complete, the caseworker writes the mother's words
 * (to_child) and the field partner the child's (to_mother); the intermediary
 * on the receiving side records when each message was delivered to the family
 * member and when it was read. Text sealed; every step audited.
 */

type Side = 'caseworker' | 'partner';

const OUTGOING: Record<Side, MessageDirection> = { caseworker: 'to_child', partner: 'to_mother' };

function present(deps: Deps, row: FamilyMessageRow, side: Side): FamilyMessage {
  const s = openRecord(deps.kr, 'family_messages', row.id, row.wrapped_key)('sealed', row.sealed) as { text: string };
  const out: FamilyMessage = { id: row.id, direction: row.direction as MessageDirection, text: s.text, writtenAt: row.written_at, outgoing: row.direction === OUTGOING[side] };
  if (row.delivered_at !== null) out.deliveredAt = row.delivered_at;
  if (row.read_at !== null) out.readAt = row.read_at;
  return out;
}

/** Messages of a disclosed match, oldest first. */
export async function listMessages(deps: Deps, actor: Actor, candidateId: string, side: Side): Promise<FamilyMessage[]> {
  await messageGate(deps, deps.db, actor, candidateId, side);
  const rows = await deps.db.selectFrom('family_messages').selectAll().where('candidate_id', '=', candidateId).orderBy('written_at').orderBy('id').execute();
  await audit(deps.db, actor, 'message.listed', 'match_candidate', candidateId, deps.now());
  return rows.map((r) => present(deps, r, side));
}

/** Writes one message from this side's family member. */
export async function writeMessage(deps: Deps, actor: Actor, candidateId: string, side: Side, input: FamilyMessageInput): Promise<FamilyMessage> {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const c = await messageGate(deps, trx, actor, candidateId, side, 'case.write');
    const key = newRecordKey(deps.kr, 'family_messages', id);
    const now = deps.now();
    await trx
      .insertInto('family_messages')
      .values({
        id,
        organisation_id: c.organisation_id,
        candidate_id: c.id,
        direction: OUTGOING[side],
        written_by: actor.kind === 'user' ? actor.id : null,
        written_at: now.toISOString(),
        delivered_by: null,
        delivered_at: null,
        read_by: null,
        read_at: null,
        wrapped_key: key.wrapped,
        sealed: key.seal('sealed', { text: input.text }),
      })
      .execute();
    await audit(trx, actor, 'message.written', 'family_message', id, now);
  });
  const row = await deps.db.selectFrom('family_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return present(deps, row, side);
}

/**
 * The receiving side records delivery (handed to the family member) or
 * reading; read implies delivered. Only the intermediary of the receiving
 * side may; the same status twice is harmless.
 */
export async function setMessageStatus(deps: Deps, actor: Actor, messageId: string, side: Side, input: MessageStatusInput): Promise<FamilyMessage> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('family_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    if (!row) throw new ServiceError('NOT_FOUND', 'not found');
    await messageGate(deps, trx, actor, row.candidate_id, side, 'case.write');
    // The writing side cannot mark its own message as delivered: that would be a claim about the other family.
    if (row.direction === OUTGOING[side]) throw new ServiceError('NOT_FOUND', 'not found');
    const now = deps.now().toISOString();
    const by = actor.kind === 'user' ? actor.id : null;
    const set: Partial<Pick<FamilyMessageRow, 'delivered_at' | 'delivered_by' | 'read_at' | 'read_by'>> = {};
    if (row.delivered_at === null) Object.assign(set, { delivered_at: now, delivered_by: by });
    if (input.status === 'read' && row.read_at === null) Object.assign(set, { read_at: now, read_by: by });
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('family_messages').set(set).where('id', '=', messageId).execute();
    await audit(trx, actor, `message.${input.status}`, 'family_message', messageId, deps.now());
  });
  const row = await deps.db.selectFrom('family_messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
  return present(deps, row, side);
}
