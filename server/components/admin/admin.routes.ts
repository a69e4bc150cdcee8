// Workspace administration in the browser: sign-up mode, invitations, the member list.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AdminDeps } from './admin.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireAdmin } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { inviteInput } from '../accounts/accounts.schema.js';
import { adminPage, type AdminState } from './admin.views.js';
import { userActor } from '../audit/audit.service.js';
import { ssoGroupsSection } from '../identity/identity.views.js';
import { throttledSection } from '../accounts/accounts.views.js';
import { toast, toastWaiting } from '../../web/flash.js';

const signupModeInput = z.object({ mode: z.enum(['open', 'invite', 'config'], { error: 'errors.choice' }) });

export function adminRouter(c: AdminDeps): Router {
  const router = Router();
  const { accounts, workspaces } = c.services;

  /** Loads what the page shows, then returns a synchronous renderer for any form state. */
  const loadPage = async (req: Request) => {
    const users = await accounts.list();
    // The admin's own workspace (demo sandboxes hold people of their own).
    const counted = users.filter((u) => u.workspaceId === req.user!.workspaceId && u.status !== 'deleted');
    const data = {
      people: { active: counted.filter((u) => u.status === 'active').length, admins: counted.filter((u) => u.status === 'active' && u.role === 'admin').length, disabled: counted.filter((u) => u.status === 'disabled').length },
      // The SSO groups section names the linked people; the member list itself lives on /admin/users.
      sections: [throttledSection(req, await accounts.throttledAccounts()), ssoGroupsSection(req, await c.services.identity.linksOfWorkspace(req.user!.workspaceId), users)],
      invitations: await accounts.pendingInvitations(),
      signupMode: await workspaces.signupMode(),
      workspace: await workspaces.getPrimary(),
    };
    return (state: AdminState) => adminPage(req, { ...data, state });
  };

  router.get('/admin', requireAdmin, async (req, res) => {
    const done = toastWaiting(req) ? undefined : req.query.done === 'invited' ? 'invited' : req.query.done === 'saved' ? 'saved' : undefined;
    const render = await loadPage(req);
    res.type('html').send(render({ notice: done ? req.t(`admin.done.${done}`) : undefined }));
  });

  router.post('/admin/signup-mode', requireAdmin, async (req, res) => {
    const render = await loadPage(req);
    await handleForm(req, res, (s) => render(s), async () => {
      const { mode } = parseInput(signupModeInput, req.body);
      const before = (await workspaces.getPrimary()).signupMode;
      await workspaces.setSignupMode(mode === 'config' ? null : mode);
      await c.services.audit.record(userActor(req.user!), 'workspace.signup_mode', { workspaceId: req.user!.workspaceId, details: { from: before ?? 'config', to: mode } });
      toast(req, req.t('admin.done.saved'));
      res.redirect(303, '/admin?done=saved');
    });
  });

  router.post('/admin/invitations', requireAdmin, async (req, res) => {
    const values = formValues(req.body, ['email', 'role']);
    const render = await loadPage(req);
    await handleForm(req, res, (s) => render({ ...s, values }), async () => {
      const input = parseInput(inviteInput, req.body);
      await accounts.invite(req.user!, input.email, input.role);
      toast(req, req.t('admin.done.invited'));
      res.redirect(303, '/admin?done=invited');
    });
  });

  return router;
}
