// What every request carries once the shell middleware ran: the reader, their language, a translator.
import type { Request } from 'express';
import type { Language, Translate } from '../platform/i18n.js';
import type { User } from '../components/accounts/users.repository.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      lang: Language;
      t: Translate;
      /** Request id, also on every log line of this request. */
      id: string;
    }
  }
}

/** True when the client wants JSON (API routes, or Accept: application/json without text/html). */
export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/')) return true;
  return req.accepts(['html', 'json']) === 'json';
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
