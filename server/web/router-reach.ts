// Express hands every request to each router mounted without a path, and each router tries its routes
// one by one: about 1 µs a route, so a page of the twentieth router first walked some two hundred
// routes of the others. A router made only of routes is entered here only when the request's path can
// match one of them: one of its paths without parameters, or the fixed start of a path with some.
// Matching follows Express's defaults for routers: case-insensitive, one trailing slash allowed.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

interface Layer {
  route?: { path: unknown };
}

/** The paths a router answers: exact ones, and prefixes (ending in /) of paths with parameters. */
export function reachOf(router: Router): { exact: Set<string>; prefixes: string[] } | undefined {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const layer of (router as unknown as { stack: Layer[] }).stack) {
    // Middleware (router.use) may apply to any path, error handlers included: such a router is
    // always entered, as before.
    if (!layer.route) return undefined;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
      const special = path.search(/[:*{}()?+!\\]/);
      if (special < 0) exact.add(trimmed(path.toLowerCase()));
      else prefixes.add(path.slice(0, path.lastIndexOf('/', special) + 1).toLowerCase());
    }
  }
  return { exact, prefixes: [...prefixes] };
}

/** The router, or a handler that passes a request on to it only when one of its routes can match. */
export function enteredByPath(router: Router): RequestHandler {
  const reach = reachOf(router);
  if (!reach) return router;
  const { exact, prefixes } = reach;
  const enterIfReachable = (req: Request, res: Response, next: NextFunction) => {
    const path = ((req as { [MATCHED_PATH]?: string })[MATCHED_PATH] ??= trimmed(req.path.toLowerCase()));
    if (exact.has(path)) return router(req, res, next);
    for (const prefix of prefixes) if (path.startsWith(prefix)) return router(req, res, next);
    next();
  };
  // Listings of the app's routes (the access and cookie tests) walk each layer's handle.stack.
  return Object.assign(enterIfReachable, { stack: (router as unknown as { stack: unknown[] }).stack });
}

/** The request's path as routes match it, worked out once per request for all the routers. */
const MATCHED_PATH = Symbol('path as routes match it');

function trimmed(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
