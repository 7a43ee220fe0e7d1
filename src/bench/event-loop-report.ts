/**
 * The lines event-loop-probe.ts writes on the server's stderr, and reading them back:
 * `event-loop-delay AT DELAY_MS CPU_MS`.
 */
export const PROBE_PREFIX = 'event-loop-delay';

export interface LoopDelay {
  /** When the delay ended (ms since the epoch). */
  at: number;
  delayMs: number;
  /** CPU time the process used during the delay. */
  cpuMs: number;
}

/** The delays reported in `lines`; other lines are left out. */
export function loopDelays(lines: readonly string[]): LoopDelay[] {
  return lines.flatMap((line) => {
    const match = new RegExp(`^${PROBE_PREFIX} (\\d+) (\\d+) (\\d+)$`).exec(line.trim());
    return match
      ? [{ at: Number(match[1]), delayMs: Number(match[2]), cpuMs: Number(match[3]) }]
      : [];
  });
}

export const isProbeLine = (line: string): boolean => line.startsWith(PROBE_PREFIX);
