import { defineConfig } from 'vitest/config';

// One config for every workspace: each package keeps its tests in test/.
// Browser tests live in e2e/ and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    pool: 'forks',
    // Two cores: keep CPU-heavy suites from starving each other.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
