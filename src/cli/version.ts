/**
 * The program's version, from package.json — read when `--version` is asked for, with nothing but
 * node:fs, so that it costs what `--help` costs. `src/cli/` and `dist/cli/` both sit two levels
 * below package.json, so the same relative address serves the sources (tsx) and the build.
 */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
