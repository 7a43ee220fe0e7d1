/**
 * The web's one error handler. The error family is rendered here and nowhere else, from the error
 * itself: an `HttpError` (src/http) with its status and code; the project's `InputError` at 400
 * and `ConflictError` (a stale save, a publication whose preview no longer holds) at 409, with
 * their issues and codes — the issues the CLI prints for the same error; a `FormError` as its
 * form again. All become `{ error: { code, message, issues? } }` under /api (or for a client that
 * does not take HTML) and a page elsewhere. Anything else is a bug, logged and answered with a
 * plain 500 without internals.
 */
import type { NextFunction, Request, Response } from 'express';
import { formatIssue } from '../issues/format-issues.js';
import { InputError, sortIssues, type Issue } from '../issues/issue.js';
import { FormError, HttpError, inputErrorStatus } from '../http/http-error.js';
import { DatabaseBusyError, isLockError, RETRY_AFTER_SECONDS } from '../storage/write-retry.js';

export function isApiRequest(req: Request): boolean {
  return req.path.startsWith('/api/');
}

export function errorHandler(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let status = 500;
    let code = 'internal-error';
    let message = 'Something went wrong on our side. The error has been logged.';
    let issues: Issue[] = [];
    const wantsJson = isApiRequest(req) || !req.accepts('html');
    if (error instanceof FormError && !wantsJson) {
      res.status(error.status);
      res.setHeader('Cache-Control', 'no-store');
      res.render(error.view, error.model);
      return;
    }
    if (error instanceof HttpError) {
      ({ status, code, message, issues } = error);
    } else if (error instanceof InputError) {
      status = inputErrorStatus(error);
      ({ code, message, issues } = error);
    } else if (error instanceof DatabaseBusyError || isLockError(error)) {
      // Another process holds the write lock (an import, a backup) and trying again shortly
      // will work. A lock error that did not come through whenWritable (a write made without
      // it, which did not wait at all) is answered the same way, and logged so it gets fixed.
      status = 503;
      code = 'database-busy';
      message =
        error instanceof DatabaseBusyError
          ? error.message
          : 'the database is busy with another change; try again in a moment';
      if (!(error instanceof DatabaseBusyError))
        log(`${req.method} ${req.originalUrl}: a write outside whenWritable met a lock`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (isUploadError(error)) {
      status = error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FIELD_VALUE' ? 413 : 400;
      code = status === 413 ? 'body-too-large' : 'invalid-body';
      message =
        status === 413 ? 'the upload is too large' : `the upload could not be read (${error.code})`;
    } else if (isClientError(error)) {
      // Errors of Express and its parsers that carry a 4xx status: an unreadable or oversized
      // body, a path whose percent-encoding is broken. The client's mistake, not a bug.
      status = error.status;
      // The body parsers' errors carry a `type`; a compressed body that does not inflate
      // carries zlib's code (Z_DATA_ERROR, …) instead.
      const body = 'type' in error || /^Z_/.test(String((error as { code?: unknown }).code));
      code = status === 413 ? 'body-too-large' : body ? 'invalid-body' : 'invalid-request';
      message =
        status === 413
          ? 'the request body is too large'
          : body
            ? 'the request body could not be read'
            : 'the request could not be understood (is its address correctly encoded?)';
    } else {
      log(
        `${req.method} ${req.originalUrl}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    res.status(status);
    res.setHeader('Cache-Control', 'no-store');
    if (wantsJson) {
      res.json({ error: { code, message, ...(issues.length > 0 ? { issues } : {}) } });
    } else {
      res.render('error', {
        status,
        code,
        message,
        issues: listedIssues(issues, message),
        heading: HEADINGS[status] ?? (status < 500 ? 'Request refused' : 'Something went wrong'),
        back: backLink(req.path),
      });
    }
  };
}

/**
 * The issues as the page lists them: each as the CLI prints it (`FILE:LINE:COL: error[code]:
 * message`, in the CLI's order), so a problem reads the same in both. A single issue that says no more than the
 * message above the list is not repeated.
 */
function listedIssues(issues: readonly Issue[], message: string): { code: string; text: string }[] {
  if (issues.length === 1 && issues[0]!.file === null && issues[0]!.message === message) return [];
  return sortIssues(issues).map((issue) => ({ code: issue.code, text: formatIssue(issue) }));
}

const HEADINGS: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in first',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not taken here',
  409: 'Not possible now',
  410: 'No longer valid',
  413: 'Too large',
  415: 'Not a form this page takes',
  422: 'Not accepted',
  429: 'Too many requests',
  503: 'Busy: try again in a moment',
};

/** Where the error page leads back to: the sheet or the workspace for workspace pages. */
function backLink(path: string): { href: string; label: string } {
  const sheet = /^\/workspace\/sheets\/([A-Za-z]{2})\/([A-Za-z0-9][A-Za-z0-9._-]{0,31})(\/|$)/.exec(
    path,
  );
  if (sheet)
    return { href: `/workspace/sheets/${sheet[1]}/${sheet[2]}`, label: 'Back to the sheet' };
  if (/^\/(workspace|login|logout|reset)(\/|$)/.test(path))
    return { href: '/workspace', label: 'Back to the workspace' };
  return { href: '/', label: 'Back to the ranking' };
}

function isUploadError(error: unknown): error is { code: string } {
  return (
    error instanceof Error &&
    error.name === 'MulterError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

function isClientError(error: unknown): error is { status: number } {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
