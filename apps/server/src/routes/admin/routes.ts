import { AdminCreateUserResultSchema, AdminCreateUserSchema, AdminUserListSchema, AdminUserSchema, IdParamsSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { adminCreateUser, adminListUsers, disableUser, revokeUserSessions } from '../../services/users.ts';

/** The administrator's user pages (docs/api.md "Access"): users, roles, sessions; every action audited in the service. */
export function adminRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles('administrator'), rateLimit: { max: 60, timeWindow: 60_000 } };
    app.get('/api/admin/users', { config: { policy: policy.roles('administrator') }, schema: { response: { 200: AdminUserListSchema } } }, async (req) => ({
      items: await adminListUsers(deps, actorOf(req)),
    }));
    app.post('/api/admin/users', { config, schema: { body: AdminCreateUserSchema, response: { 201: AdminCreateUserResultSchema } } }, async (req, reply) =>
      reply.code(201).send(await adminCreateUser(deps, actorOf(req), req.body)),
    );
    app.post('/api/admin/users/:id/disable', { config, schema: { params: IdParamsSchema, response: { 200: AdminUserSchema } } }, async (req) => disableUser(deps, actorOf(req), req.params.id));
    app.post('/api/admin/users/:id/revoke-sessions', { config, schema: { params: IdParamsSchema, response: { 200: AdminUserSchema } } }, async (req) =>
      revokeUserSessions(deps, actorOf(req), req.params.id),
    );
  };
}
