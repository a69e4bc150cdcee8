// The cookie policy (/privacy/cookies, public) and the consent choice (POST /privacy/consent, anyone:
// it concerns the browser, not an account).
import { Router } from 'express';
import { z } from 'zod';
import type { CookiesDeps } from './cookies.deps.js';
import { parseInput } from '../../platform/validation.js';
import { safeNext } from '../../web/respond.js';
import { analyticsCookieName, cookieRegistry } from './cookies.registry.js';
import { consentOf, saveConsent } from './consent.js';
import { cookiePolicyPage } from './cookies.views.js';
import './cookies.openapi.js';

const consentInput = z.object({
  choice: z.enum(['accept', 'reject'], { error: 'errors.choice' }),
  next: z.string().max(500).optional(),
});

export function cookiesRouter(c: CookiesDeps): Router {
  const router = Router();

  router.get('/privacy/cookies', (req, res) => {
    const consent = req.consent ?? consentOf(req, c.config);
    const notice = req.query.done === 'saved' ? req.t('cookies.saved') : undefined;
    res.type('html').send(cookiePolicyPage(req, { cookies: cookieRegistry(c.config), consent, notice }));
  });

  router.get('/api/v1/privacy/cookies', (req, res) => {
    const consent = req.consent ?? consentOf(req, c.config);
    res.json({ cookies: cookieRegistry(c.config), consent: { required: consent.required, choice: consent.choice ?? null, gpc: consent.gpc, allowed: consent.allowed } });
  });

  router.post('/privacy/consent', (req, res) => {
    const input = parseInput(consentInput, req.body);
    saveConsent(req, res, input.choice);
    if (input.choice === 'reject') res.clearCookie(analyticsCookieName, { path: '/' });
    res.redirect(303, safeNext(input.next) ?? '/privacy/cookies?done=saved');
  });

  return router;
}
