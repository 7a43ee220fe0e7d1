/**
 * Lowering the CPU priority of the whole process, for the bulk commands that share a machine
 * with the server (`import-sheets --nice`).
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Runs this process `steps` steps lower in CPU priority (higher niceness). Validating a thousand
 * sheets takes a core for twenty seconds; on a small server that core is the one the site needs.
 * A system that refuses is no reason to refuse the import.
 *
 * On Linux a priority belongs to a thread, and the threads Node starts before any script runs
 * (V8's, which collect garbage for every thread of the process, and libuv's) would keep theirs:
 * each thread listed in /proc/self/task is lowered. Threads started later (the import's
 * workers) take the priority of the thread that starts them.
 */
export function lowerPriority(steps: number): void {
  if (steps === 0) return;
  const niceness = Math.min(19, getPriority() + steps);
  for (const thread of processThreads()) {
    try {
      setPriority(thread, niceness);
    } catch {
      // Not permitted here, or the thread has ended: it runs at the priority it has.
    }
  }
}

/** The ids of this process's threads where the system lists them (Linux), else the process's. */
function processThreads(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
