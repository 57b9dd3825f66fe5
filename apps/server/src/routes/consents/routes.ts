import { ConsentGrantInputSchema, ConsentListSchema, ConsentRecordSchema, IdParamsSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { grantConsent, listConsents, withdrawConsent } from '../../services/consents.ts';

/** Consent per purpose on a case (docs/api.md); need-to-know per case is checked in the service. */
export function consentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.get('/api/cases/:id/consents', { config, schema: { params: IdParamsSchema, response: { 200: ConsentListSchema } } }, async (req) => ({
      items: await listConsents(deps, actorOf(req), req.params.id),
    }));
    app.post('/api/cases/:id/consents', { config, schema: { params: IdParamsSchema, body: ConsentGrantInputSchema, response: { 201: ConsentRecordSchema } } }, async (req, reply) =>
      reply.code(201).send(await grantConsent(deps, actorOf(req), req.params.id, req.body)),
    );
    app.post('/api/consents/:id/withdraw', { config, schema: { params: IdParamsSchema, response: { 200: ConsentRecordSchema } } }, async (req) =>
      withdrawConsent(deps, actorOf(req), req.params.id),
    );
  };
}
