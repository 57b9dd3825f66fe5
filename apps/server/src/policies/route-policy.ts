import { ROLES, SESSION_COOKIE, type Role } from '@homeward/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { originOf } from '../audit/origin.ts';
import { requireUser } from '../http/auth.ts';
import { ServiceError, type Deps } from '../services/context.ts';
import { requireRecentReauth } from '../services/sessions.ts';

/**
 * What a route demands before its handler runs (issue #6: one policy layer every
 * route goes through). Record-level checks (is this case assigned to you, does
 * consent cover this share) stay in the services, which know the records; this
 * layer decides who may call the route at all.
 * - public: anyone (health, setup, login);
 * - signedIn: any live session, whatever the role (own session, logout);
 * - roles: a live session whose role is listed.
 */
export type RoutePolicy =
  | { readonly access: 'public' }
  | { readonly access: 'signedIn' }
  | { readonly access: 'roles'; readonly roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /**
     * Demands a re-authentication (password + a fresh TOTP code, POST /api/auth/reauth)
     * within the last few minutes on this session, else 428 REAUTH_REQUIRED: declare it
     * on exports and other bulk disclosures, e.g. `config: { policy, reauth: true }`.
     */
    reauth?: boolean;
  }
}

/** Shorthands for route options: `{ config: { policy: policy.roles('caseworker') } }`. */
export const policy = {
  public: { access: 'public' } as RoutePolicy,
  signedIn: { access: 'signedIn' } as RoutePolicy,
  roles: (...roles: Role[]): RoutePolicy => ({ access: 'roles', roles }),
};

/** Roles that work on case contents (need-to-know still applies per case, see case-access.ts). */
export const CASE_ROLES: readonly Role[] = ['administrator', 'caseworker'];

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A rate limit on every write (issue #6), in the one layer every route goes
 * through: fixed one-minute windows per signed-in user (per address when
 * signed out), on top of the stricter per-route limits of sign-in, setup and
 * break-glass. In memory: one server process. Refusal: 429 RATE_LIMITED.
 */
function writeLimiter(deps: Deps): (key: string, reply: FastifyReply) => void {
  const windows = new Map<string, { start: number; count: number }>();
  return (key, reply) => {
    const { max, windowMs } = deps.config.writeRateLimit;
    const now = Date.now();
    if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    let w = windows.get(key);
    if (!w || now - w.start >= windowMs) windows.set(key, (w = { start: now, count: 0 }));
    w.count += 1;
    if (w.count > max) {
      const wait = Math.ceil((w.start + windowMs - now) / 1000);
      reply.header('retry-after', String(wait));
      throw new ServiceError('RATE_LIMITED', `too many changes; retry in ${wait} s`);
    }
  };
}

/** One row of the route table: what the authorization matrix test iterates over. */
export interface DeclaredRoute {
  method: string;
  url: string;
  policy: RoutePolicy;
}

function methodsOf(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).map(String);
}

/**
 * Installs the policy layer on the root instance, before any route is registered:
 * an /api route without a declared policy makes `build()` throw, so a new endpoint
 * cannot ship unprotected; every request is checked against its route's policy.
 * Fills `table` with every declared /api route as it is registered.
 */
export function installRoutePolicies(app: FastifyInstance, deps: Deps, table: DeclaredRoute[]): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const declared = (route.config as { policy?: RoutePolicy } | undefined)?.policy;
    if (!declared) throw new Error(`route ${methodsOf(route).join(',')} ${route.url} has no declared policy`);
    if (declared.access === 'roles' && declared.roles.some((r) => !ROLES.includes(r))) {
      throw new Error(`route ${route.url} names an unknown role`);
    }
    for (const method of methodsOf(route)) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, policy: declared });
    }
  });
  const signIn = requireUser(deps);
  const limitWrite = writeLimiter(deps);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const declared = req.routeOptions.config.policy;
    // Unmatched /api paths reach the not-found handler, which has no policy: nothing to protect there.
    if (!declared) return;
    if (declared.access === 'public') {
      if (WRITES.has(req.method)) limitWrite(`ip:${req.ip}`, reply);
      return;
    }
    await signIn(req, reply);
    if (WRITES.has(req.method)) limitWrite(`user:${req.sessionUser!.id}`, reply);
    // "From where" for every audit event this request writes (audit/origin.ts).
    const origin = originOf(deps.kr, req.ip, req.sessionUser!.role);
    if (origin) req.auditOrigin = origin;
    if (declared.access === 'roles' && !declared.roles.includes(req.sessionUser!.role)) {
      throw new ServiceError('FORBIDDEN', 'your role does not allow this');
    }
    if (req.routeOptions.config.reauth) await requireRecentReauth(deps, req.cookies[SESSION_COOKIE]);
  });
}
