// What the JSON API accepts as a request body, checked before any route: a body is JSON (anything
// else is 415 naming the type to send, instead of being read as no input and answered 200), and a
// PATCH names at least one field (an empty PATCH changes nothing and says so with a 400).
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../platform/errors.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

export function apiBodyRules(req: Request, _res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/api/') || !WITH_BODY.has(req.method)) return next();
  if (hasBody(req) && !req.is('application/json')) return next(new AppError(415, 'unsupported_media_type', 'errors.jsonBodyOnly'));
  const body = req.body as unknown;
  const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
  if (req.method === 'PATCH' && empty) return next(new AppError(400, 'empty_body', 'errors.emptyPatch'));
  next();
}

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || !value || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
}

/**
 * A NUL character has no place in any input, and PostgreSQL refuses it in text (the query would fail
 * with a 500): it is answered 400 wherever it comes, in the path, the query string or the body.
 */
export function noNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  let path = req.path;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new AppError(400, 'bad_path', 'errors.badPath'));
  }
  if (path.includes('\u0000') || holdsNul(req.query) || holdsNul(req.body)) return next(new AppError(400, 'nul_character', 'errors.nulCharacter'));
  next();
}
