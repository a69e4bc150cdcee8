// Single sign-on over HTTP: /auth/oidc/<provider> (to the provider) and its callback, the prefilled
// sign-up (/signup/sso), the password proof that links an existing account (/signin/sso/link), the
// SSO-only guard on password sign-in and sign-up, and sign-out at the provider. Mounted before the
// accounts router, so the guards see /signin, /signup and /signout first.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { IdentityDeps } from './identity.deps.js';
import { parseInput } from '../../platform/validation.js';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { clientIp } from '../../web/context.js';
import { cookieOptions, requestCookies } from '../cookies/consent.js';
import { signinDeviceCookieLifetimeMs, signinDeviceCookieName } from '../sessions/device-cookie.js';
import { formValues, handleForm } from '../../web/respond.js';
import { errorPage } from '../../web/error-page.js';
import { startSession } from '../accounts/accounts.routes.js';
import { signinPage } from '../accounts/accounts.views.js';
import type { User } from '../accounts/users.repository.js';
import { providerParam, ssoLinkInput, ssoSignupInput } from './identity.schema.js';
import { SsoRefusedError, type EmailProof, type ProviderIdentity } from './identity.service.js';
import { proofSentPage, refusedPage, signedOutPage, ssoLinkPage, ssoSignupPage } from './identity.views.js';

declare module 'express-session' {
  interface SessionData {
    /** The provider the session signed in with, and its ID token (the hint for sign-out at the provider). */
    sso?: { provider: string; idToken?: string };
    /** A verified identity waiting for the person: the prefilled sign-up, or the password proof of an existing account. */
    ssoPending?: { identity: ProviderIdentity; linkEmail?: string; proof?: EmailProof };
  }
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** What every page needs to know of single sign-on (the sign-in page's buttons, the SSO-only guard). */
export function ssoContext(c: IdentityDeps) {
  const providers = c.services.identityProviders;
  const ssoOnly = c.config.oidc.ssoOnly;
  return (req: Request, _res: Response, next: NextFunction) => {
    req.sso = { providers: providers.list().map(({ id, displayName }) => ({ id, displayName })), ssoOnly };
    next();
  };
}

export function identityRouter(c: IdentityDeps): Router {
  const router = Router();
  const { identity, identityProviders: providers } = c.services;
  const rememberFor = c.config.sessions.rememberFor;
  const ssoOnly = c.config.oidc.ssoOnly;
  const callbackUrl = (id: string) => `${c.publicUrl}/auth/oidc/${id}/callback`;
  const nameOf = (id: string) => providers.settings(id)?.displayName ?? id;

  const refused = (req: Request, res: Response, error: SsoRefusedError, provider?: string) =>
    res.status(error.status).type('html').send(refusedPage(req, req.t(error.message), provider ? nameOf(provider) : undefined));

  /** Signs the person in and remembers the provider for sign-out. */
  const finish = async (req: Request, res: Response, user: User, provider: string, idToken: string | undefined) => {
    // The browser is known to this account from now on (no new-device email next time).
    res.cookie(signinDeviceCookieName, c.services.accounts.deviceCookieFor(user.email), cookieOptions(req, signinDeviceCookieLifetimeMs));
    await startSession(req, user, false, rememberFor);
    req.session.sso = { provider, idToken };
    await save(req);
    c.metrics.signins.inc({ outcome: 'success' });
    res.redirect(303, '/');
  };

  const provider = (req: Request): string => {
    const parsed = providerParam.safeParse(req.params.provider);
    if (!parsed.success || !providers.has(parsed.data)) throw new NotFoundError('identity.unknownProvider');
    return parsed.data;
  };

  router.get('/auth/oidc/:provider', async (req, res) => {
    const id = provider(req);
    if (!(await providers.ready(id))) return refused(req, res, new SsoRefusedError('provider_unavailable', 503), id);
    const outcome = await providers.authenticate(id, req, res, callbackUrl(id));
    if (outcome.failure) return refused(req, res, await identity.refuse(id, outcome.failure.reason, null, 502), id);
  });

  router.get('/auth/oidc/:provider/callback', async (req, res) => {
    const id = provider(req);
    if (!(await providers.ready(id))) return refused(req, res, new SsoRefusedError('provider_unavailable', 503), id);
    if (typeof req.query.code !== 'string' && typeof req.query.error !== 'string') {
      return refused(req, res, await identity.refuse(id, 'provider_error', null, 400), id);
    }
    const outcome = await providers.authenticate(id, req, res, callbackUrl(id));
    if (outcome.redirected) return;
    if (!outcome.result) {
      c.metrics.signins.inc({ outcome: 'refused' });
      c.logger.warn({ provider: id, reason: outcome.failure?.reason, detail: outcome.failure?.detail }, 'single sign-on refused');
      return refused(req, res, await identity.refuse(id, outcome.failure?.reason ?? 'invalid_token'), id);
    }
    try {
      const person = identity.identityFrom(id, outcome.result.claims);
      const next = await identity.signIn(person, { ip: clientIp(req), userAgent: req.get('user-agent') ?? null, deviceCookie: requestCookies(req)[signinDeviceCookieName] });
      if (next.kind === 'signedIn') return await finish(req, res, next.user, id, outcome.result.idToken);
      req.session.ssoPending = { identity: next.identity, ...(next.kind === 'link' ? { linkEmail: next.email } : {}) };
      req.session.sso = { provider: id, idToken: outcome.result.idToken };
      await save(req);
      res.redirect(303, next.kind === 'link' ? '/signin/sso/link' : '/signup/sso');
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      c.metrics.signins.inc({ outcome: 'refused' });
      refused(req, res, error, id);
    }
  });

  const pending = (req: Request, kind: 'signup' | 'link') => {
    const p = req.session.ssoPending;
    if (!p || (kind === 'link') !== Boolean(p.linkEmail)) throw new AppError(400, 'sso_expired', 'identity.pendingExpired');
    return p;
  };

  router.get('/signup/sso', (req, res) => {
    const p = pending(req, 'signup');
    res.type('html').send(ssoSignupPage(req, { identity: p.identity, providerName: nameOf(p.identity.provider) }));
  });

  router.post('/signup/sso', async (req, res) => {
    const p = pending(req, 'signup');
    const values = formValues(req.body, ['firstName', 'lastName', 'newEmail']);
    await handleForm(req, res, (s) => ssoSignupPage(req, { ...s, identity: p.identity, providerName: nameOf(p.identity.provider), values }), async () => {
      const input = parseInput(ssoSignupInput, req.body);
      // The provider's email is not editable: another address comes in its own field and is proven by a link.
      const email = input.newEmail ?? p.identity.email;
      if (!email) throw new ValidationError({ newEmail: 'errors.required' });
      try {
        const outcome = await identity.completeSignup(p.identity, { firstName: input.firstName, lastName: input.lastName, email }, req.lang);
        if ('user' in outcome) return await finish(req, res, outcome.user, p.identity.provider, req.session.sso?.idToken);
        req.session.ssoPending = { identity: p.identity, proof: outcome.proof };
        await save(req);
        res.status(202).type('html').send(proofSentPage(req, outcome.proof.email));
      } catch (error) {
        if (!(error instanceof SsoRefusedError)) throw error;
        refused(req, res, error, p.identity.provider);
      }
    });
  });

  // The link that proves the email: it works only in the browser holding the pending sign-up (a mail
  // scanner that opens it has no session and changes nothing).
  router.get('/signup/sso/confirm', async (req, res) => {
    const p = req.session.ssoPending;
    if (!p?.proof) throw new AppError(400, 'sso_expired', 'identity.pendingExpired');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    try {
      const user = await identity.confirmEmailProof(p.identity, p.proof, token);
      await finish(req, res, user, p.identity.provider, req.session.sso?.idToken);
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      refused(req, res, error, p.identity.provider);
    }
  });

  router.post('/signup/sso/cancel', async (req, res) => {
    delete req.session.ssoPending;
    delete req.session.sso;
    await save(req);
    res.redirect(303, '/signin');
  });

  router.get('/signin/sso/link', (req, res) => {
    const p = pending(req, 'link');
    res.type('html').send(ssoLinkPage(req, { email: p.linkEmail!, providerName: nameOf(p.identity.provider) }));
  });

  router.post('/signin/sso/link', async (req, res) => {
    const p = pending(req, 'link');
    await handleForm(req, res, (s) => ssoLinkPage(req, { ...s, email: p.linkEmail!, providerName: nameOf(p.identity.provider) }), async () => {
      const input = parseInput(ssoLinkInput, req.body);
      const user = await identity.linkWithPassword(p.identity, p.linkEmail!, input.password, clientIp(req));
      await finish(req, res, user, p.identity.provider, req.session.sso?.idToken);
    });
  });

  // SSO-only mode: password sign-in for the break-glass admins only; no password sign-up.
  router.post('/signin', async (req, res, next) => {
    if (!ssoOnly) return next();
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const user = email ? await c.repositories.users.findByEmail(email) : undefined;
    if (identity.passwordSignInAllowed(email, user)) return next();
    await identity.refusePasswordSignIn(user);
    c.metrics.signins.inc({ outcome: 'refused' });
    res.status(403).type('html').send(signinPage(req, { values: { email }, message: req.t('identity.ssoOnly') }));
  });

  router.post('/signup', (req, res, next) => {
    if (!ssoOnly) return next();
    res.status(403).type('html').send(errorPage(req, 403, req.t('identity.ssoOnlySignup')));
  });

  // Sign-out also at the provider when it supports RP-initiated logout.
  router.post('/signout', async (req, res, next) => {
    const sso = req.session.sso;
    const url = sso && req.user ? providers.endSessionUrl(sso.provider, sso.idToken, `${c.publicUrl}/signin`) : undefined;
    if (!url) return next();
    const providerName = nameOf(sso!.provider);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    delete req.user;
    res.clearCookie(c.config.sessions.cookieName);
    res.setHeader('Refresh', `0;url=${url}`);
    res.type('html').send(signedOutPage(req, url, providerName));
  });

  return router;
}
