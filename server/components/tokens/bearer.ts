// Bearer authentication for scripts: `Authorization: Bearer <token>` on /api/v1 gives req.user from
// the token and skips CSRF (a browser cannot send this header cross-site without CORS, which we do
// not grant); a read-scoped token cannot change anything. Cookie sessions keep CSRF.
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../platform/errors.js';
import type { TokensService } from './tokens.service.js';
import '../policy/actor.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Constant-time comparison of a presented secret with the configured one. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function bearerAuth(tokens: TokensService) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (req.headers.authorization === undefined) return next();
    const secret = bearerToken(req);
    if (!secret) return next(new UnauthenticatedError('tokens.malformedHeader'));
    if (!req.path.startsWith('/api/')) return next(new UnauthenticatedError('tokens.apiOnly'));
    const found = await tokens.authenticate(secret);
    if (!found) return next(new UnauthenticatedError('tokens.invalid'));
    req.user = found.user;
    req.tokenScope = found.scope;
    if (found.scope === 'read' && !safeMethods.has(req.method)) return next(new ForbiddenError('tokens.readOnly'));
    next();
  };
}

/** CSRF protection applies to cookie sessions only: token requests carry no ambient credential. */
export function csrfUnlessToken(protect: (req: Request, res: Response, next: NextFunction) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.tokenScope) return next();
    protect(req, res, next);
  };
}

/** Token management needs the browser session (or the CLI): a token cannot mint or revoke tokens. */
export function requireSession(req: Request, _res: Response, next: NextFunction): void {
  if (req.tokenScope) return next(new ForbiddenError('tokens.sessionOnly'));
  next();
}
