/**
 * Single-thread validation of real-size answer sheets against the raw parse of the same bytes,
 * in this process: our `parseSheetBytes` (strict UTF-8, YAML, schema, the sheet's own checks)
 * against js-yaml's `load` — the fastest maintained parser here that refuses duplicate keys, so
 * the floor for a sheet we may accept — and, for reference, `yaml`'s `parse`. The sheets are held
 * in memory as bytes, so no file reading is timed. Ours and js-yaml alternate, best of the runs
 * each, so drift on a shared machine falls on both.
 */
import { load } from 'js-yaml';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseSheetBytes } from '../answers/load-sheet.js';
import type { SheetContext } from '../answers/check-sheet.js';
import { loadCountries } from '../questionnaire/countries.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { realSizeSheets } from './real-size-sheets.js';
import type { PartReport } from './report.js';
import { elapsed } from './stats.js';

export interface ParseOptions {
  sheets: number;
  rounds: number;
}

/** The questionnaire and countries in `root`, as `policy-index validate` checks sheets against. */
export function sheetContext(root: string): SheetContext {
  const questionnaire = loadQuestionnaire(join(root, 'questionnaire')).questionnaire;
  if (!questionnaire) throw new Error('questionnaire/ is invalid');
  const countries = loadCountries(join(root, 'questionnaire')).codes ?? undefined;
  return { questionnaire, countries, referenceDateOf: () => null };
}

/** js-yaml's `load` of every sheet, one after another: the single-thread floor. */
export function rawParse(sheets: readonly Uint8Array[]): void {
  for (const bytes of sheets)
    load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
}

export function benchParse(root: string, options: ParseOptions): PartReport {
  const context = sheetContext(root);
  const sheets = realSizeSheets(root, options.sheets).map((sheet) => ({
    path: sheet.path,
    bytes: Buffer.from(sheet.text),
  }));
  const bytes = sheets.map((sheet) => sheet.bytes);
  const totalBytes = bytes.reduce((sum, b) => sum + b.length, 0);
  const validate = () => {
    for (const sheet of sheets) {
      const loaded = parseSheetBytes(sheet.path, sheet.bytes, context);
      if (!loaded.sheet)
        throw new Error(`${sheet.path} is invalid: ${JSON.stringify(loaded.issues[0])}`);
    }
  };
  const yamlParse = () => {
    for (const b of bytes) parse(b.toString('utf8'));
  };
  // Warm-up: a tenth of the work each, so that neither side is timed while being compiled.
  const warm = sheets.slice(0, Math.max(1, sheets.length >> 3));
  for (const sheet of warm) parseSheetBytes(sheet.path, sheet.bytes, context);
  rawParse(warm.map((sheet) => sheet.bytes));
  let oursMs = Infinity;
  let rawMs = Infinity;
  for (let round = 0; round < options.rounds; round++) {
    oursMs = Math.min(oursMs, elapsed(validate));
    rawMs = Math.min(
      rawMs,
      elapsed(() => rawParse(bytes)),
    );
  }
  const yamlMs = elapsed(yamlParse);
  const n = sheets.length;
  const perSheet = (ms: number) => `${(ms / n).toFixed(3)} ms per sheet`;
  const ratio = oursMs / rawMs;
  return {
    measurements: [
      {
        name: `validate ${n} real-size sheets, one thread (${(totalBytes / n / 1024).toFixed(1)} KB each)`,
        milliseconds: oursMs,
        note: `${perSheet(oursMs)}; best of ${options.rounds}`,
      },
      {
        name: `js-yaml load of the same bytes`,
        milliseconds: rawMs,
        note: `${perSheet(rawMs)}; best of ${options.rounds}`,
      },
      {
        name: `yaml parse of the same bytes (reference)`,
        milliseconds: yamlMs,
        note: `${perSheet(yamlMs)}; one run`,
      },
    ],
    ratios: {
      validate_over_raw_parse: ratio,
      raw_parse_ms_per_sheet: rawMs / n,
      yaml_parse_over_raw_parse: yamlMs / rawMs,
    },
    checks: [
      {
        key: 'validate_over_raw_parse',
        value: ratio,
        comparison: '<=',
        limit: 1.3,
        unit: '×',
        what: 'our validation / js-yaml load, one thread, same bytes',
      },
    ],
  };
}
