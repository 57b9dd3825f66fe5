// Bootstrap of the full match's own thread, in plain JavaScript for the
// reason full-match-worker-entry.mjs gives.
import { register } from 'tsx/esm/api';

register();
await import('./full-match-thread.ts');
