import { AuditEventListSchema, AuditQuerySchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { queryAudit } from '../../audit/query.ts';
import { actorOf } from '../../http/auth.ts';
import { policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';

/** The audit trail, for auditors only (docs/api.md "Access"). Filters carry no identifying values, so a GET query string is fine. */
export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/audit/events', { config: { policy: policy.roles('auditor') }, schema: { querystring: AuditQuerySchema, response: { 200: AuditEventListSchema } } }, async (req) =>
      queryAudit(deps, actorOf(req), req.query),
    );
  };
}
