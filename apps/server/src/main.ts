import type { FastifyInstance } from 'fastify';
import { preload as preloadPlaces } from '@homeward/gazetteer';
import { build, type BuildOptions } from './app.ts';
import type { Config } from './config.ts';

/** The one line printed on first run; the token sits in the fragment so it never reaches a server log. */
export function setupLink(host: string, port: number, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/setup#${token}`;
}

/**
 * Builds and listens; on a database without users prints the setup link.
 * Example: `const app = await start(loadConfig({ port: 8080 }))`.
 */
export async function start(config: Config, out: NodeJS.WritableStream = process.stdout, options: BuildOptions = {}): Promise<FastifyInstance> {
  // The running server keeps statistics warm (advocacy/warmup.ts); build() alone, as tests use it, does not.
  const app = await build(config, { warmStatistics: true, ...options });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  // Load the place index now, not on the first autocomplete request, which
  // would otherwise stall every request for up to a few seconds. Done here
  // rather than in build() so tests that never resolve places skip it.
  preloadPlaces();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const token = app.homeward.setupToken;
  if (token) out.write(`First run: open this one-time link to create the administrator: ${setupLink(config.host, port, token)}\n`);
  else out.write(`Homeward is running at http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}\n`);
  return app;
}
