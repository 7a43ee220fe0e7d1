import { parseArgs } from 'node:util';
import { labelText } from '../../questionnaire/types.js';
import { bandFor } from '../../scoring/bands.js';
import { rankByScore } from '../../scoring/ranking.js';
import { change as displayedChange } from '../../published/display.js';
import { formatScore } from '../../scoring/rounding.js';
import { bootstrap } from '../../storage/bootstrap.js';
import { databasePath, openDatabase, type Db } from '../../storage/database.js';
import { editionsComparable, listEditions } from '../../storage/edition-repository.js';
import { storedCountries } from '../../storage/country-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import { getSnapshot } from '../../storage/snapshot-repository.js';
import { textTable } from '../text-table.js';
import { EXIT_OK, type CliIo } from '../io.js';
import { DEFAULT_QUESTIONNAIRE_DIR } from '../shared.js';

export const rankingsUsage = `usage: policy-index rankings [--questionnaire DIR] [--scores DIR]

Opens the working database (POLICY_INDEX_DB, default data/policy-index.sqlite). On an empty
database: loads the questionnaire and countries, imports the sheets in --scores (default
scores/) and publishes every edition. Later starts reuse the database; a questionnaire changed
on disk becomes a new questionnaire version. Then prints the published rankings.`;

export function rankingsCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
      scores: { type: 'string', default: 'scores' },
    },
  });
  const path = databasePath();
  const db = openDatabase(path);
  try {
    const result = bootstrap(db, {
      questionnaireDir: values.questionnaire,
      scoresDir: values.scores,
    });
    io.out(
      result.firstStart
        ? `${path}: new database; imported ${result.imported} sheets from ${values.scores}, published ${result.published.join(', ')}`
        : `${path}: reusing the database${result.newQuestionnaireVersion ? ' (the questionnaire on disk changed: stored as a new version for new editions)' : ''}`,
    );
    io.out(publishedReport(db));
  } finally {
    db.close();
  }
  return EXIT_OK;
}

/** The published rankings, edition by edition, with the change since the previous comparable edition. */
export function publishedReport(db: Db): string {
  const names = new Map(storedCountries(db).countries.map((c) => [c.code, c.name]));
  const out: string[] = [];
  let previous: { edition: string; overall: Map<string, number | null> } | null = null;
  for (const edition of listEditions(db)) {
    const snapshot = getSnapshot(db, edition.id);
    if (!snapshot) continue;
    const questionnaire = storedQuestionnaire(db, snapshot.questionnaireVersionId);
    const decimals = questionnaire.displayDecimals;
    const strands = questionnaire.strands.map((s) => s.id);
    const overall = new Map(
      snapshot.scores.results.map((r) => [r.country, r.nodes.overall?.score ?? null]),
    );
    const comparable = previous !== null && editionsComparable(db, previous.edition, edition.id);
    out.push(
      '',
      `Edition ${edition.id} (law as of ${edition.reference_date}) — published revision ${snapshot.revision}, ${snapshot.publishedAt.slice(0, 10)}${snapshot.note ? `: ${snapshot.note}` : ''}`,
      `  ${labelText(questionnaire.title)} ${questionnaire.version} (${questionnaire.hash.slice(0, 19)}…), method ${snapshot.methodId}`,
    );
    if (snapshot.sheets.some((s) => s.illustrative)) {
      out.push('  ILLUSTRATIVE DATA — sample answer sheets, not a real assessment of any country.');
    }
    const header = [
      'rank',
      'country',
      'overall',
      'band',
      ...strands,
      previous ? `vs ${previous.edition}` : '',
    ];
    const rows = rankByScore(
      snapshot.scores.results,
      (r) => r.nodes.overall?.score ?? null,
      decimals,
    ).map(({ item, rank }) => {
      const score = item.nodes.overall?.score ?? null;
      const before = previous?.overall.get(item.country) ?? null;
      const change =
        previous === null ? '' : !comparable ? 'n/c' : (displayedChange(before, score) ?? '–');
      return [
        rank === null ? '–' : String(rank),
        `${names.get(item.country) ?? item.country} (${item.country})`,
        formatScore(score, decimals),
        labelText(bandFor(questionnaire.bands, score, decimals)?.label ?? null),
        ...strands.map((id) => formatScore(item.nodes[id]?.score ?? null, decimals)),
        change,
      ];
    });
    out.push(...textTable([header, ...rows]).map((line) => `  ${line}`));
    if (previous && !comparable) {
      out.push(
        `  n/c: not comparable — ${previous.edition} and ${edition.id} use questionnaire versions that score differently.`,
      );
    }
    previous = { edition: edition.id, overall };
  }
  if (out.length === 0) return 'nothing published yet';
  return out.join('\n').replace(/^\n/, '');
}
