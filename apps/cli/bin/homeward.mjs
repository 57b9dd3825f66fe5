#!/usr/bin/env node
// The `homeward` command. Sources are TypeScript run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

// `homeward names score --tsv big.tsv | head` closes the pipe early: that is
// the reader's choice, not a failure, so end quietly instead of crashing.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
