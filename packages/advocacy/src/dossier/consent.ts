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
    // Compare calendar days (ISO dates compare as strings); a consent withdrawn
    // at any hour of the dossier's day no longer covers it.
    const day = date.slice(0, 10);
    const d10 = (x: string | null | undefined): string | null => (x ? x.slice(0, 10) : null);
    const withdrawn = (g: ConsentGrant): boolean => d10(g.withdrawnAt) !== null && d10(g.withdrawnAt)! <= day;
    const expired = (g: ConsentGrant): boolean => d10(g.expiresAt) !== null && d10(g.expiresAt)! < day;
    const live = forRecipient.filter((g) => d10(g.grantedAt)! <= day && !withdrawn(g) && !expired(g));
    let problem: ConsentProblem | null = null;
    if (forPurpose.length === 0) problem = 'no-consent-for-purpose';
    else if (forRecipient.length === 0) problem = 'recipient-not-covered';
    else if (live.length === 0) {
      if (forRecipient.some(withdrawn)) problem = 'withdrawn';
      else if (forRecipient.some(expired)) problem = 'expired';
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

/** One dossier as the server's register keeps it. */
export interface RegisterEntry {
  dossierId: string;
  recipient: Recipient;
  purpose: string;
  caseRefs: readonly string[];
  recalled?: boolean;
}

/**
 * Dossiers to mark for recall when an applicant withdraws consent: every
 * dossier still standing that includes the case, narrowed to a purpose or
 * recipient when the withdrawal is that narrow.
 *
 * @example
 * dossiersToRecall(register, { caseRef: 'HW-12' }) // ['D-2026-0007', 'D-2026-0011']
 */
export function dossiersToRecall(
  register: readonly RegisterEntry[],
  withdrawal: { caseRef: string; purpose?: string; recipient?: { kind: RecipientKind; name?: string } },
): string[] {
  return register
    .filter((e) => !e.recalled && e.caseRefs.includes(withdrawal.caseRef))
    .filter((e) => withdrawal.purpose === undefined || norm(e.purpose) === norm(withdrawal.purpose))
    .filter(
      (e) =>
        withdrawal.recipient === undefined ||
        (e.recipient.kind === withdrawal.recipient.kind &&
          (withdrawal.recipient.name === undefined || norm(e.recipient.name) === norm(withdrawal.recipient.name))),
    )
    .map((e) => e.dossierId);
}
