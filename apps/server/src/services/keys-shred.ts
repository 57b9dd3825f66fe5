import { forgetPeople } from '../advocacy/facts-cache.ts';
import { audit } from '../audit/audit.ts';
import { shredCaseAttachments } from '../attachments/shred.ts';
import { shredCaseMatching } from '../matching/shred.ts';
import { allows } from '../policies/access.ts';
import { shredCaseTracing } from '../tracing/shred.ts';
import { ServiceError, type Actor, type Deps } from './context.ts';

/**
 * Deletes a case by crypto-shredding: its rows, and with them the only
 * copies of its data keys (the case's and each person's), go in one
 * transaction with its blind-index rows and history, so any copy of its
 * ciphertexts left elsewhere (a log, a replica, free pages) can no longer be
 * opened by any key the installation holds. Leads linked to the case are
 * kept (they are the field's records) but unlinked.
 * Example: `await deleteCase(deps, OPERATOR, caseId)`.
 */
export async function deleteCase(deps: Deps, actor: Actor, id: string): Promise<void> {
  let shredded: string[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').select(['id', 'organisation_id']).where('id', '=', id).executeTakeFirst();
    if (!row || !allows(actor, 'case.write', row.organisation_id)) throw new ServiceError('NOT_FOUND', 'no such case');
    const people = (await trx.selectFrom('people').select('id').where('case_id', '=', id).execute()).map((p) => p.id);
    shredded = people;
    if (people.length) await trx.deleteFrom('name_index').where('owner_table', '=', 'people').where('owner_id', 'in', people).execute();
    await trx.deleteFrom('name_index').where('owner_table', '=', 'cases').where('owner_id', '=', id).execute();
    await trx.updateTable('leads').set({ case_id: null }).where('case_id', '=', id).execute();
    await trx.deleteFrom('people').where('case_id', '=', id).execute();
    // Its tracing requests, and the disclosure consents and messages of its matches (each row holds its only data key).
    await shredCaseTracing(trx, id);
    // Its match candidates and decisions (sealed explanations and reasons quote names) and its matching index rows.
    await shredCaseMatching(trx, id);
    // The case's files (its own, its people's, its consents'): their rows hold the only copies of their data keys.
    await shredCaseAttachments(trx, id);
    await trx.deleteFrom('case_history').where('case_id', '=', id).execute();
    await trx.deleteFrom('cases').where('id', '=', id).execute();
    await audit(trx, actor, 'case.deleted', 'case', id, deps.now());
  });
  // The statistics cache holds decrypted facts of sought children: theirs go now, with their keys.
  forgetPeople(deps.db, shredded);
}
