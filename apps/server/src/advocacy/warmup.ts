import { ServiceError, type Deps } from '../services/context.ts';
import { computeRelease } from './statistics.ts';

/** How often the running server brings the statistics cache up to date. */
const REFRESH_EVERY_MS = 15 * 60_000;

export interface StatisticsWarmup {
  /** Starts the first warm-up now (in the background) and the periodic refresh. */
  start(): void;
  /** Stops the timers and any run in progress (between decryption batches) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Keeps the statistics of every organisation warm in the running server: at
 * start, so the first dashboard view after a restart does not decrypt every
 * sought child (seconds on a large organisation), and every 15 minutes, so the
 * cache follows the data and drops people deleted by another process (a
 * command-line delete) without waiting for someone to open the dashboard.
 * Failures are reported by error name or code only (never a value), and never
 * end the server; the next run tries again.
 */
export function installStatisticsWarmup(deps: Deps, report: (message: string) => void, everyMs = REFRESH_EVERY_MS): StatisticsWarmup {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let announced = false;
  const run = async (): Promise<void> => {
    const started = performance.now();
    let orgs = 0;
    try {
      const rows = await deps.db.selectFrom('organisations').select('id').execute();
      for (const { id } of rows) {
        if (abort.signal.aborted) return;
        try {
          await computeRelease(deps, id, { signal: abort.signal });
          orgs++;
        } catch (err) {
          if (abort.signal.aborted) return;
          // An organisation whose release cannot be protected (a code, never a value) does not stop the others.
          report(`statistics warm-up failed for one organisation: ${err instanceof ServiceError ? err.code : err instanceof Error ? err.name : 'error'}`);
        }
      }
      // Said once, after the start; the 15-minute refreshes are silent unless they fail.
      if (!announced) report(`statistics warm: ${orgs} organisation(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      announced = true;
    } catch (err) {
      if (!abort.signal.aborted) report(`statistics warm-up failed: ${err instanceof Error ? err.name : 'error'}`);
    }
  };
  const tick = (): void => {
    if (running || abort.signal.aborted) return;
    running = run().finally(() => {
      running = undefined;
    });
  };
  return {
    start() {
      if (timer || abort.signal.aborted) return;
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      abort.abort();
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
