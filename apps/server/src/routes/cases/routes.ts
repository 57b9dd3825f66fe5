import {
  CaseDetailSchema, CaseHistorySchema, CaseInputSchema, CaseListQuerySchema, CaseListSchema, CaseUpdateSchema, IdParamsSchema,
} from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireUser } from '../../http/auth.ts';
import { caseHistory, createCase, getCase, listCases, updateCase, writeFromInput } from '../../services/cases.ts';
import type { Deps } from '../../services/context.ts';

export function caseRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireUser(deps));
    app.get('/api/cases', { schema: { querystring: CaseListQuerySchema, response: { 200: CaseListSchema } } }, async (req) => ({
      items: await listCases(deps, actorOf(req), { status: req.query.status }),
    }));
    app.post('/api/cases', { schema: { body: CaseInputSchema, response: { 201: CaseDetailSchema } } }, async (req, reply) => {
      const detail = await createCase(deps, actorOf(req), writeFromInput(req.body));
      return reply.code(201).send(detail);
    });
    app.get('/api/cases/:id', { schema: { params: IdParamsSchema, response: { 200: CaseDetailSchema } } }, async (req) =>
      getCase(deps, actorOf(req), req.params.id),
    );
    app.put('/api/cases/:id', { schema: { params: IdParamsSchema, body: CaseUpdateSchema, response: { 200: CaseDetailSchema } } }, async (req) => {
      const { version, ...input } = req.body;
      return updateCase(deps, actorOf(req), req.params.id, version, writeFromInput(input));
    });
    app.get('/api/cases/:id/history', { schema: { params: IdParamsSchema, response: { 200: CaseHistorySchema } } }, async (req) =>
      caseHistory(deps, actorOf(req), req.params.id),
    );
  };
}
