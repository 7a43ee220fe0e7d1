/**
 * A sheet as a YAML file: download it to edit in an editor, upload it back. An upload changes
 * only what the uploader may change: every question whose entry differs must lie in a strand of
 * their assignment, the sheet's status follows the workflow (never the file's `status:` line),
 * and a stale file (downloaded before someone else saved) is refused.
 */
import { Router } from 'express';
import { parseSheetText } from '../../answers/load-sheet.js';
import { sheetToYaml } from '../../answers/write-sheet.js';
import { badParameter, FormError } from '../../http/http-error.js';
import { issueAt, type Issue, type IssueCode } from '../../issues/issue.js';
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { decodeUtf8 } from '../../source/utf8.js';
import { yamlBudgetIssue } from '../../source/yaml-source.js';
import { confirmCarried } from '../../storage/review-repository.js';
import {
  changedQuestions,
  sameCoders,
  saveSheet,
  SheetConflictError,
} from '../../storage/sheet-repository.js';
import { formOf, revisionField, uploadBody } from '../request-body.js';
import { requireCsrf } from '../session.js';
import {
  authorize,
  mayTake,
  sheetData,
  sheetFromPath,
  strandsOf,
  ws,
  type SheetContext,
} from '../sheet-context.js';

const UPLOAD_FILE = 'upload.yaml';
/** About ten times a full sheet with several sources per answer. */
const UPLOAD_BUDGET = { lines: 20_000, colons: 10_000 };

export function yamlRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace/sheets/:country/:edition/sheet.yaml', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    const sheet = context.stored?.sheet ?? { ...sheetData(context, new Map(), 'draft'), file: '' };
    const schema = `${req.protocol}://${req.get('host') ?? 'localhost'}/schemas/answer-sheet.schema.json`;
    res.type('text/yaml; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${context.country}-${context.edition}.yaml"`,
    );
    res.send(
      sheetToYaml(sheet, context.questionnaire, {
        schemaPath: schema,
        header: [
          `${context.country} ${context.edition}, revision ${context.stored?.revision ?? 0}. Edit it, then upload it on the sheet's page.`,
        ],
      }),
    );
  });

  // The one route that takes a file: multipart is parsed here, after sign-in, then CSRF-checked.
  router.post(
    '/workspace/sheets/:country/:edition/upload',
    // Whether the user may upload to this sheet at all, before the file is read.
    (req, res, next) => {
      authorize(res, sheetFromPath(db, req), 'upload', []);
      next();
    },
    uploadBody,
    requireCsrf,
    async (req, res) => {
      const context = sheetFromPath(db, req);
      const body = formOf(req);
      const baseRevision = revisionField(body, 'the sheet was downloaded at');
      // A file is decoded strictly: bytes that are not UTF-8 are refused where they are, never
      // stored as replacement characters.
      const decoded = req.file
        ? decodeUtf8(UPLOAD_FILE, req.file.buffer)
        : { text: typeof body.yaml === 'string' ? body.yaml : '' };
      if ('issues' in decoded) throw refused(422, context, decoded.issues, '', baseRevision);
      const text = decoded.text;
      if (text.trim() === '') throw badParameter('file', 'choose a YAML file or paste the sheet');
      // Parsing runs on the event loop: a text far larger in structure than any sheet is
      // refused before it is parsed, so that one upload cannot hold every other request.
      const tooBig = yamlBudgetIssue(UPLOAD_FILE, text, UPLOAD_BUDGET);
      if (tooBig) throw refused(413, context, [tooBig], '', baseRevision);
      const { sheet, issues } = parseSheetText(UPLOAD_FILE, text, {
        questionnaire: context.questionnaire,
        countries: storedCountries(db).codes ?? undefined,
      });
      const problems = issues.filter((i) => i.severity === 'error');
      if (sheet && (sheet.country !== context.country || sheet.edition !== context.edition))
        problems.push(
          uploadIssue(
            'wrong-sheet',
            `this upload is for ${sheet.country} ${sheet.edition}, not ${context.country} ${context.edition}`,
          ),
        );
      if (!sheet || problems.length > 0) throw refused(422, context, problems, text, baseRevision);
      const changed = changedQuestions(context.stored?.sheet.answers ?? new Map(), sheet.answers);
      // The coders are credited for the whole sheet: changing them touches every strand.
      const codersChanged = !sameCoders(context.stored?.sheet.coders ?? [], sheet.coders);
      const decision = mayTake(
        res,
        context,
        'upload',
        codersChanged ? context.strands : strandsOf(context, changed),
      );
      if (!decision.allowed) {
        const why =
          codersChanged && decision.reason === 'out-of-scope'
            ? `the file changes the sheet's coders, who are credited for every strand: ${decision.message}; leave "coders:" as downloaded`
            : decision.message;
        throw refused(
          decision.reason === 'wrong-status' ? 409 : 403,
          context,
          [uploadIssue('out-of-scope', `${why}. Nothing was saved.`)],
          text,
          baseRevision,
        );
      }
      try {
        await whenWritable(db, () => {
          const saved = saveSheet(db, {
            sheet: { ...sheetData(context, sheet.answers, decision.status), coders: sheet.coders },
            baseRevision: baseRevision === 0 ? null : baseRevision,
            user: ws(res).user.email,
            reason: decision.correction ? 'correction: YAML upload' : 'YAML upload',
          });
          // An answer the file changes (or removes) was looked at: no longer waiting to be confirmed.
          confirmCarried(db, saved.sheetId, changed);
        });
      } catch (error) {
        if (!(error instanceof SheetConflictError)) throw error;
        throw refused(409, context, error.issues, text, baseRevision);
      }
      res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
    },
  );

  return router;
}

function uploadIssue(code: IssueCode, message: string): Issue {
  return issueAt({ file: UPLOAD_FILE, line: 1, column: 1 }, code, message);
}

/** The upload page again, with the issues and the text as sent: nothing was saved. */
function refused(
  status: number,
  context: SheetContext,
  issues: Issue[],
  yaml: string,
  baseRevision: number,
): FormError {
  const model = { title: 'Upload refused', context, issues, yaml, baseRevision };
  return FormError.refusing(status, issues, 'workspace/upload-errors', model);
}
