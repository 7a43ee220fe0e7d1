/**
 * `approve`: the coordinator's review decision from the command line, for data coded elsewhere.
 * The sheets of an edition (all, or the countries named) move to approved through the workflow's
 * shared rule, as the operator (or, with --by, as the workspace account named); skip-logic
 * deviations are kept only when --as-coded says so. Each approval is a review decision recorded
 * like one taken on the workspace's review page: who, when, on which revision, why.
 */
import { parseArgs } from 'node:util';
import { skipLogicFindings } from '../../answers/check-sheet.js';
import { InputError, issueAt, NOWHERE } from '../../issues/issue.js';
import { getEdition } from '../../storage/edition-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import { accountByEmail, assignmentsOf } from '../../storage/account-repository.js';
import { saveWithDecisions, type Decider } from '../../storage/decision-repository.js';
import type { Db } from '../../storage/database.js';
import { listSheets } from '../../storage/sheet-repository.js';
import { decide, OPERATOR, type Actor, type Grant } from '../../workspace/workflow.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { cliActor, counted, DB_NOTE, editionArg, withDatabase } from '../shared.js';

export const approveUsage = `usage: policy-index approve EDITION [COUNTRY …] [--as-coded] [--reason TEXT] [--by EMAIL]

Approves the official sheets of EDITION (all of them, or the countries named) that are imported,
submitted or in review, through the same workflow rule as the workspace's review page. Each
approval is a review decision recorded as one taken there (who, when, on which revision, why):
by the workspace account --by names (its role and assignments must allow it), else by the person
at the command line, who acts as the operator and is named by POLICY_INDEX_USER or the login
name. A sheet whose answers deviate from the skip logic (an
answer where the skip logic skips the question, an asked question without an answer) is refused,
unless --as-coded: data coded elsewhere is then approved exactly as coded, and "publish" records
each deviation with the edition (shown on its methodology page). Nothing is approved when any
sheet is refused. ${DB_NOTE}`;

export function approveCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'as-coded': { type: 'boolean' },
      reason: { type: 'string' },
      by: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('name an edition');
  const edition = editionArg(positionals[0]!);
  const countries = new Set(positionals.slice(1).map((c) => c.toUpperCase()));
  const asCoded = values['as-coded'] ?? false;
  return withDatabase((db) => {
    const row = getEdition(db, edition);
    if (!row)
      throw new InputError([issueAt(NOWHERE, 'unknown-edition', `no edition "${edition}"`)]);
    const who = deciderOf(db, values.by);
    const questionnaire = storedQuestionnaire(db, row.questionnaire_version_id);
    const allStrands = questionnaire.strands.map((s) => s.id);
    const sheets = listSheets(db, { edition }).filter(
      (s) => countries.size === 0 || countries.has(s.sheet.country),
    );
    const unknown = [...countries].filter((c) => !sheets.some((s) => s.sheet.country === c));
    if (unknown.length > 0)
      throw new InputError([
        issueAt(
          NOWHERE,
          'no-sheet',
          `no official sheet in edition ${edition} for ${unknown.join(', ')}`,
        ),
      ]);
    const refusals: string[] = [];
    const approvable = sheets.filter((stored) => {
      if (stored.sheet.status === 'approved') return false;
      const decision = decide(who.actor, who.grants, 'approve', {
        country: stored.sheet.country,
        edition,
        status: stored.sheet.status,
        allStrands,
      });
      if (!decision.allowed) {
        // Named countries must all be approvable; without names, sheets in other states are left.
        // An account --by names that may not approve at all is refused either way.
        if (decision.reason !== 'wrong-status')
          refusals.push(`error[not-allowed]: ${stored.sheet.country}: ${decision.message}`);
        else if (countries.size > 0)
          refusals.push(`error[not-allowed-now]: ${stored.sheet.country}: ${decision.message}`);
        return false;
      }
      const deviations = skipLogicFindings(questionnaire, stored.sheet).filter(
        (f) => f.code !== 'no-data',
      );
      if (deviations.length > 0 && !asCoded)
        refusals.push(
          `error[not-allowed-now]: ${stored.sheet.country}: ${counted(deviations.length, 'deviation')} from the skip logic (${deviations
            .slice(0, 3)
            .map((f) => `${f.question.id}: ${f.code}`)
            .join(
              ', ',
            )}${deviations.length > 3 ? ', …' : ''}); add --as-coded to approve the data as it was coded`,
        );
      return true;
    });
    if (refusals.length > 0) {
      for (const line of refusals) io.err(line);
      io.err('nothing approved');
      return EXIT_INVALID;
    }
    const reason =
      values.reason?.trim() ||
      (asCoded ? 'approved as coded (command line)' : 'approved (command line)');
    saveWithDecisions(
      db,
      approvable.map((stored) => ({
        sheetId: stored.id,
        sheet: { ...stored.sheet, status: 'approved' as const },
        baseRevision: stored.revision,
        user: who.name,
        reason,
      })),
      { decision: 'approved', reason, ...who.decider },
    );
    io.out(
      `approved ${counted(approvable.length, 'sheet')} of edition ${edition}${approvable.length > 0 ? `: ${approvable.map((s) => s.sheet.country).join(', ')}` : ''}`,
    );
    return EXIT_OK;
  });
}

/**
 * Who approves: the workspace account `--by` names (active; its role and assignments go through
 * the workflow rule), or the operator at the command line, by name.
 */
function deciderOf(
  db: Db,
  email: string | undefined,
): { actor: Actor; grants: Grant[]; decider: Decider; name: string } {
  if (email === undefined) {
    const name = cliActor();
    return { actor: OPERATOR, grants: [], decider: { operator: name }, name };
  }
  const account = accountByEmail(db, email);
  if (!account || account.disabledAt !== null)
    throw new InputError([
      issueAt(
        NOWHERE,
        'unknown-account',
        `no active workspace account "${email.trim()}" (--by names the account the decision is recorded under; see "policy-index user add")`,
      ),
    ]);
  return {
    actor: { id: account.id, role: account.role },
    grants: assignmentsOf(db, account.id),
    decider: { userId: account.id },
    name: account.email,
  };
}
