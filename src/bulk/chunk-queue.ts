/**
 * The chunks of a run not yet taken, shared by every thread of it (check-in-threads.ts): the
 * main thread and each worker take the next chunk themselves, so a worker never waits for the
 * main thread to hand it one. The cells are an `Int32Array` over shared memory: `[next, taker of
 * chunk 0, taker of chunk 1, …]`, a taker stored as its number + 1 (0: not taken yet), so that
 * when a worker dies the chunk it was checking is known.
 */

/** The number the main thread takes chunks as; workers are 1, 2, … */
export const MAIN_THREAD = 0;

/** The queue of `count` chunks, as the main thread sees it; `shared` goes to each worker. */
export function chunkQueue(count: number) {
  const shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (count + 1));
  const cells = new Int32Array(shared);
  return {
    shared,
    take: (taker: number): number | null => takeChunk(shared, taker),
    /** How many chunks are not taken yet. */
    left: () => Math.max(0, count - Atomics.load(cells, 0)),
    /** No chunk is taken after this (the run ends). */
    close: () => Atomics.store(cells, 0, count),
    /** The first chunk `taker` took and has no result yet; null when there is none. */
    heldBy(taker: number, results: readonly (unknown[] | undefined)[]): number | null {
      for (let chunk = 0; chunk < count; chunk++)
        if (Atomics.load(cells, chunk + 1) === taker + 1 && !results[chunk]) return chunk;
      return null;
    },
  };
}

/** Takes the next chunk of the queue in `shared` for `taker`; null when none is left. */
export function takeChunk(shared: SharedArrayBuffer, taker: number): number | null {
  const cells = new Int32Array(shared);
  const chunk = Atomics.add(cells, 0, 1);
  if (chunk >= cells.length - 1) return null;
  Atomics.store(cells, chunk + 1, taker + 1);
  return chunk;
}
