// Shared route helpers: safe redirects and form handling that re-shows the form with field messages.
import type { Request, Response } from 'express';
import { AppError, ValidationError, type FieldErrors } from '../platform/errors.js';

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return next.length > 500 ? undefined : next;
}

/**
 * Runs a form action; a typed error re-renders the form with its status, field messages and
 * message, translated for the reader. Anything else goes to the error handler.
 */
export async function handleForm(
  req: Request,
  res: Response,
  render: (state: { errors?: FieldErrors; message?: string }) => string | Promise<string>,
  action: () => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.status === 429 && 'retryAfterSeconds' in error) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    const message = error instanceof ValidationError ? req.t('errors.validation') : req.t(error.message, { minutes: Math.ceil(((error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60) / 60) });
    res.status(error.status).type('html').send(await render({ errors: error.fields, message }));
  }
}

export function formValues(body: unknown, keys: string[]): Record<string, string | undefined> {
  const source = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, typeof source[k] === 'string' ? (source[k] as string) : undefined]));
}
