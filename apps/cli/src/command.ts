import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What every `homeward` subcommand module exports. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

/** Exit codes shared by every command: 0 success, 1 runtime failure, 2 bad usage or bad input. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Thrown for bad usage or input: the message goes to stderr, the process exits 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Command {
  /** One line for `homeward help`. */
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/**
 * node:util parseArgs, with its errors turned into a UsageError (exit 2) that
 * ends with the command's usage text, so every command refuses bad flags alike.
 * Example: `const { values, positionals } = parseFlags({ args: argv, allowPositionals: true, options: { data: { type: 'string' } } }, USAGE)`.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T, usage?: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'bad arguments';
    throw new UsageError(usage ? `${reason}\n${usage}` : reason);
  }
}
