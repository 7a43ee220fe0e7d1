/**
 * A sheet packed by a worker for the trip to the main thread comes back as the same sheet: the
 * same answers in the same order, each entry and source with the same properties in the same
 * order (an import stores each entry's JSON in the answer history).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, getHeapStatistics, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadSheetFile } from '../../src/answers/load-sheet.js';
import type { AnswerSheet } from '../../src/answers/types.js';
import { fileIssue, type Issue } from '../../src/issues/issue.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { packCheck, unpackCheck } from '../../src/bulk/sheet-transfer.js';
import { findSheetFiles } from '../../src/answers/load-sheet.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { summaryOf } from '../../src/bulk/sheet-check.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

/** The bytes of the JavaScript heap in use after a full collection. */
function heapAfterCollection(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

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

  it('keeps nothing of the file it was read from', () => {
    // A sheet checked on an import's main thread is kept, packed, until it is written: its coder's
    // name or a warning, taken from the file's text as a slice of it, would keep the whole text.
    const questionnaire = loadQuestionnaire(join(ROOT_DIR, 'questionnaire')).questionnaire!;
    const dir = mkdtempSync(join(tmpdir(), 'sheet-transfer-'));
    try {
      writeRealSizeSheets(ROOT_DIR, dir, 40);
      const files = findSheetFiles(dir);
      const textBytes = files.reduce((n, file) => n + readFileSync(file).length, 0);
      const loaded = files.map((file) => loadSheetFile(file, { questionnaire }));
      // A warning that quotes the sheet, as the checks' messages do.
      loaded.forEach(({ sheet, issues }) => issues.push(warningAbout(sheet!)));
      const kept = { packed: loaded.map(packCheck), summaries: loaded.map(summaryOf) };
      loaded.length = 0;
      const withKept = heapAfterCollection();
      const answerBytes = kept.packed.reduce((n, p) => n + p.sheet!.answers.length, 0);
      kept.packed.length = 0;
      kept.summaries.length = 0;
      const retained = withKept - heapAfterCollection();
      // A few KB a sheet; its text is some 40 KB (the answers' bytes are not in the heap).
      expect(answerBytes).toBeGreaterThan(textBytes / 2);
      expect(retained).toBeLessThan(textBytes / 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function warningAbout(sheet: AnswerSheet): Issue {
  const coder = sheet.coders[0]!.name;
  return fileIssue(sheet.file, 'unknown-field', `coded by ${coder}`, 'warning');
}
