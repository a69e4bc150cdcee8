// Profile pages and the /api/v1 profile endpoints (a colleague's page, /people/:id, is the people component's). A profile is visible within its workspace only.
import { Router } from 'express';
import type { AccountsDeps } from './accounts.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { profileInput } from './accounts.schema.js';
import { publicUser } from './accounts.service.js';
import { profilePage } from './profile.views.js';
import type { User } from './users.repository.js';
import { actorOf } from '../policy/actor.js';
import { PHOTO_UPLOAD_PATH, uploadedPhoto } from './photo.upload.js';

const profileKeys = ['firstName', 'lastName', 'company', 'title', 'phone', 'bio', 'timeZone', 'language'];

export function profileRouter(c: AccountsDeps): Router {
  const router = Router();
  const { accounts, photos } = c.services;
  const photoNotices: Record<string, string> = { saved: 'profile.photo.saved', removed: 'profile.photo.removed' };

  router.get('/profile', requireUser, (req, res) => {
    const photoNotice = photoNotices[String(req.query.photo)];
    res.type('html').send(profilePage(req, req.user!, { saved: req.query.saved === '1', photoNotice: photoNotice && req.t(photoNotice) }));
  });

  // The file was parsed by photoUploadParser (before the CSRF check); a refusal re-shows the form with the reason.
  router.post(PHOTO_UPLOAD_PATH, requireUser, async (req, res) => {
    await handleForm(req, res, (s) => profilePage(req, req.user!, { photoErrors: s.errors }), async () => {
      await photos.upload(actorOf(req), uploadedPhoto(req));
      res.redirect(303, '/profile?photo=saved#photo');
    });
  });

  router.post('/profile/photo/remove', requireUser, async (req, res) => {
    await photos.remove(actorOf(req), req.user!.id);
    res.redirect(303, '/profile?photo=removed#photo');
  });

  /** People newly @mentioned in the bio are told (every colleague of the workspace may read a bio). */
  const notifyBioMentions = (before: User, after: Pick<User, 'bio'>) =>
    c.services.mentions.notifyAlone({ workspaceId: before.workspaceId, actorId: before.id, before: before.bio, after: after.bio, subject: { profile: true } });

  router.post('/profile', requireUser, async (req, res) => {
    const values = formValues(req.body, profileKeys);
    await handleForm(req, res, (s) => profilePage(req, req.user!, { ...s, values }), async () => {
      const input = parseInput(profileInput, req.body);
      const updated = await accounts.updateProfile(req.user!.id, input);
      await notifyBioMentions(req.user!, updated);
      res.redirect(303, '/profile?saved=1');
    });
  });

  router.get('/api/v1/me', requireUser, (req, res) => {
    res.json(publicUser(req.user!, req.user!));
  });

  router.patch('/api/v1/me', requireUser, async (req, res) => {
    const input = parseInput(profileInput.strict(), req.body);
    const updated = await accounts.updateProfile(req.user!.id, input);
    await notifyBioMentions(req.user!, updated);
    res.json(publicUser(updated, req.user!));
  });

  router.get('/api/v1/users/:id', requireUser, async (req, res) => {
    res.json(publicUser(await accounts.profileFor(req.user!, req.params.id as string), req.user!));
  });

  return router;
}
