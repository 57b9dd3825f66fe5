import type { Db } from '../db/create-db.ts';

/**
 * Deletes a case's matching rows with the case (crypto-shredding, see
 * services/keys-shred.ts): its candidates' sealed explanations quote the
 * child's names and each row holds its only data key, as do the decisions'
 * reasons; its blind-index rows go too. Runs inside the caller's transaction,
 * after the tracing records that point at its candidates.
 */
export async function shredCaseMatching(db: Db, caseId: string): Promise<void> {
  const candidates = db.selectFrom('match_candidates').select('id').where('case_id', '=', caseId);
  await db.deleteFrom('match_decisions').where('candidate_id', 'in', candidates).execute();
  await db.deleteFrom('match_candidates').where('case_id', '=', caseId).execute();
  await db.deleteFrom('match_index').where('case_id', '=', caseId).execute();
}
