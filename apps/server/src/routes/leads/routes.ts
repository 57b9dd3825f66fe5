import { IdParamsSchema, LeadInputSchema, LeadListSchema, LeadSchema, LeadUpdateSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { createLead, getLead, listLeads, updateLead } from '../../services/leads.ts';

export function leadRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const CASE_POLICY = policy.roles(...CASE_ROLES);
    app.get('/api/leads', { config: { policy: CASE_POLICY }, schema: { response: { 200: LeadListSchema } } }, async (req) => ({ items: await listLeads(deps, actorOf(req)) }));
    app.post('/api/leads', { config: { policy: CASE_POLICY }, schema: { body: LeadInputSchema, response: { 201: LeadSchema } } }, async (req, reply) =>
      reply.code(201).send(await createLead(deps, actorOf(req), req.body)),
    );
    app.get('/api/leads/:id', { config: { policy: CASE_POLICY }, schema: { params: IdParamsSchema, response: { 200: LeadSchema } } }, async (req) => getLead(deps, actorOf(req), req.params.id));
    app.put('/api/leads/:id', { config: { policy: CASE_POLICY }, schema: { params: IdParamsSchema, body: LeadUpdateSchema, response: { 200: LeadSchema } } }, async (req) => {
      const { version, ...input } = req.body;
      return updateLead(deps, actorOf(req), req.params.id, version, input);
    });
  };
}
