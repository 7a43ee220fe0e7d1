/**
 * Request bodies in the workspace. Limits apply before a body is read: a declared length over
 * the route's limit is refused with 413 at once, and the parsers stop reading at the same limit
 * when no length is declared. Only urlencoded forms are accepted, except on the one route that
 * takes a file (the YAML upload), which parses multipart itself, after the user is signed in.
 */
import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { badParameter, HttpError } from '../http/http-error.js';
import { formText } from '../http/params.js';

/** Forms of the workspace: a strand form with every source field filled stays far below. */
export const FORM_LIMIT_BYTES = 200 * 1024;
/** The sign-in and sign-out forms: an email, a password and two tokens. */
export const SIGN_IN_LIMIT_BYTES = 8 * 1024;
/** A YAML sheet upload: the file plus a few fields. */
const MAX_UPLOAD_BYTES = 1024 * 1024;
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** More fields than the largest strand form has (about 40 per question). */
const MAX_FORM_FIELDS = 5000;

/** Refuses a body whose declared length exceeds `limit`, before any of it is read. */
function declaredLengthAtMost(limit: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit) {
      // Closing the connection stops the client from sending the rest.
      res.setHeader('Connection', 'close');
      next(new HttpError(413, 'body-too-large', `the request body is larger than ${limit} bytes`));
      return;
    }
    next();
  };
}

/** Urlencoded forms only; other body types are refused with 415 unless `allowMultipart`. */
export function formBodies(limit: number, options: { allowMultipart?: boolean } = {}) {
  const parse = express.urlencoded({
    extended: false,
    limit,
    parameterLimit: MAX_FORM_FIELDS,
    verify: utf8Form,
  });
  return [
    declaredLengthAtMost(
      options.allowMultipart ? MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES : limit,
    ),
    (req: Request, res: Response, next: NextFunction): void => {
      if (!hasBody(req)) return next();
      if (req.is('application/x-www-form-urlencoded')) return parse(req, res, next);
      if (options.allowMultipart && req.is('multipart/form-data')) return next();
      next(new HttpError(415, 'unsupported-body', 'send the form as a web form (urlencoded)'));
    },
  ];
}

/**
 * Refuses (400) a urlencoded body whose %-escapes decode to bytes that are not UTF-8: the parser
 * would keep such a value as typed (`x%FFy`), and it would be stored so. Run on the raw body,
 * before it is parsed (the `verify` hook; the body parser passes the error on, status kept).
 */
function utf8Form(_req: Request, _res: Response, raw: Buffer): void {
  const bytes = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const high = hexDigit(raw[i + 1]);
    const low = hexDigit(raw[i + 2]);
    if (raw[i] === PERCENT && high >= 0 && low >= 0) {
      bytes[n++] = high * 16 + low;
      i += 2;
    } else bytes[n++] = raw[i]!;
  }
  if (!isUtf8(bytes.subarray(0, n)))
    throw new HttpError(400, 'invalid-encoding', 'the form holds text that is not UTF-8');
}

const PERCENT = 0x25;

/** The value of a hexadecimal digit's byte, or -1 (also for no byte). */
function hexDigit(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The multipart parser of the YAML upload: one file of at most MAX_UPLOAD_BYTES, few fields. */
export const uploadBody = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: MAX_UPLOAD_BYTES,
    files: 1,
    fields: 10,
    fieldSize: MAX_UPLOAD_BYTES,
    parts: 12,
    headerPairs: 100,
  },
}).single('file');

/** The posted form as a record; an absent or unparsed body is an empty form. */
export function formOf(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  );
}

/**
 * The revision a form or file was loaded at (`base_revision`), so that a save based on one
 * someone else replaced since is refused; missing, empty or not a whole number is a 400 saying
 * `when` ("the form was loaded at").
 */
export function revisionField(body: Record<string, unknown>, when: string): number {
  const text = formText(body, 'base_revision');
  // Decimal digits only: `Number` would also take "0x2", "1e1" or " 2 ".
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value))
    throw badParameter('base_revision', `must be the revision ${when}`);
  return value;
}
