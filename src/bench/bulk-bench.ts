/**
 * Bulk work on many real-size sheets (1,000 by default), against the single-thread raw parse of
 * the same bytes (js-yaml's `load`, in this process, best of two):
 * - validating them all with every core: `policy-index validate DIR`, the whole process;
 * - importing them all into a fresh database: `policy-index import-sheets --nice 0 DIR`, the
 *   whole process, each run on its own new database (a second import into the same one would
 *   change nothing, which is not the same work);
 * - then publishing the imported editions and recomputing every published score (storage-bench).
 * Both commands run as child processes, whatever their internals (worker threads or not), so
 * validate and import pay the same start-up and compare fairly with each other. Each is timed
 * from spawn to exit, best of `runs`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSheetFiles } from '../answers/load-sheet.js';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { rawParse } from './parse-bench.js';
import { writeRealSizeSheets } from './real-size-sheets.js';
import type { PartReport } from './report.js';
import { benchPublication } from './storage-bench.js';
import { elapsed } from './stats.js';
import { timedCli } from './timed-process.js';

export interface BulkOptions {
  sheets: number;
  runs: number;
}

export async function benchBulk(root: string, options: BulkOptions): Promise<PartReport> {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-bulk-'));
  try {
    const dir = join(work, 'sheets');
    writeRealSizeSheets(root, dir, options.sheets);
    const files = findSheetFiles(dir);
    const bytes = files.map((file) => readFileSync(file));
    rawParse(bytes.slice(0, Math.max(1, bytes.length >> 3)));
    const rawMs = Math.min(
      elapsed(() => rawParse(bytes)),
      elapsed(() => rawParse(bytes)),
    );

    let validateMs = Infinity;
    for (let run = 0; run < options.runs; run++)
      validateMs = Math.min(validateMs, (await timedCli(root, ['validate', dir])).ms);

    let importMs = Infinity;
    let database = '';
    for (let run = 0; run < options.runs; run++) {
      database = join(work, `import-${run}.sqlite`);
      const db = openDatabase(database);
      bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: null });
      db.close();
      const imported = await timedCli(root, ['import-sheets', '--nice', '0', dir], {
        POLICY_INDEX_DB: database,
        POLICY_INDEX_USER: 'bench',
      });
      importMs = Math.min(importMs, imported.ms);
    }
    const publication = benchPublication(database, files.length);

    const n = files.length;
    const perSheet = (ms: number) => `${(ms / n).toFixed(2)} ms per sheet`;
    const bulkRatio = validateMs / rawMs;
    const importRatio = importMs / validateMs;
    return {
      measurements: [
        {
          name: `js-yaml load of ${n} real-size sheets, one thread`,
          milliseconds: rawMs,
          note: `${perSheet(rawMs)}; best of 2`,
        },
        {
          name: `policy-index validate: ${n} sheets, whole process`,
          milliseconds: validateMs,
          note: `${perSheet(validateMs)}; best of ${options.runs}`,
        },
        {
          name: `policy-index import-sheets: ${n} sheets, fresh database, whole process`,
          milliseconds: importMs,
          note: `${perSheet(importMs)}; best of ${options.runs}`,
        },
        ...publication,
      ],
      ratios: { bulk_validate_over_raw_parse: bulkRatio, import_over_validate: importRatio },
      checks: [
        {
          key: 'bulk_validate_over_raw_parse',
          value: bulkRatio,
          comparison: '<=',
          limit: 0.8,
          unit: '×',
          what: `validate ${n} sheets (all cores) / js-yaml load of them (one thread)`,
        },
        {
          key: 'import_over_validate',
          value: importRatio,
          comparison: '<=',
          limit: 1.5,
          unit: '×',
          what: `import-sheets / validate, the same ${n} sheets`,
        },
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
