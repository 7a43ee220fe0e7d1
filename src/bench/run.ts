/**
 * `npm run bench`: measures, in one run on this machine, what issue 15 asks of the engine, prints
 * each ratio with its target and PASS/FAIL, and writes everything to bench-results.json (not
 * committed). Exit 1 when a target is missed, 2 on wrong usage.
 *
 * Every ratio is measured in interleaved rounds: numerator, denominator, numerator, … after a
 * warm-up, one ratio per round; the value checked is the median of the per-round ratios, and
 * their minimum and maximum are printed under it and saved under `spreads` (stats.ts says why).
 *
 * Parts, in the order they run (each can run alone):
 * - `engine`      scoring engine / hand-written kernel → `engine_over_kernel` (engine-bench.ts)
 * - `robustness`  10,000 robustness draws × 40 countries / the kernel → `robustness_over_kernel`;
 *                 what-if latency through HTTP (analysis-bench.ts)
 * - `parse`       one-thread validation of real-size sheets / js-yaml's raw `load` of the same
 *                 bytes → `validate_over_raw_parse`; `yaml`'s parse for reference (parse-bench.ts)
 * - `bulk`        `validate` of 1,000 sheets on all cores / the one-thread raw parse →
 *                 `bulk_validate_over_raw_parse`; `import-sheets` / `validate` →
 *                 `import_over_validate`; publish and recompute; each core's speed at the raw
 *                 parse, pinned to it, for reference (bulk-bench.ts, core-speeds.ts)
 * - `http`        profile page / bare `node:http` sending the same compressed bytes, loaded from
 *                 another process with 50 connections → `profile_over_node_http` (the lean
 *                 load-generator.ts alternating between the two in one process; autocannon's
 *                 ratio beside it, for reference: it saturates
 *                 its own core first) (profile-throughput.ts)
 * - `cold-start`  `cold_start_ms.{cli_help, validate_samples, first_page}`, medians of spawned
 *                 runs (cold-start.ts)
 * - `login`       failed sign-in time, known / unknown email (login-bench.ts)
 * - `hostile`     a 200 MB body to /login, a 45,000-key upload and GET / meanwhile
 *                 (hostile-bench.ts)
 *
 * Flags (after `npm run bench --`, or `node dist/bench/run.js …` after `npm run build`):
 *   --only PART,…     run only these parts (e.g. `--only cold-start`, `--only parse,bulk`)
 *   --skip PART,…     run all but these
 *   --sheets N        sheets for `bulk` (default 1000)
 *   --parse-sheets N  sheets for `parse` (default 200)
 *   --rounds N        interleaved rounds of 20 sheets for `parse` (default 40)
 *   --bulk-rounds N   interleaved rounds of raw parse, validate and import for `bulk` (default 5)
 *   --runs N          spawned runs per cold-start timing, the median reported (default 5)
 *   --http-rounds N   counted pairs of slices, profile page then bare server, for `http`
 *                     (default 20; one more pair warms the generator up)
 *   --seconds N       load per server and slice for `http` (default 1)
 *   --connections N   connections for `http` (default 50)
 *   --out FILE        where to write the results (default bench-results.json)
 * The commands and servers run from dist/: build first (`npm run bench` does).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAnalysis } from './analysis-bench.js';
import { benchBulk } from './bulk-bench.js';
import { benchColdStart } from './cold-start.js';
import { benchEngine } from './engine-bench.js';
import { benchHostile } from './hostile-bench.js';
import { benchLogin } from './login-bench.js';
import { benchParse } from './parse-bench.js';
import { benchProfileThroughput } from './profile-throughput.js';
import {
  checkLines,
  measurementLines,
  passes,
  type Check,
  type Measurement,
  type PartReport,
} from './report.js';
import type { Spread } from './stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Settings {
  parts: string[];
  sheets: number;
  parseSheets: number;
  rounds: number;
  bulkRounds: number;
  runs: number;
  httpRounds: number;
  seconds: number;
  connections: number;
  out: string;
}

type Part = (settings: Settings) => Promise<PartReport>;

const PARTS: Record<string, Part> = {
  engine: async () => benchEngine(ROOT),
  robustness: async () => robustnessPart(),
  parse: (s) => benchParse(ROOT, { sheets: s.parseSheets, rounds: s.rounds }),
  bulk: (s) => benchBulk(ROOT, { sheets: s.sheets, rounds: s.bulkRounds }),
  http: (s) =>
    benchProfileThroughput(ROOT, {
      rounds: s.httpRounds,
      seconds: s.seconds,
      connections: s.connections,
    }),
  'cold-start': (s) => benchColdStart(ROOT, { runs: s.runs }),
  login: async () => loginPart(),
  hostile: async () => hostilePart(),
};

async function robustnessPart(): Promise<PartReport> {
  const analysis = await benchAnalysis(ROOT);
  const measured = analysis.overKernel;
  const rounds = `median of ${measured.rounds} interleaved rounds`;
  return {
    measurements: [
      {
        name: `robustness: ${analysis.draws} draws × ${analysis.countries} countries`,
        milliseconds: measured.numeratorMs,
        note: `default levels (dimension, strand, overall), weights perturbed, a dimension left out; ${rounds}`,
      },
      {
        name: `robustness, every composite level's rule varying (whole tree per draw)`,
        milliseconds: analysis.robustnessAllLevelsMs,
        note: `one run; ${(analysis.robustnessAllLevelsMs / measured.denominatorMs).toFixed(2)}× the kernel's median`,
      },
      {
        name: `hand-written kernel: the same ${analysis.countries} countries × ${analysis.draws}`,
        milliseconds: measured.denominatorMs,
        note: rounds,
      },
      {
        name: `what-if through HTTP (POST /api/v1/simulate), median of ${analysis.whatIfRequests}`,
        milliseconds: analysis.whatIfMedianMs,
        note: `p95 ${analysis.whatIfP95Ms.toFixed(2)} ms`,
      },
    ],
    ratios: { robustness_over_kernel: measured.median },
    checks: [
      {
        key: 'robustness_over_kernel',
        value: measured.median,
        comparison: '<=',
        limit: 2,
        unit: '×',
        what: `${analysis.draws} draws × ${analysis.countries} countries / the kernel scoring them`,
        spread: measured,
      },
    ],
  };
}

async function loginPart(): Promise<PartReport> {
  const login = await benchLogin(50);
  return {
    measurements: [
      {
        name: `failed sign-in, known email, median of ${login.attempts}`,
        milliseconds: login.knownMedianMs,
        note: '',
      },
      {
        name: `failed sign-in, unknown email, median of ${login.attempts}`,
        milliseconds: login.unknownMedianMs,
        note: '',
      },
    ],
    ratios: { login_slower_over_faster: login.ratio },
    checks: [
      {
        key: 'login_slower_over_faster',
        value: login.ratio,
        comparison: '<=',
        limit: 1.1,
        unit: '×',
        what: 'failed sign-in time, slower / faster of known and unknown email',
      },
    ],
  };
}

async function hostilePart(): Promise<PartReport> {
  const hostile = await benchHostile(ROOT);
  return {
    measurements: [
      {
        name: 'POST /login with a 200 MB multipart body',
        milliseconds: hostile.bigBodyMs,
        note: `HTTP ${hostile.bigBodyStatus}; server memory +${hostile.bigBodyRssGrowthMb.toFixed(1)} MB`,
      },
      {
        name: 'upload of 45,000 keys (under 1 MB)',
        milliseconds: hostile.keysUploadMs,
        note: `HTTP ${hostile.keysUploadStatus}`,
      },
      { name: 'GET / alone, median of 30', milliseconds: hostile.homeAloneMedianMs, note: '' },
      {
        name: 'GET / while the 45,000-key upload is handled, slowest',
        milliseconds: hostile.homeDuringUploadMaxMs,
        note: '',
      },
    ],
    ratios: {
      big_body_status: hostile.bigBodyStatus,
      big_body_memory_mb: hostile.bigBodyRssGrowthMb,
      keys_upload_ms: hostile.keysUploadMs,
      home_during_upload_ms: hostile.homeDuringUploadMaxMs,
    },
    checks: [
      {
        key: 'big_body_status',
        value: hostile.bigBodyStatus,
        comparison: '=',
        limit: 413,
        unit: '',
        what: 'a 200 MB body to /login is refused (413), not read',
      },
      {
        key: 'big_body_memory_mb',
        value: hostile.bigBodyRssGrowthMb,
        comparison: '<=',
        limit: 20,
        unit: ' MB',
        what: 'server memory growth while the 200 MB body is refused',
      },
      {
        key: 'keys_upload_ms',
        value: hostile.keysUploadMs,
        comparison: '<=',
        limit: 1000,
        unit: ' ms',
        what: 'a 45,000-key upload is refused within a second',
      },
      {
        key: 'home_during_upload_ms',
        value: hostile.homeDuringUploadMaxMs,
        comparison: '<=',
        limit: 100,
        unit: ' ms',
        what: 'GET / while that upload is handled, slowest',
      },
    ],
  };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1, not "${text}"`);
    process.exit(2);
  }
  return value;
}

const USAGE = `usage: npm run bench -- [--only PART,…] [--skip PART,…] [--sheets N] [--parse-sheets N]
  [--rounds N] [--bulk-rounds N] [--runs N] [--http-rounds N] [--seconds N] [--connections N]
  [--out FILE]
parts, in the order they run: ${Object.keys(PARTS).join(', ')}
(the README's "Benchmarks" section says what each part measures)`;

/** The flags, or usage on stderr and exit 2 for a flag parseArgs does not know. */
function parsedFlags() {
  try {
    return parseArgs({ options: FLAGS });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function settings(): Settings {
  const { values } = parsedFlags();
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return settingsFrom(values);
}

const FLAGS = {
  only: { type: 'string' },
  skip: { type: 'string' },
  sheets: { type: 'string', default: '1000' },
  'parse-sheets': { type: 'string', default: '200' },
  rounds: { type: 'string', default: '40' },
  'bulk-rounds': { type: 'string', default: '5' },
  runs: { type: 'string', default: '5' },
  'http-rounds': { type: 'string', default: '20' },
  seconds: { type: 'string', default: '1' },
  connections: { type: 'string', default: '50' },
  out: { type: 'string', default: 'bench-results.json' },
  help: { type: 'boolean', short: 'h' },
} as const;

function settingsFrom(values: ReturnType<typeof parsedFlags>['values']): Settings {
  const list = (text: string | undefined) => (text ? text.split(',').map((p) => p.trim()) : []);
  const only = list(values.only);
  const skip = list(values.skip);
  const unknown = [...only, ...skip].filter((part) => !(part in PARTS));
  if (unknown.length > 0) {
    console.error(`unknown part ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  return {
    parts: Object.keys(PARTS).filter(
      (part) => (only.length === 0 || only.includes(part)) && !skip.includes(part),
    ),
    sheets: positive('sheets', values.sheets),
    parseSheets: positive('parse-sheets', values['parse-sheets']),
    rounds: positive('rounds', values.rounds),
    bulkRounds: positive('bulk-rounds', values['bulk-rounds']),
    runs: positive('runs', values.runs),
    httpRounds: positive('http-rounds', values['http-rounds']),
    seconds: positive('seconds', values.seconds),
    connections: positive('connections', values.connections),
    out: values.out,
  };
}

async function main(): Promise<number> {
  const s = settings();
  const started = new Date();
  const loadBefore = loadavg();
  console.log(
    `Policy Index Engine benchmark — node ${process.version}, ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, ${started.toISOString()}`,
  );
  const measurements: (Measurement & { part: string })[] = [];
  const ratios: PartReport['ratios'] = {};
  const checks: Check[] = [];
  const spreads: Record<string, Spread> = {};
  const seconds: Record<string, number> = {};
  const failures: Record<string, string> = {};
  for (const part of s.parts) {
    const start = performance.now();
    let report: PartReport;
    try {
      report = await PARTS[part]!(s);
    } catch (error) {
      // One broken part (a command that fails, a server that does not start) must not cost the
      // measurements of the others: it is reported, and the run exits 1.
      failures[part] = error instanceof Error ? error.message : String(error);
      console.log(`\n[${part}] FAILED: ${failures[part]}`);
      continue;
    }
    seconds[part] = (performance.now() - start) / 1000;
    console.log(
      `\n[${part}] ${seconds[part]!.toFixed(1)} s, load average ${loadavg()[0]!.toFixed(2)}`,
    );
    for (const line of measurementLines(report.measurements)) console.log(line);
    measurements.push(...report.measurements.map((m) => ({ part, ...m })));
    Object.assign(ratios, report.ratios);
    for (const check of report.checks) if (check.spread) spreads[check.key] = check.spread;
    Object.assign(spreads, report.spreads);
    checks.push(...report.checks);
  }
  const loadAfter = loadavg();
  console.log(
    '\nTargets (issue 15; ratios are medians of interleaved rounds, spawned timings medians of runs)',
  );
  for (const line of checkLines(checks)) console.log(line);
  const failed = checks.filter((check) => !passes(check));
  const broken = Object.keys(failures);
  console.log(
    `\n${checks.length - failed.length} of ${checks.length} targets met${broken.length > 0 ? `; parts that failed: ${broken.join(', ')}` : ''}; load average at the end ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  writeFileSync(
    s.out,
    `${JSON.stringify(
      {
        date: started.toISOString(),
        node: process.version,
        cores: availableParallelism(),
        load_average: { start: loadBefore, end: loadAfter },
        settings: s,
        part_seconds: seconds,
        ratios,
        spreads,
        targets: checks.map((check) => ({ ...check, pass: passes(check) })),
        measurements,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to ${s.out}`);
  return failed.length > 0 || broken.length > 0 ? 1 : 0;
}

process.exitCode = await main();
