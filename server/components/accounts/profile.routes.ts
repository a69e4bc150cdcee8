// Profile pages and the /api/v1 profile endpoints (a colleague's page, /people/:id, is the people component's). A profile is visible within its workspace only.
import { Router } from 'express';
import type { AccountsDeps } from './accounts.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { profileInput } from './accounts.schema.js';
import { publicUser } from './accounts.service.js';
import { profilePage } from './profile.views.js';

const profileKeys = ['firstName', 'lastName', 'company', 'title', 'phone', 'bio', 'timeZone', 'language'];

export function profileRouter(c: AccountsDeps): Router {
  const router = Router();
  const { accounts } = c.services;

  router.get('/profile', requireUser, (req, res) => {
    res.type('html').send(profilePage(req, req.user!, { saved: req.query.saved === '1' }));
  });

  router.post('/profile', requireUser, async (req, res) => {
    const values = formValues(req.body, profileKeys);
    await handleForm(req, res, (s) => profilePage(req, req.user!, { ...s, values }), async () => {
      const input = parseInput(profileInput, req.body);
      await accounts.updateProfile(req.user!.id, input);
      res.redirect(303, '/profile?saved=1');
    });
  });

  router.get('/api/v1/me', requireUser, (req, res) => {
    res.json(publicUser(req.user!, req.user!));
  });

  router.patch('/api/v1/me', requireUser, async (req, res) => {
    const input = parseInput(profileInput.strict(), req.body);
    res.json(publicUser(await accounts.updateProfile(req.user!.id, input), req.user!));
  });

  router.get('/api/v1/users/:id', requireUser, async (req, res) => {
    res.json(publicUser(await accounts.profileFor(req.user!, req.params.id as string), req.user!));
  });

  return router;
}
