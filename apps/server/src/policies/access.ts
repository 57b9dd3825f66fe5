import type { Actor } from '../services/context.ts';

export type Action = 'case.read' | 'case.write' | 'lead.read' | 'lead.write' | 'user.list';

// Role-level permissions only; which cases a user may touch is decided per case
// in case-access.ts (assignment, share, break-glass). Field partners, advocates
// and auditors have no case or lead permission here: their own routes and
// services grant them the narrow views their work needs.
const ALLOWED: Record<string, readonly Action[]> = {
  administrator: ['case.read', 'case.write', 'lead.read', 'lead.write', 'user.list'],
  caseworker: ['case.read', 'case.write', 'lead.read', 'lead.write', 'user.list'],
  field_partner: [],
  advocate: [],
  auditor: [],
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
