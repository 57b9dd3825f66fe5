import { createHmac, hkdfSync } from 'node:crypto';
import type { Keyring } from '../crypto/envelope.ts';
import type { Deps } from './context.ts';

/**
 * Per-account login throttling with exponential backoff (issue #6), on top of
 * the per-address rate limit of the login route: a password-guessing run
 * spread over many addresses still slows to one try per `maxSeconds`.
 * From the `freeFailures`-th failure on, the account waits base * 2^(n - free)
 * seconds (capped) before another attempt is even checked; a success clears
 * the count. Accounts are keyed by an HMAC of the email (unknown emails are
 * throttled alike, so the table neither names anyone nor reveals who has an
 * account). Example: the 5th failure locks for 2 s, the 6th for 4 s, ... up to 15 min.
 * Rows are written outside the caller's transaction on purpose: a failed
 * login must count even though the request fails.
 */

const keys = new WeakMap<Keyring, Buffer>();
function accountKey(kr: Keyring, email: string): string {
  let key = keys.get(kr);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', kr.indexRoot, Buffer.from('homeward'), Buffer.from('login-throttle'), 32));
    keys.set(kr, key);
  }
  return createHmac('sha256', key).update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

/** Seconds this account must still wait before a login is checked (0: go ahead). */
export async function accountBackoff(deps: Deps, email: string): Promise<number> {
  const row = await deps.db.selectFrom('login_throttle').selectAll().where('account', '=', accountKey(deps.kr, email)).executeTakeFirst();
  if (!row?.locked_until) return 0;
  const ms = new Date(row.locked_until).getTime() - deps.now().getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Counts a failure and sets the next lock-out time. */
export async function recordFailure(deps: Deps, email: string): Promise<void> {
  const account = accountKey(deps.kr, email);
  const now = deps.now();
  const { freeFailures, baseSeconds, maxSeconds } = deps.config.loginBackoff;
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('login_throttle').selectAll().where('account', '=', account).executeTakeFirst();
    const failures = (row?.failures ?? 0) + 1;
    const over = failures - freeFailures;
    const lockedUntil = over >= 0 ? new Date(now.getTime() + Math.min(maxSeconds, baseSeconds * 2 ** over) * 1000).toISOString() : null;
    const values = { failures, last_failure_at: now.toISOString(), locked_until: lockedUntil };
    if (row) await trx.updateTable('login_throttle').set(values).where('account', '=', account).execute();
    else await trx.insertInto('login_throttle').values({ account, ...values }).onConflict((oc) => oc.column('account').doUpdateSet(values)).execute();
  });
}

/** A successful login starts the count again. */
export async function clearFailures(deps: Deps, email: string): Promise<void> {
  await deps.db.deleteFrom('login_throttle').where('account', '=', accountKey(deps.kr, email)).execute();
}
