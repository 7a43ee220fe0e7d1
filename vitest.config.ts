import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // What the tests derive from their many fixture questionnaires is cached apart from
    // data/cache, where it would push out the real questionnaire's entries (derived-cache.ts).
    env: { POLICY_INDEX_CACHE: join(tmpdir(), 'policy-index-test-cache') },
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // Browser tests run separately: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
