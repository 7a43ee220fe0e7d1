/** The workspace's first page: the sheets the user may open, with their status and tasks. */
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { listEditions } from '../../storage/edition-repository.js';
import { listSheets } from '../../storage/sheet-repository.js';
import type { WorkspaceLocals } from '../session.js';
import { decide, isCoordinating } from '../workflow.js';

export interface DashboardRow {
  country: string;
  name: string;
  edition: string;
  status: string;
  revision: number | null;
  tasks: string;
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
    };
    rows.set(key, fresh);
    return fresh;
  };
  for (const s of listSheets(db)) {
    const readable =
      coordinating ||
      decide(actor, assignments, 'read', {
        country: s.sheet.country,
        edition: s.sheet.edition,
        status: s.sheet.status,
        allStrands: [],
      }).allowed;
    if (!readable) continue;
    Object.assign(row(s.sheet.country, s.sheet.edition), {
      status: s.sheet.status,
      revision: s.revision,
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
    mayPublish: coordinating,
    mayManage: coordinating,
  };
}
