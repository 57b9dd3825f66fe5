import { runRetention } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = 'usage: homeward retention run [--years N] [--dry-run] [--data DIR]  (N defaults to HOMEWARD_RETENTION_YEARS)';

export const command: Command = {
  summary: 'purge closed cases past retention by crypto-shredding: retention run [--years N] [--dry-run] (audited)',
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseFlags({ args: argv, allowPositionals: true, options: { years: { type: 'string' }, 'dry-run': { type: 'boolean' }, data: { type: 'string' } } }, USAGE);
    if (positionals.length !== 1 || positionals[0] !== 'run') throw new UsageError(USAGE);
    const years = values.years === undefined ? undefined : Number(values.years);
    if (years !== undefined && (!Number.isInteger(years) || years < 1 || years > 100)) throw new UsageError(`--years must be a whole number from 1 to 100\n${USAGE}`);
    const r = await withDeps(values.data, (deps) => runRetention(deps, years ?? deps.config.retentionYears, values['dry-run'] === true));
    if (r.cutoff === null) {
      io.stdout.write('retention is off: give --years N or set HOMEWARD_RETENTION_YEARS\n');
      return EXIT.ok;
    }
    // Counts and dates only: never a reference or a name.
    if (values['dry-run']) io.stdout.write(`would purge ${r.ids.length} closed case(s) last changed before ${r.cutoff.slice(0, 10)}\n`);
    else io.stdout.write(`purged ${r.purged} closed case(s) last changed before ${r.cutoff.slice(0, 10)}\n`);
    return EXIT.ok;
  },
};
