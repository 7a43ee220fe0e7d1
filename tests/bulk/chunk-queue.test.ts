/**
 * The shared queue the threads of a bulk check take their chunks from: every chunk is taken once,
 * in order, whoever takes it; nothing is taken once the queue is closed; and the chunk a worker
 * took and did not answer is known (the one reported when that worker dies).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { chunkQueue, MAIN_THREAD, takeChunk } from '../../src/bulk/chunk-queue.js';

describe('chunk queue', () => {
  it('gives every chunk once, in order, to whichever thread asks', () => {
    const queue = chunkQueue(5);
    const taken = [
      queue.take(MAIN_THREAD),
      takeChunk(queue.shared, 1),
      takeChunk(queue.shared, 2),
      queue.take(MAIN_THREAD),
      takeChunk(queue.shared, 1),
    ];
    expect(taken).toEqual([0, 1, 2, 3, 4]);
    expect(queue.take(MAIN_THREAD)).toBeNull();
    expect(takeChunk(queue.shared, 1)).toBeNull();
  });

  it('knows the first chunk a taker holds without an answer', () => {
    const queue = chunkQueue(4);
    [1, 2, 1, MAIN_THREAD].forEach((taker) => takeChunk(queue.shared, taker));
    expect(queue.heldBy(1, [])).toBe(0);
    expect(queue.heldBy(1, [['answered']])).toBe(2);
    expect(queue.heldBy(2, [])).toBe(1);
    expect(queue.heldBy(3, [])).toBeNull();
  });

  it('gives nothing once closed', () => {
    const queue = chunkQueue(3);
    expect(queue.take(MAIN_THREAD)).toBe(0);
    queue.close();
    expect(takeChunk(queue.shared, 1)).toBeNull();
    expect(queue.heldBy(MAIN_THREAD, [])).toBe(0);
  });

  it('is shared with other threads: two threads taking at once take each chunk exactly once', async () => {
    const count = 20_000;
    const queue = chunkQueue(count);
    // A worker taking chunks in a loop, from plain JavaScript (the same Atomics as takeChunk).
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const cells = new Int32Array(workerData);
      const mine = [];
      for (;;) {
        const chunk = Atomics.add(cells, 0, 1);
        if (chunk >= cells.length - 1) break;
        Atomics.store(cells, chunk + 1, 2);
        mine.push(chunk);
      }
      parentPort.postMessage(mine);`;
    const worker = new Worker(source, { eval: true, workerData: queue.shared });
    const theirs = new Promise<number[]>((resolve) => worker.once('message', resolve));
    const mine: number[] = [];
    for (let chunk = queue.take(MAIN_THREAD); chunk !== null; chunk = queue.take(MAIN_THREAD))
      mine.push(chunk);
    const all = [...mine, ...(await theirs)].sort((a, b) => a - b);
    await worker.terminate();
    expect(all).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});
