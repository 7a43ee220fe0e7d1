/**
 * Analysis commands on the published data of the working database: changes between editions
 * (with the points each change moved), robustness of ranks, and agreement between coders.
 */
import { parseArgs } from 'node:util';
import type { ReconcileChoice } from '../../analysis/agreement.js';
import { POSITIVE_RANGE, POSITIVE_SLOPE } from '../../analysis/positive-geometric-mean.js';
import {
  AGGREGATION_LEVELS,
  DEFAULT_ROBUSTNESS,
  checkRobustnessOptions,
  parseLevels,
  type RobustnessOptions,
} from '../../analysis/robustness.js';
import type { SheetStatus } from '../../answers/types.js';
import { fileIssue, InputError, type IssueCode } from '../../issues/issue.js';
import { coderAgreement, reconcileIntoOfficial } from '../../storage/coder-sheets.js';
import { getSheet } from '../../storage/sheet-repository.js';
import { decide, OPERATOR } from '../../workspace/workflow.js';
import { PublicData } from '../../published/public-data.js';
import { editionChanges } from '../../published/changes.js';
import { instrumentChangePath, instrumentName } from '../../published/display.js';
import { robustnessResult, robustnessView } from '../../published/robustness.js';
import { EXIT_OK, UsageError, type CliIo } from '../io.js';
import { changesJson, robustnessJson } from './analysis-json.js';
import { cliActor, counted, editionArg, withDatabase } from '../shared.js';
import { decimalNumber } from '../../source/decimal.js';

const problem = (code: IssueCode, message: string) =>
  new InputError([fileIssue(null, code, message)]);

export const changesUsage = `usage: policy-index changes COUNTRY FROM TO [--format table|json]

What changed in COUNTRY between the published editions FROM and TO: every changed answer with
before and after, and the points it moved in the overall and strand scores (Shapley values:
they add up exactly to the change). Editions must use questionnaire versions that score alike;
editions coded with two different questionnaires are refused (exit 1) with the address of the
crosswalk page that compares them.`;

export function changesCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'table' } },
  });
  if (positionals.length !== 3) throw new UsageError('give COUNTRY FROM TO');
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json');
  const [country, fromArg, toArg] = positionals as [string, string, string];
  const from = editionArg(fromArg, 'FROM');
  const to = editionArg(toArg, 'TO');
  if (from === to) throw new UsageError(`FROM and TO are both "${from}": name two editions`);
  const code = country.toUpperCase();
  return withDatabase((db) => {
    const data = new PublicData(db);
    const before = data.edition(from);
    const after = data.edition(to);
    if (!before) throw problem('unknown-edition', `no published edition "${from}"`);
    if (!after) throw problem('unknown-edition', `no published edition "${to}"`);
    if (!before.scores.has(code) || !after.scores.has(code))
      throw problem('unknown-country', `${code} is not in both editions`);
    if (before.questionnaire.id !== after.questionnaire.id)
      throw problem(
        'instruments-differ',
        `editions ${from} and ${to} are coded with different questionnaires (${instrumentName(before.questionnaire)}; ${instrumentName(after.questionnaire)}): their points do not compare answer by answer. The crosswalk page splits the difference into the part due to the instrument and the part due to changed coding: ${instrumentChangePath(code, from, to)}`,
      );
    const view = editionChanges(data, code, before, after);
    if (values.format === 'json') {
      io.out(JSON.stringify(changesJson(view, before, after), null, 2));
      return EXIT_OK;
    }
    if (!view.comparable) {
      io.out(
        `${view.name}: editions ${from} and ${to} are not comparable (their questionnaire versions score differently)`,
      );
      return EXIT_OK;
    }
    io.out(`${view.name} (${code}), ${from} → ${to}`);
    for (const t of view.totals)
      io.out(
        `  ${t.label.padEnd(32)} ${t.before.padStart(5)} → ${t.after.padStart(5)}  ${t.change}`,
      );
    io.out('');
    io.out(
      `${view.rows.length} changed answers (points moved: overall / strand; ${view.method === 'sampled' ? 'estimated from random orders' : 'exact'})`,
    );
    for (const r of view.rows) {
      io.out(`  ${r.code.padEnd(5)} ${r.label}`);
      io.out(`        ${r.before} → ${r.after}`);
      io.out(
        `        ${r.pointsOverallShown} overall, ${r.pointsStrandShown} ${r.strand}${r.inForceSince ? `; in force since ${r.inForceSince}` : ''}`,
      );
    }
    return EXIT_OK;
  });
}

export const robustnessUsage = `usage: policy-index robustness --edition E [--draws N] [--seed S] [--weight-range R]
                               [--geometric-share G] [--levels L,L…] [--leave-one-out]
                               [--sensitivity-samples N] [--by-country] [--format table|json]

Uncertainty and sensitivity analysis of a published edition's ranks (JRC/COINr practice).
The uncertain choices:
  - each dimension's weight, times a random factor in [1-R, 1+R] (default R ${DEFAULT_ROBUSTNESS.weightRange});
  - the aggregation rule at each level in --levels (default ${DEFAULT_ROBUSTNESS.levels.join(',')}; any of
    ${AGGREGATION_LEVELS.join(', ')}, or none): the published rule, or with probability G
    (default ${DEFAULT_ROBUSTNESS.geometricShare}) the geometric mean on scores moved to the positive range
    ${POSITIVE_RANGE.low}-${POSITIVE_RANGE.high}: x' = ${POSITIVE_RANGE.low} + ${POSITIVE_SLOPE}x, mean = (exp(sum w ln x' / sum w) - ${POSITIVE_RANGE.low}) / ${POSITIVE_SLOPE};
  - with --leave-one-out, which dimension is left out.

Prints every country's median rank and 5th-95th percentile rank and score intervals over
--draws alternatives (default ${DEFAULT_ROBUSTNESS.draws}), then the Sobol indices (first order and total
effect, Saltelli 2010 / Jansen estimators, +/- two standard errors) of the mean absolute rank
shift from the published ranking to each choice: N(k+2) runs for --sensitivity-samples N
(default ${DEFAULT_ROBUSTNESS.sensitivitySamples}; 0 = none). --by-country adds the indices of each country's own
rank (json). The same seed gives the same result.`;

export function robustnessCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      edition: { type: 'string' },
      draws: { type: 'string', default: String(DEFAULT_ROBUSTNESS.draws) },
      seed: { type: 'string', default: String(DEFAULT_ROBUSTNESS.seed) },
      'weight-range': { type: 'string', default: String(DEFAULT_ROBUSTNESS.weightRange) },
      'geometric-share': { type: 'string', default: String(DEFAULT_ROBUSTNESS.geometricShare) },
      levels: { type: 'string', default: DEFAULT_ROBUSTNESS.levels.join(',') },
      'leave-one-out': { type: 'boolean', default: false },
      'sensitivity-samples': {
        type: 'string',
        default: String(DEFAULT_ROBUSTNESS.sensitivitySamples),
      },
      'by-country': { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (!values.edition) throw new UsageError('--edition is required');
  editionArg(values.edition, '--edition');
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json');
  const levels = parseLevels(values.levels);
  if (typeof levels === 'string') throw new UsageError(`--levels ${levels}`);
  const options: RobustnessOptions = {
    draws: decimalNumber(values.draws!),
    seed: decimalNumber(values.seed!),
    weightRange: decimalNumber(values['weight-range']!),
    geometricShare: decimalNumber(values['geometric-share']!),
    leaveOneOut: values['leave-one-out'],
    levels,
    sensitivitySamples: decimalNumber(values['sensitivity-samples']!),
    sensitivityByCountry: values['by-country'],
  };
  const problems = checkRobustnessOptions(options);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return withDatabase((db) => {
    const data = new PublicData(db);
    const edition = data.edition(values.edition!);
    if (!edition) throw problem('unknown-edition', `no published edition "${values.edition}"`);
    const started = performance.now();
    const result = robustnessResult(edition, options);
    const view = robustnessView(data, edition, result);
    const seconds = (performance.now() - started) / 1000;
    if (values.format === 'json') {
      io.out(JSON.stringify(robustnessJson(view, result), null, 2));
      return EXIT_OK;
    }
    io.out(
      `Edition ${view.edition}: ${options.draws} draws, seed ${options.seed} (${seconds.toFixed(2)} s)`,
    );
    io.out(
      'country                         published  median  interval (5-95%)  score  score interval',
    );
    for (const r of view.rows) {
      io.out(
        `${`${r.name} (${r.code})`.padEnd(32)}${String(r.publishedRank ?? '–').padStart(9)}${String(r.medianRank).padStart(8)}${`${r.rankLow}–${r.rankHigh}`.padStart(18)}${r.score.padStart(7)}${`${r.scoreLow}–${r.scoreHigh}`.padStart(16)}`,
      );
    }
    const s = view.sensitivity;
    if (s) {
      io.out('');
      io.out(
        `Sobol indices of the mean absolute rank shift (${s.samples} samples, ${s.runs} runs; mean shift ${s.meanShift.toFixed(2)} places)`,
      );
      io.out('choice (indices ± two standard errors)                  first order   total effect');
      for (const i of s.indices) {
        io.out(`${i.label.padEnd(54)}${i.firstShown.padStart(14)}${i.totalShown.padStart(15)}`);
      }
    }
    return EXIT_OK;
  });
}

export const agreementUsage = `usage: policy-index agreement COUNTRY EDITION

Agreement between the coders of COUNTRY in EDITION (their sheets are imported as
{country}.{coder}.yaml): Krippendorff's alpha for ordinal data, overall and per strand, and the
list of disagreements to reconcile.`;

export function agreementCommand(args: string[], io: CliIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new UsageError('give COUNTRY EDITION');
  const code = positionals[0]!.toUpperCase();
  const editionId = editionArg(positionals[1]!);
  return withDatabase((db) => {
    const report = coderAgreement(db, code, editionId);
    const alpha = (value: number | null) =>
      value === null ? 'undefined (no variation)' : value.toFixed(3);
    io.out(
      `${code} ${editionId}: coders ${report.coders.join(', ')}; ${report.pairableQuestions} questions coded by two or more`,
    );
    io.out(`Krippendorff's alpha (ordinal), overall: ${alpha(report.overall)}`);
    for (const s of report.perStrand) io.out(`  ${s.strandId}: ${alpha(s.alpha)}`);
    io.out(`${report.disagreements.length} disagreements:`);
    for (const d of report.disagreements) {
      io.out(
        `  ${(d.code ?? '').padEnd(5)} ${d.questionId}: ${Object.entries(d.values)
          .map(([coder, value]) => `${coder}=${value ?? '(none)'}`)
          .join(', ')}`,
      );
    }
    return EXIT_OK;
  });
}

export const reconcileUsage = `usage: policy-index reconcile COUNTRY EDITION [--take QUESTION=CODER | --take QUESTION=answer:ID …]
                              [--status STATUS]

Builds the official sheet of COUNTRY in EDITION from its coders' sheets: answers they agree on,
and for every disagreement the choice given with --take (a coder's answer, or an explicit
answer). QUESTION is a question id (fr-partners) or its code (25, as agreement prints it).
Refuses while a disagreement has no choice, and when the sheet workflow does not allow it.

Each answer keeps its evidence: a coder chosen gives their whole entry (sources, comment, in
force since, confidence); an explicit answer, or one the coders agree on, keeps the sources of
every coder who gave it (of every coder, when none did). The official sheet is saved with the
history of every change, in review (or --status draft, to let its expert go on editing); never
approved or published: only a review approves a sheet, and only publish publishes it.`;

const RECONCILED_STATUSES: readonly SheetStatus[] = ['in_review', 'draft'];

export function reconcileCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      take: { type: 'string', multiple: true, default: [] },
      status: { type: 'string', default: 'in_review' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('give COUNTRY EDITION');
  if (!RECONCILED_STATUSES.includes(values.status as SheetStatus))
    throw new UsageError(
      `--status must be ${RECONCILED_STATUSES.join(' or ')}: only publishing makes a sheet published`,
    );
  const choices = new Map<string, ReconcileChoice>();
  for (const take of values.take ?? []) {
    const match = /^([A-Za-z0-9_.-]+)=(answer:)?([A-Za-z0-9_.-]+)$/.exec(take);
    if (!match) throw new UsageError(`--take ${take}: write QUESTION=CODER or QUESTION=answer:ID`);
    choices.set(match[1]!, match[2] ? { answer: match[3]! } : match[3]!);
  }
  const code = positionals[0]!.toUpperCase();
  const editionId = editionArg(positionals[1]!);
  return withDatabase((db) => {
    const current = getSheet(db, { country: code, edition: editionId });
    const decision = decide(OPERATOR, [], 'reconcile', {
      country: code,
      edition: editionId,
      status: current?.sheet.status ?? 'not-started',
      allStrands: [],
    });
    if (!decision.allowed)
      throw new InputError([fileIssue(null, 'not-allowed-now', decision.message)]);
    const result = reconcileIntoOfficial(db, {
      country: code,
      edition: editionId,
      choices,
      status: values.status as SheetStatus,
      user: cliActor(),
    });
    io.out(
      `official sheet ${code} ${editionId}: revision ${result.revision}, ${counted(result.changed.length, 'answer')} changed`,
    );
    return EXIT_OK;
  });
}
