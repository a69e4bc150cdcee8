// The one error handler: typed errors become their status with a readable page or JSON body;
// body-parser and CSRF errors become 4xx; anything else is logged with its request id and
// answered with a generic 500 that leaks nothing.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError, TooManyRequestsError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * How the web layer answers: the composition root (server/app.ts) passes the web layer's own
 * functions, so the platform never imports the web layer it sits under.
 */
export interface ErrorAnswers {
  /** Whether the client gets a JSON body rather than a page. */
  wantsJson(req: Request): boolean;
  /** The readable error page, in the request's language. */
  errorPage(req: Request, status: number, message: string): string;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  expose?: boolean;
}

function classify(error: unknown): { status: number; code: string; message: string; fields?: Record<string, string> } {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message, fields: error.fields };
  const e = (error ?? {}) as HttpLikeError;
  if (e.code === 'EBADCSRFTOKEN') return { status: 403, code: 'csrf_failed', message: 'errors.csrf' };
  if (e.type === 'entity.too.large') return { status: 413, code: 'body_too_large', message: 'errors.tooLarge' };
  if (e.type === 'entity.parse.failed') return { status: 400, code: 'malformed_body', message: 'errors.malformed' };
  const status = e.status ?? e.statusCode;
  if (status && status >= 400 && status < 500 && e.expose !== false) return { status, code: 'bad_request', message: 'errors.badRequest' };
  return { status: 500, code: 'internal_error', message: 'errors.internal' };
}

/** `onUnexpected` sees each unexpected (500) error, e.g. to record it as a crash report. */
export function createErrorHandler(logger: Logger, answers: ErrorAnswers, onUnexpected?: (error: unknown, req: Request) => void): ErrorRequestHandler {
  const { wantsJson, errorPage } = answers;
  return (error: unknown, req: Request, res: Response, _next) => {
    const { status, code, message, fields } = classify(error);
    if (status >= 500) logger.error({ err: error, reqId: req.id, route: req.route?.path, method: req.method }, 'unexpected error');
    if (status >= 500 && onUnexpected) {
      try {
        onUnexpected(error, req);
      } catch (recordError) {
        logger.warn({ err: recordError }, 'could not record the unexpected error');
      }
    }
    if (res.headersSent) return res.end();
    if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    const t = req.t ?? ((key: string) => key);
    const translated = t(message, { minutes: error instanceof TooManyRequestsError ? Math.ceil(error.retryAfterSeconds / 60) : 1 });
    if (wantsJson(req)) {
      const fieldMessages = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v)])) : undefined;
      return res.status(status).json({ error: { code, message: translated, ...(fieldMessages ? { fields: fieldMessages } : {}), requestId: req.id } });
    }
    res.status(status).type('html').send(errorPage(req, status, translated));
  };
}

export function notFoundHandler(req: Request, _res: Response, next: (err: unknown) => void): void {
  next(new AppError(404, 'not_found', 'errors.notFound'));
}
