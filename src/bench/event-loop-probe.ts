/**
 * Preloaded into the soak's server (`NODE_OPTIONS=--import …`): reports on stderr every time its
 * event loop came round late, with the CPU time the process used meanwhile. CPU time close to
 * the delay means the server's own work held the loop (a slow request, a lock waited for inside
 * SQLite); much less means the process was waiting for a CPU the machine's other processes had —
 * the two causes of a slow answer that look the same from outside.
 */
import { PROBE_PREFIX } from './event-loop-report.js';

const TICK_MS = 20;
/** Delays shorter than this are not reported. */
const REPORT_MS = 100;

let last = performance.now();
let cpu = process.cpuUsage();
setInterval(() => {
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  const delay = now - last - TICK_MS;
  if (delay >= REPORT_MS)
    process.stderr.write(
      `${PROBE_PREFIX} ${Date.now()} ${delay.toFixed(0)} ${((used.user + used.system) / 1000).toFixed(0)}\n`,
    );
  last = now;
  cpu = process.cpuUsage();
}, TICK_MS).unref();
