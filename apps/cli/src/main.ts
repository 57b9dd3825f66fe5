import { EXIT, UsageError, type CliIo, type Command } from './command.ts';

// Each subcommand lives in its own module and is loaded only when called,
// so `homeward names ...` never pays for the server's start-up.
const commands: Record<string, () => Promise<{ command: Command }>> = {
  names: () => import('./commands/names.ts'),
  places: () => import('./commands/places.ts'),
  link: () => import('./commands/link.ts'),
  serve: () => import('./commands/serve.ts'),
  demo: () => import('./commands/demo.ts'),
  user: () => import('./commands/user.ts'),
  cases: () => import('./commands/cases.ts'),
  audit: () => import('./commands/audit.ts'),
  keys: () => import('./commands/keys.ts'),
  backup: () => import('./commands/backup.ts'),
  db: () => import('./commands/db.ts'),
  retention: () => import('./commands/retention.ts'),
};

async function help(io: CliIo): Promise<number> {
  const lines = ['usage: homeward COMMAND [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  io.stdout.write(lines.join('\n') + '\n');
  return EXIT.ok;
}

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') return help(io);
  const load = commands[name];
  if (!load) {
    io.stderr.write(`homeward: unknown command "${name}". Run "homeward help" for the list.\n`);
    return EXIT.usage;
  }
  try {
    const { command } = await load();
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`homeward ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    // Never print a stack trace or the failing value: it may carry identifying data.
    const message = err instanceof Error ? err.message : 'unexpected failure';
    io.stderr.write(`homeward ${name}: ${message}\n`);
    return EXIT.failure;
  }
}
