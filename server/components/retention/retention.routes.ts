// Admin pages and JSON of retention (plan, history, policies) and legal holds. Admins only.
import { Router, type Request } from 'express';
import { ValidationError } from '../../platform/errors.js';
import type { RetentionDeps } from './retention.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireAdmin } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { holdId, holdInput } from '../holds/holds.schema.js';
import type { Initiator } from './ports.js';
import { historyPage, holdsPage, planPage } from './retention.views.js';
import { placerNames } from '../holds/hold-placer.js';
import { toast, toastWaiting } from '../../web/flash.js';
import './retention.openapi.js';

const adminInitiator = (req: Request): Initiator => ({ trigger: 'admin', userId: req.user!.id, label: `admin ${req.user!.id}` });

export function retentionRouter(c: RetentionDeps): Router {
  const router = Router();
  const { retention, holds } = c.services;

  router.get('/admin/retention', requireAdmin, async (req, res) => {
    const plan = await retention.plan();
    res.type('html').send(planPage(req, { policies: retention.policies(), authored: retention.authoredContentRule(), plan }));
  });

  router.get('/admin/retention/history', requireAdmin, async (req, res) => {
    res.type('html').send(historyPage(req, await retention.history(100)));
  });

  /** The names of the admins who placed holds in the browser (their label holds an id, never shown). */
  const adminNames = (list: Array<{ createdBy: string }>) => placerNames(c.repositories.users, list.map((h) => h.createdBy));

  router.get('/admin/retention/holds', requireAdmin, async (req, res) => {
    const notice = toastWaiting(req) ? undefined : req.query.done === 'added' ? req.t('holds.added') : req.query.done === 'released' ? req.t('holds.releasedNotice') : undefined;
    const list = await holds.list();
    res.type('html').send(holdsPage(req, { holds: list, names: await adminNames(list), state: { notice } }));
  });

  router.post('/admin/retention/holds', requireAdmin, async (req, res) => {
    // The workspace is never typed: a workspace hold is on the admin's own workspace (no id is shown to people).
    const values = formValues(req.body, ['scope', 'user', 'reason', 'until']);
    const list = await holds.list();
    const names = await adminNames(list);
    await handleForm(req, res, (s) => holdsPage(req, { holds: list, names, state: { ...s, values } }), async () => {
      const wholeWorkspace = values.scope === 'workspace';
      if (!wholeWorkspace && !values.user?.trim()) throw new ValidationError({ user: 'holds.personRequired' });
      const input = parseInput(holdInput, { reason: values.reason, until: values.until, ...(wholeWorkspace ? { workspace: req.user!.workspaceId } : { user: values.user }) });
      await holds.add(input, adminInitiator(req), { workspaceId: req.user!.workspaceId });
      toast(req, req.t('holds.added'));
      res.redirect(303, '/admin/retention/holds?done=added');
    });
  });

  router.post('/admin/retention/holds/:id/release', requireAdmin, async (req, res) => {
    const list = await holds.list();
    const names = await adminNames(list);
    await handleForm(req, res, (s) => holdsPage(req, { holds: list, names, state: s }), async () => {
      const { id } = parseInput(holdId, { id: req.params.id });
      await holds.release(id, adminInitiator(req));
      toast(req, req.t('holds.releasedNotice'));
      res.redirect(303, '/admin/retention/holds?done=released');
    });
  });

  // The same for scripts and the browser's JSON clients.
  router.get('/api/v1/admin/retention/plan', requireAdmin, async (req, res) => {
    res.json(await retention.plan({ category: typeof req.query.category === 'string' ? req.query.category : undefined }));
  });
  router.get('/api/v1/admin/retention/policies', requireAdmin, (_req, res) => {
    res.json({ policies: retention.policies(), authoredContent: retention.authoredContentRule() });
  });
  router.get('/api/v1/admin/retention/runs', requireAdmin, async (_req, res) => {
    res.json(await retention.history(100));
  });
  router.get('/api/v1/admin/holds', requireAdmin, async (_req, res) => {
    res.json(await holds.list());
  });

  return router;
}
