/**
 * Readers that behave like people: each of `users` loads a page, reads it for a random while
 * (exponentially distributed, so that together they arrive as a Poisson stream of about `rate`
 * requests a second) and loads it again, over keep-alive connections. autocannon's own rate limit
 * is no substitute: it sends each connection's quota for the second in one burst at the start of
 * the second, all connections together, which measures a queue of 50 simultaneous requests every
 * second rather than 50 readers.
 */
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LatencyLog } from './latency-log.js';

const TIMEOUT_MS = 10_000;
const IDLE_MS = 4_000;

export interface Readers {
  stop(): Promise<void>;
}

/** Starts `users` readers of `url`; `rate` 0 means no pause between requests (a throughput test). */
export function pacedReaders(url: string, users: number, rate: number, log: LatencyLog): Readers {
  // Idle connections are closed before the server's keep-alive timeout (5 s) would close them,
  // so that a request never goes out on a connection the server is closing at that moment.
  const agent = new Agent({ keepAlive: true, maxSockets: users, timeout: IDLE_MS });
  const meanPauseMs = rate > 0 ? (users / rate) * 1000 : 0;
  const pause = () => (meanPauseMs > 0 ? -Math.log(1 - Math.random()) * meanPauseMs : 0);
  let running = true;
  const reader = async () => {
    await sleep(Math.random() * meanPauseMs);
    while (running) {
      const start = performance.now();
      try {
        const status = await load(agent, url);
        log.record(status, performance.now() - start);
      } catch (error) {
        log.fail(error instanceof Error ? error : new Error(String(error)));
      }
      await sleep(pause());
    }
  };
  const loops = Array.from({ length: users }, reader);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** One GET, body read to the end; resolves with the status. */
function load(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
