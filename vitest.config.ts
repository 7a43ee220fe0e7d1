import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // Browser tests run separately: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
