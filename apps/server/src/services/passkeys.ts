import { randomBytes } from 'node:crypto';
import type { SessionUser } from '@homeward/contracts';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { audit } from '../audit/audit.ts';
import { originOf } from '../audit/origin.ts';
import { findUserById } from '../db/repositories/users.ts';
import { ANONYMOUS, ServiceError, type Actor, type Deps } from './context.ts';
import { toSessionUser } from './users.ts';

/**
 * WebAuthn passkeys (issue #6; W3C Web Authentication Level 3, via
 * @simplewebauthn/server) as an alternative to password + TOTP: a
 * discoverable credential with user verification required is itself two
 * factors (the device, and its PIN or biometric), and it cannot be phished
 * for another site (the signature covers the relying party id). A signed-in
 * user registers passkeys; signing in with one needs no email or password.
 * Challenges live in memory for 5 minutes, once each.
 */

/** Where the browser is: the relying party id is the host name, the origin scheme://host[:port]. */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

const CHALLENGE_TTL_MS = 5 * 60_000;
const challenges = new Map<string, { challenge: string; userId: string | undefined; expires: number }>();

function keep(key: string, challenge: string, userId: string | undefined, now: number): void {
  for (const [k, v] of challenges) if (v.expires < now) challenges.delete(k);
  challenges.set(key, { challenge, userId, expires: now + CHALLENGE_TTL_MS });
}

function take(key: string, now: number): { challenge: string; userId: string | undefined } | undefined {
  const c = challenges.get(key);
  challenges.delete(key);
  return c && c.expires >= now ? c : undefined;
}

/** Options for registering a new passkey of the signed-in user. */
export async function registrationOptions(deps: Deps, actor: Actor, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (actor.kind !== 'user') throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  const existing = await deps.db.selectFrom('passkeys').select(['id', 'transports']).where('user_id', '=', actor.id).execute();
  const options = await generateRegistrationOptions({
    rpName: 'Homeward',
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.display_name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, ...(c.transports ? { transports: JSON.parse(c.transports) as never } : {}) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  keep(`reg:${actor.id}`, options.challenge, actor.id, deps.now().getTime());
  return options;
}

/** Verifies and stores a new passkey; audited as 'passkey.registered'. */
export async function registerPasskey(deps: Deps, actor: Actor, rp: RelyingParty, response: RegistrationResponseJSON): Promise<{ id: string }> {
  if (actor.kind !== 'user') throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  const pending = take(`reg:${actor.id}`, deps.now().getTime());
  const invalid = () => new ServiceError('VALIDATION_FAILED', 'the passkey could not be verified', [{ path: 'response', code: 'passkey_invalid', message: 'could not be verified' }]);
  if (!pending) throw invalid();
  let result;
  try {
    result = await verifyRegistrationResponse({ response, expectedChallenge: pending.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: true });
  } catch {
    throw invalid();
  }
  if (!result.verified) throw invalid();
  const c = result.registrationInfo.credential;
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('passkeys')
      .values({ id: c.id, user_id: actor.id, public_key: Buffer.from(c.publicKey).toString('base64url'), counter: c.counter, transports: c.transports ? JSON.stringify(c.transports) : null, created_at: now, last_used_at: null })
      .execute();
    await audit(trx, actor, 'passkey.registered', 'user', actor.id, deps.now());
  });
  return { id: c.id };
}

/** The signed-in user's passkeys (ids and dates only). */
export async function listPasskeys(deps: Deps, actor: Actor): Promise<{ id: string; createdAt: string; lastUsedAt: string | null }[]> {
  if (actor.kind !== 'user') return [];
  const rows = await deps.db.selectFrom('passkeys').selectAll().where('user_id', '=', actor.id).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Options for signing in with any discoverable passkey; `challengeId` comes back with the answer. */
export async function authenticationOptions(deps: Deps, rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'required' });
  const challengeId = randomBytes(16).toString('base64url');
  keep(`auth:${challengeId}`, options.challenge, undefined, deps.now().getTime());
  return { challengeId, options };
}

/**
 * Signs in with a passkey: the credential must be registered, its user
 * active, the signature valid for this challenge, origin and relying party,
 * with user verification. Any failure is INVALID_CREDENTIALS, audited as
 * 'login.failed'; success as 'login.passkey'.
 */
export async function verifyPasskeyLogin(deps: Deps, rp: RelyingParty, challengeId: string, response: AuthenticationResponseJSON, address?: string): Promise<SessionUser> {
  const now = deps.now();
  const pending = take(`auth:${challengeId}`, now.getTime());
  const row = await deps.db.selectFrom('passkeys').selectAll().where('id', '=', response.id).executeTakeFirst();
  const user = row ? await findUserById(deps.db, row.user_id) : undefined;
  const fail = async (): Promise<never> => {
    const origin = originOf(deps.kr, address, undefined);
    await audit(deps.db, { ...ANONYMOUS, ...(origin ? { origin } : {}) }, 'login.failed', 'user', user?.id ?? null, now);
    throw new ServiceError('INVALID_CREDENTIALS', 'the passkey was not accepted');
  };
  if (!pending || !row || !user || user.disabled_at) return fail();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: row.id, publicKey: Buffer.from(row.public_key, 'base64url'), counter: Number(row.counter), ...(row.transports ? { transports: JSON.parse(row.transports) as never } : {}) },
      requireUserVerification: true,
    });
  } catch {
    return fail();
  }
  if (!result.verified) return fail();
  await deps.db.updateTable('passkeys').set({ counter: result.authenticationInfo.newCounter, last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  const session = toSessionUser(user);
  const origin = originOf(deps.kr, address, session.role);
  await audit(deps.db, { kind: 'user', id: session.id, organisationId: session.organisationId, role: session.role, ...(origin ? { origin } : {}) }, 'login.passkey', 'user', session.id, now);
  return session;
}
