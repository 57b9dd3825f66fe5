import { ConfigError, loadConfig, start } from '@homeward/server';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
} as const;

/** Runs the server until SIGINT/SIGTERM; shared by `serve` and `demo`. */
export async function serveUntilSignal(flags: { port?: string | undefined; host?: string | undefined; data?: string | undefined }, io: CliIo, before?: (dataDir: string) => Promise<void>): Promise<number> {
  let config;
  try {
    config = loadConfig(flags);
    if (before) await before(config.dataDir);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  // Listen for signals before the server announces itself: a supervisor (or a
  // test) may send SIGTERM as soon as it reads the first line, and a signal
  // that arrives before a listener exists kills the process uncleanly.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  let app;
  try {
    app = await start(config, io.stdout);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${config.port} on ${config.host} is already in use; choose another with --port N (or HOMEWARD_PORT)`);
    }
    throw err;
  }
  await stopped;
  await app.close();
  return EXIT.ok;
}

export const command: Command = {
  summary: 'run the Homeward server (--port N, --host H, --data DIR; HOMEWARD_DATABASE_URL for PostgreSQL)',
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false });
    return serveUntilSignal(values, io);
  },
};
