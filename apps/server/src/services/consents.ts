import {
  CONSENT_PURPOSES, type Consent, type ConsentGrantInput, type ConsentPurpose, type ConsentRecord, type Issue, type PartialDate, type UserRef,
} from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { ConsentRow } from '../db/tables/consents.table.ts';
import { canAccessCase } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from './context.ts';

/**
 * Consent per purpose (issue #6), enforced by code: every share, export and
 * dossier asks `requireConsent` first. A grant records who recorded it, when,
 * for which purpose and recipient, with scope and evidence sealed; withdrawal
 * takes effect at once (the next check refuses). "publication" is never
 * assumed: only an explicit, unwithdrawn grant covers it.
 */

export interface ConsentSealed {
  givenOn: PartialDate;
  recipient?: string;
  recipientUserId?: string;
  scope?: string;
  evidence?: string;
  /** Set by the interchange import when the file says when consent was withdrawn. */
  withdrawnOn?: PartialDate;
  /** Place in the imported file's list, so an export gives the file's order back. */
  filePosition?: number;
}

export const PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  tracing: 'tracing',
  partner_sharing: 'sharing with a field partner',
  un_sharing: 'sharing with a UN mechanism',
  government_sharing: 'sharing with a government',
  publication: 'publication',
};

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

/** Recipient labels compare without regard to case, width or spacing ("UN  special rapporteur" = "UN Special Rapporteur"). */
export function normaliseRecipient(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function openConsent(deps: Deps, row: ConsentRow): ConsentSealed {
  return openRecord(deps.kr, 'consents', row.id, row.wrapped_key)('sealed', row.sealed) as ConsentSealed;
}

async function caseGate(deps: Deps, db: Db, actor: Actor, caseId: string, action: 'case.read' | 'case.write'): Promise<void> {
  const row = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', '=', caseId).executeTakeFirst();
  if (!row || !(await canAccessCase(db, actor, row, action, deps.now()))) throw notFound();
}

/** Whom a consent may name: a recipient only for the sharing purposes, a field partner only for partner_sharing. */
function grantIssues(input: ConsentGrantInput): Issue[] {
  const issues: Issue[] = [];
  if (input.recipientUserId !== undefined && input.purpose !== 'partner_sharing') {
    issues.push({ path: 'recipientUserId', code: 'not_allowed', message: 'names a field partner, which only partner_sharing takes' });
  }
  if (input.recipient !== undefined && (input.purpose === 'tracing' || input.purpose === 'publication')) {
    issues.push({ path: 'recipient', code: 'not_allowed', message: `is not taken for ${input.purpose}` });
  }
  return issues;
}

/**
 * Records a consent grant on a case the actor may write.
 * Example: `await grantConsent(deps, actor, caseId, { purpose: 'tracing', givenOn: { year: 2026 } })`.
 */
export async function grantConsent(deps: Deps, actor: Actor, caseId: string, input: ConsentGrantInput): Promise<ConsentRecord> {
  const issues = grantIssues(input);
  if (issues.length > 0) throw new ServiceError('VALIDATION_FAILED', 'invalid consent', issues);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await caseGate(deps, trx, actor, caseId, 'case.write');
    if (input.recipientUserId !== undefined) {
      const org = await trx.selectFrom('cases').select('organisation_id').where('id', '=', caseId).executeTakeFirstOrThrow();
      const partner = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.recipientUserId)
        .where('organisation_id', '=', org.organisation_id)
        .where('role', '=', 'field_partner')
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!partner) throw new ServiceError('VALIDATION_FAILED', 'unknown field partner', [{ path: 'recipientUserId', code: 'unknown_user', message: 'is not a field partner' }]);
    }
    const sealed: ConsentSealed = { givenOn: input.givenOn };
    if (input.recipient !== undefined) sealed.recipient = input.recipient;
    if (input.recipientUserId !== undefined) sealed.recipientUserId = input.recipientUserId;
    if (input.scope !== undefined) sealed.scope = input.scope;
    if (input.evidence !== undefined) sealed.evidence = input.evidence;
    const key = newRecordKey(deps.kr, 'consents', id);
    const now = deps.now();
    await trx
      .insertInto('consents')
      .values({
        id,
        case_id: caseId,
        purpose: input.purpose,
        recorded_by: actor.kind === 'user' ? actor.id : null,
        recorded_at: now.toISOString(),
        withdrawn_by: null,
        withdrawn_at: null,
        wrapped_key: key.wrapped,
        sealed: key.seal('sealed', sealed),
      })
      .execute();
    await audit(trx, actor, `consent.granted.${input.purpose}`, 'consent', id, now);
  });
  const list = await listConsents(deps, actor, caseId, false);
  return list.find((c) => c.id === id)!;
}

/** Withdraws a grant at once; withdrawing twice is harmless. */
export async function withdrawConsent(deps: Deps, actor: Actor, consentId: string): Promise<ConsentRecord> {
  let caseId = '';
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('consents').selectAll().where('id', '=', consentId).executeTakeFirst();
    if (!row) throw notFound();
    await caseGate(deps, trx, actor, row.case_id, 'case.write');
    caseId = row.case_id;
    if (row.withdrawn_at !== null) return;
    const now = deps.now();
    await trx
      .updateTable('consents')
      .set({ withdrawn_at: now.toISOString(), withdrawn_by: actor.kind === 'user' ? actor.id : null })
      .where('id', '=', consentId)
      .where('withdrawn_at', 'is', null)
      .execute();
    await audit(trx, actor, `consent.withdrawn.${row.purpose}`, 'consent', consentId, now);
  });
  const list = await listConsents(deps, actor, caseId, false);
  return list.find((c) => c.id === consentId)!;
}

/** Every grant of a case, newest first, withdrawn ones included (marked inactive). */
export async function listConsents(deps: Deps, actor: Actor, caseId: string, auditRead = true): Promise<ConsentRecord[]> {
  await caseGate(deps, deps.db, actor, caseId, 'case.read');
  const rows = await deps.db.selectFrom('consents').selectAll().where('case_id', '=', caseId).orderBy('recorded_at', 'desc').orderBy('id').execute();
  const users = await deps.db.selectFrom('users').select(['id', 'display_name']).execute();
  const ref = (id: string | null): UserRef | null => {
    const u = id ? users.find((x) => x.id === id) : undefined;
    return u ? { id: u.id, displayName: u.display_name } : null;
  };
  if (auditRead) await audit(deps.db, actor, 'consent.listed', 'case', caseId, deps.now());
  return rows.map((row) => {
    const s = openConsent(deps, row);
    const out: ConsentRecord = {
      id: row.id,
      caseId: row.case_id,
      purpose: row.purpose as ConsentPurpose,
      givenOn: s.givenOn,
      recordedBy: ref(row.recorded_by),
      recordedAt: row.recorded_at,
      active: row.withdrawn_at === null,
    };
    if (s.recipient !== undefined) out.recipient = s.recipient;
    if (s.recipientUserId !== undefined) out.recipientUser = ref(s.recipientUserId) ?? { id: s.recipientUserId, displayName: '' };
    if (s.scope !== undefined) out.scope = s.scope;
    if (s.evidence !== undefined) out.evidence = s.evidence;
    if (row.withdrawn_at !== null) {
      out.withdrawnAt = row.withdrawn_at;
      out.withdrawnBy = ref(row.withdrawn_by);
    }
    return out;
  });
}

/** Who a consent check is about: a labelled recipient (UN, government) or a field partner's user id. */
export type ConsentRecipient = { label: string } | { userId: string };

/**
 * Does an active grant of this case cover `purpose` (and `recipient`, when the
 * purpose names one)? No access check: callers have already checked the case.
 * Example: `await consentCovers(deps, db, caseId, 'un_sharing', { label: 'UN WGEID' })`.
 */
export async function consentCovers(deps: Deps, db: Db, caseId: string, purpose: ConsentPurpose, recipient?: ConsentRecipient): Promise<boolean> {
  return (await activeGrants(deps, db, caseId, purpose)).some((s) => grantCovers(s, recipient));
}

/** The unwithdrawn grants of a case for one purpose, decrypted (scope included, for dossiers). */
export async function activeGrants(deps: Deps, db: Db, caseId: string, purpose: ConsentPurpose): Promise<ConsentSealed[]> {
  if (!CONSENT_PURPOSES.includes(purpose)) return [];
  const rows = await db.selectFrom('consents').selectAll().where('case_id', '=', caseId).where('purpose', '=', purpose).where('withdrawn_at', 'is', null).execute();
  return rows.map((row) => openConsent(deps, row));
}

/** Does one grant cover this recipient? A grant naming no recipient covers any recipient of its purpose. */
export function grantCovers(s: ConsentSealed, recipient?: ConsentRecipient): boolean {
  if (s.recipient === undefined && s.recipientUserId === undefined) return true;
  if (!recipient) return false;
  if ('label' in recipient) return s.recipient !== undefined && normaliseRecipient(s.recipient) === normaliseRecipient(recipient.label);
  return s.recipientUserId === recipient.userId;
}

/**
 * Refuses (CONSENT_REQUIRED, naming each case whose consent is missing, by
 * reference, never by name) unless every case's consent covers the purpose and
 * recipient. Example: `await requireConsent(deps, trx, [caseId], 'un_sharing', { label })`.
 */
export async function requireConsent(deps: Deps, db: Db, caseIds: readonly string[], purpose: ConsentPurpose, recipient?: ConsentRecipient): Promise<void> {
  const issues: Issue[] = [];
  for (const [i, caseId] of caseIds.entries()) {
    if (await consentCovers(deps, db, caseId, purpose, recipient)) continue;
    const row = await db.selectFrom('cases').select('reference').where('id', '=', caseId).executeTakeFirst();
    const who = recipient ? ' for this recipient' : '';
    issues.push({ path: `cases.${i}`, code: 'consent_missing', message: `case ${row?.reference ?? caseId} has no active consent to ${PURPOSE_LABELS[purpose]}${who}` });
  }
  if (issues.length > 0) {
    throw new ServiceError('CONSENT_REQUIRED', `consent does not cover ${PURPOSE_LABELS[purpose]}: ${issues.map((i) => i.message.split(' has ')[0]).join(', ')}`, issues);
  }
}

/**
 * Writes the consents of an interchange file entry (docs/case-format.md) into
 * the consents table, so the file and the API share one source of truth and
 * `requireConsent` sees imported grants. A grant the file marks withdrawn is
 * stored withdrawn (at import time, keeping the file's date sealed).
 * Runs inside the importer's transaction; the importer has created the case.
 */
export async function importFileConsents(deps: Deps, db: Db, actor: Actor, caseId: string, consents: readonly Consent[]): Promise<void> {
  const now = deps.now();
  for (const [position, c] of consents.entries()) {
    const id = newId();
    const sealed: ConsentSealed = { givenOn: c.givenOn, filePosition: position };
    if (c.scope !== undefined) sealed.scope = c.scope;
    if (c.withdrawnOn !== undefined) sealed.withdrawnOn = c.withdrawnOn;
    const key = newRecordKey(deps.kr, 'consents', id);
    const by = actor.kind === 'user' ? actor.id : null;
    await db
      .insertInto('consents')
      .values({
        id,
        case_id: caseId,
        purpose: c.purpose,
        recorded_by: by,
        recorded_at: now.toISOString(),
        withdrawn_by: c.withdrawnOn ? by : null,
        withdrawn_at: c.withdrawnOn ? now.toISOString() : null,
        wrapped_key: key.wrapped,
        sealed: key.seal('sealed', sealed),
      })
      .execute();
    await audit(db, actor, `consent.imported.${c.purpose}`, 'consent', id, now);
  }
}

/** A case's consents as the interchange file writes them (oldest first); no access check (the exporter has checked). */
export async function fileConsents(deps: Deps, db: Db, caseId: string): Promise<Consent[]> {
  const rows = await db.selectFrom('consents').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute();
  const opened = rows.map((row) => ({ row, s: openConsent(deps, row) }));
  // Oldest first; one import shares a recording time, so the file's order decides among them.
  opened.sort((a, b) => a.row.recorded_at.localeCompare(b.row.recorded_at) || (a.s.filePosition ?? 0) - (b.s.filePosition ?? 0));
  return opened.map(({ row, s }) => {
    const out: Consent = { purpose: row.purpose as ConsentPurpose, givenOn: s.givenOn };
    if (s.scope !== undefined) out.scope = s.scope;
    if (s.withdrawnOn !== undefined) out.withdrawnOn = s.withdrawnOn;
    else if (row.withdrawn_at !== null) {
      const d = new Date(row.withdrawn_at);
      out.withdrawnOn = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
    return out;
  });
}
