// Worker bootstrap in plain JavaScript: register tsx so the TypeScript
// worker (and the workspace packages it imports) load without a build step,
// whatever started the parent (CLI, tsx, vitest).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
