// Worker bootstrap in plain JavaScript: register tsx so the TypeScript
// worker loads without a build step, whatever started the server (the CLI,
// tsx, vitest), as packages/match/src/worker-entry.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./full-match-worker.ts');
