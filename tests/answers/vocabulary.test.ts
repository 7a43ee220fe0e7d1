/**
 * The answer vocabulary (src/answers/vocabulary.ts) is the one place that says what an answer
 * may be, what the missing values mean, how answers read and how entries become the answer map.
 * The checks that used to keep their own lists (sheet schema, workspace form, what-if, coder
 * agreement) are tested here through it, so a list that drifts fails.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/agreement.js';
import { checkChanges } from '../../src/analysis/what-if.js';
import { answerSheetSchema } from '../../src/answers/sheet-schema.js';
import {
  allowedAnswers,
  answerForConditions,
  answerMap,
  answerScore,
  answerText,
  isAllowedAnswer,
  isMissingValue,
  isUnanswered,
  MISSING_VALUES,
  MISSING_VALUE_TEXT,
} from '../../src/answers/vocabulary.js';
import { InputError } from '../../src/issues/issue.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { parseStrandForm } from '../../src/workspace/strand-form.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';

const question = {
  options: [
    { id: 'none', label: 'No requirement', score: 100 },
    { id: 'strict', label: { en: 'Strict requirement', fr: 'Exigence stricte' }, score: 0 },
  ],
};
const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const real = questionnaire.questions[0]!;

describe('missing values', () => {
  it('are the three values, each with its words', () => {
    expect(MISSING_VALUES).toEqual(['not_applicable', 'no_data', 'not_assessed']);
    expect(MISSING_VALUES.map((v) => MISSING_VALUE_TEXT[v])).toEqual([
      'Not applicable',
      'No data',
      'Not assessed',
    ]);
    expect(MISSING_VALUES.every(isMissingValue)).toBe(true);
    expect(['none', 'not-applicable', 'Not_applicable', ''].some(isMissingValue)).toBe(false);
  });

  it('not answered means left out or not_assessed; skip logic reads neither, nor no_data', () => {
    expect(
      [undefined, 'not_assessed', 'no_data', 'not_applicable', 'none'].map(isUnanswered),
    ).toEqual([true, true, false, false, false]);
    expect(
      [undefined, 'not_assessed', 'no_data', 'not_applicable', 'none'].map(answerForConditions),
    ).toEqual([null, null, null, 'not_applicable', 'none']);
  });
});

describe('allowed answers', () => {
  it('are the options, then the missing values', () => {
    expect(allowedAnswers(question)).toEqual(['none', 'strict', ...MISSING_VALUES]);
    expect(
      ['none', 'strict', 'no_data', 'not_applicable', 'not_assessed'].every((a) =>
        isAllowedAnswer(question, a),
      ),
    ).toBe(true);
    expect(['lenient', 'None', '', 'not-assessed'].some((a) => isAllowedAnswer(question, a))).toBe(
      false,
    );
  });

  it('are the same for the sheet schema, the workspace form, what-if and reconciling', () => {
    const schema = answerSheetSchema(questionnaire) as {
      properties: {
        answers: { properties: Record<string, { properties: { answer: { enum: string[] } } }> };
      };
    };
    expect(schema.properties.answers.properties[real.id]!.properties.answer.enum).toEqual(
      allowedAnswers(real),
    );

    const strand = real.strandId!;
    for (const answer of [...allowedAnswers(real), 'not-an-answer']) {
      const allowed = isAllowedAnswer(real, answer);
      const form = parseStrandForm(questionnaire, strand, { [`q.${real.id}.answer`]: answer });
      expect(form.errors.has(real.id), `form, ${answer}`).toBe(!allowed);
      const whatIf = checkChanges(questionnaire, new Map([[real.id, answer]]));
      expect(whatIf.length === 0, `what-if, ${answer}`).toBe(allowed);
      const sheets = ['alice', 'bob'].map((coder) => ({
        coder,
        answers: new Map([[real.id, real.options[0]!.id]]),
      }));
      const chosen = () => reconcile(questionnaire, sheets, new Map([[real.id, { answer }]]));
      if (allowed) expect(chosen, `reconcile, ${answer}`).not.toThrow();
      else expect(chosen, `reconcile, ${answer}`).toThrow(InputError);
    }
    expect(checkChanges(questionnaire, new Map([[real.id, 'nope']]))[0]!.message).toContain(
      `choose one of ${allowedAnswers(real).join(', ')}`,
    );
  });
});

describe('answers in words and points', () => {
  it('an option reads as its label and scores its points; a missing value reads as its name, no points', () => {
    expect(answerText(question, 'strict')).toBe('Strict requirement');
    expect(answerScore(question, 'strict')).toBe(0);
    expect(answerText(question, 'no_data')).toBe('No data');
    expect(answerScore(question, 'no_data')).toBeNull();
    expect(answerText(question, undefined)).toBe('Not assessed');
    expect(answerScore(question, undefined)).toBeNull();
    // An unknown value is shown as it was recorded, never hidden.
    expect(answerText(question, 'lenient')).toBe('lenient');
  });
});

describe('the answer map', () => {
  it('is the same from a sheet (a map of entries) and a snapshot (a record of entries)', () => {
    const entry = (answer: string) => ({ answer, sources: [], comment: 'dropped' });
    const fromSheet = answerMap({
      answers: new Map([
        ['a', entry('none')],
        ['b', entry('no_data')],
      ]),
    });
    const fromSnapshot = answerMap({ answers: { a: entry('none'), b: entry('no_data') } });
    expect([...fromSheet]).toEqual([
      ['a', 'none'],
      ['b', 'no_data'],
    ]);
    expect(fromSnapshot).toEqual(fromSheet);
    expect(answerMap({ answers: {} }).size).toBe(0);
  });
});
