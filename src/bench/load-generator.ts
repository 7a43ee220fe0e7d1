/**
 * A lean HTTP/1.1 load generator, run as its own process:
 * `node dist/bench/load-generator.js URL SECONDS CONNECTIONS [NAME=VALUE …]` (extra request
 * headers). Keep-alive connections, one request in flight on each (no pipelining), as
 * autocannon's default; prints one line of JSON (`LoadReport`) and exits.
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

const HEADER_END = Buffer.from('\r\n\r\n');

function main(): void {
  const [url, secondsText, connectionsText, ...headerArgs] = process.argv.slice(2);
  if (!url || !secondsText || !connectionsText) {
    console.error('usage: load-generator URL SECONDS CONNECTIONS [NAME=VALUE …]');
    process.exit(2);
  }
  const target = new URL(url);
  const extra = headerArgs
    .map((arg) => `${arg.slice(0, arg.indexOf('='))}: ${arg.slice(arg.indexOf('=') + 1)}\r\n`)
    .join('');
  const request = Buffer.from(
    `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${extra}\r\n`,
  );
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let bytes = 0;
  let stopped = false;
  const sockets = new Set<Socket>();

  const open = (): void => {
    const socket = connect(Number(target.port || 80), target.hostname);
    sockets.add(socket);
    socket.setNoDelay(true);
    let head: Buffer | null = null;
    /** Body bytes still to come; -1 while the head is read. */
    let remaining = -1;
    let status = 0;
    let sentAt = 0;
    const send = () => {
      sentAt = performance.now();
      socket.write(request);
    };
    const answered = () => {
      if (stopped) return;
      latencies.push(performance.now() - sentAt);
      if (status >= 200 && status < 300) ok++;
      else non2xx++;
      remaining = -1;
      send();
    };
    socket.on('connect', send);
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
            console.error(`${url}: an answer without Content-Length (status ${status})`);
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
        bytes += take;
        data = data.subarray(take);
        if (remaining === 0) answered();
      }
    });
    socket.on('error', () => {
      if (!stopped) errors++;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (!stopped) open();
    });
  };

  const connections = Number(connectionsText);
  const seconds = Number(secondsText);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < connections; i++) open();
  setTimeout(() => {
    stopped = true;
    const elapsed = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    for (const socket of sockets) socket.destroy();
    const sorted = Float64Array.from(latencies).sort();
    const report: LoadReport = {
      ok,
      non2xx,
      errors,
      seconds: elapsed,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      bodyBytes: latencies.length > 0 ? bytes / latencies.length : 0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    console.log(JSON.stringify(report));
  }, seconds * 1000);
}

main();
