import type { Db } from '../db/create-db.ts';
import { GENESIS, checkpointMac, eventHash, headMac, sameMac, type ChainedEvent } from './chain.ts';

export type ProblemKind = 'deleted' | 'altered' | 'inserted' | 'reordered' | 'checkpoint' | 'head';

/** One thing wrong with the trail, naming the event by seq and id. */
export interface Problem {
  kind: ProblemKind;
  seq: number | null;
  id: string | null;
  message: string;
}

export interface VerifyReport {
  events: number;
  checkpoints: number;
  problems: Problem[];
}

/** How far around an event's seat to look for the seat its hash was made for. */
const MOVE_WINDOW = 1000;

/**
 * Checks the whole trail: every event's hash, every link, the sequence
 * without gaps, the signed head and every signed checkpoint. `keys` maps key
 * ids to audit signing keys (the current key, and the previous one during a
 * rotation). Read-only.
 * Example: `const { problems } = await verifyTrail(db, new Map([[kr.kid, kr.auditKey]]))`.
 */
export async function verifyTrail(db: Db, keys: ReadonlyMap<string, Buffer>): Promise<VerifyReport> {
  const rows = await db.selectFrom('audit_events').selectAll().execute();
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
  const problems: Problem[] = [];
  const add = (kind: ProblemKind, seq: number | null, id: string | null, message: string) => problems.push({ kind, seq, id, message });

  const chained = rows.filter((r) => r.seq !== null).sort((a, b) => a.seq! - b.seq!);
  for (const r of rows) {
    if (r.seq === null && !head?.legacy) add('inserted', null, r.id, `event ${r.id} (${r.action}) was inserted outside the chain (it has no sequence number)`);
  }

  // The authentic chain is what the signed head and checkpoints commit to: walk back from them along prev_hash.
  const byHash = new Map(chained.filter((r) => r.hash).map((r) => [r.hash!, r]));
  const anchored = new Set<string>();
  const anchors: string[] = [];
  let headOk = false;
  if (!head) add('head', null, null, 'the chain head is missing');
  else if (head.seq > 0 || chained.length > 0) {
    const key = head.key_id ? keys.get(head.key_id) : undefined;
    if (!key) add('head', head.seq, null, `the chain head is signed by key ${head.key_id ?? '(none)'}, which is not the current master key's`);
    else if (!head.mac || !sameMac(head.mac, headMac(key, head.seq, head.hash))) add('head', head.seq, null, `the chain head (event #${head.seq}) has an invalid signature: it was altered`);
    else {
      headOk = true;
      anchors.push(head.hash);
    }
  }
  for (const cp of checkpoints) {
    const key = keys.get(cp.key_id);
    if (!key) add('checkpoint', cp.seq, null, `checkpoint at event #${cp.seq} is signed by unknown key ${cp.key_id}`);
    else if (!sameMac(cp.mac, checkpointMac(key, cp.seq, cp.hash, cp.at))) add('checkpoint', cp.seq, null, `checkpoint at event #${cp.seq} has an invalid signature: forged or altered`);
    else {
      anchors.push(cp.hash);
      const at = chained.find((r) => r.seq === cp.seq);
      if (!at) add('deleted', cp.seq, null, `event #${cp.seq}, signed by a checkpoint, is missing: deleted`);
      else if (at.hash !== cp.hash) add('altered', cp.seq, at.id, `event #${cp.seq} (${at.id}) differs from the signed checkpoint: the chain was rewritten up to here`);
    }
  }
  for (const anchor of anchors) {
    let h: string | undefined = anchor;
    while (h && h !== GENESIS && !anchored.has(h)) {
      anchored.add(h);
      h = byHash.get(h)?.prev_hash ?? undefined;
    }
  }

  let expected = 1;
  let prev = GENESIS;
  let afterGap = false;
  const maxSeq = chained.length ? chained[chained.length - 1]!.seq! : 0;
  for (const r of chained) {
    const seq = r.seq!;
    if (seq > expected) {
      add('deleted', expected, null, seq - 1 === expected ? `event #${expected} is missing: deleted` : `events #${expected} to #${seq - 1} are missing: deleted`);
      afterGap = true;
    }
    const ev: ChainedEvent = { seq, id: r.id, at: r.at, actor_kind: r.actor_kind, actor_id: r.actor_id, action: r.action, record_type: r.record_type, record_id: r.record_id, origin: r.origin };
    const selfOk = r.hash !== null && r.prev_hash !== null && eventHash(ev, r.prev_hash) === r.hash;
    if (!selfOk) {
      let seat: number | undefined;
      if (r.hash && r.prev_hash) {
        for (let s = Math.max(1, seq - MOVE_WINDOW); s <= seq + MOVE_WINDOW && seat === undefined; s++) {
          if (s !== seq && eventHash({ ...ev, seq: s }, r.prev_hash) === r.hash) seat = s;
        }
      }
      if (seat !== undefined) add('reordered', seq, r.id, `event #${seq} (${r.id}) was recorded as event #${seat}: moved (reordered, or an event was inserted or deleted before it)`);
      else add('altered', seq, r.id, `event #${seq} (${r.id}) was altered: its content does not match its hash`);
    } else if (headOk && !anchored.has(r.hash!) && seq <= head!.seq) {
      add('inserted', seq, r.id, `event #${seq} (${r.id}) is not part of the signed chain: inserted`);
    } else if (r.prev_hash !== prev && !afterGap) {
      add('reordered', seq, r.id, `event #${seq} (${r.id}) does not follow event #${seq - 1}: the chain is broken or reordered here`);
    }
    afterGap = false;
    prev = r.hash ?? '';
    expected = seq + 1;
  }
  if (head && headOk) {
    if (head.seq > maxSeq) add('deleted', maxSeq + 1, null, head.seq === maxSeq + 1 ? `event #${head.seq} (the last signed) is missing: deleted` : `events #${maxSeq + 1} to #${head.seq} (signed by the head) are missing: deleted`);
    for (const r of chained) if (r.seq! > head.seq) add('inserted', r.seq, r.id, `event #${r.seq} (${r.id}) comes after the signed chain head (#${head.seq}): inserted`);
    const last = chained.find((r) => r.seq === head.seq);
    if (last && last.hash !== head.hash && !problems.some((p) => p.seq === head.seq)) add('altered', head.seq, last.id, `event #${head.seq} (${last.id}) differs from the signed chain head: the chain was rewritten`);
  }
  return { events: rows.length, checkpoints: checkpoints.length, problems };
}
