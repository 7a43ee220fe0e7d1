/** A publication after the first: what makes cached public pages stale. */
import type { Db } from '../../src/storage/database.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';

/**
 * Approves a corrected comment ('CORRECTED-COMMENT') on Austria's 2024 answer to fr-partners and
 * publishes the correction.
 */
export function publishCorrection(db: Db): void {
  const austria = getSheet(db, { country: 'AT', edition: '2024' })!;
  const answers = new Map(austria.sheet.answers);
  answers.set('fr-partners', { ...answers.get('fr-partners')!, comment: 'CORRECTED-COMMENT' });
  saveSheet(db, {
    sheet: { ...austria.sheet, status: 'approved', answers },
    baseRevision: austria.revision,
    user: 'test',
  });
  publishEdition(db, '2024', { user: 'test', note: 'correction' });
}
