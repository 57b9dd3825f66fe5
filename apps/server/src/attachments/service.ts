import type { Attachment, AttachmentOwnerType, AttachmentUploadFields, PartialDate, RemovedMetadata, UserRef } from '@homeward/contracts';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { AttachmentRow } from '../db/tables/attachments.table.ts';
import { allows } from '../policies/access.ts';
import { canAccessCase } from '../policies/case-access.ts';
import { newId, ServiceError, type Actor, type Deps } from '../services/context.ts';
import { cleanUpload, type AttachmentLimits, type Timings } from './sanitize.ts';
import { FileRefused } from './inspect.ts';
import { newAttachmentKey, openAttachmentKey } from './seal.ts';

/**
 * Encrypted attachments (issue #10). Who may see or add a file is who may see
 * or change its record: a case, a person or a consent record through the
 * case's need-to-know (canAccessCase); a lead through the leads rule (its
 * organisation's case roles), plus the field partner who submitted it
 * (`partnerSubmittedLead`, by the lead's id or their receipt's). Refusals look like absence (NOT_FOUND).
 */

/** Everything identifying about a file, sealed in `attachments.sealed`. */
interface AttachmentSealed {
  fileName: string;
  caption?: string;
  date?: PartialDate;
  mediaType: string;
  byteSize: number;
  width?: number;
  height?: number;
  removed: RemovedMetadata[];
}

interface Owner {
  organisationId: string;
  caseId: string | null;
  /** The owner's own id (a partner may name their lead by its receipt id). */
  ownerId: string;
}

type Mode = 'read' | 'write';

const notFound = () => new ServiceError('NOT_FOUND', 'not found');

/**
 * The lead a field partner submitted (issue #7's partner_leads), found by the
 * lead's id or by the receipt id the partner was given, while the tracing
 * request it answered is not revoked. Undefined for anyone else.
 */
export async function partnerSubmittedLead(db: Db, actor: Actor, id: string): Promise<string | undefined> {
  if (actor.kind !== 'user' || actor.role !== 'field_partner') return undefined;
  const row = await db
    .selectFrom('partner_leads')
    .innerJoin('tracing_requests', 'tracing_requests.id', 'partner_leads.tracing_request_id')
    .select('partner_leads.lead_id')
    .where('partner_leads.partner_user_id', '=', actor.id)
    .where('partner_leads.organisation_id', '=', actor.organisationId)
    .where('tracing_requests.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('partner_leads.lead_id', '=', id), eb('partner_leads.id', '=', id)]))
    .executeTakeFirst();
  return row?.lead_id;
}

async function caseOwner(deps: Deps, db: Db, actor: Actor, caseId: string, mode: Mode): Promise<Owner> {
  const row = await db.selectFrom('cases').select(['id', 'organisation_id', 'assigned_to']).where('id', '=', caseId).executeTakeFirst();
  if (!row || !(await canAccessCase(db, actor, row, mode === 'read' ? 'case.read' : 'case.write', deps.now()))) throw notFound();
  return { organisationId: row.organisation_id, caseId: row.id, ownerId: row.id };
}

/** The owning record, if the actor may `mode` it; NOT_FOUND otherwise. */
async function ownerGate(deps: Deps, db: Db, actor: Actor, type: AttachmentOwnerType, id: string, mode: Mode): Promise<Owner> {
  switch (type) {
    case 'case':
      return caseOwner(deps, db, actor, id, mode);
    case 'person': {
      const p = await db.selectFrom('people').select('case_id').where('id', '=', id).executeTakeFirst();
      if (!p) throw notFound();
      return { ...(await caseOwner(deps, db, actor, p.case_id, mode)), ownerId: id };
    }
    case 'consent': {
      const c = await db.selectFrom('consents').select('case_id').where('id', '=', id).executeTakeFirst();
      if (!c) throw notFound();
      return { ...(await caseOwner(deps, db, actor, c.case_id, mode)), ownerId: id };
    }
    case 'lead': {
      const submitted = await partnerSubmittedLead(db, actor, id);
      const l = await db.selectFrom('leads').select(['id', 'organisation_id']).where('id', '=', submitted ?? id).executeTakeFirst();
      if (!l) throw notFound();
      if (submitted !== undefined || allows(actor, mode === 'read' ? 'lead.read' : 'lead.write', l.organisation_id)) return { organisationId: l.organisation_id, caseId: null, ownerId: l.id };
      throw notFound();
    }
  }
}

/** A file name safe to keep: no path, no control characters, NFC, at most 200 characters, the stored format's extension. */
export function cleanFileName(name: string, extension: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\.[A-Za-z0-9]{1,5}$/, '').trim().slice(0, 180);
  return `${stem || 'file'}.${extension}`;
}

function openSealed(deps: Deps, row: AttachmentRow): AttachmentSealed {
  return openRecord(deps.kr, 'attachments', row.id, row.wrapped_key)('sealed', row.sealed) as AttachmentSealed;
}

async function present(deps: Deps, db: Db, rows: AttachmentRow[]): Promise<Attachment[]> {
  const userIds = [...new Set(rows.map((r) => r.created_by).filter((x): x is string => x !== null))];
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
  const ref = (id: string | null): UserRef | null => {
    const u = id ? users.find((x) => x.id === id) : undefined;
    return u ? { id: u.id, displayName: u.display_name } : null;
  };
  return rows.map((row) => {
    const s = openSealed(deps, row);
    const out: Attachment = {
      id: row.id,
      ownerType: row.owner_type as AttachmentOwnerType,
      ownerId: row.owner_id,
      kind: row.kind as Attachment['kind'],
      mediaType: s.mediaType,
      fileName: s.fileName,
      byteSize: s.byteSize,
      hasThumbnail: row.thumbnail !== null,
      removed: s.removed,
      createdBy: ref(row.created_by),
      createdAt: row.created_at,
    };
    if (s.caption !== undefined) out.caption = s.caption;
    if (s.date !== undefined) out.date = s.date;
    if (s.width !== undefined) out.width = s.width;
    if (s.height !== undefined) out.height = s.height;
    return out;
  });
}

/**
 * At most two files are decoded at once: a decoded 100-megapixel image takes
 * about 300 MB, and the server may run on two cores; further uploads wait.
 */
const cleaning = (() => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire: async (): Promise<void> => {
      if (running < 2) {
        running++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: (): void => {
      const next = waiting.shift();
      if (next) next();
      else running--;
    },
  };
})();

export interface Upload {
  bytes: Buffer;
  fileName: string;
  declaredType: string;
}

/** Turns a refusal of the file into a field-specific error on `file`. */
function refused(err: FileRefused): ServiceError {
  return new ServiceError('VALIDATION_FAILED', `file: ${err.refusal.message}`, [{ path: 'file', code: err.refusal.code, message: err.refusal.message }]);
}

/** A file too large for the configured limit (also raised by the route while streaming). */
export function tooLarge(limits: AttachmentLimits): ServiceError {
  const mb = Math.round((limits.maxBytes / (1024 * 1024)) * 10) / 10;
  const message = `is larger than ${mb} MB`;
  return new ServiceError('PAYLOAD_TOO_LARGE', `file ${message}`, [{ path: 'file', code: 'too_large', message }]);
}

/**
 * Checks, cleans, encrypts and stores one file on a record the actor may
 * change. Nothing is written unless every check passes.
 * Example: `await addAttachment(deps, actor, { ownerType: 'lead', ownerId }, { bytes, fileName, declaredType }, attachmentLimits())`.
 */
export async function addAttachment(deps: Deps, actor: Actor, fields: AttachmentUploadFields, upload: Upload, limits: AttachmentLimits, timings?: Timings): Promise<Attachment> {
  // The record first: nobody learns anything about files on records they may not touch.
  await ownerGate(deps, deps.db, actor, fields.ownerType, fields.ownerId, 'write');
  if (upload.bytes.length > limits.maxBytes) throw tooLarge(limits);
  let clean;
  await cleaning.acquire();
  try {
    clean = await cleanUpload(upload.bytes, upload.fileName, upload.declaredType, limits, timings);
  } catch (err) {
    if (err instanceof FileRefused) throw refused(err);
    throw err;
  } finally {
    cleaning.release();
  }
  const id = newId();
  const key = newAttachmentKey(deps.kr, id);
  const sealed: AttachmentSealed = { fileName: cleanFileName(upload.fileName, clean.extension), mediaType: clean.mediaType, byteSize: clean.bytes.length, removed: clean.removed };
  if (fields.caption) sealed.caption = fields.caption;
  if (fields.date) sealed.date = fields.date;
  if (clean.width !== undefined) sealed.width = clean.width;
  if (clean.height !== undefined) sealed.height = clean.height;
  const content = key.seal('content', clean.bytes);
  const thumbnail = clean.thumbnail ? key.seal('thumbnail', clean.thumbnail) : null;
  const sealedText = key.seal('sealed', Buffer.from(JSON.stringify(sealed), 'utf8'));
  await deps.db.transaction().execute(async (trx) => {
    const owner = await ownerGate(deps, trx, actor, fields.ownerType, fields.ownerId, 'write');
    const now = deps.now();
    await trx
      .insertInto('attachments')
      .values({
        id,
        organisation_id: owner.organisationId,
        owner_type: fields.ownerType,
        owner_id: owner.ownerId,
        case_id: owner.caseId,
        kind: clean.kind,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now.toISOString(),
        wrapped_key: key.wrapped,
        sealed: sealedText,
        content,
        thumbnail,
      })
      .execute();
    await audit(trx, actor, `attachment.added.${fields.ownerType}`, 'attachment', id, now);
  });
  const row = await deps.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await present(deps, deps.db, [row]))[0]!;
}

/** The files of a record the actor may see, newest first (audited as a listing of that record). */
export async function listAttachments(deps: Deps, actor: Actor, ownerType: AttachmentOwnerType, ownerId: string): Promise<Attachment[]> {
  const owner = await ownerGate(deps, deps.db, actor, ownerType, ownerId, 'read');
  const rows = await deps.db
    .selectFrom('attachments')
    .select(['id', 'organisation_id', 'owner_type', 'owner_id', 'case_id', 'kind', 'created_by', 'created_at', 'wrapped_key', 'sealed'])
    // Only whether a thumbnail exists, not its ciphertext.
    .select((eb) => eb.case().when('thumbnail', 'is', null).then(sql<null>`null`).else(sql<string>`'1'`).end().as('thumbnail'))
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', owner.ownerId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  await audit(deps.db, actor, 'attachment.listed', ownerType, owner.ownerId, deps.now());
  return present(deps, deps.db, rows.map((r) => ({ ...r, content: '' })));
}

export interface Served {
  bytes: Buffer;
  mediaType: string;
  /** A neutral download name (the real one stays sealed, shown only in the app). */
  downloadName: string;
}

/**
 * The cleaned file or its thumbnail, decrypted, for an actor who may see its
 * record; audited (a download of a file is an access to the person in it).
 */
export async function readAttachment(deps: Deps, actor: Actor, id: string, which: 'content' | 'thumbnail'): Promise<Served> {
  const row = await deps.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  await ownerGate(deps, deps.db, actor, row.owner_type as AttachmentOwnerType, row.owner_id, 'read');
  const blob = which === 'content' ? row.content : row.thumbnail;
  if (!blob) throw notFound();
  const key = openAttachmentKey(deps.kr, row.id, row.wrapped_key);
  const s = openSealed(deps, row);
  const bytes = key.open(which, blob);
  await audit(deps.db, actor, which === 'content' ? 'attachment.downloaded' : 'attachment.thumbnail_viewed', 'attachment', id, deps.now());
  const ext = which === 'content' ? s.fileName.split('.').pop() ?? 'bin' : 'jpg';
  return { bytes, mediaType: which === 'content' ? s.mediaType : 'image/jpeg', downloadName: `homeward-${id.slice(0, 8)}${which === 'thumbnail' ? '-thumbnail' : ''}.${ext}` };
}

/** Deletes one file by crypto-shredding (its row holds the only copy of its data key). */
export async function deleteAttachment(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('attachments').select(['id', 'owner_type', 'owner_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    await ownerGate(deps, trx, actor, row.owner_type as AttachmentOwnerType, row.owner_id, 'write');
    await trx.deleteFrom('attachments').where('id', '=', id).execute();
    await audit(trx, actor, 'attachment.deleted', 'attachment', id, deps.now());
  });
}
