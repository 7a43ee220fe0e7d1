/**
 * Every response of a load run with when it ended, how long it took and its status, so that
 * latencies can be summarised for the whole run or for a window of it (while an import ran).
 */
import { percentile } from '../analysis/sample-percentiles.js';

export interface Response {
  /** When the response ended (ms since the epoch). */
  at: number;
  latencyMs: number;
  status: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export class LatencyLog {
  readonly responses: Response[] = [];
  /** Requests that got no response: timeouts, refused or reset connections. */
  readonly failures: string[] = [];

  record(status: number, latencyMs: number): void {
    this.responses.push({ at: Date.now(), latencyMs, status });
  }

  fail(error: Error): void {
    this.failures.push(error.message);
  }

  /** Responses that ended in [from, to] (all of them by default) and match `which`. */
  select(
    which: (response: Response) => boolean = () => true,
    from = -Infinity,
    to = Infinity,
  ): Response[] {
    return this.responses.filter((r) => r.at >= from && r.at <= to && which(r));
  }
}

/**
 * Nearest-rank percentiles: p-th percentile = the ⌈p/100 · n⌉-th smallest latency. An empty
 * selection has count 0 and NaN latencies (printed as "n/a").
 */
export function summarise(responses: readonly Response[]): LatencySummary {
  const sorted = responses.map((r) => r.latencyMs).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** A status that counts as answered: 2xx, or a redirect (3xx). */
export const answered = (status: number): boolean => status >= 200 && status < 400;
