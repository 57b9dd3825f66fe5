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
