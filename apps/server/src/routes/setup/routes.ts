import { SetupFinishSchema, SetupStartResultSchema, SetupStartSchema, SetupStatusSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { SetupFlow, setupNeeded } from '../../services/setup.ts';

export function setupRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const flow = new SetupFlow(deps);
    const rateLimit = { max: deps.config.loginRateLimit.max, timeWindow: deps.config.loginRateLimit.windowMs };
    app.get('/api/setup', { config: { policy: policy.public }, schema: { response: { 200: SetupStatusSchema } } }, async () => ({ needed: await setupNeeded(deps) }));
    app.post('/api/setup/start', { config: { policy: policy.public, rateLimit }, schema: { body: SetupStartSchema, response: { 200: SetupStartResultSchema } } }, async (req) =>
      flow.start(req.body),
    );
    app.post('/api/setup/finish', { config: { policy: policy.public, rateLimit }, schema: { body: SetupFinishSchema } }, async (req, reply) => {
      await flow.finish(req.body);
      return reply.code(204).send();
    });
  };
}
