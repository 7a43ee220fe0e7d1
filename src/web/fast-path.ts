/**
 * The fast path: a GET or HEAD whose exact address the response cache knows is answered before
 * Express sees it — no middleware, no routing, no rendering: a lookup, the choice of coding, the
 * `If-None-Match` check and one write of prepared bytes and headers. Anything else goes to the
 * app unchanged.
 *
 * It can only answer what the app's routes already answered for the same address: an address
 * is learned (`ResponseCache.serve`) when a route serves a cached entry to a request the fast
 * path had looked up and missed, so malformed addresses, unknown pages, the workspace and every
 * error take the ordinary path. The headers it writes are those the app's middleware set on
 * that response (helmet, Cache-Control, CORS); the cache holds back what must not be answered
 * this way (rate-limited analysis, content that varies with other request headers).
 *
 * Pages embed their public address in permalinks. With `publicUrl` set it is fixed; without,
 * it is the request's protocol and Host, so they are part of the address looked up, the
 * protocol decided as Express's `req.protocol` decides it under the app's `trust proxy`
 * setting — and an address is only learned when that agrees with what the route used.
 */
import type { Express, NextFunction, Request } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ResponseCache } from './response-cache.js';

interface LookedUp {
  address: string;
  base: string;
}

type TrustFn = (address: string | undefined, hop: number) => boolean;

/** An Express app's request entry point (typed for sub-apps only in @types/express). */
type Handle = (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void;

export class FastPath {
  private readonly lookedUp = new WeakMap<IncomingMessage, LookedUp>();
  private readonly fixedBase: string | undefined;

  /** @param publicUrl the app's fixed public address, if it has one (`AppDeps.publicUrl`). */
  constructor(publicUrl: string | undefined) {
    this.fixedBase = publicUrl?.replace(/\/$/, '');
  }

  /**
   * Puts the fast path in front of `app`, in its `handle`, which `app.listen`, supertest and
   * mounting in another app all call.
   */
  install(app: Express, cache: ResponseCache): void {
    const entry = app as unknown as { handle: Handle };
    const handle = entry.handle.bind(app);
    entry.handle = (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const url = req.url ?? '';
        const base = this.fixedBase ?? requestOrigin(req, app.get('trust proxy fn') as TrustFn);
        const address = this.fixedBase === undefined ? `${base} ${url}` : url;
        if (cache.answer(req, res, address)) return;
        this.lookedUp.set(req, { address, base });
      }
      handle(req, res, next);
    };
  }

  /**
   * The address under which the fast path looked `req` up and missed, provided `base` — the
   * public address the route embedded — is the one it assumed; else undefined.
   */
  addressOf(req: Request, base: string): string | undefined {
    const seen = this.lookedUp.get(req);
    return seen !== undefined && seen.base === base ? seen.address : undefined;
  }
}

/**
 * `protocol://host` as the app's `baseUrl` builds it from Express's `req.protocol` (TLS, or
 * the first X-Forwarded-Proto from a trusted proxy) and the Host header.
 */
function requestOrigin(req: IncomingMessage, trust: TrustFn): string {
  let protocol = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  if (trust(req.socket.remoteAddress, 0)) {
    const header = req.headers['x-forwarded-proto'];
    const forwarded = (Array.isArray(header) ? header.join(',') : header) || protocol;
    const comma = forwarded.indexOf(',');
    protocol = (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim();
  }
  return `${protocol}://${req.headers.host ?? 'localhost'}`;
}
