import { currentTotp, loadConfig, openDeps, prepareDemo, ServiceError } from '@homeward/server';
import { UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { SERVE_OPTIONS, serveUntilSignal } from './serve.ts';

export const command: Command = {
  summary: 'run the server on fictional demo data (--port N, --data DIR, default ./data-demo); prints demo logins',
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false });
    // The demo never shares the real data directory by accident: its own default.
    const flags = { ...values, data: values.data ?? process.env.HOMEWARD_DEMO_DATA_DIR ?? './data-demo' };
    return serveUntilSignal(flags, io, async () => {
      const deps = await openDeps(loadConfig(flags));
      try {
        const creds = await prepareDemo(deps);
        io.stdout.write('Demo data (fictional). Sign in with:\n');
        for (const c of creds) {
          io.stdout.write(`  ${c.role.padEnd(13)} email ${c.email}  password ${c.password}  TOTP secret ${c.totpSecret}  (code now: ${currentTotp(c.totpSecret)})\n`);
        }
      } catch (err) {
        if (err instanceof ServiceError) throw new UsageError(err.message);
        throw err;
      } finally {
        await deps.db.destroy();
      }
    });
  },
};
