import { SearchInputSchema, SearchResultSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { searchPeople } from '../../matching/service.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';

/** Name search across the cases the user may see; a POST so the name never sits in a URL or an access log. */
export function searchRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/search', { config: { policy: policy.roles(...CASE_ROLES) }, schema: { body: SearchInputSchema, response: { 200: SearchResultSchema } } }, async (req) => ({
      items: await searchPeople(deps, actorOf(req), req.body),
    }));
  };
}
