/**
 * Public responses depend only on published snapshots, which change only when something is
 * published. So a rendered page or API response is kept and served again as it is, until the
 * data version (the latest snapshot id) changes: profile pages then cost about what a static file
 * of the same bytes costs.
 */
import type { NextFunction, Request, Response } from 'express';

interface Entry {
  version: number;
  type: string;
  etag: string | undefined;
  body: string | Buffer;
}

export function responseCache(dataVersion: () => number, limit = 1000) {
  const entries = new Map<string, Entry>();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    // Permalinks embed the request's host when no public address is configured.
    const key = `${req.get('host') ?? ''} ${req.get('accept')?.includes('text/csv') ? 'csv' : ''} ${req.originalUrl}`;
    const version = dataVersion();
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      res.type(hit.type);
      if (hit.etag) res.setHeader('ETag', hit.etag);
      res.send(hit.body);
      return;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const result = send(body as string);
      if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
        if (entries.size >= limit) entries.delete(entries.keys().next().value!);
        entries.set(key, {
          version,
          type: String(res.getHeader('Content-Type') ?? 'text/html'),
          etag: res.getHeader('ETag') as string | undefined,
          body,
        });
      }
      return result;
    };
    next();
  };
}
