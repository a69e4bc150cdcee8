// Every cookie the product sets, in one place: the cookie policy page (/privacy/cookies) is
// generated from it, and a guard (and the test client) fail on any Set-Cookie not listed here.
// A component that sets a new cookie adds its entry here, with its purpose in the locales.
import type { Config } from '../../config.js';

export type CookieCategory = 'strictly-necessary' | 'preferences' | 'analytics';

export interface CookieEntry {
  name: string;
  /** i18n key of the purpose (cookies.purpose.*). */
  purpose: string;
  category: CookieCategory;
  /** `session`: deleted when the browser closes; `persistent`: kept for lifetimeMs. */
  duration: 'session' | 'persistent';
  /** Lifetime of a persistent cookie (for the session cookie: with "remember me"). */
  lifetimeMs?: number;
  /** The component that sets it. */
  owner: string;
  /** Whether the current config can set it at all. */
  active: boolean;
}

const day = 86_400_000;
export const deviceCookieName = 'opsenic.did';
export const consentCookieName = 'opsenic.consent';
export const analyticsCookieName = 'opsenic.aid';
export const deviceCookieLifetimeMs = 365 * day;
export const consentCookieLifetimeMs = 180 * day;
/** 13 months at most for an analytics cookie (CNIL guidance). */
export const analyticsCookieLifetimeMs = 390 * day;

export function cookieRegistry(config: Config): CookieEntry[] {
  const capture = config.capture;
  const consentNeeded = capture.analytics.enabled || capture.devices.settings;
  return [
    { name: config.sessions.cookieName, purpose: 'cookies.purpose.session', category: 'strictly-necessary', duration: 'session', lifetimeMs: config.sessions.rememberFor, owner: 'sessions', active: true },
    { name: deviceCookieName, purpose: 'cookies.purpose.device', category: 'strictly-necessary', duration: 'persistent', lifetimeMs: deviceCookieLifetimeMs, owner: 'capture', active: capture.devices.enabled && capture.devices.idCookie },
    { name: consentCookieName, purpose: 'cookies.purpose.consent', category: 'strictly-necessary', duration: 'persistent', lifetimeMs: consentCookieLifetimeMs, owner: 'cookies', active: consentNeeded },
    { name: analyticsCookieName, purpose: 'cookies.purpose.analytics', category: 'analytics', duration: 'persistent', lifetimeMs: analyticsCookieLifetimeMs, owner: 'capture', active: capture.analytics.enabled },
  ];
}

/** Every cookie name the product can set, whatever the config (for checks outside a running server). */
export function productCookieNames(sessionCookieName = 'opsenic.sid'): string[] {
  return [sessionCookieName, deviceCookieName, consentCookieName, analyticsCookieName];
}

/** Names of cookies that may appear in a Set-Cookie header (any config). */
export function registeredCookieNames(config: Config): Set<string> {
  return new Set(cookieRegistry(config).map((c) => c.name));
}

/** The cookie names in Set-Cookie header values. */
export function setCookieNames(header: string | string[] | number | undefined): string[] {
  if (header === undefined || typeof header === 'number') return [];
  return (Array.isArray(header) ? header : [header]).map((line) => line.split(';')[0]!.split('=')[0]!.trim()).filter(Boolean);
}
