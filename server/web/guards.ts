// Route guards: every route says who may call it.
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors.js';
import { wantsJson } from './context.js';

export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (wantsJson(req) || req.method !== 'GET') return next(new UnauthenticatedError());
  res.redirect(`/signin?next=${encodeURIComponent(req.originalUrl)}`);
}

export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  requireUser(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (req.user?.role !== 'admin') return next(new ForbiddenError());
    next();
  });
}
