import type { RecipientKind } from './labels.ts';
import type { FieldKey, Recipient } from './model.ts';
import { FIELD_KEYS } from './model.ts';

/**
 * One consent an applicant gave for advocacy sharing. The server's consent
 * records map onto this: a purpose, a named recipient or a whole kind of
 * recipient, the fields, and the dates.
 */
export interface ConsentGrant {
  purpose: string;
  /** A named recipient, or every recipient of a kind when `name` is absent. */
  recipient: { kind: RecipientKind; name?: string };
  fields: readonly string[];
  /** ISO dates (YYYY-MM-DD) */
  grantedAt: string;
  withdrawnAt?: string | null;
  expiresAt?: string | null;
}

export type ConsentProblem =
  | 'no-consent-for-purpose'
  | 'recipient-not-covered'
  | 'withdrawn'
  | 'expired'
  | 'not-yet-valid'
  | 'no-fields';

export type ConsentDecision =
  | { ok: true; fields: Map<string, FieldKey[]> }
  | { ok: false; missing: { caseRef: string; problem: ConsentProblem }[] };

const norm = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Decide whether a dossier may be produced: every included applicant must
 * hold a live consent for this purpose and this recipient. Otherwise a
 * refusal naming each case and what is missing.
 *
 * @example
 * checkDossierConsent([{ caseRef: 'HW-12', grants }], { name: 'WGEID', kind: 'un-working-group' }, 'communication', '2026-11-29')
 * // { ok: false, missing: [{ caseRef: 'HW-12', problem: 'withdrawn' }] }
 */
export function checkDossierConsent(
  cases: readonly { caseRef: string; grants: readonly ConsentGrant[] }[],
  recipient: Recipient,
  purpose: string,
  date: string,
): ConsentDecision {
  const missing: { caseRef: string; problem: ConsentProblem }[] = [];
  const fields = new Map<string, FieldKey[]>();
  for (const c of cases) {
    const forPurpose = c.grants.filter((g) => norm(g.purpose) === norm(purpose));
    const forRecipient = forPurpose.filter(
      (g) => g.recipient.kind === recipient.kind && (g.recipient.name === undefined || norm(g.recipient.name) === norm(recipient.name)),
    );
    // ISO dates compare as strings.
    const live = forRecipient.filter((g) => g.grantedAt <= date && !(g.withdrawnAt && g.withdrawnAt <= date) && !(g.expiresAt && g.expiresAt < date));
    let problem: ConsentProblem | null = null;
    if (forPurpose.length === 0) problem = 'no-consent-for-purpose';
    else if (forRecipient.length === 0) problem = 'recipient-not-covered';
    else if (live.length === 0) {
      if (forRecipient.some((g) => g.withdrawnAt && g.withdrawnAt <= date)) problem = 'withdrawn';
      else if (forRecipient.some((g) => g.expiresAt && g.expiresAt < date)) problem = 'expired';
      else problem = 'not-yet-valid';
    }
    const granted = new Set(live.flatMap((g) => g.fields));
    const keys = FIELD_KEYS.filter((k) => granted.has(k));
    if (!problem && keys.length === 0) problem = 'no-fields';
    if (problem) missing.push({ caseRef: c.caseRef, problem });
    else fields.set(c.caseRef, keys);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, fields };
}
