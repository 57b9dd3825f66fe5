import { FamilyMessageInputSchema, FamilyMessageListSchema, FamilyMessageSchema, IdParamsSchema, MessageStatusInputSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { listMessages, setMessageStatus, writeMessage } from '../../tracing/messages.ts';

/** Family messages, the caseworker's side (the partner's are under /api/partner). */
export function messageRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.get('/api/disclosures/:id/messages', { config, schema: { params: IdParamsSchema, response: { 200: FamilyMessageListSchema } } }, async (req) => ({
      items: await listMessages(deps, actorOf(req), req.params.id, 'caseworker'),
    }));
    app.post('/api/disclosures/:id/messages', { config, schema: { params: IdParamsSchema, body: FamilyMessageInputSchema, response: { 201: FamilyMessageSchema } } }, async (req, reply) =>
      reply.code(201).send(await writeMessage(deps, actorOf(req), req.params.id, 'caseworker', req.body)),
    );
    app.post('/api/messages/:id/status', { config, schema: { params: IdParamsSchema, body: MessageStatusInputSchema, response: { 200: FamilyMessageSchema } } }, async (req) =>
      setMessageStatus(deps, actorOf(req), req.params.id, 'caseworker', req.body),
    );
  };
}
