import { parseArgs } from 'node:util';
import { loadSheets } from '../../answers/gather-sheets.js';
import { answerMap, type AnswerSheet } from '../../answers/types.js';
import { hasErrors } from '../../issues/issue.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { labelText, type Questionnaire } from '../../questionnaire/types.js';
import { bandFor } from '../../scoring/bands.js';
import { rankByScore } from '../../scoring/ranking.js';
import { formatScore } from '../../scoring/rounding.js';
import { scoreOf, scoreSheet } from '../../scoring/score-sheet.js';
import { textTable } from '../text-table.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import {
  DEFAULT_QUESTIONNAIRE_DIR,
  noteCoderSheetsLeftOut,
  printIssues,
  questionnaireOrReport,
} from '../shared.js';

export const reportUsage = `usage: policy-index report [--questionnaire DIR] [--answers DIR|FILE …]

Prints, for every edition, the ranking of the countries with their overall and strand scores
and bands (displayed rounded; ranks on the displayed scores, ties share a rank). Only official
sheets are ranked: coders' own sheets ({country}.{coder}.yaml) are left out with a note.`;

export function reportCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
      answers: { type: 'string', multiple: true },
    },
  });
  const questionnaire = questionnaireOrReport(io, values.questionnaire);
  if (!questionnaire) return EXIT_INVALID;
  const countries = loadCountries(values.questionnaire);
  const { sheets, coderSheets, issues } = loadSheets(values.answers ?? ['scores'], {
    questionnaire,
    countries: countries.codes ?? undefined,
  });
  printIssues(
    io,
    issues.filter((issue) => issue.severity === 'error'),
  );
  if (hasErrors(issues)) return EXIT_INVALID;
  noteCoderSheetsLeftOut(io, coderSheets.length);
  const names = new Map(countries.countries.map((c) => [c.code, c.name]));
  io.out(renderReport(questionnaire, sheets, (code) => names.get(code) ?? code));
  return EXIT_OK;
}

export function renderReport(
  questionnaire: Questionnaire,
  sheets: readonly AnswerSheet[],
  nameOf: (code: string) => string,
): string {
  const decimals = questionnaire.displayDecimals;
  const editions = [...new Set(sheets.map((sheet) => sheet.edition))].sort();
  const out: string[] = [
    `${labelText(questionnaire.title)} ${questionnaire.version} (${questionnaire.hash.slice(0, 19)}…)`,
  ];
  if (sheets.some((sheet) => sheet.illustrative)) {
    out.push('ILLUSTRATIVE DATA — sample answer sheets, not a real assessment of any country.');
  }
  const strandIds = questionnaire.strands.map((strand) => strand.id);
  for (const edition of editions) {
    const scored = sheets
      .filter((sheet) => sheet.edition === edition)
      .map((sheet) => ({ sheet, result: scoreSheet(questionnaire, answerMap(sheet)) }));
    const ranked = rankByScore(scored, ({ result }) => scoreOf(result, 'overall'), decimals);
    out.push('', `Edition ${edition} — ${scored.length} countries`);
    const header = ['rank', 'country', 'overall', 'band', ...strandIds];
    const rows = ranked.map(({ item, rank }) => {
      const overall = scoreOf(item.result, 'overall');
      return [
        rank === null ? '–' : String(rank),
        `${nameOf(item.sheet.country)} (${item.sheet.country})`,
        formatScore(overall, decimals),
        labelText(bandFor(questionnaire.bands, overall, decimals)?.label ?? null),
        ...strandIds.map((id) => formatScore(scoreOf(item.result, id), decimals)),
      ];
    });
    out.push(...textTable([header, ...rows]));
  }
  const notCounted = (crossCutting: boolean) =>
    questionnaire.strands
      .filter((strand) => !strand.countInOverall && strand.crossCutting === crossCutting)
      .map((strand) => strand.id);
  const [crossCutting, apart] = [notCounted(true), notCounted(false)];
  if (crossCutting.length + apart.length > 0) out.push('');
  if (crossCutting.length > 0)
    out.push(`Not counted in the overall score (cross-cutting): ${crossCutting.join(', ')}.`);
  if (apart.length > 0) out.push(`Not counted in the overall score: ${apart.join(', ')}.`);
  return out.join('\n');
}
