/**
 * 405 for a request made with a method a public resource does not take (a form posted to a
 * page, a PUT to the API), with the methods it does take in `Allow`: a 404 said that the
 * resource did not exist. Added to each public router after its routes: it looks among that
 * router's own routes for those whose path matches (Express 5 answers OPTIONS itself).
 */
import type { RequestHandler, Router } from 'express';
import { HttpError } from '../../http/http-error.js';

/** What this needs of the `router` package's layers (Express 5's `Router#stack`). */
interface RouteLayer {
  route?: { methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

export function methodNotAllowed(router: Router): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const methods = new Set<string>();
    for (const layer of (router as unknown as { stack: RouteLayer[] }).stack) {
      if (!layer.route || !layer.match(req.path)) continue;
      for (const [method, takes] of Object.entries(layer.route.methods))
        if (takes && method !== '_all') methods.add(method.toUpperCase());
    }
    if (methods.size === 0 || methods.has(req.method)) return next();
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].sort().join(', ');
    res.setHeader('Allow', allow);
    throw new HttpError(
      405,
      'method-not-allowed',
      `${req.method} is not taken at ${req.baseUrl}${req.path}, which answers ${allow}`,
    );
  };
}
