/**
 * A sheet packed by a worker for the trip to the main thread comes back as the same sheet: the
 * same answers in the same order, each entry and source with the same properties in the same
 * order (an import stores each entry's JSON in the answer history).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { loadSheetFile } from '../../src/answers/load-sheet.js';
import type { AnswerSheet } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { packCheck, unpackCheck } from '../../src/bulk/sheet-transfer.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

/** Everything about a sheet that JSON shows, order included, its answers as [id, JSON] pairs. */
function exactly(sheet: AnswerSheet): string {
  return JSON.stringify({
    ...sheet,
    answers: [...sheet.answers].map(([id, entry]) => [id, JSON.stringify(entry)]),
  });
}

describe('sheet transfer', () => {
  it('unpacks, after a structured clone, exactly the sheet that was packed', () => {
    const questionnaire = loadQuestionnaire(join(ROOT_DIR, 'questionnaire')).questionnaire!;
    const dir = join(ROOT_DIR, 'scores', '2024');
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const loaded = loadSheetFile(join(dir, name), { questionnaire });
      expect(loaded.sheet).not.toBeNull();
      const back = unpackCheck(deserialize(serialize(packCheck(loaded))));
      expect(back).toEqual(loaded);
      expect(exactly(back.sheet!)).toBe(exactly(loaded.sheet!));
      expect(Object.keys(back.sheet!)).toEqual(Object.keys(loaded.sheet!));
    }
  });

  it('passes a sheet that did not load as it is', () => {
    const failed = { sheet: null, issues: [] };
    expect(unpackCheck(deserialize(serialize(packCheck(failed))))).toEqual(failed);
  });
});
