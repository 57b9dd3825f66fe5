import { BackupStatusSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policy } from '../policies/route-policy.ts';
import type { Deps } from '../services/context.ts';
import { backupStatus } from './audit-events.ts';

/** GET /api/admin/backup-status: administrators see when the last backup succeeded (docs/api.md). */
export function backupRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/backup-status', { config: { policy: policy.roles('administrator') }, schema: { response: { 200: BackupStatusSchema } } }, async () => backupStatus(deps));
  };
}
