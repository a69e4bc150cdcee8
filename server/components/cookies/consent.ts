// Consent for what is not strictly necessary (analytics cookie, device settings script): asked with
// a banner where refusing is as easy as accepting, changed at /privacy/cookies, and Global Privacy
// Control (Sec-GPC: 1) always counts as a refusal.
import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../../config.js';
import { consentCookieLifetimeMs, consentCookieName } from './cookies.registry.js';

export type ConsentChoice = 'accept' | 'reject';

export interface ConsentState {
  /** Whether this deployment does anything that needs consent. */
  required: boolean;
  /** What this browser chose, if anything. */
  choice: ConsentChoice | undefined;
  /** The browser sent Global Privacy Control. */
  gpc: boolean;
  /** Consent-based processing may happen for this request. */
  allowed: boolean;
  /** The banner should be shown. */
  ask: boolean;
}

// Kept on the request itself rather than in a WeakMap: a WeakMap entry per request is extra work
// for the garbage collector on every request.
const parsedCookies = Symbol('parsed cookies');
type CookieCarrier = Request & { [parsedCookies]?: Record<string, string | undefined> };

/** The request's cookies (parsed once per request). */
export function requestCookies(req: Request): Record<string, string | undefined> {
  const carrier = req as CookieCarrier;
  return (carrier[parsedCookies] ??= req.headers.cookie ? parseCookies(req.headers.cookie) : {});
}

export function globalPrivacyControl(req: Request): boolean {
  return req.headers['sec-gpc'] === '1';
}

export function consentRequired(config: Config): boolean {
  return config.capture.analytics.enabled || config.capture.devices.settings;
}

export function consentOf(req: Request, config: Config): ConsentState {
  const required = consentRequired(config);
  const raw = requestCookies(req)[consentCookieName];
  const choice: ConsentChoice | undefined = raw === 'accept' || raw === 'reject' ? raw : undefined;
  const gpc = globalPrivacyControl(req);
  return { required, choice, gpc, allowed: required && choice === 'accept' && !gpc, ask: required && choice === undefined && !gpc };
}

export function cookieOptions(req: Request, maxAge: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/', maxAge };
}

export function saveConsent(req: Request, res: Response, choice: ConsentChoice): void {
  res.cookie(consentCookieName, choice, cookieOptions(req, consentCookieLifetimeMs));
}
