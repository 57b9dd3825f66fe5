import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SetupFinish, SetupStart, SetupStartResult } from '@homeward/contracts';
import { audit } from '../audit/audit.ts';
import { deleteMeta, getMeta, setMeta } from '../db/repositories/meta.ts';
import { countUsers, firstOrganisation } from '../db/repositories/users.ts';
import { OPERATOR, ServiceError, type Deps } from './context.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { newTotpSecret, totpEnrolment, totpStep } from './totp.ts';
import { createUser } from './users.ts';

const TOKEN_KEY = 'setup_token_sha256';
const sha = (s: string) => createHash('sha256').update(s).digest();

export async function setupNeeded(deps: Deps): Promise<boolean> {
  return (await countUsers(deps.db)) === 0;
}

/**
 * On a database without users, makes a fresh one-time setup token (only its
 * hash is stored) and returns it for the console; otherwise undefined.
 */
export async function issueSetupToken(deps: Deps): Promise<string | undefined> {
  if (!(await setupNeeded(deps))) {
    await deleteMeta(deps.db, TOKEN_KEY);
    return undefined;
  }
  const token = randomBytes(24).toString('base64url');
  await setMeta(deps.db, TOKEN_KEY, sha(token).toString('hex'));
  return token;
}

async function checkToken(deps: Deps, token: string): Promise<void> {
  if (!(await setupNeeded(deps))) throw new ServiceError('SETUP_ALREADY_DONE', 'setup has already been done');
  const stored = await getMeta(deps.db, TOKEN_KEY);
  const ok = stored !== undefined && timingSafeEqual(Buffer.from(stored, 'hex'), sha(token));
  if (!ok) throw new ServiceError('SETUP_TOKEN_INVALID', 'the setup link is not valid; restart the server for a new one');
}

interface Pending {
  organisationName: string;
  email: string;
  displayName: string;
  passwordHash: string;
  totpSecret: string;
}

/** Setup in two steps: nothing is written until the TOTP code proves enrolment. */
export class SetupFlow {
  readonly #pending = new Map<string, Pending>();
  readonly #deps: Deps;
  constructor(deps: Deps) {
    this.#deps = deps;
  }

  async start(input: SetupStart): Promise<SetupStartResult> {
    await checkToken(this.#deps, input.token);
    checkNewPassword(input.password);
    const totpSecret = newTotpSecret();
    this.#pending.set(sha(input.token).toString('hex'), {
      organisationName: input.organisationName,
      email: input.email,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password, this.#deps.config.argon2),
      totpSecret,
    });
    return { totpSecret, ...(await totpEnrolment(input.email, totpSecret)) };
  }

  async finish(input: SetupFinish): Promise<void> {
    await checkToken(this.#deps, input.token);
    const key = sha(input.token).toString('hex');
    const p = this.#pending.get(key);
    if (!p) throw new ServiceError('SETUP_TOKEN_INVALID', 'start the setup first');
    const step = totpStep(input.totpCode, p.totpSecret, this.#deps.now());
    if (step === undefined) {
      throw new ServiceError('VALIDATION_FAILED', 'the code does not match; check the authenticator app', [
        { path: 'totpCode', code: 'totp_mismatch', message: 'does not match' },
      ]);
    }
    const deps = this.#deps;
    await deps.db.transaction().execute(async (trx) => {
      const org = await firstOrganisation(trx);
      if (org) await trx.updateTable('organisations').set({ name: p.organisationName }).where('id', '=', org.id).execute();
      else await trx.insertInto('organisations').values({ id: randomBytes(16).toString('base64url'), name: p.organisationName, created_at: deps.now().toISOString() }).execute();
      await createUser(deps, OPERATOR, { email: p.email, displayName: p.displayName, role: 'administrator', passwordHash: p.passwordHash, totpSecret: p.totpSecret, totpLastStep: step }, trx);
      await trx.deleteFrom('meta').where('key', '=', TOKEN_KEY).execute();
      await audit(trx, OPERATOR, 'setup.finished', null, null, deps.now());
    });
    this.#pending.delete(key);
  }
}
