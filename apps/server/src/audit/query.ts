import type { AuditEvent, AuditEventList, AuditQuery } from '@homeward/contracts';
import { ServiceError, type Actor, type Deps } from '../services/context.ts';
import { audit } from './audit.ts';

/**
 * The audit trail for the auditor (issue #6), newest first, filtered by
 * action (exact, or a prefix ending in '.'), user, record type and a date
 * range (`to` inclusive of that whole day). Events hold no identifying values,
 * so the auditor reads the trail without reading case contents. Reading the
 * trail is itself audited.
 * Example: `await queryAudit(deps, actor, { action: 'login.failed', limit: 50 })`.
 */
export async function queryAudit(deps: Deps, actor: Actor, q: AuditQuery): Promise<AuditEventList> {
  if (actor.kind !== 'user' || actor.role !== 'auditor') throw new ServiceError('FORBIDDEN', 'auditors only');
  let qb = deps.db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_id').select([
    'audit_events.seq', 'audit_events.id', 'audit_events.at', 'audit_events.actor_kind', 'audit_events.actor_id', 'audit_events.action',
    'audit_events.record_type', 'audit_events.record_id', 'audit_events.origin', 'users.display_name',
  ]);
  if (q.action) qb = q.action.endsWith('.') ? qb.where('audit_events.action', 'like', `${q.action}%`) : qb.where('audit_events.action', '=', q.action);
  if (q.userId) qb = qb.where('audit_events.actor_id', '=', q.userId);
  if (q.recordType) qb = qb.where('audit_events.record_type', '=', q.recordType);
  if (q.from) qb = qb.where('audit_events.at', '>=', new Date(q.from).toISOString());
  if (q.to) {
    const end = new Date(q.to);
    if (q.to.length === 10) end.setUTCDate(end.getUTCDate() + 1);
    qb = qb.where('audit_events.at', q.to.length === 10 ? '<' : '<=', end.toISOString());
  }
  if (q.before) qb = qb.where('audit_events.seq', '<', q.before);
  if (q.from && q.to && new Date(q.from) > new Date(q.to)) {
    throw new ServiceError('VALIDATION_FAILED', 'the range ends before it starts', [{ path: 'to', code: 'before_from', message: 'is before from' }]);
  }
  const rows = await qb.orderBy('audit_events.seq', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  await audit(deps.db, actor, 'audit.viewed', null, null, deps.now());
  const items = page.map(
    (r): AuditEvent => ({
      seq: r.seq,
      id: r.id,
      at: r.at,
      actorKind: r.actor_kind,
      actor: r.actor_id ? { id: r.actor_id, displayName: r.display_name ?? '' } : null,
      action: r.action,
      recordType: r.record_type,
      recordId: r.record_id,
      origin: r.origin,
    }),
  );
  return { items, nextBefore: rows.length > q.limit ? (page[page.length - 1]?.seq ?? null) : null };
}
