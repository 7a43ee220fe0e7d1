/**
 * `import-sheets --nice`: the whole process runs at the lower priority, not only its main thread.
 * On Linux a priority belongs to a thread, and Node starts threads of its own (V8's, which
 * collect garbage for every thread, and libuv's) before any script runs.
 */
import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/fixtures.js';

/** Lowers the priority of a new Node process by `steps`, starts a worker, prints every thread's. */
function threadNicenessAfter(steps: number): number[] {
  const priority = pathToFileURL(join(ROOT_DIR, 'dist', 'cli', 'priority.js')).href;
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { once } from 'node:events';
    import { Worker } from 'node:worker_threads';
    import { lowerPriority } from ${JSON.stringify(priority)};
    lowerPriority(${steps});
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await once(worker, 'online');
    // Field 19 of a thread's stat is its niceness; the name (field 2) ends with ") ".
    const niceness = readdirSync('/proc/self/task').map((task) =>
      Number(readFileSync('/proc/self/task/' + task + '/stat', 'utf8').split(') ')[1].split(' ')[16]));
    console.log(JSON.stringify(niceness));
    process.exit(0);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as number[];
}

describe.skipIf(process.platform !== 'linux')('lowering the priority of an import', () => {
  it('lowers every thread of the process, those Node started before the script included', () => {
    const base = getPriority();
    const steps = Math.min(3, 19 - base);
    const niceness = threadNicenessAfter(steps);
    // The main thread, a worker, and the threads Node starts by itself.
    expect(niceness.length).toBeGreaterThan(4);
    expect(new Set(niceness)).toEqual(new Set([base + steps]));
  });
});
