/**
 * Starts a worker thread on one of the program's modules, `NAME` beside the module that asks:
 * `NAME.js` in the built program; when that module runs from its TypeScript source (the tests), a
 * small loader that runs `NAME.ts` through tsx (worker-from-source.mjs).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** @param callerUrl the `import.meta.url` of the module asking, which `name` is beside. */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  return new Worker(new URL('./worker-from-source.mjs', import.meta.url), {
    ...options,
    argv: [new URL(`./${name}.ts`, callerUrl).href],
  });
}
