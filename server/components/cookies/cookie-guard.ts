// Checks every response's Set-Cookie headers against the cookie registry: an unregistered cookie is
// logged as an error and recorded (tests fail on it), so the cookie policy page cannot fall behind.
import type { NextFunction, Request, Response } from 'express';
import { setCookieNames } from './cookies.registry.js';
import type { CookiesService } from './cookies.service.js';

export function cookieGuard(cookies: CookiesService) {
  // One listener function for every response (`this` is the response), not a closure per request.
  function checkSetCookies(this: Response): void {
    const setCookie = this.getHeader('set-cookie');
    if (setCookie === undefined) return;
    const req = this.req as Request;
    for (const name of setCookieNames(setCookie)) {
      if (!cookies.isRegistered(name)) cookies.reportUnregistered(name, `${req.method} ${req.route?.path !== undefined ? `${req.baseUrl}${String(req.route.path)}` : req.path}`);
    }
  }
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', checkSetCookies);
    next();
  };
}
