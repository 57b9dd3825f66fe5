import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireUser } from '../../http/auth.ts';
import { allows } from '../../policies/access.ts';
import { ServiceError, type Deps } from '../../services/context.ts';
import { resolvePlaces } from '../../services/places.ts';
import { presentCandidates } from './presenter.ts';
import { DEFAULT_LIMIT, RESOLVE_RATE_LIMIT, resolveSchema } from './schema.ts';

/** Place lookup for the forms (docs/api.md). The text is never logged: request logging is off and the body is redacted. */
export function placeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireUser(deps));
    app.post(
      '/api/places/resolve',
      {
        schema: resolveSchema,
        config: {
          rateLimit: {
            ...RESOLVE_RATE_LIMIT,
            // Per signed-in user (requireUser ran first), so colleagues behind one office address do not share a budget.
            keyGenerator: (req: FastifyRequest) => req.sessionUser?.id ?? req.ip,
          },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        // Only people who may write cases or leads fill in place fields.
        if (!allows(actor, 'case.write') && !allows(actor, 'lead.write')) throw new ServiceError('NOT_FOUND', 'not found');
        return presentCandidates(resolvePlaces(req.body.q, req.body.limit ?? DEFAULT_LIMIT));
      },
    );
  };
}
