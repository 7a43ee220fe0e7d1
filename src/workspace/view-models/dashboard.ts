/** The workspace's first page: the sheets the user may open, with their status and tasks. */
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { listEditions } from '../../storage/edition-repository.js';
import {
  latestQuestionnaireVersion,
  latestVersionOfEach,
  storedQuestionnaire,
} from '../../storage/questionnaire-repository.js';
import { listSheets } from '../../storage/sheet-repository.js';
import { instrumentName } from '../../published/display.js';
import type { WorkspaceLocals } from '../session.js';
import { decide, isCoordinating } from '../workflow.js';

export interface DashboardRow {
  country: string;
  name: string;
  edition: string;
  status: string;
  revision: number | null;
  tasks: string;
  /** The review page, for the sheets the user reviews or may decide on now. */
  reviewHref: string | null;
}

export function dashboardView(db: Db, { user, assignments }: WorkspaceLocals) {
  const actor = { id: user.id, role: user.role };
  const coordinating = isCoordinating(user.role);
  const names = new Map(storedCountries(db).countries.map((c) => [c.code, c.name]));
  const rows = new Map<string, DashboardRow>();
  const row = (country: string, edition: string): DashboardRow => {
    const key = `${edition}/${country}`;
    const existing = rows.get(key);
    if (existing) return existing;
    const fresh: DashboardRow = {
      country,
      name: names.get(country) ?? country,
      edition,
      status: 'not started',
      revision: null,
      tasks: '',
      reviewHref: null,
    };
    rows.set(key, fresh);
    return fresh;
  };
  for (const s of listSheets(db)) {
    const target = {
      country: s.sheet.country,
      edition: s.sheet.edition,
      status: s.sheet.status,
      allStrands: [],
    };
    const readable = coordinating || decide(actor, assignments, 'read', target).allowed;
    if (!readable) continue;
    const reviews =
      assignments.some(
        (a) =>
          a.userId === user.id &&
          a.task === 'reviewer' &&
          a.country === target.country &&
          a.edition === target.edition,
      ) ||
      decide(actor, assignments, 'approve', target).allowed ||
      decide(actor, assignments, 'request-changes', target).allowed;
    Object.assign(row(s.sheet.country, s.sheet.edition), {
      status: s.sheet.status,
      revision: s.revision,
      reviewHref: reviews ? `/workspace/sheets/${target.country}/${target.edition}/review` : null,
    });
  }
  for (const a of assignments) {
    const target = row(a.country, a.edition);
    target.tasks = [target.tasks, `${a.task}${a.strand ? ` (${a.strand})` : ''}`]
      .filter(Boolean)
      .join(', ');
  }
  return {
    title: 'Workspace',
    rows: [...rows.values()].sort(
      (a, b) => a.edition.localeCompare(b.edition) || a.name.localeCompare(b.name),
    ),
    editions: listEditions(db).map((e) => e.id),
    questionnaires: questionnaireChoices(db),
    mayPublish: coordinating,
    mayManage: coordinating,
  };
}

/**
 * The questionnaires a new edition may be coded with: the latest version of each one loaded, the
 * latest loaded of all preselected.
 */
function questionnaireChoices(db: Db): { value: string; label: string; selected: boolean }[] {
  const latest = latestQuestionnaireVersion(db)?.id;
  return latestVersionOfEach(db).map((row) => ({
    value: String(row.id),
    label: instrumentName(storedQuestionnaire(db, row.id)),
    selected: row.id === latest,
  }));
}
