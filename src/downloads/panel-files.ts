/**
 * The files of a panel: the long table (CSV and JSON), the wide country × question table (CSV),
 * a workbook with both and a README sheet, and the `datapackage.json` describing them.
 *
 * A panel's files change when one of its editions gets a new revision or a comparable edition is
 * published; every row names its edition and revision, and the data package lists them all.
 */
import { labelText } from '../questionnaire/types.js';
import { csvFile } from './csv-resource.js';
import { dataPackageFile } from './data-package.js';
import { licenceInWords, termsOf } from './data-terms.js';
import {
  JSON_TYPE,
  XLSX_TYPE,
  jsonWithRecords,
  textFile,
  type DownloadFile,
} from './download-file.js';
import { datasetPath } from './edition-files.js';
import {
  PANEL_COLUMNS,
  panelCells,
  panelPath,
  panelQuestionnaire,
  wideCells,
  wideColumns,
  type Panel,
} from './panels.js';
import { workbook, type ReadmeLine } from './workbook.js';

/** Every file of a panel, the data package last; `baseUrl` makes the workbook's permalinks. */
export async function panelFiles(panel: Panel, baseUrl: string): Promise<DownloadFile[]> {
  const terms = termsOf(panel.editions);
  const questionnaire = panelQuestionnaire(panel);
  const title = `${labelText(questionnaire.title)}: panel of editions ${panel.editions.map((e) => e.edition.id).join(', ')}`;
  const long = panelCells(panel);
  const wide = wideCells(panel);
  const wideTable = wideColumns(panel);
  const editions = panel.editions.map((edition) => ({
    edition: edition.edition.id,
    revision: edition.snapshot.revision,
    reference_date: edition.edition.reference_date,
    published_at: edition.snapshot.publishedAt,
    partial: edition.partial,
    questionnaire_version: edition.questionnaire.version,
    questionnaire_hash: edition.questionnaire.hash,
    method: edition.snapshot.methodId,
    licence: edition.questionnaire.dataLicence,
    illustrative: edition.illustrative,
    files: `${baseUrl}${datasetPath(edition, 'datapackage.json')}`,
  }));
  const names = PANEL_COLUMNS.map((column) => column.name);
  const files: DownloadFile[] = [
    csvFile(
      'panel.csv',
      PANEL_COLUMNS,
      long,
      'Scores of every comparable edition in long form: one row per country, edition and node.',
      { primaryKey: ['country', 'edition', 'node'] },
    ),
    textFile(
      'panel.json',
      JSON_TYPE,
      jsonWithRecords(
        {
          panel: panel.id,
          title,
          questionnaire: { id: panel.questionnaireId, scoring_hash: panel.scoringHash },
          illustrative: terms.illustrative,
          notice: terms.notice,
          licences: terms.licences,
          editions,
        },
        'rows',
        long.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]]))),
      ),
      long.length,
      'The rows of panel.csv as JSON records (numbers as numbers), with the editions they come from.',
      { format: 'json', mediatype: 'application/json' },
    ),
    csvFile(
      'wide.csv',
      wideTable,
      wide,
      'One row per country and edition, one column per question with the points its answer scored.',
      { primaryKey: ['country', 'edition'] },
    ),
  ];
  const permalink = `${baseUrl}${panelPath(panel, 'panel.xlsx')}`;
  const readme: ReadmeLine[] = [
    ['Workbook', title],
    [
      'What it is',
      'Every published edition whose scores are comparable (same questionnaire scoring) in one place. Sheet "scores": every node\'s score in long form (as panel.csv). Sheet "wide": one row per country and edition, one column per question with its points (as wide.csv).',
    ],
    ...(terms.notice ? [['Notice', terms.notice] as ReadmeLine] : []),
    ['Licence', licenceInWords(terms)],
    ['Source', permalink],
    ['Data package', `${baseUrl}${panelPath(panel, 'datapackage.json')}`],
    ['Scoring hash', panel.scoringHash],
    ...editions.map((e): ReadmeLine => [
      `Edition ${e.edition}`,
      `revision ${e.revision}, law as of ${e.reference_date}, published ${e.published_at}${e.partial ? ' (partial)' : ''}; questionnaire ${e.questionnaire_version}, method ${e.method}; its own files: ${e.files}`,
    ]),
  ];
  const xlsx = await workbook(readme, [
    { sheet: 'scores', columns: PANEL_COLUMNS, rows: long },
    { sheet: 'wide', columns: wideTable, rows: wide },
  ]);
  files.push({
    name: 'panel.xlsx',
    type: XLSX_TYPE,
    body: xlsx,
    rows: long.length + wide.length,
    description:
      'Excel workbook: a README sheet (what it is, licence, notice, source), the scores in long form and the wide table.',
    resource: {
      format: 'xlsx',
      mediatype: XLSX_TYPE,
      sheets: [
        { name: 'README' },
        { name: 'scores', rows: long.length },
        { name: 'wide', rows: wide.length },
      ],
    },
  });
  // Changed last by the newest publication among its editions (a correction of an older one too).
  const created = panel.editions
    .map((e) => e.snapshot.publishedAt)
    .sort()
    .at(-1)!;
  return [
    ...files,
    dataPackageFile(
      {
        name: `policy-index-panel-${panel.id}`,
        title,
        description: `Scores of the editions ${editions.map((e) => `${e.edition} (revision ${e.revision}, law as of ${e.reference_date})`).join(', ')}, comparable under scoring ${panel.scoringHash}.`,
        version: `${questionnaire.version}+${editions.map((e) => `${e.edition}r${e.revision}`).join('.')}`,
        created,
        sources: panel.editions.map((edition) => ({
          title: `Edition ${edition.edition.id}, revision ${edition.snapshot.revision}`,
          path: `${baseUrl}${datasetPath(edition, 'datapackage.json')}`,
        })),
        terms,
      },
      files,
    ),
  ];
}
