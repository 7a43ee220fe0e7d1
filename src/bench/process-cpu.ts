/**
 * The CPU time another process has used so far, read from Linux's `/proc/PID/stat` (user and
 * system time, fields 14 and 15, in clock ticks of 10 ms). The http bench divides a server's CPU
 * time by the requests it answered: unlike requests per second, that cost per request hardly
 * moves when other work shares the cores, so it shows what a change to the server did even on a
 * loaded machine. Null where there is no `/proc` (not Linux) or the process is gone.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc`'s times (USER_HZ, 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/** Milliseconds of CPU the process `pid` has used, user and system, or null. */
export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return null;
  return ((user + system) * 1000) / TICKS_PER_SECOND;
}
