import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { fileIssue, InputError } from '../../src/issues/issue.js';
import { describeThrown, rethrown, type Thrown } from '../../src/workers/thrown.js';

/** `describeThrown(error)` sent through a real port (structured clone), then `rethrown`. */
function across(error: unknown): Error {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(describeThrown(error));
    return rethrown(receiveMessageOnPort(port2)!.message as Thrown);
  } finally {
    port1.close();
  }
}

describe('an error thrown in a worker thread, thrown again on the main thread', () => {
  it('an InputError stays an InputError with the same issues', () => {
    const issues = [fileIssue('sheets/DE.yaml', 'questionnaire-not-loaded', 'load it first')];
    const error = across(new InputError(issues));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual(issues);
  });

  it('a system error keeps its name, message and the fields the command line reports', () => {
    const system = Object.assign(new Error("EACCES: permission denied, open 'x.yaml'"), {
      code: 'EACCES',
      errno: -13,
      syscall: 'open',
      path: 'x.yaml',
    });
    const error = across(system);
    expect(error.message).toBe(system.message);
    expect(error).toMatchObject({ code: 'EACCES', errno: -13, syscall: 'open', path: 'x.yaml' });
    expect(error.stack).toBe(system.stack);
  });

  it("a named error (SQLite's) keeps its name and code; fields that are not plain values stay behind", () => {
    class SqliteLike extends Error {
      code = 'SQLITE_CANTOPEN';
      detail = { nested: true };
    }
    const thrown = new SqliteLike('unable to open database file');
    thrown.name = 'SqliteError';
    const error = across(thrown);
    expect(error.name).toBe('SqliteError');
    expect(error).toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(error).not.toHaveProperty('detail');
  });

  it('a thrown value that is not an Error becomes an Error with its text', () => {
    const error = across('out of chunks');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('out of chunks');
  });
});
