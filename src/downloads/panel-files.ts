/**
 * The files of a panel: the long table (CSV and JSON), the wide country × question table (CSV),
 * a workbook with both and a README sheet, and the `datapackage.json` describing them.
 *
 * A panel's files change when one of its editions gets a new revision or a comparable edition is
 * published; every row names its edition and revision, and the data package lists them all.
 */
import { labelText } from '../questionnaire/types.js';
import type { Cell, Column } from './columns.js';
import { csvFile } from './csv-resource.js';
import { dataPackageFile } from './data-package.js';
import { licenceInWords, termsOf, type DataTerms } from './data-terms.js';
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
import type { PublishedEdition } from '../published/public-data.js';
import { workbook, type ReadmeLine } from './workbook.js';

/** What a panel's files say about it: its name, terms, tables and the editions it holds. */
interface PanelContent {
  panel: Panel;
  baseUrl: string;
  title: string;
  terms: DataTerms;
  long: Cell[][];
  wideColumns: Column[];
  wide: Cell[][];
  editions: ReturnType<typeof editionsOf>;
}

/**
 * The files made for a panel, by its first edition — an object the published data builds once
 * per snapshot, so that two databases in one process (tests) never share files — then by
 * `madeKey`; at most `MADE_KEPT` under each.
 */
const made = new WeakMap<PublishedEdition, Map<string, Promise<DownloadFile[]>>>();
const MADE_KEPT = 4;

/** The editions and revisions a panel holds, and the address its files link to. */
function madeKey(panel: Panel, baseUrl: string): string {
  const revisions = panel.editions.map((e) => [e.edition.id, e.snapshot.id]);
  return JSON.stringify([panel.id, revisions, baseUrl]);
}

/**
 * Every file of a panel, the data package last; `baseUrl` makes the permalinks in them.
 *
 * Made once for a panel's editions at their revisions: the data package names every file's
 * checksum, so making one file means making them all (the workbook alone takes a few hundred
 * milliseconds), and the downloads page and each of the five files ask for them. A failure is
 * not kept.
 */
export function panelFiles(panel: Panel, baseUrl: string): Promise<DownloadFile[]> {
  const anchor = panel.editions[0]!;
  let byKey = made.get(anchor);
  if (byKey === undefined) made.set(anchor, (byKey = new Map()));
  const key = madeKey(panel, baseUrl);
  let files = byKey.get(key);
  if (files === undefined) {
    const kept = byKey;
    files = makePanelFiles(panel, baseUrl);
    kept.set(key, files);
    files.catch(() => kept.delete(key));
    if (kept.size > MADE_KEPT) kept.delete(kept.keys().next().value!);
  }
  return files;
}

async function makePanelFiles(panel: Panel, baseUrl: string): Promise<DownloadFile[]> {
  const editionIds = panel.editions.map((e) => e.edition.id).join(', ');
  const content: PanelContent = {
    panel,
    baseUrl,
    title: `${labelText(panelQuestionnaire(panel).title)}: panel of editions ${editionIds}`,
    terms: termsOf(panel.editions),
    long: panelCells(panel),
    wideColumns: wideColumns(panel),
    wide: wideCells(panel),
    editions: editionsOf(panel, baseUrl),
  };
  const files = [
    csvFile(
      'panel.csv',
      PANEL_COLUMNS,
      content.long,
      'Scores of every comparable edition in long form: one row per country, edition and node.',
      { primaryKey: ['country', 'edition', 'node'] },
    ),
    panelJson(content),
    csvFile(
      'wide.csv',
      content.wideColumns,
      content.wide,
      'One row per country and edition, one column per question with the points its answer scored.',
      { primaryKey: ['country', 'edition'] },
    ),
    await workbookFile(content),
  ];
  return [...files, packageFile(content, files)];
}

/** The editions of a panel as its JSON, README sheet and data package describe them. */
function editionsOf(panel: Panel, baseUrl: string) {
  return panel.editions.map((edition) => ({
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
}

function panelJson({ panel, title, terms, long, editions }: PanelContent): DownloadFile {
  const names = PANEL_COLUMNS.map((column) => column.name);
  const head = {
    panel: panel.id,
    title,
    questionnaire: { id: panel.questionnaireId, scoring_hash: panel.scoringHash },
    illustrative: terms.illustrative,
    notice: terms.notice,
    licences: terms.licences,
    editions,
  };
  const records = long.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  return textFile(
    'panel.json',
    JSON_TYPE,
    jsonWithRecords(head, 'rows', records),
    long.length,
    'The rows of panel.csv as JSON records (numbers as numbers), with the editions they come from.',
    { format: 'json', mediatype: 'application/json' },
  );
}

/** The workbook's README sheet: what it is, notice, licence, where it comes from, its editions. */
function readme({ panel, baseUrl, title, terms, editions }: PanelContent): ReadmeLine[] {
  return [
    ['Workbook', title],
    [
      'What it is',
      'Every published edition whose scores are comparable (same questionnaire scoring) in one place. Sheet "scores": every node\'s score in long form (as panel.csv). Sheet "wide": one row per country and edition, one column per question with its points (as wide.csv).',
    ],
    ...(terms.notice ? [['Notice', terms.notice] as ReadmeLine] : []),
    ['Licence', licenceInWords(terms)],
    ['Source', `${baseUrl}${panelPath(panel, 'panel.xlsx')}`],
    ['Data package', `${baseUrl}${panelPath(panel, 'datapackage.json')}`],
    ['Scoring hash', panel.scoringHash],
    ...editions.map((e): ReadmeLine => [
      `Edition ${e.edition}`,
      `revision ${e.revision}, law as of ${e.reference_date}, published ${e.published_at}${e.partial ? ' (partial)' : ''}; questionnaire ${e.questionnaire_version}, method ${e.method}; its own files: ${e.files}`,
    ]),
  ];
}

async function workbookFile(content: PanelContent): Promise<DownloadFile> {
  const { long, wide } = content;
  const body = await workbook(readme(content), [
    { sheet: 'scores', columns: PANEL_COLUMNS, rows: long },
    { sheet: 'wide', columns: content.wideColumns, rows: wide },
  ]);
  return {
    name: 'panel.xlsx',
    type: XLSX_TYPE,
    body,
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
  };
}

function packageFile(content: PanelContent, files: DownloadFile[]): DownloadFile {
  const { panel, editions } = content;
  // Changed last by the newest publication among its editions (a correction of an older one too).
  const created = editions
    .map((e) => e.published_at)
    .sort()
    .at(-1)!;
  return dataPackageFile(
    {
      name: `policy-index-panel-${panel.id}`,
      title: content.title,
      description: `Scores of the editions ${editions.map((e) => `${e.edition} (revision ${e.revision}, law as of ${e.reference_date})`).join(', ')}, comparable under scoring ${panel.scoringHash}.`,
      version: `${panelQuestionnaire(panel).version}+${editions.map((e) => `${e.edition}r${e.revision}`).join('.')}`,
      created,
      sources: editions.map((e) => ({
        title: `Edition ${e.edition}, revision ${e.revision}`,
        path: e.files,
      })),
      terms: content.terms,
    },
    files,
  );
}
