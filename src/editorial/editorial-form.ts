/**
 * The workspace form of the editors' text: numbered slots (`finding_1` … and `recommendation_1`,
 * `ref_1` …), read in order with empty slots left out, and checked against the edition's
 * questionnaire. Every problem is an issue whose path is the form field it concerns, so a refused
 * form comes back with the message at its field and what was typed kept.
 */
import { formField } from '../http/params.js';
import { characterCount } from '../source/characters.js';
import { issueAt, type Issue } from '../issues/issue.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { MAX_ITEM_CHARS, MAX_ITEMS, type EditorialText } from './types.js';

/** What was typed, slot by slot (always `MAX_ITEMS` of each), to show the form again. */
export interface EditorialFormValues {
  findings: string[];
  recommendations: { text: string; ref: string }[];
}

export const findingField = (slot: number) => `finding_${slot + 1}`;
export const recommendationField = (slot: number) => `recommendation_${slot + 1}`;
export const refField = (slot: number) => `ref_${slot + 1}`;

/** The slots of a posted form (anything but a string counts as empty). */
export function formValuesOf(body: Record<string, unknown>): EditorialFormValues {
  const field = (name: string) => formField(body, name);
  const slots = [...Array(MAX_ITEMS).keys()];
  return {
    findings: slots.map((i) => field(findingField(i))),
    recommendations: slots.map((i) => ({
      text: field(recommendationField(i)),
      ref: field(refField(i)),
    })),
  };
}

/** The slots showing a stored text, the rest empty. */
export function formValuesOfText(text: EditorialText): EditorialFormValues {
  const slots = [...Array(MAX_ITEMS).keys()];
  return {
    findings: slots.map((i) => text.keyFindings[i] ?? ''),
    recommendations: slots.map((i) => ({
      text: text.recommendations[i]?.text ?? '',
      ref: text.recommendations[i]?.ref ?? '',
    })),
  };
}

/**
 * The text the form describes, or the problems that keep it from being saved: an item longer
 * than `MAX_ITEM_CHARS`, a reference that is neither a strand nor a question of the edition's
 * questionnaire, a reference without a recommendation. Whitespace (line breaks included) is
 * folded to single spaces: an item is one plain-text paragraph.
 */
export function checkEditorialForm(
  values: EditorialFormValues,
  questionnaire: Questionnaire,
): { text: EditorialText; issues: Issue[] } {
  const issues: Issue[] = [];
  const problem = (field: string, code: 'too-long' | 'invalid-value', message: string) =>
    issues.push(issueAt({ file: null, path: [field] }, code, message));
  const item = (raw: string, field: string, what: string): string => {
    const text = raw.replace(/\s+/g, ' ').trim();
    const length = characterCount(text);
    if (length > MAX_ITEM_CHARS)
      problem(
        field,
        'too-long',
        `${what} has ${length} characters: at most ${MAX_ITEM_CHARS} are allowed (shorten it or split it in two)`,
      );
    return text;
  };

  const keyFindings: string[] = [];
  values.findings.forEach((raw, slot) => {
    const text = item(raw, findingField(slot), `key finding ${slot + 1}`);
    if (text !== '') keyFindings.push(text);
  });
  const recommendations: EditorialText['recommendations'] = [];
  values.recommendations.forEach((raw, slot) => {
    const text = item(raw.text, recommendationField(slot), `recommendation ${slot + 1}`);
    const ref = raw.ref.trim();
    if (ref !== '' && !isStrandOrQuestion(questionnaire, ref))
      problem(
        refField(slot),
        'invalid-value',
        `"${ref.slice(0, 100)}" is neither a strand nor a question of the questionnaire ${questionnaire.id} ${questionnaire.version}: choose one from the list or leave it empty`,
      );
    else if (ref !== '' && text === '')
      problem(
        recommendationField(slot),
        'invalid-value',
        `recommendation ${slot + 1} is empty but tied to ${ref}: write the recommendation or remove the reference`,
      );
    if (text !== '') recommendations.push({ text, ref: ref === '' ? null : ref });
  });
  return { text: { keyFindings, recommendations }, issues };
}

function isStrandOrQuestion(questionnaire: Questionnaire, id: string): boolean {
  const node = questionnaire.nodes.get(id);
  return node?.kind === 'question' || questionnaire.strands.some((s) => s.id === id);
}
