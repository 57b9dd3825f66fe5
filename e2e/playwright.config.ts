import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Debian's Chromium (scripts/test.mjs may point elsewhere with HOMEWARD_CHROMIUM);
 * never a downloaded browser. The runner skips the suite when it is absent.
 */
export const CHROMIUM = process.env.HOMEWARD_CHROMIUM || '/usr/bin/chromium';

export default defineConfig({
  // This file lives in e2e/, so the tests are beside it.
  testDir: here,
  testMatch: '*.spec.ts',
  outputDir: `${here}test-results`,
  globalSetup: `${here}global-setup.ts`,
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: `${here}.results.json` }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    serviceWorkers: 'block',
    trace: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
