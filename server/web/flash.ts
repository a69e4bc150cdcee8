// A message for the next page after an action (post, redirect, get): shown once as a toast, with an
// optional undo form that posts the inverse action to an existing route. Kept in the session, so it
// survives the redirect and is gone after one page.
import type { Request } from 'express';

export interface Flash {
  message: string;
  /** The inverse action: a form posted to `action` with these fields (and the CSRF token). */
  undo?: { action: string; fields: Record<string, string> };
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash;
  }
}

/** Keeps a message for the next page this session renders. */
export function flash(req: Request, value: Flash): void {
  if (req.session) req.session.flash = value;
}

/** The waiting message, removed from the session (it is shown once). */
export function takeFlash(req: Request): Flash | undefined {
  const value = req.session?.flash;
  if (value) delete req.session.flash;
  return value;
}

/** Confirms an action on the next page with a toast saying what happened. */
export function toast(req: Request, message: string, undo?: Flash['undo']): void {
  flash(req, undo ? { message, undo } : { message });
}

/**
 * Whether the page being rendered will show a toast. Pages that also show the same confirmation
 * inline after a `?done=` redirect skip theirs then, so the message is not said twice.
 */
export function toastWaiting(req: Request): boolean {
  return Boolean(req.session?.flash);
}
