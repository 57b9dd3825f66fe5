import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policy } from '../../policies/route-policy.ts';
import { resolvePlaces } from '../../services/places.ts';
import { presentCandidates } from './presenter.ts';
import { DEFAULT_LIMIT, RESOLVE_RATE_LIMIT, resolveSchema } from './schema.ts';

/** Place lookup for the forms (docs/api.md). The text is never logged: request logging is off and the body is redacted. */
export function placeRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/places/resolve',
      {
        schema: resolveSchema,
        // Only people who fill in place fields (cases, leads) may look places up.
        config: {
          policy: policy.roles('administrator', 'caseworker', 'field_partner'),
          rateLimit: {
            ...RESOLVE_RATE_LIMIT,
            // Per signed-in user (the policy layer signed them in first), so colleagues behind one office address do not share a budget.
            keyGenerator: (req: FastifyRequest) => req.sessionUser?.id ?? req.ip,
          },
        },
      },
      async (req) => presentCandidates(resolvePlaces(req.body.q, req.body.limit ?? DEFAULT_LIMIT)),
    );
  };
}
