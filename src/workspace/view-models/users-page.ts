/**
 * The accounts page: every account with what the signed-in coordinator may do to it, the pickers
 * of the forms (roles, users, countries, editions, strands, tasks) and the assignments with their
 * own strand and task pickers. Templates only loop over this.
 */
import { labelText } from '../../questionnaire/types.js';
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { listEditions } from '../../storage/edition-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import { codedStrands } from '../strand-form.js';
import {
  allAssignments,
  listAccounts,
  RESET_HOURS,
  ROLES,
  TASKS,
  type Role,
  type Task,
  type User,
} from '../../storage/account-repository.js';
import { mayManageAccount } from '../account-rules.js';
import { MIN_PASSWORD_LENGTH } from '../../storage/passwords.js';

/**
 * The role and task preselected in the forms: the least privileged. A reviewer reads, comments
 * and approves or sends back what an expert wrote, but never changes an answer; an expert
 * changes the data every published number is computed from. Picking the wrong default then
 * grants the least.
 */
const DEFAULT_ROLE: Role = 'reviewer';
const DEFAULT_TASK: Task = 'reviewer';

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export function usersPageView(db: Db, actor: User) {
  const accounts = listAccounts(db);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const editions = listEditions(db);
  const strandsOf = new Map(
    editions.map((e) => [
      e.id,
      codedStrands(storedQuestionnaire(db, e.questionnaire_version_id)).map((s) => ({
        id: s.id,
        label: labelText(s.label),
      })),
    ]),
  );
  const allStrands = new Map([...strandsOf.values()].flat().map((s) => [s.id, s.label]));
  const strandOptions = (strands: Iterable<[string, string]>, selected: string | null) => [
    { value: '', label: 'all strands', selected: selected === null },
    ...[...strands].map(([id, label]) => ({ value: id, label, selected: id === selected })),
  ];
  const taskOptions = (selected: Task): Option[] =>
    TASKS.map((t) => ({ value: t, label: t, selected: t === selected }));

  return {
    title: 'Users and assignments',
    accounts: accounts.map((a) => ({
      ...a,
      disabled: a.disabledAt !== null,
      mayDisable: a.disabledAt === null && mayManageAccount(actor, a, 'disable').allowed,
      mayEnable: a.disabledAt !== null && mayManageAccount(actor, a, 'enable').allowed,
      mayReset: a.disabledAt === null && mayManageAccount(actor, a, 'reset-password').allowed,
    })),
    roleOptions: ROLES.filter((r) => mayManageAccount(actor, { role: r }, 'create').allowed).map(
      (r) => ({ value: r, label: r, selected: r === DEFAULT_ROLE }),
    ),
    userOptions: accounts
      .filter((a) => a.disabledAt === null)
      .map((a) => ({ value: a.email, label: `${a.name} (${a.email})`, selected: false })),
    countryOptions: storedCountries(db).countries.map((c) => ({
      value: c.code,
      label: `${c.code} ${c.name}`,
      selected: false,
    })),
    editionOptions: editions.map((e, i) => ({
      value: e.id,
      label: e.id,
      selected: i === editions.length - 1,
    })),
    strandOptions: strandOptions(allStrands, null),
    taskOptions: taskOptions(DEFAULT_TASK),
    assignments: allAssignments(db).map((a) => ({
      ...a,
      name: names.get(a.userId) ?? a.email,
      strandLabel: a.strand === null ? 'all strands' : (allStrands.get(a.strand) ?? a.strand),
      strandOptions: strandOptions(
        (strandsOf.get(a.edition) ?? []).map((s) => [s.id, s.label] as [string, string]),
        a.strand,
      ),
      taskOptions: taskOptions(a.task),
    })),
    minPasswordLength: MIN_PASSWORD_LENGTH,
    resetHours: RESET_HOURS,
  };
}
