import type { Actor } from '../services/context.ts';

export type Action = 'case.read' | 'case.write' | 'lead.read' | 'lead.write' | 'user.list';

const ALLOWED: Record<string, readonly Action[]> = {
  administrator: ['case.read', 'case.write', 'lead.read', 'lead.write', 'user.list'],
  caseworker: ['case.read', 'case.write', 'lead.read', 'lead.write', 'user.list'],
};

/**
 * The one access check. Fails closed: an unknown role or action, or a record
 * of another organisation, is refused; callers answer 404 for refusals and
 * absences alike, so nobody learns that a record exists.
 * Example: `if (!allows(actor, 'case.read', row.organisation_id)) throw notFound()`.
 */
export function allows(actor: Actor, action: Action, organisationId?: string): boolean {
  if (actor.kind === 'operator') return true;
  if (actor.kind !== 'user') return false;
  if (!(ALLOWED[actor.role] ?? []).includes(action)) return false;
  return organisationId === undefined || organisationId === actor.organisationId;
}
