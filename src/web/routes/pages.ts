/** Public pages: thin routes — parse, build the view model, render. */
import { countryNamesIn, inPageOf, pageLanguage } from '../i18n/page-language.js';
import { translate } from '../i18n/catalogue.js';
import { citationView } from '../view-models/citation.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Router, Request, Response } from 'express';
import { localizedRouter } from '../i18n/localized-pages.js';
import { editionFileNames, editionFiles } from '../../downloads/edition-files.js';
import { panelFiles } from '../../downloads/panel-files.js';
import { PANEL_FILES, panelNamed } from '../../downloads/panels.js';
import { badParameter, notFound } from '../../http/http-error.js';
import { countryParam, editionParam } from '../../http/params.js';
import {
  checkEditionOrder,
  countryIn,
  latestEdition,
  publishedEdition,
  query,
  revisionParam,
  robustnessParams,
  whatIfChanges,
} from '../params.js';
import { buildChanges } from '../view-models/changes.js';
import { buildCompare, differingRows } from '../view-models/compare.js';
import { compareRequest } from '../compare-request.js';
import { buildDownloads } from '../view-models/downloads.js';
import { buildMethodology, deviationRows } from '../view-models/methodology.js';
import { instrumentChangePath, instrumentName } from '../../published/display.js';
import { shippedFolderOf } from '../../questionnaire/shipped.js';
import { buildProfile } from '../view-models/profile.js';
import { compareBars, profileCharts } from '../charts/published-charts.js';
import { buildRanking } from '../view-models/ranking.js';
import { buildStrand } from '../view-models/strand.js';
import { buildWhatIf } from '../view-models/what-if.js';
import { buildRobustness } from '../view-models/robustness.js';
import { answerSheetSchema } from '../../answers/sheet-schema.js';
import { legalEventsSchemaDocument } from '../../events/event-schema.js';
import type { DownloadFile } from '../../downloads/download-file.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { writeRange } from '../prepared-response.js';

export interface PageDeps extends PublicRouteDeps {
  questionnaireDir: string | null;
}

export function pageRoutes(deps: PageDeps): Router {
  const { data, analysisLimit } = deps;
  const router = localizedRouter();
  const cached = fromCache.bind(null, deps);
  /** The "Cite this" block of a page of `edition` (`kind`: its title in cite.{kind}Title). */
  const pageCitation = (
    req: Request,
    edition: PublishedEdition,
    path: string,
    key: string,
    kind: 'strand' | 'ranking' | 'methodology',
    values: Record<string, string> = {},
  ) =>
    citationView(
      edition,
      path,
      translate(pageLanguage(), `cite.${kind}Title`, {
        ...values,
        edition: edition.edition.id,
        revision: edition.snapshot.revision,
      }),
      key,
      deps.baseUrl(req),
      deps.now?.(),
    );

  const rankingPage = (req: Request, res: Response, editionId: string | null) => {
    const edition =
      editionId === null
        ? latestEdition(data)
        : publishedEdition(
            data,
            editionParam(editionId, 'edition'),
            revisionParam(query(req, 'revision')),
          );
    const sort = query(req, 'sort') ?? 'rank';
    const allowed = ['rank', 'country', ...edition.questionnaire.strands.map((s) => s.id)];
    if (!allowed.includes(sort)) throw badParameter('sort', `must be one of ${allowed.join(', ')}`);
    const basePath = editionId === null ? '/' : `/editions/${edition.edition.id}`;
    if (cached(req, res, [...snapshotOf(edition), sort, basePath])) return;
    res.render('ranking', {
      title: `Ranking ${edition.edition.id}`,
      view: buildRanking(data, edition, sort, basePath),
      citation: pageCitation(req, edition, `/editions/${edition.edition.id}`, 'ranking', 'ranking'),
    });
  };

  router.get('/', (req, res) => {
    const editionId = query(req, 'edition');
    rankingPage(req, res, editionId === undefined ? null : editionId);
  });

  router.get('/editions/:edition', (req, res) => {
    rankingPage(req, res, req.params.edition);
  });

  router.get('/countries/:code', (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const editions = data.publishedEditions().filter((e) => data.edition(e.id)?.scores.has(code));
    // The latest complete edition with the country; a partial one only if there is no other.
    const latest = editions.filter((e) => !data.isPartial(e.id)).at(-1) ?? editions.at(-1);
    if (!latest) throw notFound(`country "${code}" in any published edition`);
    res.redirect(302, `/countries/${code}/${latest.id}`);
  });

  router.get('/countries/:code/changes', analysisLimit, (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const published = data.publishedEditions().filter((e) => data.edition(e.id)?.scores.has(code));
    const to = query(req, 'to') ?? published.at(-1)?.id;
    const from = query(req, 'from') ?? published.at(-2)?.id;
    if (to === undefined || from === undefined)
      throw notFound(`two published editions with country "${code}"`);
    const after = publishedEdition(data, editionParam(to, 'to'));
    const before = publishedEdition(data, editionParam(from, 'from'));
    countryIn(after, code);
    countryIn(before, code);
    checkEditionOrder(data, before, after);
    if (cached(req, res, [code, ...snapshotOf(before), ...snapshotOf(after)])) return;
    const view = buildChanges(data, code, before, after);
    // Two instruments: no points, and the page that splits the difference instead.
    const instruments =
      before.questionnaire.id === after.questionnaire.id
        ? null
        : {
            from: instrumentName(before.questionnaire),
            to: instrumentName(after.questionnaire),
            href: instrumentChangePath(code, before.edition.id, after.edition.id),
          };
    res.render('changes', {
      title: `${view.name}: changes ${view.from}–${view.to}`,
      view,
      instruments,
    });
  });

  router.get('/countries/:code/:edition', (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const edition = publishedEdition(
      data,
      editionParam(req.params.edition, 'edition'),
      revisionParam(query(req, 'revision')),
    );
    countryIn(edition, code);
    if (cached(req, res, [code, ...snapshotOf(edition)])) return;
    const view = buildProfile(data, edition, code, deps.baseUrl(req), deps.now?.());
    res.render('profile', {
      title: `${view.name} ${view.edition}`,
      view,
      charts: profileCharts(data, edition, code, view.name),
    });
  });

  router.get('/countries/:code/:edition/what-if', analysisLimit, (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'));
    countryIn(edition, code);
    const changes = whatIfChanges(req, edition.questionnaire);
    if (cached(req, res, [code, ...snapshotOf(edition), [...changes]])) return;
    const view = buildWhatIf(data, edition, code, changes);
    // A page that lists problems with the input answers to that input only: not worth keeping.
    if (view.problems.length > 0) res.setHeader('Cache-Control', 'no-store');
    res.render('what-if', { title: `What if: ${view.name} ${view.edition}`, view });
  });

  router.get('/robustness/:edition', analysisLimit, (req, res) => {
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'));
    const options = robustnessParams(req);
    if (cached(req, res, [...snapshotOf(edition), options])) return;
    const view = buildRobustness(data, edition, options);
    res.render('robustness', {
      title: `Robustness ${view.edition}`,
      view,
      editions: data.publishedEditions().map((e) => e.id),
    });
  });

  router.get('/strands/:strand/:edition', (req, res) => {
    const edition = publishedEdition(
      data,
      editionParam(req.params.edition, 'edition'),
      revisionParam(query(req, 'revision')),
    );
    const strand = edition.questionnaire.strands.find((s) => s.id === req.params.strand);
    if (!strand) throw notFound(`strand "${req.params.strand}"`);
    if (cached(req, res, [strand.id, ...snapshotOf(edition)])) return;
    const view = buildStrand(data, edition, strand);
    res.render('strand', {
      title: `${view.label} ${view.edition}`,
      view,
      citation: pageCitation(
        req,
        edition,
        `/strands/${strand.id}/${edition.edition.id}`,
        strand.id,
        'strand',
        { strand: view.label },
      ),
    });
  });

  router.get('/compare', analysisLimit, (req, res) => {
    const { edition, ask, codes, form } = compareRequest(data, req);
    const key = [...snapshotOf(edition), codes, ask.against, ask.onlyDifferences];
    if (cached(req, res, key)) return;
    const view = codes === null ? null : buildCompare(data, edition, codes);
    res.render('compare', {
      chart:
        view &&
        compareBars(
          edition,
          view.countries.map((c) => c.code),
          countryNamesIn(data),
        ),
      title: view ? `Compare ${view.countries.map((c) => c.name).join(', ')}` : 'Compare countries',
      view,
      rows: view && ask.onlyDifferences ? differingRows(view.rows) : view?.rows,
      form,
      edition: edition.edition.id,
      error: null,
    });
  });

  router.get('/methodology', (req, res) => {
    const editionId = query(req, 'edition');
    const edition =
      editionId === undefined
        ? latestEdition(data)
        : publishedEdition(
            data,
            editionParam(editionId, 'edition'),
            revisionParam(query(req, 'revision')),
          );
    if (cached(req, res, snapshotOf(edition))) return;
    // Only the versions of the edition's own questionnaire: another instrument has its own page.
    const sameInstrument = (v: { editions: string[] }) =>
      v.editions.some((e) => data.edition(e)?.questionnaire.id === edition.questionnaire.id);
    const versions = data
      .questionnaireVersions()
      .filter(sameInstrument)
      .map((v) => ({
        version: v.version,
        hash: v.hash,
        loadedAt: v.loadedAt.slice(0, 10),
        editions: v.editions.join(', '),
      }));
    const folder = deps.questionnaireDir
      ? shippedFolderOf(deps.questionnaireDir, edition.questionnaire.id)
      : null;
    const changelogFile = folder ? join(folder, 'CHANGELOG.md') : null;
    const changelog =
      changelogFile && existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : null;
    res.render('methodology', {
      title: 'Methodology',
      view: buildMethodology(edition.questionnaire, versions, changelog),
      edition: edition.edition.id,
      instrument: instrumentName(edition.questionnaire),
      citation: pageCitation(
        req,
        edition,
        `/methodology?edition=${encodeURIComponent(edition.edition.id)}`,
        'methodology',
        'methodology',
      ),
      deviations: deviationRows(
        edition.questionnaire,
        data.deviations(edition),
        countryNamesIn(data),
      ),
    });
  });

  router.get('/schemas/answer-sheet.schema.json', (req, res) => {
    const edition = latestEdition(data);
    if (cached(req, res, snapshotOf(edition))) return;
    res.json(answerSheetSchema(edition.questionnaire));
  });

  router.get('/schemas/legal-events.schema.json', (req, res) => {
    if (cached(req, res, [])) return;
    res.json(legalEventsSchemaDocument());
  });

  router.get('/downloads', async (req, res) => {
    if (cached(req, res, [])) return;
    const view = await buildDownloads(data, deps.baseUrl(req), (work) => inPageOf(res, work));
    res.render('downloads', { title: 'Downloads', view });
  });

  // Before the revision files' route, whose three segments it shares: an edition that happens
  // to be named "panels" still gets its files when no panel has the name asked for.
  router.get('/downloads/panels/:panel/:file', async (req, res, next) => {
    const panel = panelNamed(data, req.params.panel);
    if (!panel) {
      if (data.edition('panels')) return next();
      throw notFound(`panel "${req.params.panel}"`);
    }
    const file = req.params.file;
    if (!(PANEL_FILES as readonly string[]).includes(file)) throw notFound(`file "${file}"`);
    const snapshots = panel.editions.flatMap(snapshotOf);
    if (cached(req, res, [panel.id, ...snapshots, file])) return;
    const found = (await panelFiles(panel, deps.baseUrl(req))).find((f) => f.name === file)!;
    sendDownload(req, res, found, `policy-index-panel-${panel.id}-${file}`);
  });

  router.get('/downloads/:edition/:revision/:file', (req, res) => {
    const edition = publishedEdition(
      data,
      editionParam(req.params.edition, 'edition'),
      revisionParam(req.params.revision),
    );
    const file = req.params.file;
    if (!(editionFileNames(edition) as string[]).includes(file))
      throw notFound(`file "${req.params.file}"`);
    if (cached(req, res, [...snapshotOf(edition), file])) return;
    const found = editionFiles(edition).find((f) => f.name === file)!;
    sendDownload(
      req,
      res,
      found,
      `policy-index-${edition.edition.id}-r${edition.snapshot.revision}-${file}`,
    );
  });

  router.use(methodNotAllowed(router));
  router.use(malformedUrl);
  return router;
}

/**
 * A download: tables (CSV, workbook) as attachments under a name that says what they are, in
 * parts on request (`Range`, byte-ranges.ts). Sent whole, the response cache keeps it and answers
 * later ranges itself (prepared-response.ts); a range asked before that, or of a file the cache
 * does not keep, is answered here.
 */
function sendDownload(
  req: Request,
  res: Response,
  file: DownloadFile,
  attachmentName: string,
): void {
  res.type(file.type);
  if (!file.name.endsWith('.json'))
    res.setHeader('Content-Disposition', `attachment; filename="${attachmentName}"`);
  res.setHeader('Accept-Ranges', 'bytes');
  if (req.headers.range !== undefined) {
    // The ETag Express would send, so that If-None-Match (304 first) and If-Range see it.
    const etag = (req.app.get('etag fn') as (body: Buffer) => string)(file.body);
    res.setHeader('ETag', etag);
    if (!req.fresh && writeRange(req, res, file.body, etag)) return;
  }
  res.send(file.body);
}
