import { IdempotencyKeySchema, type LeadInput, type PartnerLeadInput, type PartnerLeadReceipt } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { PartnerLeadRow } from '../db/tables/tracing.table.ts';
import { rematchAfterWrite, rematchLead } from '../matching/index.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { createLeadIn } from '../services/leads.ts';
import { placeCodeIssues } from '../services/places.ts';
import { partnerRequestRow } from './requests.ts';
import { countyOf } from './shared.ts';

/**
 * A field partner's lead against one of their requests (issue #7). The lead
 * itself (names, age, sex, and the place only at county level) goes into
 * `leads`, where matching finds it; the place as the partner gave it and the
 * notes (whereabouts, contact) stay sealed in `partner_leads` until both sides
 * have consented to disclosure. A retry with the same idempotency key is
 * stored once and answered with the first receipt.
 */

/** What of a partner's lead is withheld from the caseworker until disclosure. */
export interface PartnerLeadSealed {
  place?: string;
  placeCode?: string;
  notes?: string;
}

export function openPartnerLead(deps: Deps, row: PartnerLeadRow): PartnerLeadSealed {
  return openRecord(deps.kr, 'partner_leads', row.id, row.wrapped_key)('sealed', row.sealed) as PartnerLeadSealed;
}

function receipt(row: PartnerLeadRow, replayed: boolean): PartnerLeadReceipt {
  return { id: row.id, requestId: row.tracing_request_id, submittedAt: row.created_at, replayed };
}

async function byKey(db: Db, partnerId: string, key: string): Promise<PartnerLeadRow | undefined> {
  return db.selectFrom('partner_leads').selectAll().where('partner_user_id', '=', partnerId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** The key from the Idempotency-Key header or the body (they must agree when both are sent). */
function idempotencyKey(header: string | undefined, body: string | undefined): string {
  if (header !== undefined) {
    const parsed = IdempotencyKeySchema.safeParse(header);
    if (!parsed.success) throw new ServiceError('VALIDATION_FAILED', 'bad Idempotency-Key header', [{ path: 'idempotencyKey', code: 'invalid_format', message: parsed.error.issues[0]?.message ?? 'is not valid' }]);
    if (body !== undefined && body !== header) throw new ServiceError('VALIDATION_FAILED', 'two different idempotency keys', [{ path: 'idempotencyKey', code: 'invalid_value', message: 'differs from the Idempotency-Key header' }]);
    return header;
  }
  // Without a key a retry cannot be recognised; the web app always sends one.
  return body ?? newId();
}

/** Today as a partial date (when the lead reached us). */
function today(now: Date) {
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}

/**
 * Stores a partner's lead once per idempotency key.
 * Example: `await submitPartnerLead(deps, actor, requestId, { names: [{ text: '리미령' }], idempotencyKey: 'k-123456' })`.
 */
export async function submitPartnerLead(
  deps: Deps,
  actor: Actor,
  requestId: string,
  input: PartnerLeadInput,
  headerKey?: string,
): Promise<PartnerLeadReceipt & { leadId: string }> {
  if (actor.kind !== 'user') throw new ServiceError('NOT_FOUND', 'not found');
  const partnerId = actor.id;
  // The request must be theirs and live before anything else is said, replay included.
  const request = await partnerRequestRow(deps, deps.db, actor, requestId);
  const key = idempotencyKey(headerKey, input.idempotencyKey);
  const issues = placeCodeIssues([['placeCode', input.placeCode, input.place]]);
  if (issues.length > 0) throw new ServiceError('VALIDATION_FAILED', 'unknown place code', issues);
  const replay = async (): Promise<(PartnerLeadReceipt & { leadId: string }) | undefined> => {
    const prev = await byKey(deps.db, partnerId, key);
    if (!prev) return undefined;
    if (prev.tracing_request_id !== request.id) {
      throw new ServiceError('VALIDATION_FAILED', 'idempotency key already used', [{ path: 'idempotencyKey', code: 'invalid_value', message: 'was used for another request' }]);
    }
    return { ...receipt(prev, true), leadId: prev.lead_id };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const county = countyOf(input.placeCode);
  const lead: LeadInput = {
    names: input.names,
    source: 'field partner',
    reliability: 'unknown',
    receivedOn: today(deps.now()),
    caseId: null,
  };
  if (input.approxAge) lead.approxAge = input.approxAge;
  if (input.birth) lead.birth = input.birth;
  if (input.sex) lead.sex = input.sex;
  // Matching compares places by county; the exact place waits for disclosure.
  if (county) {
    lead.placeCode = county.code;
    lead.place = county.display.zh;
  }
  const withheld: PartnerLeadSealed = {};
  if (input.place !== undefined) withheld.place = input.place;
  if (input.placeCode !== undefined) withheld.placeCode = input.placeCode;
  if (input.notes !== undefined && input.notes.trim() !== '') withheld.notes = input.notes;

  const id = newId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: a revocation or withdrawal that just landed wins.
      await partnerRequestRow(deps, trx, actor, requestId);
      const leadId = await createLeadIn(deps, trx, actor, lead, request.organisation_id);
      const k = newRecordKey(deps.kr, 'partner_leads', id);
      const now = deps.now();
      await trx
        .insertInto('partner_leads')
        .values({
          id,
          organisation_id: request.organisation_id,
          tracing_request_id: request.id,
          lead_id: leadId,
          partner_user_id: partnerId,
          idempotency_key: key,
          created_at: now.toISOString(),
          wrapped_key: k.wrapped,
          sealed: k.seal('sealed', withheld),
        })
        .execute();
      await audit(trx, actor, 'tracing.lead.submitted', 'tracing_request', request.id, now);
    });
  } catch (err) {
    // Two copies of one submission racing: the unique key stops the second; answer it with the first.
    if (err instanceof ServiceError) throw err;
    const again = await replay();
    if (again) return again;
    throw err;
  }
  const row = await deps.db.selectFrom('partner_leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  // After the commit: the lead is kept even if matching fails (it re-runs on the next change).
  await rematchAfterWrite(() => rematchLead(deps, row.lead_id));
  return { ...receipt(row, false), leadId: row.lead_id };
}
