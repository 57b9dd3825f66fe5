/**
 * Matching that never sleeps (issue #7): every write of a sought person or
 * a lead re-runs candidate generation for it. Callers run these AFTER their
 * own transaction commits, so a matching failure never loses the write;
 * `rematchAfterWrite` logs the failure's kind only (never a value).
 */
import type { Deps } from '../services/context.ts';
import { matchCase, matchLead } from './engine.ts';

/** Finds, scores and stores the candidates of one lead among the sought persons of its organisation. */
export async function rematchLead(deps: Deps, leadId: string): Promise<void> {
  await matchLead(deps, leadId);
}

/** Re-indexes one case's people and finds, scores and stores its sought persons' candidates among leads. */
export async function rematchCase(deps: Deps, caseId: string): Promise<void> {
  await matchCase(deps, caseId);
}

/**
 * Runs a rematch after a committed write; a failure is reported by kind
 * only and swallowed, since the write itself succeeded and the next change
 * (or a full run) re-matches.
 */
export async function rematchAfterWrite(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const kind = err instanceof Error ? err.name : typeof err;
    process.stderr.write(`matching: re-run failed (${kind})\n`);
  }
}
