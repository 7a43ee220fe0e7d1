/**
 * Storage benchmarks: importing 1,000 realistic answer sheets (one transaction) and recomputing
 * every published score from the frozen answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { listEditions } from '../storage/edition-repository.js';
import { importSheetFiles } from '../storage/import-sheets.js';
import { getSnapshot, publishEdition, verifySnapshot } from '../storage/snapshot-repository.js';
import { writeRealSizeSheets } from './real-size-sheets.js';

export interface StorageMeasurements {
  importMs: number;
  sheets: number;
  publishMs: number;
  recomputeMs: number;
  editions: number;
}

export function benchStorage(root: string, count = 1000): StorageMeasurements {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-bench-'));
  try {
    writeRealSizeSheets(root, join(work, 'sheets'), count);
    const db = openDatabase(join(work, 'bench.sqlite'));
    bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: null });

    let start = performance.now();
    const result = importSheetFiles(db, [join(work, 'sheets')], { user: 'bench' });
    const importMs = performance.now() - start;
    if (result.imported !== count)
      throw new Error(`bench import failed: ${JSON.stringify(result.issues.slice(0, 3))}`);

    const editions = listEditions(db);
    start = performance.now();
    // The last generated edition has fewer countries than the one before it: partial.
    for (const edition of editions)
      publishEdition(db, edition.id, { user: 'bench', acceptPartial: true });
    const publishMs = performance.now() - start;

    start = performance.now();
    for (const edition of editions) {
      const differences = verifySnapshot(db, getSnapshot(db, edition.id)!);
      if (differences.length > 0) throw new Error(`recomputed scores differ: ${differences[0]}`);
    }
    const recomputeMs = performance.now() - start;
    db.close();
    return { importMs, sheets: count, publishMs, recomputeMs, editions: editions.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
