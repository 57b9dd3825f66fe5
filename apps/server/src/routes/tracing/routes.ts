import { IdParamsSchema, PartnerListSchema, TracingRequestInputSchema, TracingRequestListSchema, TracingRequestSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { createTracingRequest, listCaseRequests, listPartners, revokeTracingRequest } from '../../tracing/requests.ts';

/** Tracing requests, the caseworker's side (docs/api.md); need-to-know and consent are checked in tracing/requests.ts. */
export function tracingRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.get('/api/tracing/partners', { config, schema: { response: { 200: PartnerListSchema } } }, async (req) => ({ items: await listPartners(deps, actorOf(req)) }));
    app.get('/api/cases/:id/tracing-requests', { config, schema: { params: IdParamsSchema, response: { 200: TracingRequestListSchema } } }, async (req) => ({
      items: await listCaseRequests(deps, actorOf(req), req.params.id),
    }));
    app.post('/api/cases/:id/tracing-requests', { config, schema: { params: IdParamsSchema, body: TracingRequestInputSchema, response: { 201: TracingRequestSchema } } }, async (req, reply) =>
      reply.code(201).send(await createTracingRequest(deps, actorOf(req), req.params.id, req.body)),
    );
    app.post('/api/tracing-requests/:id/revoke', { config, schema: { params: IdParamsSchema, response: { 200: TracingRequestSchema } } }, async (req) =>
      revokeTracingRequest(deps, actorOf(req), req.params.id),
    );
  };
}
