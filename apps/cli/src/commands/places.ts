import { EXIT, type CliIo, type Command } from '../command.ts';

// Placeholder until its issue lands; replaced by the real command.
export const command: Command = {
  summary: '(not available yet)',
  async run(_argv: string[], io: CliIo) {
    io.stderr.write('homeward places: not available yet\n');
    return EXIT.failure;
  },
};
