/**
 * How fast each core of this machine runs the bench's baseline work (js-yaml's raw parse of
 * real-size sheets), each measured in a child process pinned to that core with `taskset` (Linux;
 * without it nothing is measured). A ratio "on all cores" assumes the cores are alike; on a
 * virtual machine they need not be: one measured here ran the same parse in 2.0 s on one core
 * and 3.9 s on the other, in every run for ten minutes. Two threads then have 1.5 cores' worth
 * of work in them, not 2, and a one-thread baseline is fast or slow by where the scheduler put it. The bulk
 * bench reports these speeds beside its ratio, and the ratio against the fastest core's parse,
 * which does not depend on that placement. The checked ratio is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.js';
import { timedNode } from './timed-process.js';

export interface CoreSpeeds {
  /** The cores this process may run on (Linux numbers). */
  cores: number[];
  /** The median time of each core's child, in the order of `cores`. */
  ms: number[];
  /** Sheets parsed per child, and passes over them. */
  sheets: number;
  passes: number;
}

/** Whether `taskset` is here to pin a process to a core. */
function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Times the raw parse of the first `sheets` files under `dir`, `passes` times over, in a child
 * pinned to each core in turn, `rounds` rounds (cores alternating); null without `taskset`.
 */
export async function coreSpeeds(
  root: string,
  dir: string,
  { sheets = 200, passes = 3, rounds = 3 } = {},
): Promise<CoreSpeeds | null> {
  const cores = allowedCores(); // null off Linux: no /proc
  if (!cores || !hasTaskset()) return null;
  const times: number[][] = cores.map(() => []);
  const child = join(root, 'dist', 'bench', 'core-speed-child.js');
  for (let round = 0; round < rounds; round++) {
    for (const [i, core] of cores.entries()) {
      const run = await timedNode([child, dir, String(sheets), String(passes)], {
        cwd: root,
        pin: core,
      });
      if (run.code !== 0) return null;
      times[i]!.push((JSON.parse(run.output) as { ms: number }).ms);
    }
  }
  return { cores, ms: times.map(median), sheets, passes };
}

/**
 * The cores this process may run on, from `Cpus_allowed_list` in /proc/self/status (`0-1`,
 * `2,4-6`: a container's may not start at 0); null when it cannot be read.
 */
export function allowedCores(status = '/proc/self/status'): number[] | null {
  let text: string;
  try {
    text = readFileSync(status, 'utf8');
  } catch {
    return null;
  }
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(text)?.[1];
  if (!list) return null;
  const cores: number[] = [];
  for (const range of list.split(',')) {
    const [first, last = first] = range.split('-').map(Number);
    if (!Number.isInteger(first) || !Number.isInteger(last)) return null;
    for (let core = first!; core <= last!; core++) cores.push(core);
  }
  return cores.length > 0 ? cores : null;
}

/** Each core's speed relative to the fastest (1 for the fastest). */
export function relativeSpeeds(speeds: CoreSpeeds): number[] {
  const fastest = Math.min(...speeds.ms);
  return speeds.ms.map((ms) => fastest / ms);
}

/** Milliseconds per sheet of the raw parse on the fastest core. */
export function fastestMsPerSheet(speeds: CoreSpeeds): number {
  return Math.min(...speeds.ms) / (speeds.sheets * speeds.passes);
}
