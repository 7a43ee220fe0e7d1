/**
 * The one HTTP error type, shared by the public site and the workspace. Routes throw it for
 * anything the user can get wrong (unknown country, malformed parameter, a refused action); the
 * web's error handler renders it as JSON under /api and as a page elsewhere.
 */
import type { Issue } from '../issues/issue.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} not found`);
export const badParameter = (name: string, problem: string) =>
  new HttpError(400, 'invalid-parameter', `parameter "${name}" ${problem}`);
