import { HealthSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { schema: { response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
