// Lint configuration: the recommended rules of ESLint and typescript-eslint, and one rule of
// the project's: no async hooks in the source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // It turns on async hooks for the whole server: see src/web/i18n/page-language.ts.
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:async_hooks', 'async_hooks'].map((name) => ({
            name,
            importNames: ['AsyncLocalStorage', 'createHook'],
            message:
              'async hooks slow every request of the server; pass the context or scope synchronous code (src/web/i18n/page-language.ts)',
          })),
        },
      ],
    },
  },
);
