/**
 * Mistakes in what a user gives the command line — a folder that does not exist, a file where a
 * folder should be, a port in use, a database file that is not a database — end with one clear
 * line and exit 1, never "internal error" (exit 70, kept for bugs) and never a stack trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemFailureMessage } from '../../src/cli/system-errors.js';
import { cliAsync as cli, setEnv, temporaryWorkingDatabase } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let aFile: string;

beforeAll(() => {
  ({ dir, cleanup } = temporaryWorkingDatabase('cli-system-errors-', {
    file: join('db', 'index.sqlite'),
    firstStart: true,
  }));
  aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'not a folder\n');
});

afterAll(() => cleanup());

/** Exit 1, one line on stderr naming the command, no internal error, no stack trace. */
function expectOneLineFailure(result: { code: number; err: string }, pattern: RegExp) {
  expect(result.err).not.toMatch(/internal error/);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.err.split('\n')).toHaveLength(1);
  expect(result.err).toMatch(pattern);
  expect(result.code).toBe(1);
}

describe('paths given on the command line', () => {
  it('backup into a folder that does not exist', async () => {
    const target = join(dir, 'missing', 'backup.sqlite');
    expectOneLineFailure(
      await cli('backup', target),
      /^policy-index backup: cannot access .*missing: no such file or folder \(ENOENT\)$/,
    );
  });

  it('backup into a "folder" that is a file', async () => {
    expectOneLineFailure(
      await cli('backup', join(aFile, 'backup.sqlite')),
      /^policy-index backup: .*a-file: .*not a folder \(ENOTDIR\)$/,
    );
  });

  it('export-site onto an existing file', async () => {
    expectOneLineFailure(
      await cli('export-site', aFile),
      /^policy-index export-site: cannot create the folder .*a-file: a file with that name already exists \(EEXIST\)$/,
    );
  });

  it('export-sheets below a file', async () => {
    expectOneLineFailure(
      await cli('export-sheets', aFile),
      /^policy-index export-sheets: .*ENOTDIR/,
    );
  });

  it('schema --out onto a file', async () => {
    expectOneLineFailure(await cli('schema', '--out', aFile), /^policy-index schema: .*EEXIST/);
  });

  it('methodology --out into a missing folder, or onto a folder', async () => {
    expectOneLineFailure(
      await cli('methodology', '--out', join(dir, 'missing', 'METHODOLOGY.md')),
      /^policy-index methodology: cannot open .*METHODOLOGY\.md: no such file or folder \(ENOENT\)$/,
    );
    expectOneLineFailure(
      await cli('methodology', '--out', dir),
      /^policy-index methodology: cannot open .*: it is a folder, not a file \(EISDIR\)$/,
    );
  });

  it('import-scores of a device is refused without reading it', async () => {
    const result = await cli(
      'import-scores',
      '--questionnaire',
      'questionnaire',
      '--out',
      join(dir, 'out'),
      '/dev/zero',
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^\/dev\/zero: error\[not-a-regular-file\]/);
  });
});

describe('the database file', () => {
  const withDb = async (path: string, ...args: string[]) => {
    const restore = setEnv({ POLICY_INDEX_DB: path });
    try {
      return await cli(...args);
    } finally {
      restore();
    }
  };

  it('that is not a database', async () => {
    const text = join(dir, 'text.sqlite');
    writeFileSync(text, 'This is a text file, not a database. '.repeat(20));
    expectOneLineFailure(
      await withDb(text, 'db', 'verify'),
      /^policy-index db: database .*text\.sqlite: the file is not a SQLite database \(SQLITE_NOTADB\)$/,
    );
  });

  it('that is a folder', async () => {
    const folder = join(dir, 'a-folder.sqlite');
    mkdirSync(folder);
    expectOneLineFailure(await withDb(folder, 'rankings'), /SQLITE_CANTOPEN/);
  });

  it('below a file', async () => {
    expectOneLineFailure(await withDb(join(aFile, 'db.sqlite'), 'db', 'verify'), /EEXIST/);
  });
});

describe('serve', () => {
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('on a port in use says so and exits 1', async () => {
    expectOneLineFailure(
      await cli('serve', '--port', String(port), '--host', '127.0.0.1'),
      new RegExp(
        `^policy-index serve: cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use .*\\(EADDRINUSE\\)$`,
      ),
    );
  });
});

describe('what stays an internal error', () => {
  it('errors that are not about the system around the program are bugs (exit 70)', () => {
    expect(systemFailureMessage(new Error('undefined is not a function'))).toBeNull();
    expect(systemFailureMessage(new TypeError('x'))).toBeNull();
    expect(
      systemFailureMessage(
        Object.assign(new Error('constraint'), {
          name: 'SqliteError',
          code: 'SQLITE_CONSTRAINT_UNIQUE',
        }),
      ),
    ).toBeNull();
  });
});
