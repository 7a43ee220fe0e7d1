/** The shipped questionnaires and crosswalks, loaded once for the crosswalk tests. */
import { join } from 'node:path';
import type { AnswerEntry } from '../../src/answers/types.js';
import { loadCrosswalk } from '../../src/crosswalk/load-crosswalk.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { findQuestion } from '../../src/questionnaire/question-names.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

export const Q2015_DIR = join(ROOT_DIR, 'questionnaire');
export const Q2020_DIR = join(ROOT_DIR, 'questionnaire', 'generation-2020');
export const CROSSWALKS_DIR = join(ROOT_DIR, 'questionnaire', 'crosswalks');

function loaded(dir: string): Questionnaire {
  const { questionnaire } = loadQuestionnaire(dir);
  if (!questionnaire) throw new Error(`questionnaire in ${dir} does not load`);
  return questionnaire;
}

export const q2015 = loaded(Q2015_DIR);
export const q2020 = loaded(Q2020_DIR);

export function shippedCrosswalk(name: string, from: Questionnaire, to: Questionnaire) {
  return loadCrosswalk(join(CROSSWALKS_DIR, name), from, to);
}

/** Answers by question code or id → answer entries (with one source each). */
export function answersOf(
  questionnaire: Questionnaire,
  byName: Record<string, string>,
): Map<string, AnswerEntry> {
  return new Map(
    Object.entries(byName).map(([name, answer]) => [
      findQuestion(questionnaire, name)!.id,
      {
        answer,
        sources: [{ title: `Act on ${name}`, article: null, url: null, date: null }],
        comment: null,
        inForceSince: null,
        confidence: null,
      },
    ]),
  );
}
