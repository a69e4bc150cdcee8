// Admin user management in the browser and the API: /admin/users (search, filters, pages) and one
// POST per action. The actions are the services the CLI's `opsenic users ...` calls, audited alike.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AdminDeps } from './admin.deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { wantsJson } from '../../web/context.js';
import { requireAdmin } from '../../web/guards.js';
import { safeNext } from '../../web/respond.js';
import { userActor } from '../audit/audit.service.js';
import { publicUser } from '../accounts/accounts.service.js';
import { USERS_PAGE_SIZE, userActions, usersQuery, type UserAction } from './users.schema.js';
import { usersPage } from './users.views.js';
import './users.openapi.js';

const idParam = z.object({ id: z.string().uuid('users.notFound') });

export function adminUsersRouter(c: AdminDeps): Router {
  const router = Router();
  const { accounts } = c.services;
  const users = c.repositories.users;

  const list = async (req: Request, res: Response) => {
    const raw = req.query as Record<string, unknown>;
    const values = Object.fromEntries(['q', 'role', 'status', 'page'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : undefined]));
    let query;
    try {
      query = parseInput(usersQuery, req.query);
    } catch (error) {
      if (!(error instanceof ValidationError) || wantsJson(req)) throw error;
      return res.status(400).type('html').send(usersPage(req, { users: [], total: 0, query: { q: undefined, role: undefined, status: undefined, page: 1 }, values, errors: error.fields, message: req.t('errors.validation') }));
    }
    const result = await users.page({ workspaceId: req.user!.workspaceId, ...query, pageSize: USERS_PAGE_SIZE });
    if (wantsJson(req)) return res.json({ page: query.page, pageSize: USERS_PAGE_SIZE, total: result.total, users: result.users.map((u) => publicUser(u, req.user!)) });
    const done = typeof req.query.done === 'string' && (userActions as readonly string[]).includes(req.query.done) ? req.query.done : undefined;
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 200) : '';
    res.type('html').send(usersPage(req, { ...result, query, values, notice: done ? req.t(`adminUsers.done.${done}`, { name }) : undefined }));
  };
  router.get('/admin/users', requireAdmin, list);
  router.get('/api/v1/admin/users', requireAdmin, list);

  /** Runs one action on a person of the admin's workspace; an admin never disables or demotes themself. */
  const act = async (req: Request, action: UserAction) => {
    const { id } = parseInput(idParam, { id: req.params.id });
    const person = await users.findInWorkspace(req.user!.workspaceId, id);
    if (!person || person.status === 'deleted') throw new NotFoundError('users.notFound');
    const actor = userActor(req.user!);
    if ((action === 'disable' || action === 'demote') && person.id === req.user!.id) throw new ConflictError('adminUsers.notSelf');
    if (action === 'disable') await accounts.setStatus(person.email, 'disabled', actor);
    if (action === 'enable') await accounts.setStatus(person.email, 'active', actor);
    if (action === 'promote') await accounts.setRole(person.email, 'admin', actor);
    if (action === 'demote') await accounts.setRole(person.email, 'member', actor);
    if (action === 'reset-link') await accounts.sendResetLinkFor(person, actor, person.language ?? req.lang);
    return person;
  };

  for (const action of userActions) {
    router.post(`/admin/users/:id/${action}`, requireAdmin, async (req, res) => {
      const back = safeNext((req.body as Record<string, unknown> | undefined)?.returnTo)?.startsWith('/admin/users') ? safeNext(req.body.returnTo)! : '/admin/users';
      try {
        const person = await act(req, action);
        const separator = back.includes('?') ? '&' : '?';
        res.redirect(303, `${back}${separator}done=${action}&name=${encodeURIComponent(`${person.firstName} ${person.lastName}`)}`);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // A refused action (the last admin, oneself) re-shows the list with the reason.
        const query = parseInput(usersQuery, {});
        const result = await users.page({ workspaceId: req.user!.workspaceId, ...query, pageSize: USERS_PAGE_SIZE });
        res.status(409).type('html').send(usersPage(req, { ...result, query, values: {}, message: req.t(error.message) }));
      }
    });
    router.post(`/api/v1/admin/users/:id/${action}`, requireAdmin, async (req, res) => {
      const person = await act(req, action);
      res.json(publicUser((await users.findById(person.id))!, req.user!));
    });
  }

  return router;
}
