/**
 * Cold start, timed from spawn, the median of `runs` runs after one untimed run (which fills the
 * operating system's file cache and the derived cache beside the database — see
 * questionnaire/derived-cache.ts — as any second start finds them). Every command runs on a
 * database in a temp folder, so the bench never touches data/:
 * - `cli_help`: `policy-index --help`, to exit;
 * - `validate_samples`: `policy-index validate scores/2019 scores/2024 …` (the shipped
 *   questionnaire and the sample sheets: every edition folder of scores/), the whole process;
 * - `first_page`: `policy-index serve` on a database already made by a first start (in a temp
 *   folder), until `GET /` answers 200;
 * - for reference, `node_baseline` (`node -e ""`, Node's own start) and
 *   `validate_samples_no_cache` (the same validate with `POLICY_INDEX_CACHE=off`).
 *
 * Every timed child starts without `NODE_EXTRA_CA_CERTS`. Where it is set (some sandboxes and
 * corporate machines point it at the system's whole certificate bundle), Node parses that bundle
 * before running any script, ~65 ms per start on the bench machine, and none of the commands
 * makes a TLS connection that would use it. The targets time our start-up on top of an ordinary
 * Node start; when the variable was set, Node's start with it is printed for reference
 * (`node_baseline_extra_ca_certs`), so the difference stays visible.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PartReport } from './report.js';
import { startServer } from './soak-setup.js';
import { median } from './stats.js';
import { timedCli, timedNode } from './timed-process.js';

export interface ColdStartOptions {
  runs: number;
}

async function medianOf(
  runs: number,
  once: () => Promise<number>,
): Promise<{ median: number; best: number }> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { median: median(times), best: Math.min(...times) };
}

/** Spawns the server on `database` and waits until `GET /` answers 200; milliseconds from spawn. */
async function firstPage(root: string, database: string): Promise<number> {
  const start = performance.now();
  const server = await startServer(root, database, { env: ORDINARY_START });
  try {
    for (;;) {
      const response = await fetch(`${server.url}/`).catch(() => null);
      await response?.arrayBuffer();
      if (response?.status === 200) return performance.now() - start;
      if (performance.now() - start > 60_000)
        throw new Error(`GET / did not answer 200 within 60 s (last: ${response?.status})`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server.stop();
  }
}

/** The sample sheets: every folder of scores/ named like an edition (starting with a year). */
function sampleEditionFolders(root: string): string[] {
  return readdirSync(join(root, 'scores'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}/.test(entry.name))
    .map((entry) => join('scores', entry.name))
    .sort();
}

export async function benchColdStart(root: string, options: ColdStartOptions): Promise<PartReport> {
  const { runs } = options;
  const work = mkdtempSync(join(tmpdir(), 'policy-index-cold-'));
  // Every command on the temp database: its derived cache (beside it) is the bench's own.
  const database = join(work, 'policy-index.sqlite');
  const env = { POLICY_INDEX_DB: database, ...ORDINARY_START };
  const samples = sampleEditionFolders(root);
  const validateWith = (more: NodeJS.ProcessEnv) => async () =>
    (await timedCli(root, ['validate', ...samples], { ...env, ...more })).ms;
  try {
    const nodeStart = (more: NodeJS.ProcessEnv) => async () =>
      (await timedNode(['-e', ''], { cwd: root, env: more })).ms;
    const node = await medianOf(runs, nodeStart(ORDINARY_START));
    const extraCerts = process.env.NODE_EXTRA_CA_CERTS ? await medianOf(runs, nodeStart({})) : null;
    const help = await medianOf(runs, async () => (await timedCli(root, ['--help'], env)).ms);
    const validate = await medianOf(runs, validateWith({}));
    const uncached = await medianOf(runs, validateWith({ POLICY_INDEX_CACHE: 'off' }));
    // The untimed first run of medianOf is the first start: it makes and seeds the database.
    const page = await medianOf(runs, () => firstPage(root, database));
    return report(runs, samples, { node, help, validate, uncached, page }, extraCerts);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

type Timing = { median: number; best: number };

/** Added to every timed child's environment: see the comment at the top. */
const ORDINARY_START: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: undefined };

function report(
  runs: number,
  samples: string[],
  t: Record<'node' | 'help' | 'validate' | 'uncached' | 'page', Timing>,
  extraCerts: Timing | null,
): PartReport {
  const { node, help, validate, uncached, page } = t;
  const note = (m: { best: number }) => `median of ${runs}; best ${m.best.toFixed(0)} ms`;
  const withCerts = extraCerts
    ? [
        {
          name: 'node -e "" with this machine\'s NODE_EXTRA_CA_CERTS',
          milliseconds: extraCerts.median,
          note: `${note(extraCerts)}; not used for the timings below`,
        },
      ]
    : [];
  return {
    measurements: [
      { name: 'node -e "" (Node\'s own start)', milliseconds: node.median, note: note(node) },
      ...withCerts,
      { name: 'policy-index --help', milliseconds: help.median, note: note(help) },
      {
        name: `policy-index validate ${samples.join(' ')}`,
        milliseconds: validate.median,
        note: note(validate),
      },
      {
        name: `the same, POLICY_INDEX_CACHE=off (no derived cache)`,
        milliseconds: uncached.median,
        note: note(uncached),
      },
      {
        name: 'policy-index serve → GET / 200, seeded database',
        milliseconds: page.median,
        note: note(page),
      },
    ],
    ratios: {
      cold_start_ms: {
        cli_help: help.median,
        validate_samples: validate.median,
        first_page: page.median,
        node_baseline: node.median,
        ...(extraCerts ? { node_baseline_extra_ca_certs: extraCerts.median } : {}),
        validate_samples_no_cache: uncached.median,
      },
    },
    checks: [
      {
        key: 'cold_start_ms.cli_help',
        value: help.median,
        comparison: '<=',
        limit: 150,
        unit: ' ms',
        what: 'policy-index --help, spawn to exit (median)',
      },
      {
        key: 'cold_start_ms.validate_samples',
        value: validate.median,
        comparison: '<=',
        limit: 600,
        unit: ' ms',
        what: 'policy-index validate of the sample sheets, spawn to exit (median)',
      },
      {
        key: 'cold_start_ms.first_page',
        value: page.median,
        comparison: '<=',
        limit: 1000,
        unit: ' ms',
        what: 'serve on a seeded database, spawn to GET / 200 (median)',
      },
    ],
  };
}
