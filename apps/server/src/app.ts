import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { CSRF_HEADER } from '@homeward/contracts';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { openDeps } from './deps.ts';
import { errorHandler, sendError } from './http/errors.ts';
import { installRoutePolicies, type DeclaredRoute } from './policies/route-policy.ts';
import { installStatisticsWarmup } from './advocacy/warmup.ts';
import { advocacyRoutes } from './routes/advocacy/routes.ts';
import { attachmentRoutes } from './routes/attachments/routes.ts';
import { accessRoutes } from './routes/access/routes.ts';
import { adminRoutes } from './routes/admin/routes.ts';
import { auditRoutes } from './routes/audit/routes.ts';
import { authRoutes } from './routes/auth/routes.ts';
import { importRoutes } from './routes/import/routes.ts';
import { backupRoutes } from './backup/routes.ts';
import { caseRoutes } from './routes/cases/routes.ts';
import { consentRoutes } from './routes/consents/routes.ts';
import { disclosureRoutes } from './routes/disclosure/routes.ts';
import { leadRoutes } from './routes/leads/routes.ts';
import { matchRoutes } from './routes/matches/routes.ts';
import { messageRoutes } from './routes/messages/routes.ts';
import { partnerRoutes } from './routes/partner/routes.ts';
import { placeRoutes } from './routes/places/routes.ts';
import { searchRoutes } from './routes/search/routes.ts';
import { setupRoutes } from './routes/setup/routes.ts';
import { systemRoutes } from './routes/system/routes.ts';
import { tracingRoutes } from './routes/tracing/routes.ts';
import type { Deps } from './services/context.ts';
import { installRetentionSchedule } from './services/retention.ts';
import { buildSealed, isSealed } from './services/sealed.ts';
import { issueSetupToken } from './services/setup.ts';

export interface HomewardState {
  deps: Deps;
  /** One-time setup token when the database has no users yet (printed by main.ts, read by tests). */
  setupToken: string | undefined;
  /** Every /api route with its declared policy (the authorization matrix test walks it). */
  routes: DeclaredRoute[];
}

declare module 'fastify' {
  interface FastifyInstance {
    homeward: HomewardState;
  }
}

export interface BuildOptions {
  /** Injectable clock (tests move time to expire sessions). */
  now?: () => Date;
  /** Warm the statistics cache once ready and every 15 minutes (advocacy/warmup.ts); start() turns it on, tests leave it off. */
  warmStatistics?: boolean;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const NO_WEB_APP = `Homeward: the web app has not been built yet.
Run "npm run build" (or start with "npm start", which builds it), then reload.
The API is running: /api/health
`;

/**
 * Builds the Fastify app on an opened database and key, without listening.
 * Example: `const app = await build(loadConfig()); await app.inject({ url: '/api/health' })`.
 */
export async function build(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Sealed start (services/sealed.ts): only the unseal page until the passphrase is given.
  if (isSealed(config)) return buildSealed(config, options, build);
  const deps = await openDeps(config, options.now);
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    // Requests are not logged one by one: even paths and timings of who looked at
    // what are sensitive here. Errors are logged without their messages (http/errors.ts).
    logController: new LogController({ disableRequestLogging: true }),
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.body', 'res.headers["set-cookie"]'], remove: true },
            serializers: {
              // Route pattern only (/api/cases/:id): no ids, no query strings.
              req: (req: { method: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url }),
            },
          },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: DeclaredRoute[] = [];
  app.decorate('homeward', { deps, setupToken: await issueSetupToken(deps), routes });
  // Retention (issue #6): closed cases past config.retentionYears are purged on a schedule (off when 0).
  const stopRetention = installRetentionSchedule(deps, (message) => app.log.info(message));
  // Statistics (issue 8): the sought children's facts are decrypted in the background once the server is ready.
  const warmup = options.warmStatistics ? installStatisticsWarmup(deps, (message) => app.log.info(message)) : undefined;
  if (warmup) app.addHook('onReady', async () => warmup.start());
  app.addHook('onClose', async () => {
    stopRetention();
    await warmup?.stop();
    await deps.db.destroy();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // Fastify refuses an empty body sent as JSON; a logout from fetch() often does that.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') return done(null, undefined);
    json(req, text, done);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its runtime styles as <style> elements, which needs
        // 'unsafe-inline' for styles only; scripts stay strictly 'self'.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: for attachment thumbnails and photos, fetched with the session and shown from memory (issue #10).
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `too many attempts; retry in ${Math.ceil(ctx.ttl / 1000)} s` }),
  });
  await app.register(swagger, {
    openapi: { info: { title: 'Homeward API', version: '0.1.0', description: 'Generated from @homeward/contracts; see docs/api.md.' } },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    // Identifying data must never sit in a browser or proxy cache.
    reply.header('cache-control', 'no-store');
    if (WRITE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== '1') {
      return sendError(reply, 'CSRF_HEADER_MISSING');
    }
  });

  installRoutePolicies(app, deps, routes);
  await app.register(systemRoutes);
  await app.register(setupRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(caseRoutes(deps));
  await app.register(leadRoutes(deps));
  await app.register(consentRoutes(deps));
  await app.register(accessRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(attachmentRoutes(deps));
  await app.register(tracingRoutes(deps));
  await app.register(partnerRoutes(deps));
  await app.register(disclosureRoutes(deps));
  await app.register(messageRoutes(deps));
  await app.register(advocacyRoutes(deps));
  await app.register(matchRoutes(deps));
  await app.register(searchRoutes(deps));
  await app.register(importRoutes(deps));
  await app.register(backupRoutes(deps));
  await app.register(placeRoutes());

  const index = join(config.webDist, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, { root: config.webDist, maxAge: 0 });
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/') || (req.method !== 'GET' && req.method !== 'HEAD')) return sendError(reply, 'NOT_FOUND');
    // Single-page app: every other path is a client-side route.
    // A field partner's pages are not kept at all, not even as the empty shell (issue #6).
    const partnerPage = req.url === '/partner' || req.url.startsWith('/partner/') || req.url.startsWith('/partner?');
    // cacheControl: false, or the static plugin would replace this header with its own max-age.
    if (existsSync(index)) return reply.header('cache-control', partnerPage ? 'no-store' : 'no-cache').sendFile('index.html', { cacheControl: false });
    return reply.type('text/plain; charset=utf-8').send(NO_WEB_APP);
  });

  return app;
}
