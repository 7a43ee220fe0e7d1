/**
 * A checked sheet as a sheet worker sends it to the main thread (`check-in-threads.ts`): its
 * answers as one flat list of values instead of a map of entry objects with their sources. (An
 * import's worker sends whole only the sheets it does not stage itself: sheet-staging.ts.)
 *
 * Structured clone rebuilds every object it reads property by property; for the answers of a
 * real-size sheet (about 85 entries, 120 sources) that is most of the cost of taking a worker's
 * results in, on the main thread, which an import also needs for the database. Measured on 1,000
 * real-size sheets in chunks of 16 (v8.serialize/deserialize, as the ports do): sending the
 * sheets as they are took 0.30 s to read on the receiving thread; packed, 0.11 s to read and
 * 0.05 s to unpack (about as fast to write: 0.08–0.12 s).
 *
 * `unpackSheet(packSheet(sheet))` is the sheet again, down to the order of its answers and of
 * the properties of each entry and source (what `answerEntriesOf` in answers/load-sheet.ts
 * builds): for a sheet that is stored already, an import writes the JSON of each changed entry
 * into the answer history.
 */
import type { LoadedSheet } from '../answers/load-sheet.js';
import type { AnswerEntry, AnswerSheet, LegalSource } from '../answers/types.js';

/** A sheet with its answers flattened (`packAnswers`). */
export type PackedSheet = Omit<AnswerSheet, 'answers'> & { answers: PackedAnswers };

/**
 * Per answer: question id, answer, comment, in force since, confidence, number of sources, then
 * each source's title, article, url and date.
 */
type PackedAnswers = (string | number | null)[];

export interface PackedCheck {
  sheet: PackedSheet | null;
  issues: LoadedSheet['issues'];
}

export function packCheck({ sheet, issues }: LoadedSheet): PackedCheck {
  return { sheet: sheet && packSheet(sheet), issues };
}

export function unpackCheck({ sheet, issues }: PackedCheck): LoadedSheet {
  return { sheet: sheet && unpackSheet(sheet), issues };
}

export function packSheet(sheet: AnswerSheet): PackedSheet {
  const { answers, ...rest } = sheet;
  const flat: PackedAnswers = [];
  for (const [questionId, e] of answers) {
    flat.push(questionId, e.answer, e.comment, e.inForceSince, e.confidence, e.sources.length);
    for (const s of e.sources) flat.push(s.title, s.article, s.url, s.date);
  }
  return { ...rest, answers: flat };
}

export function unpackSheet(packed: PackedSheet): AnswerSheet {
  const { answers: flat, ...rest } = packed;
  const answers = new Map<string, AnswerEntry>();
  for (let i = 0; i < flat.length;) {
    const questionId = flat[i] as string;
    const answer = flat[i + 1] as string;
    const comment = flat[i + 2] as string | null;
    const inForceSince = flat[i + 3] as string | null;
    const confidence = flat[i + 4] as AnswerEntry['confidence'];
    const count = flat[i + 5] as number;
    i += 6;
    const sources: LegalSource[] = new Array<LegalSource>(count);
    for (let k = 0; k < count; k++, i += 4) {
      sources[k] = {
        title: flat[i] as string,
        article: flat[i + 1] as string | null,
        url: flat[i + 2] as string | null,
        date: flat[i + 3] as string | null,
      };
    }
    // The properties in the order answerEntriesOf gives them.
    answers.set(questionId, { answer, sources, comment, inForceSince, confidence });
  }
  return { ...rest, answers };
}
