/**
 * A checked sheet as a sheet worker sends it to the main thread (`check-in-threads.ts`): its
 * answers as the UTF-8 bytes of one JSON text (answers/answers-json.ts), the form the database
 * stores them in, instead of a map of entry objects with their sources.
 *
 * Structured clone rebuilds every object it reads property by property; for the answers of a
 * real-size sheet (about 85 entries, 120 sources) that was most of the cost of taking a worker's
 * results in, on the main thread. The bytes are not copied at all: their buffer is transferred
 * (`transferablesOf`). They also live outside the JavaScript heap, which matters for an import,
 * whose main thread keeps every sheet until it writes it: kept as strings, 1,000 real-size sheets
 * (25 MB) were copied by every collection of young objects, 250–425 ms of the main thread's time
 * against 35–77 ms when validating. An import stores a new sheet's bytes without reading them:
 * only a sheet whose key is stored already is unpacked, to work out what it changes.
 *
 * `unpackSheet(packSheet(sheet))` is the sheet again, down to the order of its answers and of
 * the properties of each entry and source: for a sheet that is stored already, an import writes
 * the JSON of each changed entry into the answer history.
 */
import type { LoadedSheet } from '../answers/load-sheet.js';
import { answersFromJson, answersToJson } from '../answers/answers-json.js';
import type { AnswerSheet } from '../answers/types.js';
import { detached } from './sheet-check.js';

/** A sheet with its answers as the UTF-8 bytes of their JSON text (`answersToJson`). */
export type PackedSheet = Omit<AnswerSheet, 'answers'> & { answers: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface PackedCheck {
  sheet: PackedSheet | null;
  issues: LoadedSheet['issues'];
}

/** Packs a checked sheet: what it keeps besides the answers' bytes is `detached`. */
export function packCheck({ sheet, issues }: LoadedSheet): PackedCheck {
  return {
    sheet: sheet && packSheet(sheet),
    issues: detached(issues),
  };
}

export function unpackCheck({ sheet, issues }: PackedCheck): LoadedSheet {
  return { sheet: sheet && unpackSheet(sheet), issues };
}

export function packSheet(sheet: AnswerSheet): PackedSheet {
  const { answers, ...rest } = sheet;
  return { ...detached(rest), answers: encoder.encode(answersToJson(answers)) };
}

export function unpackSheet(packed: PackedSheet): AnswerSheet {
  const { answers, ...rest } = packed;
  return { ...rest, answers: answersFromJson(decoder.decode(answers)) };
}

/** The buffers of packed sheets, to transfer with them instead of copying (`postMessage`). */
export function transferablesOf(checks: readonly PackedCheck[]): ArrayBuffer[] {
  return checks.flatMap(({ sheet }) => (sheet ? [sheet.answers.buffer as ArrayBuffer] : []));
}
