import type { Db } from '../db/create-db.ts';

/**
 * Shreds every file of a case, its people and its consents inside the
 * caller's transaction (keys-shred.ts deleteCase): each row holds the only
 * copy of its file's data key. Kept apart from service.ts so the command
 * line's `cases delete` does not load the image codecs. Returns how many.
 */
export async function shredCaseAttachments(db: Db, caseId: string): Promise<number> {
  const r = await db.deleteFrom('attachments').where('case_id', '=', caseId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
