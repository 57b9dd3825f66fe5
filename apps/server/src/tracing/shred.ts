import type { Db } from '../db/create-db.ts';

/**
 * Shreds a case's tracing records inside the caller's transaction
 * (keys-shred.ts deleteCase): its tracing requests with the partners' withheld
 * whereabouts, and the disclosure consents (which hold a copy of what the
 * mother agreed to disclose) and family messages of its match candidates.
 * Each row holds the only copy of its data key. Returns how many rows went.
 */
export async function shredCaseTracing(db: Db, caseId: string): Promise<number> {
  const candidates = db.selectFrom('match_candidates').select('id').where('case_id', '=', caseId);
  const requests = db.selectFrom('tracing_requests').select('id').where('case_id', '=', caseId);
  let n = 0;
  n += Number((await db.deleteFrom('family_messages').where('candidate_id', 'in', candidates).executeTakeFirst()).numDeletedRows);
  n += Number((await db.deleteFrom('disclosure_consents').where('candidate_id', 'in', candidates).executeTakeFirst()).numDeletedRows);
  n += Number((await db.deleteFrom('partner_leads').where('tracing_request_id', 'in', requests).executeTakeFirst()).numDeletedRows);
  n += Number((await db.deleteFrom('tracing_requests').where('case_id', '=', caseId).executeTakeFirst()).numDeletedRows);
  return n;
}
