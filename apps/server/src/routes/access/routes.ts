import {
  BreakGlassInputSchema, BreakGlassListSchema, BreakGlassResultSchema, CaseAccessSchema, IdParamsSchema, SESSION_COOKIE, ShareInputSchema,
} from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import { activeBreakGlass, breakGlass, endBreakGlass } from '../../services/break-glass.ts';
import type { Deps } from '../../services/context.ts';
import { caseAccess, revokeShare, shareCase } from '../../services/sharing.ts';

/** Who holds a case: shares with colleagues and break-glass (docs/api.md "Access"); need-to-know is checked in the services. */
export function accessRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const cases = { policy: policy.roles(...CASE_ROLES) };
    const writeLimit = { max: 60, timeWindow: 60_000 };
    app.get('/api/cases/:id/access', { config: cases, schema: { params: IdParamsSchema, response: { 200: CaseAccessSchema } } }, async (req) => caseAccess(deps, actorOf(req), req.params.id));
    app.post(
      '/api/cases/:id/shares',
      { config: { ...cases, rateLimit: writeLimit }, schema: { params: IdParamsSchema, body: ShareInputSchema, response: { 200: CaseAccessSchema } } },
      async (req) => shareCase(deps, actorOf(req), req.params.id, req.body.userId),
    );
    app.post('/api/case-access/:id/revoke', { config: { ...cases, rateLimit: writeLimit }, schema: { params: IdParamsSchema } }, async (req, reply) => {
      await revokeShare(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    });
    app.post(
      '/api/break-glass',
      { config: { policy: policy.roles('caseworker'), rateLimit: { max: 10, timeWindow: 60_000 } }, schema: { body: BreakGlassInputSchema, response: { 201: BreakGlassResultSchema } } },
      async (req, reply) => reply.code(201).send(await breakGlass(deps, actorOf(req), req.cookies[SESSION_COOKIE], req.body)),
    );
    app.post('/api/break-glass/:id/end', { config: { policy: policy.roles('administrator', 'caseworker'), rateLimit: writeLimit }, schema: { params: IdParamsSchema } }, async (req, reply) => {
      await endBreakGlass(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    });
    app.get('/api/admin/break-glass', { config: { policy: policy.roles('administrator') }, schema: { response: { 200: BreakGlassListSchema } } }, async (req) => activeBreakGlass(deps, actorOf(req)));
  };
}
