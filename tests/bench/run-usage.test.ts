/** `npm run bench -- --help` prints the usage; an unknown flag is wrong usage, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/fixtures.js';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT_DIR, 'dist', 'bench', 'run.js'), ...args], {
    encoding: 'utf8',
  });

describe('the bench command line', () => {
  it('--help prints the flags and the parts, exit 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--only PART');
    expect(result.stdout).toContain('engine, robustness, parse, bulk');
  });

  it('an unknown flag prints what is wrong and the usage, exit 2, no stack trace', () => {
    const result = run('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('usage: npm run bench');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
