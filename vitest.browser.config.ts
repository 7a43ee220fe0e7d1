// Browser (end-to-end) tests: headless Chromium via playwright-core. Run with `npm run test:browser`;
// kept apart from the unit tests (vitest.config.ts excludes tests/browser/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
