/**
 * Range requests for the download files (RFC 9110 §14): a client that lost a large download
 * half-way, or a download manager fetching it in parts, asks for bytes `a` to `b` and gets 206
 * with those bytes only. Only the routes that say so (`Accept-Ranges: bytes`, the downloads) answer
 * ranges; every other response ignores the header, as the RFC allows.
 *
 * One range at a time: a request for several (`bytes=0-9,20-29`) gets the whole file with 200,
 * which the RFC allows too, rather than a multipart body few clients ask for. A range is always of
 * the file as it is (identity coding), whatever `Accept-Encoding` says: a gzip body cut in two is
 * of no use to anyone. `If-Range` with the file's current (strong) ETag asks for the range; with
 * any other validator the file changed and the whole is sent. A Range header that cannot be read
 * is ignored (the whole file, 200); a range that starts past the end is 416, its Content-Range
 * giving the file's length.
 */
import type { IncomingMessage } from 'node:http';

export type RangeAnswer =
  { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };

/** `a-b`, `a-` or `-n`, digits only (a number of up to 15 digits: exact as a double). */
const ONE_RANGE = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i;

/**
 * What to answer a request for a body of `length` bytes whose ETag is `etag`, as far as its
 * Range and If-Range headers go (a matching If-None-Match, 304, is decided before this).
 */
export function rangeAnswer(
  req: Pick<IncomingMessage, 'method' | 'headers'>,
  length: number,
  etag: string | undefined,
): RangeAnswer {
  const range = req.headers.range;
  if (req.method !== 'GET' || range === undefined) return WHOLE;
  const ifRange = req.headers['if-range'];
  // A date (no Last-Modified is sent) or another tag: the client's part is of another file.
  if (
    ifRange !== undefined &&
    (etag === undefined || etag.startsWith('W/') || String(ifRange).trim() !== etag)
  )
    return WHOLE;
  const match = ONE_RANGE.exec(range);
  if (!match) return WHOLE;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return WHOLE;
  if (first === '') {
    // The last n bytes.
    const n = Number(last);
    if (n === 0 || length === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, length - n), end: length - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return WHOLE; // not a valid range: ignored
  if (start >= length) return { kind: 'unsatisfiable' };
  return {
    kind: 'part',
    start,
    end: last === '' ? length - 1 : Math.min(Number(last), length - 1),
  };
}

/** The Content-Range of a part (`bytes a-b/N`), or of a 416 (the length only). */
export function contentRange(answer: RangeAnswer, length: number): string {
  return answer.kind === 'part'
    ? `bytes ${answer.start}-${answer.end}/${length}`
    : `bytes */${length}`;
}

/** The body of a 416: what was asked and what there is. */
export function unsatisfiableText(req: Pick<IncomingMessage, 'headers'>, length: number): string {
  return `range not satisfiable: "${String(req.headers.range).slice(0, 100)}" asks for bytes beyond the end of this file, which has ${length}; ask for bytes 0-${Math.max(0, length - 1)} or fewer\n`;
}

type Header = [name: string, value: string];

/** Headers that describe a whole body, replaced in a part or a 416. */
const WHOLE_BODY = new Set([
  'content-length',
  'content-range',
  'content-type',
  'content-disposition',
]);

/**
 * The status, headers and body that answer a range (`answer` not `whole`) of `body`, whose own
 * headers (Content-Type, ETag, …) are `own`: 206 with the bytes asked for, under the same headers
 * with the part's length and place; or 416, a short text saying what was asked and the length.
 */
export function rangeResponse(
  req: Pick<IncomingMessage, 'headers'>,
  answer: Exclude<RangeAnswer, { kind: 'whole' }>,
  body: Buffer,
  own: readonly Header[],
): { status: 206 | 416; headers: Header[]; body: Buffer } {
  const kept = own.filter(([name]) => !WHOLE_BODY.has(name.toLowerCase()));
  if (answer.kind === 'part') {
    const part = body.subarray(answer.start, answer.end + 1);
    const type = own.filter(([name]) => /^content-(?:type|disposition)$/i.test(name));
    return {
      status: 206,
      headers: [
        ...type,
        ...kept,
        ['Content-Range', contentRange(answer, body.length)],
        ['Content-Length', String(part.length)],
      ],
      body: part,
    };
  }
  const text = Buffer.from(unsatisfiableText(req, body.length), 'utf8');
  return {
    status: 416,
    headers: [
      ...kept.filter(([name]) => !/^(?:etag|vary)$/i.test(name)),
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Range', contentRange(answer, body.length)],
      ['Content-Length', String(text.length)],
    ],
    body: text,
  };
}
