/**
 * A path parameter with broken percent-encoding (`/countries/%`, `/editions/%E0%A4`) makes the
 * router's decodeURIComponent throw a URIError before any route runs. It is the client's
 * mistake, so it becomes the usual 400 (without echoing the raw text), not a logged 500.
 * Mounted last in each public router, where the router hands such errors on.
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../../http/http-error.js';

export function malformedUrl(error: unknown, _req: Request, _res: Response, next: NextFunction) {
  next(
    error instanceof URIError
      ? new HttpError(400, 'invalid-parameter', 'the address has a malformed percent-encoding')
      : error,
  );
}
