import { audit } from '../audit/audit.ts';
import { OPERATOR, type Deps } from './context.ts';
import { deleteCase } from './keys-shred.ts';

/**
 * Retention (issue #6): a closed case is purged `years` after it was last
 * changed (closing it is a change, so the clock starts at the latest at
 * closing), by the crypto-shredding delete (keys-shred.ts), one case per
 * transaction so a long run never holds a lock for long. Each purge is audited
 * as 'case.deleted' by the operator, and each run as 'retention.run'.
 * `years` 0 turns retention off. Runs from `homeward retention run` and on a
 * schedule in the server (installRetentionSchedule).
 * Example: `await runRetention(deps, 7) // { purged: 3, cutoff: '2019-...' }`.
 */
export async function runRetention(deps: Deps, years = deps.config.retentionYears, dryRun = false): Promise<{ purged: number; cutoff: string | null; ids: string[] }> {
  if (years <= 0) return { purged: 0, cutoff: null, ids: [] };
  const now = deps.now();
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  const due = await deps.db.selectFrom('cases').select('id').where('status', '=', 'closed').where('updated_at', '<', cutoff.toISOString()).orderBy('updated_at').execute();
  const ids = due.map((r) => r.id);
  if (!dryRun) {
    for (const id of ids) await deleteCase(deps, OPERATOR, id);
    await audit(deps.db, OPERATOR, 'retention.run', null, null, deps.now());
  }
  return { purged: dryRun ? 0 : ids.length, cutoff: cutoff.toISOString(), ids };
}

/** How often the server checks for cases past retention. */
const RETENTION_EVERY_MS = 6 * 3_600_000;

/**
 * Runs retention in the server every six hours (and once a minute after
 * start) when config.retentionYears > 0; returns a stop function. Failures
 * are reported by code only (no case values) and retried at the next run.
 */
export function installRetentionSchedule(deps: Deps, report: (message: string) => void): () => void {
  if (deps.config.retentionYears <= 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runRetention(deps);
      if (r.purged > 0) report(`retention: purged ${r.purged} closed case(s) older than ${deps.config.retentionYears} year(s)`);
    } catch (err) {
      report(`retention run failed: ${err instanceof Error ? err.name : 'error'}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 60_000);
  const every = setInterval(() => void tick(), RETENTION_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
