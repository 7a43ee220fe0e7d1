/**
 * The methodology's account of the evidence rules: what most questions require, then every
 * question that differs, so a reader sees which answers must cite a source and which sources are
 * flagged as old without reading the YAML.
 */
import {
  labelText,
  type EvidenceRules,
  type Questionnaire,
  type QuestionNode,
} from '../questionnaire/types.js';

export function evidenceSection(questionnaire: Questionnaire): string[] {
  const groups = new Map<string, { rules: EvidenceRules; questions: QuestionNode[] }>();
  for (const question of questionnaire.questions) {
    const key = JSON.stringify(question.evidence);
    const group = groups.get(key) ?? { rules: question.evidence, questions: [] };
    group.questions.push(question);
    groups.set(key, group);
  }
  const [usual, ...others] = [...groups.values()].sort(
    (a, b) => b.questions.length - a.questions.length,
  );
  if (!usual) return [];
  const lines = [
    '## Evidence',
    '',
    'Evidence rules are checked when a sheet is submitted and never change a score.',
    '',
    `- ${others.length === 0 ? 'Every question' : 'Most questions'}: ${describeRules(usual.rules)}.`,
    ...others.map(
      (group) =>
        `- ${group.questions.map(questionName).join(', ')}: ${describeRules(group.rules)}.`,
    ),
    '- For every answer: "in force since" must not be after the edition\'s reference date (the',
    '  law coded is the law in force that day), and every date must be a real calendar date.',
    '',
  ];
  return lines;
}

function describeRules(rules: EvidenceRules): string {
  const sources = rules.sourcesRequired
    ? 'every answer other than "not applicable", "no data" and "not assessed" cites at least one legal source'
    : 'legal sources are recommended, not required';
  const age =
    rules.maxSourceAgeYears === null
      ? 'sources of any age are accepted'
      : `a source dated more than ${rules.maxSourceAgeYears} years before the reference date is flagged for review (a warning)`;
  return `${sources}; ${age}`;
}

function questionName(question: QuestionNode): string {
  return `${question.code ? `${question.code} ` : ''}*${labelText(question.label)}*`;
}
