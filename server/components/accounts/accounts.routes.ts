// Thin HTTP layer of accounts: validate -> service -> respond.
import { cookieOptions, requestCookies } from '../cookies/consent.js';
import { signinDeviceCookieLifetimeMs, signinDeviceCookieName } from '../sessions/device-cookie.js';
import { Router, type Request } from 'express';
import type { AccountsDeps } from './accounts.deps.js';
import { parseInput } from '../../platform/validation.js';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import { clientIp } from '../../web/context.js';
import { formValues, handleForm, safeNext } from '../../web/respond.js';
import { forgotInput, resetInput, signinInput, signupInput } from './accounts.schema.js';
import { forgotPage, resetPage, setupPage, signinPage, signupConfirmPage, signupPage, signupSentPage } from './accounts.views.js';
import type { User } from './users.repository.js';
import { issueDeviceCookie } from '../capture/capture.middleware.js';

/** Starts a fresh session for the user: a new session id (no fixation), persistent only with "remember me". */
export async function startSession(req: Request, user: User, remember: boolean, rememberForMs: number): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = user.id;
  req.session.workspaceId = user.workspaceId;
  req.session.client = { ip: clientIp(req), userAgent: req.get('user-agent') ?? null };
  if (remember) req.session.cookie.maxAge = rememberForMs;
  else req.session.cookie.expires = undefined; // a session cookie: it ends with the browser
  req.user = user;
  issueDeviceCookie(req); // the device id cookie starts at sign-in, never for anonymous visitors
  req.csrfToken!(true);
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

export function accountsRouter(c: AccountsDeps): Router {
  const router = Router();
  const { accounts, signup, workspaces, firstAdmin } = c.services;
  const rememberFor = c.config.sessions.rememberFor;

  router.get('/signup', async (req, res) => {
    if (req.user) return res.redirect('/');
    const invite = typeof req.query.invite === 'string' ? req.query.invite : undefined;
    const inviteOnly = (await workspaces.signupMode()) === 'invite';
    if (invite) {
      try {
        const invitation = await accounts.validInvitation(invite);
        return res.type('html').send(signupPage(req, { invite, values: { email: invitation.email }, lockedEmail: true }));
      } catch {
        return res.status(400).type('html').send(signupPage(req, { inviteOnly: true, message: req.t('invite.invalid') }));
      }
    }
    res.type('html').send(signupPage(req, { inviteOnly }));
  });

  router.post('/signup', async (req, res) => {
    const values = formValues(req.body, ['firstName', 'lastName', 'email', 'invite']);
    await handleForm(req, res, (s) => signupPage(req, { ...s, values, invite: values.invite, lockedEmail: Boolean(values.invite) }), async () => {
      const input = parseInput(signupInput, req.body);
      if (!input.invite) {
        // By emailed link: the same answer, in the same time, whether the email is new or taken.
        await signup.request(input, clientIp(req), req.lang);
        return void res.type('html').send(signupSentPage(req));
      }
      // The invitation proved the address: the account is created at once.
      const user = await accounts.signup(input);
      await startSession(req, user, false, rememberFor);
      res.redirect(303, '/');
    });
  });

  router.get('/signup/confirm/:token', async (req, res) => {
    const token = req.params.token;
    try {
      const link = await signup.check(token);
      res.type('html').send(signupConfirmPage(req, { token, firstName: link.firstName }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(400).type('html').send(signupConfirmPage(req, { token, problem: error.message }));
    }
  });

  router.post('/signup/confirm/:token', async (req, res) => {
    const token = req.params.token;
    let user: User;
    try {
      user = await signup.confirm(token);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return void res.status(error.status).type('html').send(signupConfirmPage(req, { token, problem: error.message }));
    }
    await startSession(req, user, false, rememberFor);
    res.redirect(303, '/');
  });

  router.get('/signin', (req, res) => {
    if (req.user) return res.redirect('/');
    const notice = req.query.reset === '1' ? req.t('reset.done') : undefined;
    res.type('html').send(signinPage(req, { next: safeNext(req.query.next), notice }));
  });

  router.post('/signin', async (req, res) => {
    const values = formValues(req.body, ['email', 'remember']);
    const next = safeNext(req.body?.next);
    await handleForm(req, res, (s) => signinPage(req, { ...s, values, next }), async () => {
      const input = parseInput(signinInput, req.body);
      let user: User;
      try {
        user = await accounts.authenticate(input.email, input.password, clientIp(req), requestCookies(req)[signinDeviceCookieName], req.get('user-agent'));
      } catch (error) {
        c.metrics.signins.inc({ outcome: 'refused' });
        throw error;
      }
      c.metrics.signins.inc({ outcome: 'success' });
      res.cookie(signinDeviceCookieName, accounts.deviceCookieFor(user.email), cookieOptions(req, signinDeviceCookieLifetimeMs));
      await startSession(req, user, input.remember, rememberFor);
      res.redirect(303, next ?? '/');
    });
  });

  router.post('/signout', async (req, res) => {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(c.config.sessions.cookieName);
    res.redirect(303, '/signin');
  });

  router.get('/password/forgot', (req, res) => {
    res.type('html').send(forgotPage(req, {}));
  });

  router.post('/password/forgot', async (req, res) => {
    const values = formValues(req.body, ['email']);
    await handleForm(req, res, (s) => forgotPage(req, { ...s, values }), async () => {
      const input = parseInput(forgotInput, req.body);
      await accounts.requestPasswordReset(input.email, clientIp(req), req.lang);
      res.type('html').send(forgotPage(req, { sent: true }));
    });
  });

  router.get('/password/reset/:token', async (req, res) => {
    const token = req.params.token;
    try {
      await accounts.checkResetToken(token);
      res.type('html').send(resetPage(req, { token }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(400).type('html').send(resetPage(req, { token, invalid: true }));
    }
  });

  router.post('/password/reset/:token', async (req, res) => {
    const token = req.params.token;
    await handleForm(req, res, (s) => resetPage(req, { ...s, token, invalid: s.errors?.token !== undefined }), async () => {
      const input = parseInput(resetInput, { ...req.body, token });
      await accounts.resetPassword(input.token, input.password);
      res.redirect(303, '/signin?reset=1');
    });
  });

  // First-run setup: open only while no admin exists, and only with the token from the server log.
  router.get('/setup', async (req, res) => {
    if (!firstAdmin.isOpen() || (await accounts.hasAdmin()) || !firstAdmin.matches(req.query.token)) throw new ForbiddenError('setup.closed');
    res.type('html').send(setupPage(req, { token: req.query.token as string }));
  });

  router.post('/setup', async (req, res) => {
    if (!firstAdmin.isOpen() || (await accounts.hasAdmin()) || !firstAdmin.matches(req.body?.token)) throw new ForbiddenError('setup.closed');
    const values = formValues(req.body, ['firstName', 'lastName', 'email']);
    await handleForm(req, res, (s) => setupPage(req, { ...s, values, token: req.body.token }), async () => {
      const input = parseInput(signupInput, req.body);
      const user = await accounts.create({ ...input, role: 'admin' });
      firstAdmin.close();
      c.logger.info({ userId: user.id }, 'first admin created through the setup page; the setup token is now void');
      await startSession(req, user, false, rememberFor);
      res.redirect(303, '/');
    });
  });

  return router;
}
