/**
 * Publication benchmarks on a database holding imported sheets: publishing every edition (scores
 * cached in the snapshot) and recomputing every published score from the frozen answers, as
 * `policy-index db verify` does. The import itself is measured by bulk-bench.ts.
 */
import { openDatabase } from '../storage/database.js';
import { listEditions } from '../storage/edition-repository.js';
import { getSnapshot, publishEdition, verifySnapshot } from '../storage/snapshot-repository.js';
import type { Measurement } from './report.js';
import { elapsed } from './stats.js';

export function benchPublication(databaseFile: string, sheets: number): Measurement[] {
  const db = openDatabase(databaseFile);
  try {
    const editions = listEditions(db);
    // The last generated edition has fewer countries than the one before it: partial.
    const publishMs = elapsed(() => {
      for (const edition of editions)
        publishEdition(db, edition.id, { user: 'bench', acceptPartial: true });
    });
    const recomputeMs = elapsed(() => {
      for (const edition of editions) {
        const differences = verifySnapshot(db, getSnapshot(db, edition.id)!);
        if (differences.length > 0) throw new Error(`recomputed scores differ: ${differences[0]}`);
      }
    });
    return [
      {
        name: `publish ${editions.length} editions (${sheets} sheets, scores cached)`,
        milliseconds: publishMs,
        note: '',
      },
      {
        name: `recompute all published scores (${sheets} sheets)`,
        milliseconds: recomputeMs,
        note: `${((recomputeMs / sheets) * 1000).toFixed(0)} µs per sheet, compared with the published`,
      },
    ];
  } finally {
    db.close();
  }
}
