import { ConfigError, loadConfig, openDeps, OPERATOR, rotateMasterKey, type Deps } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = 'usage: homeward keys rotate [--data DIR]  (with HOMEWARD_MASTER_KEY: the new key in HOMEWARD_NEW_MASTER_KEY)';

export const command: Command = {
  summary: 'keys rotate: new master key, every data key re-wrapped while the app keeps working',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] !== 'rotate') throw new UsageError(USAGE);
    let deps: Deps;
    try {
      deps = await openDeps(loadConfig({ data: values.data }));
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    try {
      if (deps.config.masterKey && !process.env.HOMEWARD_NEW_MASTER_KEY) {
        throw new UsageError('this installation takes its key from HOMEWARD_MASTER_KEY: put a new key (openssl rand -base64 32) in HOMEWARD_NEW_MASTER_KEY, for this command and for the running server (restart it), then run homeward keys rotate again');
      }
      const r = await rotateMasterKey(deps, OPERATOR);
      io.stdout.write(`master key rotated: ${r.rewrapped} data key(s) re-wrapped\n`);
      if (r.source === 'file') {
        io.stdout.write('the new key is in master.key; the old key file was deleted. Replace any copy of the old key (and backups that carry it) with the new one.\n');
      } else {
        // Never print either key: the operator already holds both.
        io.stdout.write(
          'to switch: set HOMEWARD_MASTER_KEY to the value of HOMEWARD_NEW_MASTER_KEY, remove HOMEWARD_NEW_MASTER_KEY, restart the server;\n' +
            'then destroy every copy of the old key.\n',
        );
      }
      return EXIT.ok;
    } finally {
      await deps.db.destroy();
    }
  },
};
