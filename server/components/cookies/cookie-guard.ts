// Checks every response's Set-Cookie headers against the cookie registry: an unregistered cookie is
// logged as an error and recorded (tests fail on it), so the cookie policy page cannot fall behind.
import type { NextFunction, Request, Response } from 'express';
import { setCookieNames } from './cookies.registry.js';
import type { CookiesService } from './cookies.service.js';

export function cookieGuard(cookies: CookiesService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      for (const name of setCookieNames(res.getHeader('set-cookie'))) {
        if (!cookies.isRegistered(name)) cookies.reportUnregistered(name, `${req.method} ${req.route?.path !== undefined ? `${req.baseUrl}${String(req.route.path)}` : req.path}`);
      }
    });
    next();
  };
}
