import {
  CaseDetailSchema, CaseHistorySchema, CaseInputSchema, CaseListQuerySchema, CaseListSchema, CaseUpdateSchema, IdParamsSchema,
} from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import { caseHistory, createCase, getCase, listCases, updateCase, writeFromInput } from '../../services/cases.ts';
import type { Deps } from '../../services/context.ts';

export function caseRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const CASE_POLICY = policy.roles(...CASE_ROLES);
    app.get('/api/cases', { config: { policy: CASE_POLICY }, schema: { querystring: CaseListQuerySchema, response: { 200: CaseListSchema } } }, async (req) => ({
      items: await listCases(deps, actorOf(req), { status: req.query.status }),
    }));
    app.post('/api/cases', { config: { policy: CASE_POLICY }, schema: { body: CaseInputSchema, response: { 201: CaseDetailSchema } } }, async (req, reply) => {
      const detail = await createCase(deps, actorOf(req), writeFromInput(req.body));
      return reply.code(201).send(detail);
    });
    app.get('/api/cases/:id', { config: { policy: CASE_POLICY }, schema: { params: IdParamsSchema, response: { 200: CaseDetailSchema } } }, async (req) =>
      getCase(deps, actorOf(req), req.params.id),
    );
    app.put('/api/cases/:id', { config: { policy: CASE_POLICY }, schema: { params: IdParamsSchema, body: CaseUpdateSchema, response: { 200: CaseDetailSchema } } }, async (req) => {
      const { version, ...input } = req.body;
      return updateCase(deps, actorOf(req), req.params.id, version, writeFromInput(input));
    });
    app.get('/api/cases/:id/history', { config: { policy: CASE_POLICY }, schema: { params: IdParamsSchema, response: { 200: CaseHistorySchema } } }, async (req) =>
      caseHistory(deps, actorOf(req), req.params.id),
    );
  };
}
