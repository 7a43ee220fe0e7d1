/**
 * The evidence findings of a sheet as its page lists them: errors (which refuse submission) and
 * warnings (to check), each linking to its question on the strand form. Shown to the expert
 * while drafting and to the reviewer afterwards, from the same check as submission.
 */
import { evidenceFindings, type EvidenceFinding } from '../../answers/evidence.js';
import type { AnswerEntry } from '../../answers/types.js';
import { labelText } from '../../questionnaire/types.js';
import type { SheetContext } from '../sheet-context.js';

export interface EvidenceItem {
  code: string;
  label: string;
  href: string;
  kind: EvidenceFinding['code'];
  message: string;
}

export interface EvidenceList {
  referenceDate: string;
  errors: EvidenceItem[];
  warnings: EvidenceItem[];
}

export function evidenceList(context: SheetContext): EvidenceList {
  const answers = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
  const referenceDate = context.editionRow.reference_date;
  const sheetPath = `/workspace/sheets/${context.country}/${context.edition}`;
  const item = (finding: EvidenceFinding): EvidenceItem => ({
    code: finding.question.code ?? '',
    label: labelText(finding.question.label),
    href: `${sheetPath}/strands/${finding.question.strandId ?? ''}#q-${finding.question.id}`,
    kind: finding.code,
    message: finding.message,
  });
  const findings = evidenceFindings(context.questionnaire, { answers }, referenceDate);
  return {
    referenceDate,
    errors: findings.filter((f) => f.severity === 'error').map(item),
    warnings: findings.filter((f) => f.severity === 'warning').map(item),
  };
}
