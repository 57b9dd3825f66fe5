import { LoginSchema, PasskeyListSchema, PasskeyLoginSchema, PasskeyRegisterSchema, ReauthSchema, SESSION_COOKIE, SessionSchema, UserListSchema, type Role } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, COOKIE_OPTIONS } from '../../http/auth.ts';
import { policy } from '../../policies/route-policy.ts';
import { listUsers } from '../../db/repositories/users.ts';
import { allows } from '../../policies/access.ts';
import type { Deps } from '../../services/context.ts';
import { createSession, endSession, markReauthenticated } from '../../services/sessions.ts';
import { verifyLogin, verifyReauth } from '../../services/users.ts';
import { authenticationOptions, listPasskeys, registerPasskey, registrationOptions, verifyPasskeyLogin, type RelyingParty } from '../../services/passkeys.ts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';

export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { policy: policy.public, rateLimit: { max: deps.config.loginRateLimit.max, timeWindow: deps.config.loginRateLimit.windowMs } },
        schema: { body: LoginSchema, response: { 200: SessionSchema } },
      },
      async (req, reply) => {
        const user = await verifyLogin(deps, req.body, req.ip);
        const { token, expiresAt } = await createSession(deps, user.id);
        reply.setCookie(SESSION_COOKIE, token, { ...COOKIE_OPTIONS, expires: expiresAt });
        return { user };
      },
    );
    app.post('/api/auth/logout', { config: { policy: policy.signedIn } }, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await endSession(deps, token);
      reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
      return reply.code(204).send();
    });
    // Password + a fresh TOTP code again, before exports and break-glass (docs/security.md).
    app.post(
      '/api/auth/reauth',
      {
        config: { policy: policy.signedIn, rateLimit: { max: deps.config.loginRateLimit.max, timeWindow: deps.config.loginRateLimit.windowMs } },
        schema: { body: ReauthSchema },
      },
      async (req, reply) => {
        await verifyReauth(deps, actorOf(req), req.body, req.ip);
        await markReauthenticated(deps, req.cookies[SESSION_COOKIE]!);
        return reply.code(204).send();
      },
    );
    // WebAuthn passkeys (services/passkeys.ts). The relying party is the host the browser asked for:
    // a credential made for one host can never sign for another, so a forged Host header gains nothing.
    const rp = (req: FastifyRequest): RelyingParty => ({ rpID: req.hostname, origin: `${req.protocol}://${req.host}` });
    const loginLimit = { max: deps.config.loginRateLimit.max, timeWindow: deps.config.loginRateLimit.windowMs };
    app.post('/api/auth/passkeys/register/options', { config: { policy: policy.signedIn } }, async (req) => registrationOptions(deps, actorOf(req), rp(req)));
    app.post('/api/auth/passkeys/register', { config: { policy: policy.signedIn, rateLimit: loginLimit }, schema: { body: PasskeyRegisterSchema } }, async (req, reply) =>
      reply.code(201).send(await registerPasskey(deps, actorOf(req), rp(req), req.body.response as unknown as RegistrationResponseJSON)),
    );
    app.get('/api/auth/passkeys', { config: { policy: policy.signedIn }, schema: { response: { 200: PasskeyListSchema } } }, async (req) => ({ items: await listPasskeys(deps, actorOf(req)) }));
    app.post('/api/auth/passkeys/login/options', { config: { policy: policy.public, rateLimit: loginLimit } }, async (req) => authenticationOptions(deps, rp(req)));
    app.post(
      '/api/auth/passkeys/login',
      { config: { policy: policy.public, rateLimit: loginLimit }, schema: { body: PasskeyLoginSchema, response: { 200: SessionSchema } } },
      async (req, reply) => {
        const user = await verifyPasskeyLogin(deps, rp(req), req.body.challengeId, req.body.response as unknown as AuthenticationResponseJSON, req.ip);
        const { token, expiresAt } = await createSession(deps, user.id);
        reply.setCookie(SESSION_COOKIE, token, { ...COOKIE_OPTIONS, expires: expiresAt });
        return { user };
      },
    );
    app.get('/api/session', { config: { policy: policy.signedIn }, schema: { response: { 200: SessionSchema } } }, async (req) => ({ user: req.sessionUser! }));
    app.get('/api/users', { config: { policy: policy.roles('administrator', 'caseworker') }, schema: { response: { 200: UserListSchema } } }, async (req) => {
      const actor = actorOf(req);
      if (actor.kind !== 'user' || !allows(actor, 'user.list')) return { items: [] };
      const rows = await listUsers(deps.db, actor.organisationId);
      return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role as Role })) };
    });
  };
}
