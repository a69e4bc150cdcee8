// The request id and the access log: one JSON line per finished request, through the app's pino
// logger, in the shape pino-http wrote (req {id, method, url}, res {statusCode}, responseTime), which
// this replaces. Why not pino-http: it made a child logger and serialised the request for every
// request whether or not anything logged with it (nothing here does: lines carry reqId
// themselves), about 60 µs of a 500 µs signed-in page.
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { unredacted, type Logger } from './logger.js';

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

/** Paths whose requests are not written to the access log (probes and static files). */
function isQuietPath(url: string): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics' || url.startsWith('/static/');
}

/**
 * Query parameters whose values are short codes, never free text or secrets, kept as they are (when
 * they look like a code); every other value (search terms, names, emails, tokens, ...) is logged as
 * `<redacted>`: the log keeps the path and which parameters were sent, not what was typed.
 */
const codeParameters = new Set(['page', 'limit', 'offset', 'sort', 'order', 'done', 'lang', 'format', 'type', 'status', 'kind', 'view', 'tab', 'scope', 'error']);
const codeValue = /^[A-Za-z0-9_.-]{1,32}$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The URL as logged. Path: single-use tokens (password reset links) become `<token>`, ids (a user's id
 * in /people/ID, or any other) `<id>`, a segment holding an email address `<email>`. Query: only the
 * parameter names, with the values of code parameters (page=2, done=erased); every other value is
 * `<redacted>` (invitation and setup tokens `<token>`), so a search for a person's name leaves no
 * trace of it.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  const rawPath = at === -1 ? url : url.slice(0, at);
  const path = rawPath
    .replace(/\/password\/reset\/[^/?]+/, '/password/reset/<token>')
    .replace(UUID, '<id>')
    .split('/')
    .map((segment) => (segment.includes('@') || segment.includes('%40') ? '<email>' : segment))
    .join('/');
  if (at === -1) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        name = '<redacted>';
      }
      if (!/^[A-Za-z0-9_.[\]-]{1,40}$/.test(name)) return '<redacted>';
      if (eq === -1) return name;
      const value = pair.slice(eq + 1);
      if (name === 'invite' || name === 'token') return `${name}=<token>`;
      return codeParameters.has(name) && codeValue.test(value) ? `${name}=${value}` : `${name}=<redacted>`;
    });
  return `${path}?${query.join('&')}`;
}

const startedAt = Symbol('request started');
type TimedResponse = Response & { [startedAt]?: number };

/**
 * Sets req.id (the client's X-Request-Id when it is a plausible id, else a new UUID), echoes it in
 * the response, and logs the request when its response is done: info, or error for a 5xx; a request
 * whose connection closed before the response was complete is logged as aborted.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const accessLog = unredacted(logger);
  function logDone(this: TimedResponse): void {
    const res = this;
    const req = res.req as Request;
    const url = req.originalUrl ?? req.url ?? '';
    if (isQuietPath(url)) return;
    const aborted = !res.writableFinished;
    const level = aborted ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const responseTime = Math.round(performance.now() - (res[startedAt] ?? 0));
    const line = { req: { id: req.id, method: req.method, url: loggedUrl(url) }, res: { statusCode: res.statusCode }, responseTime };
    accessLog[level](line, aborted ? 'request aborted' : res.statusCode >= 500 ? 'request errored' : 'request completed');
  }

  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && requestIdPattern.test(given) ? given : crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    (res as TimedResponse)[startedAt] = performance.now();
    // 'close' comes once per response, after 'finish' when it completed: one listener function for all.
    res.on('close', logDone);
    next();
  };
}
