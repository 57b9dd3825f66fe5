import {
  DuplicateCheckInputSchema, DuplicateListSchema, IdParamsSchema, MatchDecisionInputSchema, MatchDetailSchema, MatchListQuerySchema, MatchListSchema, RetrainReportSchema,
} from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { checkDuplicates, decideMatch, getMatch, listMatches, retrain } from '../../matching/service.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';

/** Match review (docs/api.md, "Matching"); need-to-know per case is checked in the service. */
export function matchRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.get('/api/matches', { config, schema: { querystring: MatchListQuerySchema, response: { 200: MatchListSchema } } }, async (req) => ({
      items: await listMatches(deps, actorOf(req), req.query),
    }));
    // POST: a draft child's names never sit in a URL.
    app.post('/api/matches/check', { config, schema: { body: DuplicateCheckInputSchema, response: { 200: DuplicateListSchema } } }, async (req) => ({
      items: await checkDuplicates(deps, actorOf(req), req.body),
    }));
    app.post('/api/matches/retrain', { config, schema: { response: { 200: RetrainReportSchema } } }, async (req) => retrain(deps, actorOf(req)));
    app.get('/api/matches/:id', { config, schema: { params: IdParamsSchema, response: { 200: MatchDetailSchema } } }, async (req) => getMatch(deps, actorOf(req), req.params.id));
    app.post('/api/matches/:id/decision', { config, schema: { params: IdParamsSchema, body: MatchDecisionInputSchema, response: { 200: MatchDetailSchema } } }, async (req) =>
      decideMatch(deps, actorOf(req), req.params.id, req.body),
    );
  };
}
