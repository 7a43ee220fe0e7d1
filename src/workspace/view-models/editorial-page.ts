/**
 * The workspace page of the editors' key findings and recommendations on a country in an
 * edition: the form (numbered slots, with what was typed and the message at each refused field),
 * the review buttons the workflow allows, what the public profile shows now, and the history.
 */
import {
  findingField,
  formValuesOfText,
  recommendationField,
  refField,
  type EditorialFormValues,
} from '../../editorial/editorial-form.js';
import { EMPTY_EDITORIAL, MAX_ITEM_CHARS } from '../../editorial/types.js';
import type { Issue } from '../../issues/issue.js';
import { labelText } from '../../questionnaire/types.js';
import type { Db } from '../../storage/database.js';
import {
  editorialHistory,
  getEditorial,
  type StoredEditorial,
} from '../../storage/editorial-repository.js';
import type { SheetContext } from '../sheet-context.js';
import { decideEditorial, type Actor, type EditorialAction, type Grant } from '../workflow.js';
import { countryName } from './country-name.js';

export interface EditorialSlot {
  name: string;
  id: string;
  value: string;
  errors: string[];
  /** Set when the slot has errors: the id of their list, for `aria-describedby`. */
  errorId: string | null;
}

/** The slots of a list: those shown, then the empty ones folded under "more" (a shorter page). */
export interface SlotList<T> {
  shown: T[];
  folded: T[];
}

export interface EditorialPageView {
  title: string;
  path: string;
  sheetPath: string;
  status: string;
  statusClass: string;
  revision: number;
  updatedBy: string | null;
  maxChars: number;
  findings: SlotList<EditorialSlot>;
  recommendations: SlotList<{ text: EditorialSlot; ref: EditorialSlot }>;
  /** Strands and questions a recommendation may be tied to, for the form's list. */
  refOptions: { id: string; label: string }[];
  errorSummary: { href: string; text: string }[];
  conflict: string | null;
  /** The last reviewer's request for changes, while the text is a draft again. */
  changesRequested: { by: string; at: string; reason: string } | null;
  mayEdit: boolean;
  maySubmit: boolean;
  mayApprove: boolean;
  mayRequestChanges: boolean;
  history: {
    revision: number;
    at: string;
    by: string;
    change: string;
    status: string;
    reason: string;
  }[];
}

const STATUS_WORDS: Record<string, string> = {
  'not-started': 'not started',
  draft: 'draft',
  submitted: 'submitted',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};

export function editorialPageView(
  db: Db,
  viewer: { actor: Actor; grants: readonly Grant[] },
  context: SheetContext,
  form: { values?: EditorialFormValues; issues?: readonly Issue[]; conflict?: string } = {},
): EditorialPageView {
  const stored: StoredEditorial | null = getEditorial(db, context.country, context.edition);
  const status = stored?.status ?? 'not-started';
  const may = (action: EditorialAction) =>
    decideEditorial(viewer.actor, viewer.grants, action, {
      country: context.country,
      edition: context.edition,
      status,
      allStrands: context.strands,
    }).allowed;
  const values = form.values ?? formValuesOfText(stored?.text ?? EMPTY_EDITORIAL);
  const errors = new Map<string, string[]>();
  for (const issue of form.issues ?? []) {
    const field = String(issue.path[0] ?? 'form');
    errors.set(field, [...(errors.get(field) ?? []), issue.message]);
  }
  const slot = (name: string, value: string): EditorialSlot => {
    const messages = errors.get(name) ?? [];
    const id = `editorial-${name.replace('_', '-')}`;
    return { name, id, value, errors: messages, errorId: messages.length ? `${id}-error` : null };
  };
  const findings = values.findings.map((value, i) => slot(findingField(i), value));
  const recommendations = values.recommendations.map((r, i) => ({
    text: slot(recommendationField(i), r.text),
    ref: slot(refField(i), r.ref),
  }));
  const slots = [...findings, ...recommendations.flatMap((r) => [r.text, r.ref])];
  const history = editorialHistory(db, context.country, context.edition);
  const lastRequest = history.findLast((h) => h.change === 'changes-requested');
  const path = `/workspace/sheets/${context.country}/${context.edition}/editorial`;
  return {
    title: `Key findings and recommendations · ${countryName(db, context.country)} ${context.edition}`,
    path,
    sheetPath: `/workspace/sheets/${context.country}/${context.edition}`,
    status: STATUS_WORDS[status]!,
    statusClass: status.replace('_', '-'),
    revision: stored?.revision ?? 0,
    updatedBy: stored?.updatedBy ?? null,
    maxChars: MAX_ITEM_CHARS,
    findings: foldEmpty(findings, (s) => s.value.trim() === '' && s.errors.length === 0),
    recommendations: foldEmpty(
      recommendations,
      (r) =>
        `${r.text.value}${r.ref.value}`.trim() === '' &&
        r.text.errors.length + r.ref.errors.length === 0,
    ),
    refOptions: refOptions(context),
    errorSummary: slots.flatMap((s) =>
      s.errors.map((text) => ({ href: `#${s.id}`, text: `${slotLabel(s.name)}: ${text}` })),
    ),
    conflict: form.conflict ?? null,
    changesRequested:
      status === 'draft' && lastRequest && history.at(-1) === lastRequest
        ? { by: lastRequest.changedBy, at: lastRequest.changedAt, reason: lastRequest.reason ?? '' }
        : null,
    mayEdit: may('edit'),
    maySubmit: stored !== null && may('submit'),
    mayApprove: may('approve'),
    mayRequestChanges: may('request-changes'),
    history: history.map((h) => ({
      revision: h.revision,
      at: h.changedAt,
      by: h.changedBy,
      change: h.change.replace('-', ' '),
      status: STATUS_WORDS[h.statusAfter]!,
      reason: h.reason ?? '',
    })),
  };
}

/** Shows every slot up to the last one in use, and one empty slot more; folds the rest. */
function foldEmpty<T>(slots: T[], isEmpty: (slot: T) => boolean): SlotList<T> {
  const used = slots.findLastIndex((slot) => !isEmpty(slot));
  return { shown: slots.slice(0, used + 2), folded: slots.slice(used + 2) };
}

/** "Key finding 2", "Recommendation 3", "Recommendation 3 is about" (as the form labels them). */
function slotLabel(name: string): string {
  const [kind, number] = name.split('_');
  if (kind === 'finding') return `Key finding ${number}`;
  if (kind === 'recommendation') return `Recommendation ${number}`;
  return `Recommendation ${number} is about`;
}

function refOptions(context: SheetContext): { id: string; label: string }[] {
  const { questionnaire } = context;
  return [
    ...questionnaire.strands.map((s) => ({ id: s.id, label: `Strand: ${labelText(s.label)}` })),
    ...questionnaire.questions.map((q) => ({
      id: q.id,
      label: `${q.code ? `${q.code} ` : ''}${labelText(q.label)}`,
    })),
  ];
}
