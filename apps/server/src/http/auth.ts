import { SESSION_COOKIE, type SessionUser } from '@homeward/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, type Actor, type Deps } from '../services/context.ts';
import { resumeSession } from '../services/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser?: SessionUser;
    /** "From where" for audit events of this request (set by the policy layer, audit/origin.ts). */
    auditOrigin?: string;
  }
}

/** Cookie attributes: `__Host-` demands Secure, Path=/ and no Domain. */
export const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

/** onRequest hook (before the body is even parsed): a live session or 401 UNAUTHENTICATED. */
export function requireUser(deps: Deps) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = req.cookies[SESSION_COOKIE];
    const user = token ? await resumeSession(deps, token) : undefined;
    if (!user) {
      if (token) reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
      throw new ServiceError('UNAUTHENTICATED', 'sign in first');
    }
    req.sessionUser = user;
  };
}

/** The acting user of an authenticated request. */
export function actorOf(req: FastifyRequest): Actor {
  const u = req.sessionUser;
  if (!u) throw new ServiceError('UNAUTHENTICATED', 'sign in first');
  const origin = req.auditOrigin;
  return { kind: 'user', id: u.id, organisationId: u.organisationId, role: u.role, ...(origin ? { origin } : {}) };
}
