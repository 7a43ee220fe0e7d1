/**
 * Validating many sheets on several threads gives exactly what one thread gives: the same
 * results in the same order (errors in the middle included), the same `validate` output; and a
 * worker that dies or a questionnaire that no longer loads is reported, never a hang.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import {
  checkSheetFilesInThreads,
  summarizeSheetFilesInThreads,
} from '../../src/bulk/check-in-threads.js';
import { checkSheetFile, summaryOf } from '../../src/bulk/sheet-check.js';
import {
  gatherSheets,
  loadSheets,
  sheetFilesOf,
  type GatheredSheets,
  type SheetSummary,
} from '../../src/answers/gather-sheets.js';
import { validateSheetFiles, validationCheck } from '../../src/bulk/validate-sheet-files.js';
import { InputError } from '../../src/issues/issue.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { cli, cliAsync } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR, temporaryDirPerTest } from '../storage/helpers.js';

const temporaryDir = temporaryDirPerTest();

/** What `validate` keeps of gathered sheets: each sheet's file and key. */
function summarized({ sheets, coderSheets, issues }: GatheredSheets): GatheredSheets<SheetSummary> {
  const summary = ({ file, country, edition }: SheetSummary) => ({ file, country, edition });
  return {
    sheets: sheets.map(summary),
    coderSheets: coderSheets.map(({ coder, sheet }) => ({ coder, sheet: summary(sheet) })),
    issues,
  };
}

/**
 * Twelve real-size sheets with problems in the middle: a YAML syntax error, an unknown option, a
 * coder's sheet, a file that does not exist, and a copy of one of them elsewhere
 * (`duplicate-sheet`; the same file named twice is read once).
 */
function batchWithProblems(): string[] {
  const dir = temporaryDir('bulk-validate-');
  const [edition] = writeRealSizeSheets(ROOT_DIR, dir, 12);
  const files = sheetFilesOf([dir]);
  writeFileSync(files[3]!, 'country: "unterminated\n');
  const fifth = readFileSync(files[5]!, 'utf8');
  writeFileSync(files[5]!, fifth.replace(/answer: (\w+)/, 'answer: no-such-option'));
  const coderSheet = readFileSync(files[0]!, 'utf8').replace(/name: .*/, 'name: Jane Doe');
  writeFileSync(join(dir, edition!, 'AT.jane-doe.yaml'), coderSheet);
  const copy = join(temporaryDir('bulk-validate-copy-'), 'copy.yaml');
  writeFileSync(copy, readFileSync(files[7]!));
  return [dir, join(dir, 'missing.yaml'), copy];
}

describe('bulk validation', () => {
  it('gives the same results on one and on several threads, in order, as loadSheets does', async () => {
    const paths = batchWithProblems();
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const countries = loadCountries(QUESTIONNAIRE_DIR).codes;
    const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, countries, null);
    const files = sheetFilesOf(paths);
    const one = gatherSheets(
      files,
      files.map((file) => checkSheetFile(file, check.here)),
    );
    expect(await validateSheetFiles(paths, QUESTIONNAIRE_DIR, { threads: 1 })).toEqual(
      summarized(one),
    );
    expect(await validateSheetFiles(paths, QUESTIONNAIRE_DIR, { threads: 3 })).toEqual(
      summarized(one),
    );
    // Workers only (the main thread, sharing the work, could finish before they have started).
    const inWorkers = await checkSheetFilesInThreads(files, check, {
      threads: 2,
      mainThread: false,
    });
    expect(gatherSheets(files, inWorkers)).toEqual(one);
    const summaries = await summarizeSheetFilesInThreads(files, check, {
      threads: 2,
      mainThread: false,
    });
    expect(summaries).toEqual(inWorkers.map(summaryOf));
    expect(summaries.find((result) => result.sheet)?.sheet).toEqual({
      file: files[0],
      country: one.sheets[0]!.country,
      edition: one.sheets[0]!.edition,
    });
    expect([...new Set(one.issues.map((issue) => issue.code))]).toEqual([
      'yaml-syntax', // files[3]
      'unknown-option', // files[5]
      'file-not-found',
      'duplicate-sheet',
    ]);
    expect(one.sheets).toHaveLength(10);
    expect(one.coderSheets.map((s) => s.coder)).toEqual(['jane-doe']);

    const context = { questionnaire: questionnaire!, countries: countries ?? undefined };
    expect(loadSheets(paths, context)).toEqual(one);
  });

  it('prints the same validate output with --threads 1 and --threads 3', async () => {
    const paths = batchWithProblems();
    const one = cli('validate', '--threads', '1', ...paths);
    const three = await cliAsync('validate', '--threads', '3', ...paths);
    expect(one.code).toBe(1);
    expect(three).toEqual(one);
    expect(one.err).toMatch(
      /^11 valid sheets \(1 of them coders' sheets\); 4 errors, 0 warnings$/m,
    );
  });

  it('refuses a --threads that is not 1 to 8', () => {
    const result = cli('validate', '--threads', '0', 'scores');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--threads must be a whole number from 1 to 8/);
  });

  it('lets a worker that finds no chunk left wait while another still checks', async () => {
    const dir = temporaryDir('bulk-validate-');
    writeRealSizeSheets(ROOT_DIR, dir, 24);
    const files = sheetFilesOf([dir]);
    // The last file has a problem: locating it loads the position-keeping parser, so the worker
    // that takes the last chunk is still at it when the others find the queue empty (a worker
    // that ended then stopped the run as worker-failed).
    const last = readFileSync(files[23]!, 'utf8');
    writeFileSync(files[23]!, last.replace(/answer: (\w+)/, 'answer: no-such-option'));
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null);
    const one = files.map((file) => checkSheetFile(file, check.here));
    for (let run = 0; run < 3; run++) {
      const inWorkers = await checkSheetFilesInThreads(files, check, {
        threads: 3,
        mainThread: false,
      });
      expect(inWorkers).toEqual(one);
    }
  });

  it('reports a worker that dies as worker-failed on the files it did not check', async () => {
    const files = sheetFilesOf([join(ROOT_DIR, 'scores')]);
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null);
    const results = await checkSheetFilesInThreads(files, check, {
      threads: 2,
      mainThread: false,
      resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 },
    });
    expect(results).toHaveLength(files.length);
    const issues = results.flatMap((result) => result.issues);
    expect(issues.map((issue) => [issue.code, issue.file])).toEqual([['worker-failed', files[0]]]);
    expect(issues[0]!.message).toMatch(
      new RegExp(
        `a worker thread failed \\(.*memory.*\\); this file and ${files.length - 1} others were not checked`,
      ),
    );
    expect(results.every((result) => result.sheet === null)).toBe(true);
  });

  it('rethrows what a worker throws: a questionnaire folder that no longer loads', async () => {
    const files = sheetFilesOf([join(ROOT_DIR, 'scores')]);
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const gone = validationCheck(join(ROOT_DIR, 'no-such-folder'), questionnaire!, null, null);
    const failure = checkSheetFilesInThreads(files, gone, { threads: 2, mainThread: false });
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toMatchObject({ issues: [{ code: 'file-not-found' }] });
  });
});
