/**
 * Throughput of a cached country profile page (`GET /countries/DE/2024`) against the bare-server
 * limit, measured from outside: the real server (`policy-index serve` on a database made by a
 * first start in a temp folder), a bare `node:http` server sending the very same response
 * (status, headers and body bytes captured from the real one; bare-server.ts), and the load
 * generator, each its own process, 50 connections.
 *
 * Requests ask for compression as browsers do (`Accept-Encoding: gzip, deflate, br`), so the
 * server answers with its compressed variant and the bare server sends those same bytes.
 *
 * The target's ratio comes from the lean generator (load-generator.ts): after a short warm-up of
 * both servers, one generator process keeps its connections to both open and alternates between
 * them in short slices of the same duration — profile, bare, profile, bare, … — one ratio of
 * requests per second per pair of slices; the value is their median, with their spread
 * (stats.ts). The first pair warms the generator up and is not counted. Slices a second apart
 * from one process see the machine in the same state, where rounds of seconds from a new process
 * each did not (load-generator.ts says what varied). For reference, one round of autocannon's
 * command line on each: autocannon decodes
 * every body into a string and, on two cores, saturates its own core before the bare server
 * does, so its ratio tends to 1 whatever the server does. Each generator's CPU time is reported
 * beside its numbers, and each server's CPU time per request answered (process-cpu.ts): a cost
 * that other load on the machine hardly moves, to judge a change to the server by.
 *
 * Without a target, the gap is then split in two, on a second copy of the server that also runs
 * the bare server's listener in its process (bare-in-server.ts): that listener against the
 * standalone bare server is what being the server's process costs the same few lines of
 * `node:http`; the profile page against that listener, in the same process, is what the
 * server's own handling of a cached page costs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BARE_LISTENER_PREFIX, type CapturedResponse } from './bare-server.js';
import type { AlternateReport, LoadReport } from './load-generator.js';
import type { Measurement, PartReport } from './report.js';
import { processCpuMs } from './process-cpu.js';
import { startServer, type Server } from './soak-setup.js';
import { median, pairedRatio, spreadText, type RoundsRatio } from './stats.js';

export interface ThroughputOptions {
  /** Counted pairs of slices of the lean generator (profile, then bare). */
  rounds: number;
  /** Load per server and slice. */
  seconds: number;
  connections: number;
}

const PROFILE = '/countries/DE/2024';
const ACCEPT_ENCODING = 'gzip, deflate, br';
const WARM_UP_SECONDS = 2;
/** Set by the connection or per message; the bare server's node:http adds its own. */
const HOP_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

type Generator = 'lean' | 'autocannon';

interface LoadResult {
  /** 2xx answers per second. */
  rps: number;
  /** How long the load ran, in seconds. */
  seconds: number;
  p99Ms: number;
  /** CPU the generator used, as a share of one core over the run (1 = a whole core). */
  generatorCore: number | null;
}

function runChild(args: string[]): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`load generator exited ${code}: ${err}`)),
    );
  });
}

const LEAN_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));

/** The lean generator with `args`, asking for compression; what it printed. */
function runLean(args: string[]): Promise<string> {
  return runChild([LEAN_GENERATOR, ...args, `accept-encoding=${ACCEPT_ENCODING}`]);
}

/** One load of the lean generator on `url`; throws on any error or non-2xx answer. */
function leanResult(url: string, report: LoadReport): LoadResult {
  if (report.non2xx + report.errors > 0)
    throw new Error(`${url}: ${report.non2xx} non-2xx answers, ${report.errors} errors`);
  return {
    rps: report.ok / report.seconds,
    seconds: report.seconds,
    p99Ms: report.p99Ms,
    generatorCore: report.cpuSeconds / report.seconds,
  };
}

/** Each server's slices in order (`a[i]` just before `b[i]`), and the throughput ratio. */
interface Alternation {
  a: LoadResult[];
  b: LoadResult[];
  /**
   * Requests per second of `a` over `b`, one ratio per counted pair: the first pair warms the
   * generator up and is not counted.
   */
  ratio: RoundsRatio;
}

/**
 * The lean generator alternating between `a` and `b` (load-generator.ts, `--alternate`) for
 * `pairs` counted pairs of `seconds`-long slices, after one more that is not counted.
 */
async function alternate(
  a: string,
  b: string,
  options: { seconds: number; pairs: number; connections: number },
): Promise<Alternation> {
  const { seconds, pairs, connections } = options;
  const args = ['--alternate', a, b, String(seconds), String(pairs + 1)];
  const report = JSON.parse(await runLean([...args, String(connections)])) as AlternateReport;
  const slices = {
    a: report.a.map((slice) => leanResult(a, slice)),
    b: report.b.map((slice) => leanResult(b, slice)),
  };
  // The ratio is of throughputs, so each side's "time" is milliseconds per request.
  const ratio = pairedRatio(
    slices.b.slice(1).map((run) => 1000 / run.rps),
    slices.a.slice(1).map((run) => 1000 / run.rps),
  );
  return { ...slices, ratio };
}

/** A short load on each of `urls` in turn, before they are measured. */
async function warmUp(connections: number, ...urls: string[]): Promise<void> {
  for (const url of urls) await loadFromOutside('lean', url, WARM_UP_SECONDS, connections);
}

/** Loads `url` from another process for `seconds`; throws on any error or non-2xx answer. */
async function loadFromOutside(
  generator: Generator,
  url: string,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  if (generator === 'lean') {
    const args = [url, String(seconds), String(connections)];
    return leanResult(url, JSON.parse(await runLean(args)) as LoadReport);
  }
  const cli = createRequire(import.meta.url).resolve('autocannon');
  const result = JSON.parse(
    await runChild([
      cli,
      '-c',
      String(connections),
      '-d',
      String(seconds),
      '-H',
      `accept-encoding=${ACCEPT_ENCODING}`,
      '-j',
      url,
    ]),
  ) as {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
    latency: { p99: number };
  };
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests under autocannon`);
  return {
    rps: result['2xx'] / result.duration,
    seconds: result.duration,
    p99Ms: result.latency.p99,
    generatorCore: null,
  };
}

/** The median of each figure over the rounds of one server. */
function typical(runs: readonly LoadResult[]): LoadResult {
  const core = runs.map((run) => run.generatorCore);
  return {
    rps: median(runs.map((run) => run.rps)),
    seconds: median(runs.map((run) => run.seconds)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    generatorCore: core.includes(null) ? null : median(core as number[]),
  };
}

/** The profile page as the server sends it to a browser: raw bytes, not decompressed. */
function capture(url: string): Promise<CapturedResponse & { bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200)
          return reject(new Error(`GET ${url}: ${response.statusCode}`));
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
        const body = Buffer.concat(chunks);
        resolve({
          headers,
          body: body.toString('base64'),
          bytes: body.length,
          encoding: String(response.headers['content-encoding'] ?? 'identity'),
        });
      });
    }).on('error', reject);
  });
}

/** Starts the bare server on the captured response; resolves with its URL and a stop. */
function startBareServer(
  responseFile: string,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./bare-server.js', import.meta.url));
  const child = spawn(process.execPath, [script, responseFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(printed);
      if (match) resolve({ url: match[1]!, pid: child.pid!, stop });
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
}

/** `median of 10 alternating pairs, per pair 0.71–0.93 over 10 rounds`. */
function pairsText(ratio: RoundsRatio): string {
  return `median of ${ratio.rounds} alternating pairs, per pair ${spreadText(ratio)}`;
}

/** The port bare-in-server.ts announced on `server`'s stderr, waiting up to 10 s for it. */
async function bareListenerOf(server: Server): Promise<number> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    for (const line of server.log)
      if (line.startsWith(BARE_LISTENER_PREFIX))
        return Number(line.slice(BARE_LISTENER_PREFIX.length));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server's bare listener did not start: ${server.log.join('\n')}`);
}

interface GapSplit {
  /** The bare listener in the server's process / the standalone bare server. */
  processOverBare: RoundsRatio;
  /** The profile page / the bare listener, both in the server's process. */
  profileOverProcess: RoundsRatio;
}

/**
 * The two parts of the gap (see the top of this file), on a second copy of the server with the
 * bare listener preloaded, on a database of its own made by its first start as the first one's was.
 */
async function splitGap(
  root: string,
  work: string,
  responseFile: string,
  bareUrl: string,
  options: { seconds: number; pairs: number; connections: number },
): Promise<GapSplit> {
  const server = await startServer(root, join(work, 'split.sqlite'), {
    preload: fileURLToPath(new URL('./bare-in-server.js', import.meta.url)),
    env: { POLICY_INDEX_BENCH_BARE_RESPONSE: responseFile },
  });
  try {
    const inProcess = `http://127.0.0.1:${await bareListenerOf(server)}${PROFILE}`;
    const profile = `${server.url}${PROFILE}`;
    await warmUp(options.connections, profile, inProcess);
    return {
      processOverBare: (await alternate(inProcess, bareUrl, options)).ratio,
      profileOverProcess: (await alternate(profile, inProcess, options)).ratio,
    };
  } finally {
    await server.stop();
  }
}

export async function benchProfileThroughput(
  root: string,
  options: ThroughputOptions,
): Promise<PartReport> {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-http-'));
  const server = await startServer(root, join(work, 'policy-index.sqlite'));
  let bare: { url: string; pid: number; stop: () => Promise<void> } | null = null;
  try {
    const page = await capture(`${server.url}${PROFILE}`);
    const responseFile = join(work, 'response.json');
    writeFileSync(responseFile, JSON.stringify({ headers: page.headers, body: page.body }));
    bare = await startBareServer(responseFile);

    const { seconds, connections } = options;
    const profileUrl = `${server.url}${PROFILE}`;
    const bareUrl = `${bare.url}${PROFILE}`;
    await warmUp(connections, profileUrl, bareUrl);
    // The servers' CPU time over the whole alternation, per request answered (null without
    // /proc): each server works only during its own slices.
    const cpuBefore = { profile: processCpuMs(server.pid), bare: processCpuMs(bare.pid) };
    const slices = await alternate(profileUrl, bareUrl, {
      seconds,
      pairs: options.rounds,
      connections,
    });
    const cpuAfter = { profile: processCpuMs(server.pid), bare: processCpuMs(bare.pid) };
    const answered = (runs: LoadResult[]) =>
      runs.reduce((sum, run) => sum + run.rps * run.seconds, 0);
    // The first pair warms the generator up.
    const profileRuns = slices.a.slice(1);
    const bareRuns = slices.b.slice(1);
    const measured = slices.ratio;
    const cpuPerRequest =
      cpuBefore.profile !== null &&
      cpuAfter.profile !== null &&
      cpuBefore.bare !== null &&
      cpuAfter.bare !== null
        ? {
            profile: (cpuAfter.profile - cpuBefore.profile) / answered(slices.a),
            bare: (cpuAfter.bare - cpuBefore.bare) / answered(slices.b),
          }
        : null;
    const lean = { profile: typical(profileRuns), limit: typical(bareRuns) };
    const cannon = {
      profile: await loadFromOutside('autocannon', profileUrl, seconds, connections),
      limit: await loadFromOutside('autocannon', bareUrl, seconds, connections),
    };
    const split = await splitGap(root, work, responseFile, bareUrl, {
      seconds,
      pairs: Math.max(3, Math.ceil(options.rounds / 2)),
      connections,
    });

    const rounds = `median of ${measured.rounds} alternating ${seconds} s slices, one generator; ratio per pair ${spreadText(measured)}`;
    const line = (
      what: string,
      generator: Generator,
      result: LoadResult,
      how: string,
    ): Measurement => ({
      name: `${what}, ${generator}, ${connections} connections, ${seconds} s`,
      milliseconds: 1000 / result.rps,
      note: `per request: ${result.rps.toFixed(0)} requests/s, p99 ${result.p99Ms.toFixed(1)} ms; ${how}${
        result.generatorCore === null
          ? ''
          : `; generator used ${(result.generatorCore * 100).toFixed(0)} % of a core`
      }`,
    });
    const profileName = `GET ${PROFILE} (${page.bytes} bytes ${page.encoding})`;
    return {
      measurements: [
        line(profileName, 'lean', lean.profile, rounds),
        line('bare node:http, the same bytes', 'lean', lean.limit, rounds),
        line(profileName, 'autocannon', cannon.profile, 'one run'),
        line('bare node:http, the same bytes', 'autocannon', cannon.limit, 'one run'),
        ...(cpuPerRequest
          ? [
              {
                name: `server CPU per request, GET ${PROFILE}`,
                milliseconds: cpuPerRequest.profile,
                note: `${(cpuPerRequest.profile * 1000).toFixed(1)} µs; over all slices; hardly moved by other load on the machine`,
              },
              {
                name: 'server CPU per request, bare node:http',
                milliseconds: cpuPerRequest.bare,
                note: `${(cpuPerRequest.bare * 1000).toFixed(1)} µs; profile / bare ${(cpuPerRequest.profile / cpuPerRequest.bare).toFixed(2)}×`,
              },
            ]
          : []),
        {
          name: `bare node:http inside the server's process, lean, ${connections} connections, ${seconds} s`,
          milliseconds: split.processOverBare.denominatorMs,
          note: `${split.processOverBare.median.toFixed(2)}× the standalone bare server's requests/s: what being the server's process costs; ${pairsText(split.processOverBare)}`,
        },
        {
          name: `${profileName} beside it, lean, ${connections} connections, ${seconds} s`,
          milliseconds: split.profileOverProcess.denominatorMs,
          note: `${split.profileOverProcess.median.toFixed(2)}× the bare listener in the same process: what the server's handling costs; ${pairsText(split.profileOverProcess)}`,
        },
      ],
      ratios: {
        profile_over_node_http: measured.median,
        profile_rps: lean.profile.rps,
        node_http_rps: lean.limit.rps,
        profile_over_node_http_autocannon: cannon.profile.rps / cannon.limit.rps,
        ...(cpuPerRequest && {
          profile_cpu_over_node_http_cpu: cpuPerRequest.profile / cpuPerRequest.bare,
        }),
        bare_in_server_over_node_http: split.processOverBare.median,
        profile_over_bare_in_server: split.profileOverProcess.median,
      },
      checks: [
        {
          key: 'profile_over_node_http',
          value: measured.median,
          comparison: '>=',
          limit: 0.8,
          unit: '×',
          what: 'profile page throughput / bare node:http, load from another process',
          spread: measured,
        },
      ],
    };
  } finally {
    await bare?.stop();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
