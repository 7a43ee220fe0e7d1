import { Document } from 'yaml';
import type { Questionnaire } from '../questionnaire/types.js';
import type { AnswerEntry, AnswerSheet } from './types.js';

export interface WriteOptions {
  /** Path of the answer-sheet JSON Schema relative to the sheet, for the editor header. */
  schemaPath?: string;
  /** Comment lines written at the top of the file. */
  header?: string[];
}

/**
 * Writes a sheet as YAML in the canonical layout: metadata first, then the answers in
 * questionnaire order, each with only the fields it has. Reading the result back gives the
 * same sheet.
 */
export function sheetToYaml(
  sheet: Omit<AnswerSheet, 'file'>,
  questionnaire: Questionnaire,
  options: WriteOptions = {},
): string {
  const order = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  const answers = [...sheet.answers.entries()].sort(
    ([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity),
  );
  const body = {
    questionnaire: { id: sheet.questionnaire.id, version: sheet.questionnaire.version },
    country: sheet.country,
    edition: sheet.edition,
    status: sheet.status,
    ...(sheet.illustrative ? { illustrative: true } : {}),
    ...(sheet.asCoded ? { as_coded: true } : {}),
    ...(sheet.coders.length > 0
      ? {
          coders: sheet.coders.map((c) =>
            c.email ? { name: c.name, email: c.email } : { name: c.name },
          ),
        }
      : {}),
    answers: Object.fromEntries(answers.map(([id, entry]) => [id, entryToPlain(entry)])),
  };
  const doc = new Document(body);
  const comments = [
    ...(options.schemaPath ? [` yaml-language-server: $schema=${options.schemaPath}`] : []),
    ...(options.header ?? []).map((line) => ` ${line}`),
  ];
  if (comments.length > 0) doc.commentBefore = comments.join('\n');
  return doc.toString({ lineWidth: 100 });
}

function entryToPlain(entry: AnswerEntry): Record<string, unknown> {
  return {
    answer: entry.answer,
    ...(entry.sources.length > 0
      ? {
          sources: entry.sources.map((s) => ({
            title: s.title,
            ...(s.article !== null ? { article: s.article } : {}),
            ...(s.url !== null ? { url: s.url } : {}),
            ...(s.date !== null ? { date: s.date } : {}),
          })),
        }
      : {}),
    ...(entry.comment !== null ? { comment: entry.comment } : {}),
    ...(entry.inForceSince !== null ? { in_force_since: entry.inForceSince } : {}),
    ...(entry.confidence !== null ? { confidence: entry.confidence } : {}),
  };
}
