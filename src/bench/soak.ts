/**
 * `npm run soak [-- --seconds N]`: a bounded load test on loopback that stops by itself.
 *
 * A temporary database is made the way `npm start` makes one, the server runs in a child process,
 * and for `--seconds` (default 30, or SOAK_SECONDS) 50 readers load a country profile (about 500
 * requests a second in all, `--reader-rate`; see paced-readers.ts) while 5 experts, signed in,
 * each load a strand form and post it back (CSRF token and base revision from the form) once a
 * second (`--writer-rate`; autocannon, which carries the form's token from one request to the
 * next). The rates are what people do, not what the server can take: without them every
 * connection sends its next request the moment it has an answer, the server is always
 * saturated, and latency measures the queue the load generator itself builds (`--reader-rate 0
 * --writer-rate 0` does that, as a throughput test). Meanwhile a command-line import of 1,000 real-size sheets runs in
 * another child process, with an online backup started every 5 s while it runs; the load goes on
 * until the import has finished, however long the run was meant to be, and 5 s more. Readers are
 * reported before, during and after the import.
 *
 * `--nice N` runs the import and the backups at a lower scheduling priority, as a batch job on a
 * machine shared with the server would be run (`nice -n N policy-index import-sheets …`); the
 * import also lowers its own priority by 10 steps, as `import-sheets` does by default.
 *
 * Targets (PASS/FAIL, exit 1 on FAIL): no errors (every request answered 2xx/3xx — a 409
 * conflict is a writer's expected answer — and the import and backups succeed), readers' p99
 * under 100 ms while the import runs, and no request over 1 s.
 */
import autocannon, { type Instance, type Result } from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isProbeLine, loopDelays } from './event-loop-report.js';
import { answered, LatencyLog, summarise, type LatencySummary } from './latency-log.js';
import { pacedReaders } from './paced-readers.js';
import { writeRealSizeSheets } from './real-size-sheets.js';
import {
  prepareDatabase,
  runCli,
  signIn,
  startServer,
  WRITER_EDITION,
  type Finished,
} from './soak-setup.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READER_PATH = '/countries/DE/2024';
const WRITER_STRAND = 'family-reunification';
const TARGET_READER_P99_MS = 100;
const TARGET_MAX_MS = 1000;
/** Load before the import starts and after it ended, to compare with the load during it. */
const WARM_UP_MS = 3000;
const COOL_DOWN_MS = 5000;
const BACKUP_INTERVAL_MS = 5000;
/** However slow the import, the run ends this long after its planned end. */
const OVERRUN_LIMIT_MS = 300_000;

interface Settings {
  seconds: number;
  /** Reader requests per second, all connections together; 0: as fast as answered. */
  readerRate: number;
  /** Saves per second per writer (each a form load and a post); 0: as fast as answered. */
  writerRate: number;
  /** Scheduling priority of the import and the backups (`nice -n`): 0 as the server. */
  nice: number;
  readers: number;
  writers: number;
  sheets: number;
  keep: boolean;
}

function settings(): Settings {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '30' },
      'reader-rate': { type: 'string', default: '500' },
      'writer-rate': { type: 'string', default: '1' },
      nice: { type: 'string', default: '0' },
      readers: { type: 'string', default: '50' },
      writers: { type: 'string', default: '5' },
      sheets: { type: 'string', default: '1000' },
      keep: { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, value: string, least: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < least)
      throw new RangeError(`--${name} must be a whole number ≥ ${least}, not "${value}"`);
    return n;
  };
  const positive = (name: string, value: string) => whole(name, value, 1);
  return {
    seconds: positive('seconds', values.seconds),
    readerRate: whole('reader-rate', values['reader-rate'], 0),
    writerRate: whole('writer-rate', values['writer-rate'], 0),
    nice: Math.min(19, whole('nice', values.nice, 0)),
    readers: positive('readers', values.readers),
    writers: positive('writers', values.writers),
    sheets: positive('sheets', values.sheets),
    keep: values.keep,
  };
}

/** One expert's loop: load the strand form, post it back with one comment changed. */
function writerLoad(
  url: string,
  cookie: string,
  country: string,
  savesPerSecond: number,
  log: LatencyLog,
): Instance {
  const path = `/workspace/sheets/${country}/${WRITER_EDITION}/strands/${WRITER_STRAND}`;
  let saves = 0;
  const instance = autocannon({
    url,
    connections: 1,
    duration: 24 * 3600,
    ...(savesPerSecond > 0 ? { connectionRate: 2 * savesPerSecond } : {}),
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        path,
        onResponse: (status, body, context) => {
          context.form = status === 200 ? formBody(body, ++saves) : null;
        },
      },
      {
        method: 'POST',
        path,
        setupRequest: (request, context) =>
          typeof context.form === 'string'
            ? {
                ...request,
                headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
                body: context.form,
              }
            : null,
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => log.record(status, ms));
  instance.on('reqError', (error) => log.fail(error));
  return instance;
}

/**
 * The form posted back: its CSRF token and base revision, every question answered with its
 * first option, and a comment that differs at every save so that each save is a change.
 */
function formBody(html: string, save: number): string | null {
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;
  const csrf = field('_csrf');
  const base = field('base_revision');
  if (csrf === null || base === null) return null;
  const body = new URLSearchParams({ _csrf: csrf, base_revision: base });
  const questions: string[] = [];
  for (const match of html.matchAll(/name="q\.([^"]+)\.answer" value="([^"]+)"/g)) {
    if (questions.includes(match[1]!)) continue;
    questions.push(match[1]!);
    body.set(`q.${match[1]}.answer`, match[2]!);
  }
  if (questions.length === 0) return null;
  body.set(`q.${questions[0]}.comment`, `soak save ${save}`);
  return body.toString();
}

const stop = (instance: Instance) =>
  new Promise<Result>((resolve) => {
    instance.once('done', resolve);
    instance.stop();
  });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const options = settings();
  const loadBefore = loadavg()[0]!;
  const work = mkdtempSync(join(tmpdir(), 'policy-index-soak-'));
  const database = join(work, 'soak.sqlite');
  console.log(`soak: ${work}`);
  const writers = prepareDatabase(ROOT, database, options.writers);
  writeRealSizeSheets(ROOT, join(work, 'import'), options.sheets);
  const server = await startServer(ROOT, database, {
    preload: fileURLToPath(new URL('./event-loop-probe.js', import.meta.url)),
  });
  try {
    const cookies = await Promise.all(writers.map((w) => signIn(server.url, w.email)));
    // A stalled load generator would show up as server latency: its own delays are reported.
    const generatorDelay = monitorEventLoopDelay({ resolution: 10 });
    generatorDelay.enable();
    const readers = new LatencyLog();
    const writes = new LatencyLog();
    const start = Date.now();
    const reading = pacedReaders(
      `${server.url}${READER_PATH}`,
      options.readers,
      options.readerRate,
      readers,
    );
    const writing = writers.map((w, i) =>
      writerLoad(server.url, cookies[i]!, w.country, options.writerRate, writes),
    );
    const pace = (rate: number, unit: string) => (rate > 0 ? `${rate} ${unit}` : 'unpaced');
    console.log(
      `${options.readers} readers on ${READER_PATH} (${pace(options.readerRate, 'requests/s in all')}), ` +
        `${options.writers} writers saving ${WRITER_STRAND} (${pace(options.writerRate, 'saves/s each')}); ` +
        `import of ${options.sheets} sheets and backups after ${WARM_UP_MS / 1000} s` +
        `${options.nice > 0 ? ` (nice ${options.nice})` : ''}; at least ${options.seconds} s`,
    );

    await sleep(WARM_UP_MS);
    const importStart = Date.now();
    let importDone = false;
    const imported = runCli(ROOT, database, ['import-sheets', join(work, 'import')], {
      nice: options.nice,
    }).then((r) => {
      importDone = true;
      return r;
    });
    const backups: Finished[] = [];
    // Each backup is a process of its own starting up: one every few seconds is enough to have
    // one running at any moment of the import without the startups taking the server's CPU.
    const backingUp = (async () => {
      for (let n = 1; !importDone; n++) {
        const next = sleep(BACKUP_INTERVAL_MS);
        backups.push(
          await runCli(ROOT, database, ['backup', join(work, `backup-${n}.sqlite`)], {
            nice: options.nice,
          }),
        );
        await next;
      }
    })();
    const importResult = await imported;
    const importEnd = Date.now();
    await backingUp;
    const end = Math.max(start + options.seconds * 1000, importEnd + COOL_DOWN_MS);
    await sleep(Math.max(0, Math.min(end, start + OVERRUN_LIMIT_MS) - Date.now()));
    const [results] = await Promise.all([Promise.all(writing.map(stop)), reading.stop()]);
    const seconds = (Date.now() - start) / 1000;

    return report({
      seconds,
      readers,
      writes,
      socketErrors: results.reduce((n, r) => n + r.errors, 0),
      importResult,
      importWindow: [importStart, importEnd],
      backups,
      serverLog: server.log,
      start,
      generatorDelayMaxMs: generatorDelay.max / 1e6,
      loadBefore,
    });
  } finally {
    await server.stop();
    if (options.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

interface Outcome {
  seconds: number;
  readers: LatencyLog;
  writes: LatencyLog;
  socketErrors: number;
  importResult: Finished;
  importWindow: [number, number];
  backups: Finished[];
  serverLog: string[];
  /** When the load started. */
  start: number;
  generatorDelayMaxMs: number;
  /** The machine's load average (1 min) before the soak started: other work sharing the CPUs. */
  loadBefore: number;
}

function report(outcome: Outcome): number {
  const { readers, writes, seconds, importResult, backups } = outcome;
  const [from, to] = outcome.importWindow;
  const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(1)} ms`);
  const line = (name: string, s: LatencySummary) =>
    `${name.padEnd(34)} ${String(s.count).padStart(7)}  p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}`;
  const all = [...readers.responses, ...writes.responses];
  const readsDuringImport = summarise(readers.select(undefined, from, to));
  const readsBefore = summarise(readers.select(undefined, -Infinity, from));
  const readsAfter = summarise(readers.select(undefined, to, Infinity));
  const forms = (r: { status: number }) => r.status === 200;
  const saves = (r: { status: number }) => r.status !== 200;
  const conflicts = writes.select((r) => r.status === 409).length;
  const failedStatus = [
    ...readers.select((r) => !answered(r.status)),
    ...writes.select((r) => !answered(r.status) && r.status !== 409),
  ];
  const statuses = new Map<number, number>();
  for (const r of failedStatus) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const failedCommands = [importResult, ...backups].filter((r) => r.code !== 0);
  const errors =
    failedStatus.length +
    readers.failures.length +
    writes.failures.length +
    outcome.socketErrors +
    failedCommands.length;
  const maxMs = summarise(all).max;

  console.log(`\nran ${seconds.toFixed(1)} s: ${(all.length / seconds).toFixed(0)} requests/s`);
  console.log(line('readers (profile page)', summarise(readers.responses)));
  console.log(line('readers before the import', readsBefore));
  console.log(line('readers while the import ran', readsDuringImport));
  console.log(line('readers after the import', readsAfter));
  console.log(line('writers: form loads', summarise(writes.select(forms))));
  console.log(line('writers: saves (303, 409 expected)', summarise(writes.select(saves))));
  console.log(
    line('writers: saves while the import ran', summarise(writes.select(saves, from, to))),
  );
  console.log(
    `import: exit ${importResult.code} in ${(importResult.ms / 1000).toFixed(1)} s: ${importResult.output.split('\n').at(-1)}`,
  );
  console.log(
    `backups while importing: ${backups.length} (${backups.map((b) => `exit ${b.code} in ${(b.ms / 1000).toFixed(1)} s`).join(', ')})`,
  );
  console.log(
    `non-2xx/3xx: ${failedStatus.length}${statuses.size > 0 ? ` (${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')})` : ''}; ` +
      `409 conflicts (expected): ${conflicts}; request errors: ${readers.failures.length + writes.failures.length + outcome.socketErrors}; ` +
      `failed commands: ${failedCommands.length}`,
  );
  const slowest = (log: LatencyLog) =>
    [...log.responses]
      .sort((a, b) => b.latencyMs - a.latencyMs)
      .slice(0, 3)
      .map(
        (r) =>
          `${r.latencyMs.toFixed(0)} ms sent at ${((r.at - r.latencyMs - from) / 1000).toFixed(1)} s`,
      )
      .join(', ');
  console.log(
    `slowest, timed from the import's start (it ran 0–${((to - from) / 1000).toFixed(1)} s): ` +
      `readers ${slowest(readers)}; writers ${slowest(writes)}`,
  );
  console.log(
    `load generator: longest event-loop delay ${ms(outcome.generatorDelayMaxMs)}; ` +
      `load average ${outcome.loadBefore.toFixed(1)} before the soak, ${loadavg()[0]!.toFixed(1)} at its end, on ${availableParallelism()} CPUs`,
  );
  const failures = [...readers.failures, ...writes.failures];
  for (const message of new Set(failures))
    console.log(`  request error ×${failures.filter((f) => f === message).length}: ${message}`);
  for (const failed of failedCommands) console.log(`  command output: ${failed.output}`);
  const serverLog = outcome.serverLog.filter((line) => !isProbeLine(line));
  if (serverLog.length > 0)
    console.log(
      `server log (${serverLog.length} lines):\n  ${serverLog.slice(0, 10).join('\n  ')}`,
    );
  const delays = loopDelays(outcome.serverLog).filter((d) => d.at - d.delayMs >= outcome.start);
  const delayed = delays.reduce((n, d) => n + d.delayMs, 0);
  const busy = delays.reduce((n, d) => n + Math.min(d.cpuMs, d.delayMs), 0);
  console.log(
    `server event loop: ${delays.length} delays of 100 ms or more (longest ${ms(Math.max(0, ...delays.map((d) => d.delayMs)))}); ` +
      (delays.length === 0
        ? 'never held up'
        : `during them the server used the CPU ${((100 * busy) / delayed).toFixed(0)} % of the time ` +
          `(near 100 %: its own work held the loop; far less: it waited for a CPU other processes had)`),
  );

  const checks: [string, boolean][] = [
    [`0 errors (${errors})`, errors === 0],
    [
      `reader p99 during the import under ${TARGET_READER_P99_MS} ms (${ms(readsDuringImport.p99)})`,
      readsDuringImport.p99 < TARGET_READER_P99_MS,
    ],
    [`no request over ${TARGET_MAX_MS} ms (max ${ms(maxMs)})`, maxMs <= TARGET_MAX_MS],
  ];
  const pass = checks.every(([, ok]) => ok);
  console.log(
    `\n${pass ? 'PASS' : 'FAIL'}: ${checks.map(([text, ok]) => `${ok ? 'ok' : 'FAILED'} ${text}`).join('; ')}`,
  );
  return pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 70;
  },
);
