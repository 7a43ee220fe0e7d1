/**
 * Preload (`node --import ./tests/helpers/record-modules.mjs …`) that writes every module the
 * program loads, one URL or path a line, to the file named by RECORD_MODULES_TO: ES modules as
 * the loader resolves them (a resolve hook) and CommonJS modules (`require.cache`) at exit.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import process from 'node:process';

const out = process.env.RECORD_MODULES_TO;
if (out) {
  register('./record-modules-hooks.mjs', import.meta.url, { data: { out } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    appendFileSync(out, Object.keys(require.cache).join('\n') + '\n');
  });
}
