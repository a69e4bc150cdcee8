// OWASP's device cookies against slow brute force: a browser that signed in to an account gets a
// cookie proving it (a random nonce and an HMAC binding it to that account's email, never the email
// itself). Failed attempts from such a browser count against that cookie only; everyone else's
// failures count per (account, IP), per IP and per account for untrusted browsers. So an attacker's
// failures lock out untrusted browsers, never the owner's known one.
import crypto from 'node:crypto';
import { newToken } from '../../platform/ids.js';

export const signinDeviceCookieName = 'opsenic.signin';
export const signinDeviceCookieLifetimeMs = 365 * 86_400_000;

function mac(secret: string, email: string, nonce: string): string {
  return crypto.createHmac('sha256', secret).update(`signin-device:${email.trim().toLowerCase()}:${nonce}`).digest('base64url');
}

/** A new device cookie value for an account the browser just signed in to. */
export function issueDeviceCookie(secret: string, email: string): string {
  const nonce = newToken(16);
  return `${nonce}.${mac(secret, email, nonce)}`;
}

/** The cookie's nonce when it was issued to this browser for this email; otherwise null (untrusted). */
export function trustedDevice(secret: string, email: string, value: string | undefined): string | null {
  if (!value || value.length > 200) return null;
  const [nonce, given] = value.split('.');
  if (!nonce || !given) return null;
  const expected = Buffer.from(mac(secret, email, nonce));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual) ? nonce : null;
}
