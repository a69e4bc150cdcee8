// Account deletion in the browser: /profile/delete (the person themself) and
// /admin/users/:id/delete (an admin). Both confirm first; sign-in stops at once.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AccountsDeps } from './accounts.deps.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requireAdmin, requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { adminDeletePage, deletedPage, deleteOwnPage } from './deletion.views.js';
import { maxAgeText } from '../retention/max-age-text.js';

const ownInput = z.object({ password: z.string().max(1024).optional(), email: z.string().max(320).optional() });
const adminInput = z.object({ email: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(320, 'errors.tooLong') });
const idParam = z.object({ id: z.string().uuid('errors.notFound') });

export function deletionRouter(c: AccountsDeps): Router {
  const router = Router();
  const { accountDeletion, accounts, retention } = c.services;
  /** How long before a deleted account's personal data is purged, in the reader's words ("30 days"). */
  const grace = (req: Request) => maxAgeText(req, c.config.retention.policies.deletedAccounts.maxAge);

  router.get('/profile/delete', requireUser, (req, res) => {
    res.type('html').send(deleteOwnPage(req, { user: req.user!, grace: grace(req), authored: retention.authoredContentRule(), state: {} }));
  });

  router.post('/profile/delete', requireUser, async (req, res) => {
    await handleForm(req, res, (s) => deleteOwnPage(req, { user: req.user!, grace: grace(req), authored: retention.authoredContentRule(), state: s }), async () => {
      const input = parseInput(ownInput, req.body);
      const { purgeAfter } = await accountDeletion.deleteOwn(req.user!.id, input);
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(c.config.sessions.cookieName, { path: '/' });
      req.user = undefined;
      res.type('html').send(deletedPage(req, 'accountDeletion.done', purgeAfter));
    });
  });

  const loadPerson = async (req: Request) => {
    const { id } = parseInput(idParam, { id: req.params.id });
    const person = await accounts.profileFor(req.user!, id).catch(() => undefined);
    if (!person || person.status === 'deleted') throw new NotFoundError('users.notFound');
    return person;
  };

  router.get('/admin/users/:id/delete', requireAdmin, async (req, res) => {
    const person = await loadPerson(req);
    res.type('html').send(adminDeletePage(req, { person, grace: grace(req), state: {} }));
  });

  router.post('/admin/users/:id/delete', requireAdmin, async (req, res) => {
    const person = await loadPerson(req);
    const values = formValues(req.body, ['email']);
    await handleForm(req, res, (s) => adminDeletePage(req, { person, grace: grace(req), state: { ...s, values } }), async () => {
      const { email } = parseInput(adminInput, req.body);
      if (email.toLowerCase() !== person.email.toLowerCase()) throw new ValidationError({ email: 'accountDeletion.emailMismatch' });
      const { purgeAfter } = await accountDeletion.deleteByAdmin(person, { trigger: 'admin', userId: req.user!.id, label: `admin ${req.user!.id}` });
      res.type('html').send(deletedPage(req, 'accountDeletion.adminDone', purgeAfter));
    });
  });

  return router;
}
