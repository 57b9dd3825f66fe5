/**
 * @homeward/contracts: the zod schemas every request and response of the
 * HTTP API (docs/api.md) and the case interchange file (docs/case-format.md)
 * are checked against. One source of truth for server, web and CLI.
 */
export * from './errors.ts';
export * from './common.ts';
export * from './places.ts';
export * from './people.ts';
export * from './auth.ts';
export * from './cases.ts';
export * from './leads.ts';
export * from './matching.ts';
export * from './interchange.ts';
export * from './consents.ts';
export * from './access.ts';
export * from './attachments.ts';
export * from './advocacy.ts';
export * from './tracing.ts';

import { z } from 'zod';
/** Health check body. */
export const HealthSchema = z.object({ status: z.literal('ok') });
export * from './import.ts';
