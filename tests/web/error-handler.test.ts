/**
 * One error path: the project's own errors are rendered by the web's one handler from the error
 * itself — an `InputError` as 400 with its issues and their codes, a conflict as 409, a
 * `FormError` as its form again — and the CLI prints the same issues as the same lines.
 */
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { reportFailure } from '../../src/cli/report-failure.js';
import { FormError, HttpError } from '../../src/http/http-error.js';
import { ConflictError, InputError, issueAt, NOWHERE } from '../../src/issues/issue.js';
import { SheetConflictError } from '../../src/storage/sheet-repository.js';
import { VIEWS_DIR } from '../../src/web/app.js';
import { errorHandler } from '../../src/web/http-error.js';
import { captureIo } from '../helpers/fixtures.js';

const invalid = () =>
  new InputError([
    issueAt(
      { file: 'DE.yaml', path: ['answers', 'fr-partners'], line: 14, column: 3 },
      'invalid-answer',
      'not an option',
    ),
    issueAt({ file: 'gone.yaml' }, 'file-not-found', 'file not found'),
  ]);
const stale = () =>
  new SheetConflictError(
    { country: 'DE', edition: '2024', coderKey: '' },
    2,
    3,
    'alice',
    '2026-11-30T10:00:00Z',
    [{ questionId: 'fr-partners', changedBy: 'alice', changedAt: '2026-11-30T10:00:00Z' }],
  );

/** An app with the real handler and views, whose routes throw what each test names. */
function appThrowing(make: () => unknown, logged: string[] = []): Express {
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  const fail = () => {
    throw make();
  };
  app.get('/api/v1/thing', fail);
  app.get('/workspace/thing', fail);
  app.use(errorHandler((line) => logged.push(line)));
  return app;
}

describe('an InputError', () => {
  it('is a 400 under /api with every issue, its code and position', async () => {
    const response = await request(appThrowing(invalid)).get('/api/v1/thing');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid-answer');
    expect(response.body.error.message).toBe('not an option; file not found');
    expect(response.body.error.issues).toEqual([
      expect.objectContaining({
        code: 'invalid-answer',
        file: 'DE.yaml',
        line: 14,
        column: 3,
        path: ['answers', 'fr-partners'],
      }),
      expect.objectContaining({
        code: 'file-not-found',
        file: 'gone.yaml',
        line: null,
        column: null,
      }),
    ]);
  });

  it('is a 400 page listing each issue with its code, as the CLI prints it', async () => {
    const response = await request(appThrowing(invalid)).get('/workspace/thing').accept('html');
    expect(response.status).toBe(400);
    expect(response.text).toContain('data-code="invalid-answer"');
    expect(response.text).toContain(
      '<li data-code="invalid-answer"><code>DE.yaml:14:3: error[invalid-answer]: not an option</code></li>',
    );
    expect(response.text).toContain(
      '<li data-code="file-not-found"><code>gone.yaml: error[file-not-found]: file not found</code></li>',
    );
    expect(response.text).not.toContain(':0:0');
  });

  it('prints the same lines on the command line (stderr, exit 1)', async () => {
    const page = await request(appThrowing(invalid)).get('/workspace/thing').accept('html');
    const listed = [
      ...page.text.matchAll(/<li data-code="[^"]+"><code>([^<]+)<\/code><\/li>/g),
    ].map((m) => m[1]);
    const captured = captureIo();
    expect(reportFailure('validate', 'usage', invalid(), captured.io)).toBe(1);
    expect(captured.out()).toBe('');
    expect(captured.err().split('\n')).toEqual([
      'DE.yaml:14:3: error[invalid-answer]: not an option',
      'gone.yaml: error[file-not-found]: file not found',
    ]);
    expect(listed).toEqual(captured.err().split('\n'));
  });
});

describe('a conflict', () => {
  it('a stale sheet save is a 409 with the sheet-conflict issue (JSON)', async () => {
    const response = await request(appThrowing(stale)).get('/api/v1/thing');
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'sheet-conflict',
      message:
        'DE 2024 was changed by alice at 2026-11-30T10:00:00Z (revision 3; your changes were based on revision 2): fr-partners. Nothing was saved.',
      issues: [
        expect.objectContaining({
          code: 'sheet-conflict',
          message:
            'DE 2024 was changed by alice at 2026-11-30T10:00:00Z (revision 3; your changes were based on revision 2): fr-partners',
          file: null,
          line: null,
        }),
      ],
    });
  });

  it('any ConflictError is a 409 page naming its code; the CLI prints its issue, exit 1', async () => {
    const make = () =>
      new ConflictError([
        issueAt(NOWHERE, 'edition-changed', 'the edition changed since the preview'),
      ]);
    const response = await request(appThrowing(make)).get('/workspace/thing').accept('html');
    expect(response.status).toBe(409);
    expect(response.text).toContain('<h1>Not possible now</h1>');
    expect(response.text).toContain('data-code="edition-changed"');
    const captured = captureIo();
    expect(reportFailure('publish', 'usage', stale(), captured.io)).toBe(1);
    expect(captured.err().split('\n')).toEqual([
      'error[sheet-conflict]: DE 2024 was changed by alice at 2026-11-30T10:00:00Z (revision 3; your changes were based on revision 2): fr-partners',
    ]);
  });
});

describe('a form error', () => {
  it('is the usual JSON error, with the issues, for a client that asked for JSON', async () => {
    const refused = () => FormError.of(invalid(), 'workspace/upload-errors', { yaml: 'typed' });
    const response = await request(appThrowing(refused)).get('/workspace/thing').accept('json');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid-answer');
    expect(response.body.error.issues.map((i: { code: string }) => i.code)).toEqual([
      'invalid-answer',
      'file-not-found',
    ]);
    expect(JSON.stringify(response.body)).not.toContain('typed');
  });
});

describe('anything else', () => {
  it('an HttpError keeps its status and code; an unknown error is a logged 500 without internals', async () => {
    const notAllowed = await request(
      appThrowing(() => new HttpError(403, 'not-assigned', 'not yours')),
    ).get('/api/v1/thing');
    expect([notAllowed.status, notAllowed.body.error.code]).toEqual([403, 'not-assigned']);
    const logged: string[] = [];
    const bug = await request(appThrowing(() => new Error('secret detail'), logged)).get(
      '/api/v1/thing',
    );
    expect(bug.status).toBe(500);
    expect(bug.body.error.code).toBe('internal-error');
    expect(JSON.stringify(bug.body)).not.toContain('secret detail');
    expect(logged.join('\n')).toContain('secret detail');
  });
});
