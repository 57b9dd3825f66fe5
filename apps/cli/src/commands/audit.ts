import { checkpointAudit, OPERATOR, verifyAudit } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = 'usage: homeward audit verify [--data DIR] | homeward audit checkpoint [--data DIR]';

export const command: Command = {
  summary: 'audit verify: check the hash chain and signed checkpoints (exit 1 names what was tampered with) | audit checkpoint',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(USAGE);
    if (positionals[0] === 'checkpoint') {
      return withDeps(values.data, async (deps) => {
        const seq = await checkpointAudit(deps, OPERATOR);
        io.stdout.write(`signed checkpoint stored at event #${seq}\n`);
        return EXIT.ok;
      });
    }
    if (positionals[0] !== 'verify') throw new UsageError(USAGE);
    return withDeps(values.data, async (deps) => {
      // Messages name events by number, opaque id and action only: the trail holds no identifying values.
      const report = await verifyAudit(deps, OPERATOR);
      if (report.problems.length === 0) {
        io.stdout.write(`audit trail intact: ${report.events} event(s), ${report.checkpoints} signed checkpoint(s)\n`);
        return EXIT.ok;
      }
      for (const p of report.problems) io.stdout.write(`${p.kind}: ${p.message}\n`);
      io.stderr.write(`homeward audit verify: the audit trail has been tampered with (${report.problems.length} problem(s) in ${report.events} event(s))\n`);
      return EXIT.failure;
    });
  },
};
