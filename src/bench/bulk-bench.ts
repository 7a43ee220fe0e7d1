/**
 * Bulk work on many real-size sheets (1,000 by default), against the single-thread raw parse of
 * the same bytes (js-yaml's `load` of every sheet held in memory, in this process):
 * - validating them all on every core, in this process: `validateSheetFiles` (src/bulk/, what
 *   `policy-index validate` runs), files read from disk, questionnaire loaded, workers started
 *   — all timed → `bulk_validate_over_raw_parse`;
 * - importing them all into a fresh database, in this process: `importSheetFilesInThreads`
 *   (what `policy-index import-sheets` runs), each run on its own new database (a second import
 *   into the same one would change nothing, which is not the same work) →
 *   `import_over_validate`;
 * - for reference, one run of each command as a whole process (`policy-index validate DIR`,
 *   `policy-index import-sheets --nice 0 DIR`), start-up included;
 * - then publishing the imported editions and recomputing every published score (storage-bench).
 * The three in-process timings run in interleaved rounds (raw parse, validate, import, raw parse,
 * …, after a warm-up round); each ratio is the median of its per-round ratios, with their spread
 * (stats.ts).
 *
 * Beside them, for reference: how fast each core runs the raw parse, pinned to it in a child
 * process (core-speeds.ts), and validate against the fastest core's parse. "All cores" gains
 * only what the cores have to give: where they differ, the one-thread baseline depends on the
 * core it ran on, and the two threads of validate have less than two cores' worth of work.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findSheetFiles } from '../answers/load-sheet.js';
import { threadsFor } from '../bulk/thread-count.js';
import { validateSheetFiles } from '../bulk/validate-sheet-files.js';
import { hasErrors } from '../issues/issue.js';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { defaultReferenceDate } from '../storage/edition-repository.js';
import { importSheetFilesInThreads } from '../storage/import-sheets.js';
import { rawParse } from './parse-bench.js';
import { writeRealSizeSheets } from './real-size-sheets.js';
import type { PartReport } from './report.js';
import { benchPublication } from './storage-bench.js';
import { coreSpeeds, fastestMsPerSheet, relativeSpeeds, type CoreSpeeds } from './core-speeds.js';
import { elapsed, median, medianRatio, roundsRatios, spreadText, withCpu } from './stats.js';
import { timedCli } from './timed-process.js';

export interface BulkOptions {
  sheets: number;
  rounds: number;
}

/** A new database holding the questionnaire and countries only, as before a first import. */
function emptyDatabase(root: string, file: string): void {
  const db = openDatabase(file);
  try {
    bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: null });
  } finally {
    db.close();
  }
}

/**
 * Validates the sheets as `policy-index validate` does, or with `referenceDate` as
 * `policy-index validate --reference-date DATE` does.
 */
async function timedValidate(
  root: string,
  dir: string,
  expected: number,
  referenceDate: string | null = null,
): Promise<number> {
  const start = performance.now();
  const loaded = await validateSheetFiles([dir], join(root, 'questionnaire'), { referenceDate });
  const ms = performance.now() - start;
  if (hasErrors(loaded.issues) || loaded.sheets.length !== expected)
    throw new Error(`bulk validate: ${JSON.stringify(loaded.issues.slice(0, 3))}`);
  return ms;
}

async function timedImport(database: string, dir: string, expected: number): Promise<number> {
  const db = openDatabase(database);
  try {
    const start = performance.now();
    const result = await importSheetFilesInThreads(db, [dir], {
      user: 'bench',
      threads: threadsFor(expected),
    });
    const ms = performance.now() - start;
    if (result.imported !== expected)
      throw new Error(`bulk import: ${JSON.stringify(result.issues.slice(0, 3))}`);
    return ms;
  } finally {
    db.close();
  }
}

export async function benchBulk(root: string, options: BulkOptions): Promise<PartReport> {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-bulk-'));
  try {
    const dir = join(work, 'sheets');
    const editions = writeRealSizeSheets(root, dir, options.sheets);
    const referenceDate = defaultReferenceDate(editions.toSorted().at(-1)!)!;
    const files = findSheetFiles(dir);
    const n = files.length;
    const bytes = files.map((file) => readFileSync(file));
    let imports = 0;
    // CPU time of this process, every thread, for reference beside the wall-clock ratios.
    const cpu = {
      raw: [] as number[],
      validate: [] as number[],
      dated: [] as number[],
      import: [] as number[],
    };
    const measured = await roundsRatios(
      {
        raw: withCpu(() => elapsed(() => rawParse(bytes)), cpu.raw),
        validate: withCpu(() => timedValidate(root, dir, n), cpu.validate),
        // An import holds each sheet to its edition's reference date (the evidence checks,
        // `in-force-after-reference-date` and others), which validate leaves out without a date.
        // With the latest edition's (every sheet passes it, as each passes its own edition's),
        // validate makes the checks the import makes: the ratio is what storing the sheets adds.
        dated: withCpu(() => timedValidate(root, dir, n, referenceDate), cpu.dated),
        import: async () => {
          const database = join(work, `import-${imports++}.sqlite`);
          emptyDatabase(root, database);
          const ms = await withCpu(() => timedImport(database, dir, n), cpu.import)();
          rmSync(database, { force: true });
          return ms;
        },
      },
      {
        bulk_validate_over_raw_parse: ['validate', 'raw'],
        import_over_validate: ['import', 'dated'],
      },
      { rounds: options.rounds, warmUp: 1 },
    );
    const bulk = measured.bulk_validate_over_raw_parse;
    const staged = measured.import_over_validate;
    const rawMs = bulk.denominatorMs;
    const validateMs = bulk.numeratorMs;
    const importMs = staged.numeratorMs;
    const datedMs = staged.denominatorMs;

    const processDatabase = join(work, 'import-cli.sqlite');
    emptyDatabase(root, processDatabase);
    // On the bench's own database, so its derived cache is the bench's too (data/ untouched).
    const validateProcess = await timedCli(root, ['validate', dir], {
      POLICY_INDEX_DB: processDatabase,
    });
    const importProcess = await timedCli(root, ['import-sheets', '--nice', '0', dir], {
      POLICY_INDEX_DB: processDatabase,
      POLICY_INDEX_USER: 'bench',
    });
    const publication = benchPublication(processDatabase, n);
    const cores = coreReport(await coreSpeeds(root, dir), { rawMs, validateMs, sheets: n });

    const perSheet = (ms: number) => `${(ms / n).toFixed(2)} ms per sheet`;
    const threads = threadsFor(n);
    const rounds = `median of ${bulk.rounds} interleaved rounds`;
    // The warm-up round's CPU times are recorded too: leave them out, as the ratios do.
    const cpuRatio = medianRatio(cpu.validate.slice(1), cpu.raw.slice(1));
    const importCpuRatio = medianRatio(cpu.import.slice(1), cpu.dated.slice(1));
    return {
      measurements: [
        {
          name: `js-yaml load of ${n} real-size sheets, one thread, from memory`,
          milliseconds: rawMs,
          note: `${perSheet(rawMs)}; ${rounds}`,
        },
        {
          name: `validate ${n} sheets from disk, ${threads} threads (validateSheetFiles)`,
          milliseconds: validateMs,
          note: `${perSheet(validateMs)}; ${rounds}; / raw parse per round ${spreadText(bulk)}`,
        },
        {
          name: `validate --reference-date ${referenceDate}, the same sheets and threads (the checks an import makes)`,
          milliseconds: datedMs,
          note: `${perSheet(datedMs)}; ${rounds}`,
        },
        {
          name: `import ${n} sheets into a fresh database, ${threads} threads`,
          milliseconds: importMs,
          note: `${perSheet(importMs)}; ${rounds}; / validate --reference-date per round ${spreadText(staged)}`,
        },
        {
          name: `policy-index validate DIR (${n} sheets), whole process`,
          milliseconds: validateProcess.ms,
          note: 'one run, start-up included',
        },
        {
          name: `policy-index import-sheets --nice 0 DIR (${n} sheets), whole process`,
          milliseconds: importProcess.ms,
          note: 'one run, start-up included',
        },
        {
          name: `CPU time of validate, every thread, over the one-thread raw parse (reference)`,
          milliseconds: median(cpu.validate.slice(1)),
          note: `median per-round ratio ${cpuRatio.toFixed(2)}×: the work done on all threads; the wall-clock ratio is about this over the cores free to do it`,
        },
        {
          name: `CPU time of import, every thread, over that of validate --reference-date (reference)`,
          milliseconds: median(cpu.import.slice(1)),
          note: `median per-round ratio ${importCpuRatio.toFixed(2)}×: what the database work adds to validating, whatever else runs on the machine`,
        },
        ...publication,
        ...cores.measurements,
      ],
      ratios: {
        bulk_validate_over_raw_parse: bulk.median,
        import_over_validate: staged.median,
        bulk_validate_cpu_over_raw_parse_cpu: cpuRatio,
        import_cpu_over_validate_cpu: importCpuRatio,
        ...cores.ratios,
      },
      checks: [
        {
          key: 'bulk_validate_over_raw_parse',
          value: bulk.median,
          comparison: '<=',
          limit: 0.8,
          unit: '×',
          what: `validate ${n} sheets (all cores) / js-yaml load of them (one thread)`,
          spread: bulk,
        },
        {
          key: 'import_over_validate',
          value: staged.median,
          comparison: '<=',
          limit: 1.5,
          unit: '×',
          what: `import / validate --reference-date, the same ${n} sheets, both in-process`,
          spread: staged,
        },
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * For reference: each core's pinned raw parse (and where the in-process baseline's speed stands
 * among them), and the ratios `core_speeds` (each core relative to the fastest), `cores_capacity`
 * (their sum: the cores' worth of work two threads can do) and
 * `bulk_validate_over_fastest_core_raw_parse` (validate over the raw parse of the same sheets at
 * the fastest core's pinned speed). Nothing without the speeds (no `taskset`).
 */
function coreReport(
  speeds: CoreSpeeds | null,
  measured: { rawMs: number; validateMs: number; sheets: number },
): Pick<PartReport, 'measurements' | 'ratios'> {
  if (!speeds) return { measurements: [], ratios: {} };
  const relative = relativeSpeeds(speeds);
  const fastest = fastestMsPerSheet(speeds);
  const baseline = fastest / (measured.rawMs / measured.sheets);
  return {
    measurements: speeds.ms.map((ms, i) => ({
      name: `js-yaml load of ${speeds.sheets} sheets × ${speeds.passes}, pinned to core ${speeds.cores[i]} (taskset; reference)`,
      milliseconds: ms,
      note:
        `${(ms / (speeds.sheets * speeds.passes)).toFixed(2)} ms per sheet, ${relative[i]!.toFixed(2)} of the fastest core's speed` +
        (relative[i] === 1
          ? `; the in-process baseline above parsed at ${baseline.toFixed(2)} times this core's speed`
          : ''),
    })),
    ratios: {
      core_speeds: Object.fromEntries(
        relative.map((speed, i) => [`core${speeds.cores[i]}`, speed]),
      ),
      cores_capacity: relative.reduce((sum, speed) => sum + speed, 0),
      bulk_validate_over_fastest_core_raw_parse: measured.validateMs / (fastest * measured.sheets),
    },
  };
}
