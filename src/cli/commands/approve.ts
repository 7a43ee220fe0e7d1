/**
 * `approve`: the coordinator's review decision from the command line, for data coded elsewhere.
 * The sheets of an edition (all, or the countries named) move to approved through the workflow's
 * shared rule, as the operator; skip-logic deviations are kept only when --as-coded says so.
 */
import { parseArgs } from 'node:util';
import { skipLogicFindings } from '../../answers/check-sheet.js';
import { InputError, issueAt, NOWHERE } from '../../issues/issue.js';
import { getEdition } from '../../storage/edition-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import { listSheets, saveSheets } from '../../storage/sheet-repository.js';
import { decide, OPERATOR } from '../../workspace/workflow.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { cliActor, counted, DB_NOTE, editionArg, withDatabase } from '../shared.js';

export const approveUsage = `usage: policy-index approve EDITION [COUNTRY …] [--as-coded] [--reason TEXT]

Approves the official sheets of EDITION (all of them, or the countries named) that are imported,
submitted or in review, through the same workflow rule as the workspace's review page (the person
at the command line acts as the operator). A sheet whose answers deviate from the skip logic (an
answer where the skip logic skips the question, an asked question without an answer) is refused,
unless --as-coded: data coded elsewhere is then approved exactly as coded, and "publish" records
each deviation with the edition (shown on its methodology page). Nothing is approved when any
sheet is refused. ${DB_NOTE}`;

export function approveCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'as-coded': { type: 'boolean' }, reason: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('name an edition');
  const edition = editionArg(positionals[0]!);
  const countries = new Set(positionals.slice(1).map((c) => c.toUpperCase()));
  const asCoded = values['as-coded'] ?? false;
  return withDatabase((db) => {
    const row = getEdition(db, edition);
    if (!row)
      throw new InputError([issueAt(NOWHERE, 'unknown-edition', `no edition "${edition}"`)]);
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
      const decision = decide(OPERATOR, [], 'approve', {
        country: stored.sheet.country,
        edition,
        status: stored.sheet.status,
        allStrands,
      });
      if (!decision.allowed) {
        // Named countries must all be approvable; without names, sheets in other states are left.
        if (countries.size > 0) refusals.push(`${stored.sheet.country}: ${decision.message}`);
        return false;
      }
      const deviations = skipLogicFindings(questionnaire, stored.sheet).filter(
        (f) => f.code !== 'no-data',
      );
      if (deviations.length > 0 && !asCoded)
        refusals.push(
          `${stored.sheet.country}: ${counted(deviations.length, 'deviation')} from the skip logic (${deviations
            .slice(0, 3)
            .map((f) => `${f.question.id}: ${f.code}`)
            .join(
              ', ',
            )}${deviations.length > 3 ? ', …' : ''}); add --as-coded to approve the data as it was coded`,
        );
      return true;
    });
    if (refusals.length > 0) {
      for (const line of refusals) io.err(`error[not-allowed-now]: ${line}`);
      io.err('nothing approved');
      return EXIT_INVALID;
    }
    const reason =
      values.reason?.trim() ||
      (asCoded ? 'approved as coded (command line)' : 'approved (command line)');
    saveSheets(
      db,
      approvable.map((stored) => ({
        sheet: { ...stored.sheet, status: 'approved' as const },
        baseRevision: stored.revision,
        user: cliActor(),
        reason,
      })),
    );
    io.out(
      `approved ${counted(approvable.length, 'sheet')} of edition ${edition}${approvable.length > 0 ? `: ${approvable.map((s) => s.sheet.country).join(', ')}` : ''}`,
    );
    return EXIT_OK;
  });
}
