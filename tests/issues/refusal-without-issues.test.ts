/**
 * A refusal always carries a registered problem code: one built without issues (a slip that
 * should never happen) gets `unexplained-refusal`, which the web answers with its usual status
 * and which the registry and the README list, instead of a code outside the contract.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isIssueCode } from '../../src/issues/codes.js';
import { ConflictError, fileIssue, InputError } from '../../src/issues/issue.js';
import { errorHandler } from '../../src/web/http-error.js';

describe('a refusal without issues', () => {
  it('carries unexplained-refusal, with its message, for input and for conflicts', () => {
    for (const error of [
      new InputError([], 'no reason given'),
      new ConflictError([], 'no reason given'),
    ]) {
      expect(error.code).toBe('unexplained-refusal');
      expect(isIssueCode(error.code)).toBe(true);
      expect(error.issues).toEqual([fileIssue(null, 'unexplained-refusal', 'no reason given')]);
      expect(error.summary).toBe('no reason given');
    }
  });

  it('keeps the issues it is given, and their first code', () => {
    const issue = fileIssue('a.yaml', 'duplicate-key', 'twice');
    expect(new InputError([issue]).code).toBe('duplicate-key');
    expect(new ConflictError([issue]).issues).toEqual([issue]);
  });

  it('is answered 400 or 409 with that code, never 500', async () => {
    const app = express();
    app.get('/api/input', () => {
      throw new InputError([]);
    });
    app.get('/api/conflict', () => {
      throw new ConflictError([]);
    });
    app.use(errorHandler(() => {}));
    const input = await request(app).get('/api/input').set('Accept', 'application/json');
    const conflict = await request(app).get('/api/conflict').set('Accept', 'application/json');
    expect([input.status, conflict.status]).toEqual([400, 409]);
    expect(input.text).toContain('unexplained-refusal');
    expect(conflict.text).toContain('unexplained-refusal');
  });
});
