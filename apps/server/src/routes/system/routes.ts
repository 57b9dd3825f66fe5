import { HealthSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policy } from '../../policies/route-policy.ts';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { config: { policy: policy.public }, schema: { response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/api/openapi.json', { config: { policy: policy.public }, schema: { hide: true } }, async () => app.swagger());
};
