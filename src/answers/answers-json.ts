/**
 * A sheet's answers as one JSON text: how the database stores them (`sheet_answers.answers`,
 * storage/sheet-repository.ts) and how a worker thread sends a checked sheet to the main thread
 * (bulk/sheet-transfer.ts), so that an import stores the text a worker made without reading it.
 *
 * The text is an array with one array per answer, in the sheet's order:
 *
 *     [questionId, answer, comment, inForceSince, confidence, [[title, article, url, date], …]]
 *
 * — missing values as `null`, the legal sources in their order. Arrays rather than objects with
 * named properties: the names were a quarter of the bytes of 1,000 real-size sheets (33.7 against
 * 25.0 MB), and writing those bytes is most of what an import adds to validating.
 *
 * `answersFromJson(answersToJson(answers))` is the same map again, down to the order of the
 * answers and of the properties of each entry and source (what `answerEntriesOf` in
 * load-sheet.ts builds).
 */
import type { AnswerEntry, Confidence, LegalSource } from './types.js';

type StoredSource = [string, string | null, string | null, string | null];
type StoredAnswer = [
  string,
  string,
  string | null,
  string | null,
  Confidence | null,
  StoredSource[],
];

export function answersToJson(answers: ReadonlyMap<string, AnswerEntry>): string {
  const rows: StoredAnswer[] = [];
  for (const [questionId, e] of answers)
    rows.push([
      questionId,
      e.answer,
      e.comment,
      e.inForceSince,
      e.confidence,
      e.sources.map((s) => [s.title, s.article, s.url, s.date]),
    ]);
  return JSON.stringify(rows);
}

export function answersFromJson(json: string): Map<string, AnswerEntry> {
  const answers = new Map<string, AnswerEntry>();
  for (const [questionId, answer, comment, inForceSince, confidence, stored] of JSON.parse(
    json,
  ) as StoredAnswer[]) {
    const sources: LegalSource[] = stored.map(([title, article, url, date]) => ({
      title,
      article,
      url,
      date,
    }));
    // The properties in the order answerEntriesOf gives them.
    answers.set(questionId, { answer, sources, comment, inForceSince, confidence });
  }
  return answers;
}
