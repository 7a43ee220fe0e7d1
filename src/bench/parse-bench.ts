/**
 * Single-thread validation of real-size answer sheets against the raw parse of the same bytes,
 * in this process: our `parseSheetBytes` (strict UTF-8, YAML, schema, the sheet's own checks)
 * against js-yaml's `load` — the fastest maintained parser here that refuses duplicate keys, so
 * the floor for a sheet we may accept — and, for reference, `yaml`'s `parse`. The sheets are held
 * in memory as bytes, so no file reading is timed. Ours and js-yaml alternate in short rounds,
 * each a batch of {@link BATCH} sheets (ours, js-yaml, ours, js-yaml, …, cycling through the
 * sheets, after a warm-up pass over all of them), and the ratio is the median of the per-round
 * ratios (stats.ts), with their spread. Short rounds: on a loaded machine a second-long round is
 * often cut by the scheduler on one side only; many rounds of ~50 ms, and their median, are not.
 */
import { load } from 'js-yaml';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseSheetBytes } from '../answers/load-sheet.js';
import { blockYamlValue } from '../source/block-yaml.js';
import type { SheetContext } from '../answers/check-sheet.js';
import { loadCountries } from '../questionnaire/countries.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { realSizeSheets } from './real-size-sheets.js';
import type { PartReport } from './report.js';
import { elapsed, median, medianRatio, roundsRatio, spreadText, withCpu } from './stats.js';

export interface ParseOptions {
  sheets: number;
  /** Rounds counted, each a batch of {@link BATCH} sheets on each side. */
  rounds: number;
}

/** Sheets per side and round. */
const BATCH = 20;

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

export async function benchParse(root: string, options: ParseOptions): Promise<PartReport> {
  const context = sheetContext(root);
  const sheets = realSizeSheets(root, options.sheets).map((sheet) => ({
    path: sheet.path,
    bytes: Buffer.from(sheet.text),
  }));
  const bytes = sheets.map((sheet) => sheet.bytes);
  const totalBytes = bytes.reduce((sum, b) => sum + b.length, 0);
  const validate = (batch: readonly { path: string; bytes: Buffer }[]) => {
    for (const sheet of batch) {
      const loaded = parseSheetBytes(sheet.path, sheet.bytes, context);
      if (!loaded.sheet)
        throw new Error(`${sheet.path} is invalid: ${JSON.stringify(loaded.issues[0])}`);
    }
  };
  const yamlParse = () => {
    for (const b of bytes) parse(b.toString('utf8'));
  };
  // What our validation reads a sheet with (source/block-yaml.ts), alone: not a YAML parser (it
  // reads one layout and hands anything else over), so not the baseline of the target, but what
  // the rest of validation adds to reading is `validate` over this.
  const blockRead = () => {
    for (const b of bytes) if (!blockYamlValue(b.toString('utf8'))) throw new Error('not read');
  };
  // Batch i of each side: the same sheets, the next batch in the next round.
  const batches = Math.max(1, Math.floor(sheets.length / BATCH));
  const batchOf = <T>(items: readonly T[], round: number) => {
    const first = (round % batches) * BATCH;
    return items.slice(first, first + BATCH);
  };
  let ours = 0;
  let raw = 0;
  // This process's CPU time of each side, round by round: for reference beside the wall-clock
  // ratio, as CPU time hardly counts the moments another process had the core.
  const cpu = { ours: [] as number[], raw: [] as number[] };
  const timed = (work: () => void, into: number[]) => withCpu(() => elapsed(work), into)();
  // Warm-up: every sheet once on each side, so that neither is timed while being compiled.
  validate(sheets);
  rawParse(bytes);
  const measured = await roundsRatio(
    () => timed(() => validate(batchOf(sheets, ours++)), cpu.ours),
    () => timed(() => rawParse(batchOf(bytes, raw++)), cpu.raw),
    { rounds: options.rounds, warmUp: 0 },
  );
  const cpuRatio = medianRatio(cpu.ours, cpu.raw);
  const oursMs = measured.numeratorMs;
  const rawMs = measured.denominatorMs;
  const yamlMs = elapsed(yamlParse);
  blockRead();
  const blockMs = elapsed(blockRead);
  const n = sheets.length;
  const batch = Math.min(BATCH, n);
  const perSheet = (ms: number, count = batch) => `${(ms / count).toFixed(3)} ms per sheet`;
  const ratio = measured.median;
  const rounds = `median of ${measured.rounds} interleaved rounds of ${batch} sheets`;
  return {
    measurements: [
      {
        name: `validate ${batch} of ${n} real-size sheets, one thread (${(totalBytes / n / 1024).toFixed(1)} KB each)`,
        milliseconds: oursMs,
        note: `${perSheet(oursMs)}; ${rounds}`,
      },
      {
        name: `js-yaml load of the same ${batch} sheets' bytes`,
        milliseconds: rawMs,
        note: `${perSheet(rawMs)}; ${rounds}; ours / js-yaml per round ${spreadText(measured)}`,
      },
      {
        name: `yaml parse of all ${n} sheets (reference)`,
        milliseconds: yamlMs,
        note: `${perSheet(yamlMs, n)}; one run`,
      },
      {
        name: `block-layout reader alone, all ${n} sheets (reference)`,
        milliseconds: blockMs,
        note: `${perSheet(blockMs, n)}; one run after one warm-up; validate per sheet / this: ${(oursMs / batch / (blockMs / n)).toFixed(2)}×`,
      },
      {
        name: `CPU time of validate over js-yaml load, same rounds (reference)`,
        milliseconds: median(cpu.ours),
        note: `median per-round ratio ${cpuRatio.toFixed(2)}×: the wall-clock ratio without the other processes' turns`,
      },
    ],
    ratios: {
      validate_over_raw_parse: ratio,
      raw_parse_ms_per_sheet: rawMs / batch,
      yaml_parse_over_raw_parse: yamlMs / n / (rawMs / batch),
      block_read_over_raw_parse: blockMs / n / (rawMs / batch),
      validate_over_raw_parse_cpu: cpuRatio,
    },
    checks: [
      {
        key: 'validate_over_raw_parse',
        value: ratio,
        comparison: '<=',
        limit: 1.3,
        unit: '×',
        what: 'our validation / js-yaml load, one thread, same bytes',
        spread: measured,
      },
    ],
  };
}
