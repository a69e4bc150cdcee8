// Middleware mounted without a path, run one after another in a single Express layer. Why: Express's
// router does work between every two layers (parses the URL, matches the layer's path, keeps req.url
// and req.baseUrl, wraps the call), about 2 µs a layer, and a signed-in page passed some twenty app
// middlewares and routers before its own. Nothing of that applies to pathless middleware.
// The contract stays Express's: a handler's throw or rejected promise, or next(err), goes to the
// error handlers after the sequence; next('router') leaves it as it leaves a router.
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function inSequence(...handlers: RequestHandler[]): RequestHandler {
  const sequence = (req: Request, res: Response, done: NextFunction): void => {
    let index = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null) return done(err);
      const handler = handlers[index++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise) result.then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
      } catch (error) {
        next(error);
      }
    };
    next();
  };
  // Listings of the app's routes (the access and cookie tests) walk each layer's handle.stack.
  return Object.assign(sequence, { stack: handlers.map((handle) => ({ handle })) });
}
