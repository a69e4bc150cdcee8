// Active sessions and password change, in the browser and under /api/v1.
import { Router } from 'express';
import type { SessionsDeps } from './sessions.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { handleForm } from '../../web/respond.js';
import { changePasswordInput } from '../accounts/accounts.schema.js';
import { securityPage } from './sessions.views.js';

export function sessionsRouter(c: SessionsDeps): Router {
  const router = Router();
  const { sessions, accounts } = c.services;

  router.get('/security', requireUser, async (req, res) => {
    const list = await sessions.list(req.user!.id, req.sessionID);
    const notice = req.query.done === 'revoked' ? req.t('security.revoked') : req.query.done === 'password' ? req.t('security.passwordChanged') : undefined;
    res.type('html').send(securityPage(req, list, { notice }));
  });

  router.post('/security/sessions/:id/revoke', requireUser, async (req, res) => {
    await sessions.revoke(req.user!.id, req.params.id as string);
    res.redirect(303, '/security?done=revoked');
  });

  router.post('/security/password', requireUser, async (req, res) => {
    const list = await sessions.list(req.user!.id, req.sessionID);
    await handleForm(req, res, (s) => securityPage(req, list, s), async () => {
      const input = parseInput(changePasswordInput, req.body);
      await accounts.changePassword(req.user!.id, input.currentPassword, input.newPassword, req.sessionID);
      res.redirect(303, '/security?done=password');
    });
  });

  router.post('/signout/everywhere', requireUser, async (req, res) => {
    await sessions.revokeAll(req.user!.id);
    res.clearCookie(c.config.sessions.cookieName);
    res.redirect(303, '/signin');
  });

  router.get('/api/v1/sessions', requireUser, async (req, res) => {
    const list = await sessions.list(req.user!.id, req.sessionID);
    res.json({ sessions: list.map((s) => ({ ...s, createdAt: new Date(s.createdAt).toISOString(), lastSeenAt: new Date(s.lastSeenAt).toISOString() })) });
  });

  router.delete('/api/v1/sessions/:id', requireUser, async (req, res) => {
    await sessions.revoke(req.user!.id, req.params.id as string);
    res.status(204).end();
  });

  return router;
}
