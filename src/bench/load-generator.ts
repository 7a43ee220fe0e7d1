/**
 * A lean HTTP/1.1 load generator, run as its own process. Keep-alive connections, one request in
 * flight on each (no pipelining), as autocannon's default; prints one line of JSON and exits.
 *
 * - `node dist/bench/load-generator.js URL SECONDS CONNECTIONS [NAME=VALUE …]` (extra request
 *   headers): loads one server for SECONDS; prints a `LoadReport`.
 * - `node dist/bench/load-generator.js --alternate URL_A URL_B SLICE_SECONDS PAIRS CONNECTIONS
 *   [NAME=VALUE …]`: loads A, then B, then A…, PAIRS times each, SLICE_SECONDS per slice, with
 *   CONNECTIONS kept open to each server for the whole run; prints an `AlternateReport`. Only one
 *   server has requests in flight at a time: a slice ends by letting the answers in flight
 *   arrive (not counted) before the other server's slice starts.
 *
 * Why alternate inside one process: on a shared two-core machine the speed of a core drifts from
 * one second to the next (other guests of the host), and a freshly started generator is
 * sometimes a third slower than another (measured: 25 against 39 µs of its CPU per answer, from
 * one process to the next). Two servers each loaded by their own generator, rounds of seconds
 * apart, compare those states as much as the servers. Slices a fraction of a second apart from
 * the same warmed-up process, paired A with the B that follows, compare the servers.
 *
 * Why not only autocannon: it appends every response body to a string (`req.body += data` in
 * its request queue), a UTF-8 decode of every byte received. For a 9 KB compressed page that
 * costs it more CPU than a bare `node:http` server spends answering, so on two cores the
 * generator, not the server, sets the pace, and every server measures alike (measured: autocannon
 * at 100 % of a core, the bare server at 60 %). This one reads only the status line and
 * Content-Length of each answer and counts the body's bytes. It reports its own CPU time, so a
 * reader can see whether it was the bottleneck.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { percentile } from '../analysis/sample-percentiles.js';

export interface LoadReport {
  /** Answers with a 2xx status completed in the window. */
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Body bytes received, on average per answer. */
  bodyBytes: number;
  /** CPU time this process used in the window (user + system), in seconds. */
  cpuSeconds: number;
}

/** `--alternate`: the slices of each server, in the order they ran (a[i] just before b[i]). */
export interface AlternateReport {
  a: LoadReport[];
  b: LoadReport[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The answers seen in one slice. */
interface Tally {
  latencies: number[];
  ok: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

const emptyTally = (): Tally => ({ latencies: [], ok: 0, non2xx: 0, errors: 0, bytes: 0 });

/** How long the answers in flight may take to arrive once a slice ends. */
const DRAIN_LIMIT_MS = 10_000;

/** A connection, with the time of its request in flight (null when it has none). */
type Connection = Socket & { sentAt: number | null };

/** Keep-alive connections to one server, which send requests only during a slice. */
class Target {
  private readonly sockets = new Set<Connection>();
  /** Connections waiting for an answer. */
  private inFlight = 0;
  private active = false;
  private closed = false;
  private tally = emptyTally();
  private drained: (() => void) | null = null;
  private readonly host: string;
  private readonly port: number;
  private readonly request: Buffer;

  constructor(
    private readonly url: string,
    private readonly connections: number,
    extraHeaders: string,
  ) {
    const target = new URL(url);
    this.host = target.hostname;
    this.port = Number(target.port || 80);
    this.request = Buffer.from(
      `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${extraHeaders}\r\n`,
    );
  }

  /** Loads the server for `seconds`, then waits for the answers in flight; what it saw. */
  async slice(seconds: number): Promise<LoadReport> {
    this.tally = emptyTally();
    this.active = true;
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    while (this.sockets.size < this.connections) this.open();
    for (const socket of this.sockets) if (socket.readyState === 'open') this.send(socket);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    this.active = false;
    const elapsed = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const { latencies, ok, non2xx, errors, bytes } = this.tally;
    await this.drain();
    const sorted = Float64Array.from(latencies).sort();
    return {
      ok,
      non2xx,
      errors,
      seconds: elapsed,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      bodyBytes: latencies.length > 0 ? bytes / latencies.length : 0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  close(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
  }

  private drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const late = setTimeout(() => {
        console.error(`${this.url}: ${this.inFlight} answers did not arrive within 10 s`);
        process.exit(1);
      }, DRAIN_LIMIT_MS);
      this.drained = () => {
        clearTimeout(late);
        resolve();
      };
    });
  }

  /** `socket`'s request in flight is answered or lost. */
  private settle(socket: Connection): void {
    socket.sentAt = null;
    this.inFlight--;
    if (this.inFlight === 0 && this.drained) {
      const resolve = this.drained;
      this.drained = null;
      resolve();
    }
  }

  private send(socket: Connection): void {
    socket.sentAt = performance.now();
    this.inFlight++;
    socket.write(this.request);
  }

  private open(): void {
    const socket = Object.assign(connect(this.port, this.host), { sentAt: null });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let head: Buffer | null = null;
    /** Body bytes still to come; -1 while the head is read. */
    let remaining = -1;
    let status = 0;
    const answered = () => {
      remaining = -1;
      if (this.active) {
        const tally = this.tally;
        tally.latencies.push(performance.now() - socket.sentAt!);
        if (status >= 200 && status < 300) tally.ok++;
        else tally.non2xx++;
      }
      this.settle(socket);
      if (this.active) this.send(socket);
    };
    socket.on('connect', () => {
      if (this.active) this.send(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      let data = chunk;
      while (data.length > 0) {
        if (remaining < 0) {
          head = head ? Buffer.concat([head, data]) : data;
          const end = head.indexOf(HEADER_END);
          if (end < 0) return;
          const text = head.toString('latin1', 0, end);
          status = Number(text.slice(9, 12));
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
          if (!length) {
            console.error(`${this.url}: an answer without Content-Length (status ${status})`);
            process.exit(1);
          }
          remaining = Number(length[1]);
          data = head.subarray(end + HEADER_END.length);
          head = null;
          if (remaining === 0) answered();
          continue;
        }
        const take = Math.min(remaining, data.length);
        remaining -= take;
        if (this.active) this.tally.bytes += take;
        data = data.subarray(take);
        if (remaining === 0) answered();
      }
    });
    socket.on('error', () => {
      if (this.active) this.tally.errors++;
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (socket.sentAt !== null) this.settle(socket);
      if (this.active && !this.closed) this.open();
    });
  }
}

function headerLines(args: readonly string[]): string {
  return args
    .map((arg) => `${arg.slice(0, arg.indexOf('='))}: ${arg.slice(arg.indexOf('=') + 1)}\r\n`)
    .join('');
}

const USAGE = [
  'usage: load-generator URL SECONDS CONNECTIONS [NAME=VALUE …]',
  '       load-generator --alternate URL_A URL_B SLICE_SECONDS PAIRS CONNECTIONS [NAME=VALUE …]',
].join('\n');

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--alternate') {
    const [, urlA, urlB, sliceText, pairsText, connectionsText, ...headerArgs] = argv;
    if (!urlA || !urlB || !sliceText || !pairsText || !connectionsText) return usage();
    const extra = headerLines(headerArgs);
    const a = new Target(urlA, Number(connectionsText), extra);
    const b = new Target(urlB, Number(connectionsText), extra);
    const report: AlternateReport = { a: [], b: [] };
    for (let pair = 0; pair < Number(pairsText); pair++) {
      report.a.push(await a.slice(Number(sliceText)));
      report.b.push(await b.slice(Number(sliceText)));
    }
    a.close();
    b.close();
    console.log(JSON.stringify(report));
    return;
  }
  const [url, secondsText, connectionsText, ...headerArgs] = argv;
  if (!url || !secondsText || !connectionsText) return usage();
  const target = new Target(url, Number(connectionsText), headerLines(headerArgs));
  const report = await target.slice(Number(secondsText));
  target.close();
  console.log(JSON.stringify(report));
}

function usage(): void {
  console.error(USAGE);
  process.exit(2);
}

await main(process.argv.slice(2));
