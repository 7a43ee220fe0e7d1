/**
 * The one HTTP error type, shared by the public site and the workspace. Routes throw it for
 * anything the user can get wrong (unknown country, malformed parameter, a refused action); the
 * web's error handler (`web/http-error.ts`) renders it as JSON under /api and as a page
 * elsewhere. The project's own `InputError` and `ConflictError` need no wrapping: the handler
 * renders them from their issues (`inputErrorStatus`).
 */
import { ConflictError, type InputError, type Issue } from '../issues/issue.js';

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

/**
 * A refused form: the error handler renders the form's page (`view` with `model`, which keeps
 * what was typed and says why) at `status`, instead of the error page. A client that asked for
 * JSON gets the usual `{ error: { code, message, issues } }`.
 */
export class FormError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    issues: Issue[],
    readonly view: string,
    readonly model: object,
  ) {
    super(status, code, message, issues);
    this.name = 'FormError';
  }

  /**
   * The form again for fields that were refused (`status` 422 as a rule): the first error's code
   * and every error's message, as an `InputError` of the same issues would have them.
   */
  static refusing(
    status: number,
    issues: readonly Issue[],
    view: string,
    model: object,
  ): FormError {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const message = errors.map((issue) => issue.message).join('; ') || 'the form was refused';
    return new FormError(status, errors[0]?.code ?? 'invalid-form', message, errors, view, model);
  }

  /** The form again for a refused `InputError`, at the status the error has on its own. */
  static of(error: InputError, view: string, model: object): FormError {
    return new FormError(
      inputErrorStatus(error),
      error.code,
      error.message,
      error.issues,
      view,
      model,
    );
  }
}

/**
 * The status of the project's own errors: 409 for a conflict (the state changed or forbids it;
 * the same request may work later), 400 for input that is refused as it is.
 */
export function inputErrorStatus(error: InputError): 400 | 409 {
  return error instanceof ConflictError ? 409 : 400;
}

export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} not found`);
export const badParameter = (name: string, problem: string) =>
  new HttpError(400, 'invalid-parameter', `parameter "${name}" ${problem}`);
