// Email routes: a person's preferences (/settings/email), the admin's outbox (/admin/mail and
// /api/v1/admin/mail/outbox), and the one-click unsubscribe (unsubscribeRouter, mounted before the
// session and CSRF layers: a mail client POSTs it without any cookie, RFC 8058).
import { Router, type Request } from 'express';
import type { MailAppDeps } from './mail.deps.js';
import { NotFoundError } from '../../platform/errors.js';
import { requireAdmin, requireUser } from '../../web/guards.js';
import { wantsJson } from '../../web/context.js';
import { formValues, handleForm } from '../../web/respond.js';
import type { OutboxRow } from './outbox.repository.js';
import { outboxPage, preferencesPage, unsubscribePage, type OutboxPageData } from './mail.views.js';
import './mail.openapi.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const outboxJson = (r: OutboxRow) => ({ id: r.id, to: r.to, category: r.category, template: r.template, language: r.language, subject: r.subject, status: r.status, attempts: r.attempts, nextAttemptAt: iso(r.nextAttemptAt), lastError: r.lastError, messageId: r.messageId, createdAt: iso(r.createdAt), finishedAt: iso(r.finishedAt) });

export function unsubscribeRouter(c: MailAppDeps): Router {
  const router = Router();
  const mail = c.services.mail;
  // GET only shows a button: link scanners that open every URL in a mail must not unsubscribe anyone.
  router.get('/mail/unsubscribe/:token', async (req, res) => {
    try {
      const found = await mail.describeUnsubscribe(String(req.params.token));
      res.type('html').send(unsubscribePage(req, { token: String(req.params.token), category: found.category.id, email: found.user.email }));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      res.status(404).type('html').send(unsubscribePage(req, { invalid: true }));
    }
  });
  router.post('/mail/unsubscribe/:token', async (req, res) => {
    try {
      const done = await mail.unsubscribe(String(req.params.token));
      res.type('html').send(unsubscribePage(req, { category: done.category.id, done: true }));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      res.status(404).type('html').send(unsubscribePage(req, { invalid: true }));
    }
  });
  return router;
}

export function mailRouter(c: MailAppDeps): Router {
  const router = Router();
  const mail = c.services.mail;
  const digestHour = c.config.mail.digestHour;

  router.get('/settings/email', requireUser, async (req, res) => {
    const choices = await mail.choicesOf(req.user!);
    if (wantsJson(req)) return void res.json({ categories: choices.map((ch) => ({ id: ch.category.id, group: ch.category.group, legalBasis: ch.category.legalBasis, canTurnOff: ch.category.optOut, mode: ch.mode, modes: ch.modes })) });
    res.type('html').send(preferencesPage(req, choices, { notice: req.query.done === 'saved' ? req.t('mail.preferences.saved') : undefined, digestHour }));
  });

  router.post('/settings/email', requireUser, async (req, res) => {
    const choices = await mail.choicesOf(req.user!);
    await handleForm(req, res, (s) => preferencesPage(req, choices, { ...s, digestHour }), async () => {
      await mail.setChoices(req.user!, (req.body ?? {}) as Record<string, unknown>);
      res.redirect(303, '/settings/email?done=saved');
    });
  });

  const loadOutbox = async (req: Request, extra: Partial<OutboxPageData> = {}) => {
    const search = mail.parseSearch(req.query as Record<string, unknown>);
    const nodes: Array<{ id: string; name: string }> = await c.knex('org_nodes').where({ workspace_id: req.user!.workspaceId }).whereNull('archived_at').orderBy('name').limit(500).select('id', 'name');
    return { rows: await mail.search(req.user!.workspaceId, search), search, consents: await mail.consents(req.user!.workspaceId), nodes, ...extra };
  };

  router.get('/admin/mail', requireAdmin, async (req, res) => {
    const notices: Record<string, string> = { retried: 'mail.admin.retried', consent: 'mail.admin.consentSaved' };
    const notice = typeof req.query.done === 'string' && notices[req.query.done] ? req.t(notices[req.query.done]!) : req.query.announced !== undefined ? req.t('mail.admin.announced', { count: Number(req.query.announced) || 0 }) : undefined;
    const search = { recipient: req.query.recipient, category: req.query.category, status: req.query.status };
    await handleForm(req, res, (s) => outboxPage(req, { rows: [], search: {}, consents: new Map(), nodes: [], ...s }), async () => {
      mail.parseSearch(search);
      res.type('html').send(outboxPage(req, { ...(await loadOutbox(req)), notice }));
    });
  });

  router.get('/admin/mail/preview', requireAdmin, async (req, res) => {
    const rendered = await mail.preview(req.query.template, req.query.language);
    if (wantsJson(req)) return void res.json(rendered);
    res.type('html').send(outboxPage(req, { ...(await loadOutbox(req, {})), search: {}, rows: await mail.search(req.user!.workspaceId, {}), preview: { template: String(req.query.template), language: String(req.query.language), rendered } }));
  });

  router.post('/admin/mail/:id/retry', requireAdmin, async (req, res) => {
    const row = await mail.retry(String(req.params.id), req.user!.workspaceId);
    if (wantsJson(req)) return void res.json(outboxJson(row));
    res.redirect(303, '/admin/mail?done=retried');
  });

  router.post('/admin/mail/consent', requireAdmin, async (req, res) => {
    await mail.setConsent(req.user!.workspaceId, req.body?.category, req.body?.consent);
    res.redirect(303, '/admin/mail?done=consent');
  });

  router.post('/admin/mail/announcements', requireAdmin, async (req, res) => {
    const values = formValues(req.body, ['subject', 'body']);
    const render = await loadOutbox(req);
    await handleForm(req, res, (s) => outboxPage(req, { ...render, ...s, values }), async () => {
      const done = await mail.announce(req.user!, { subject: req.body?.subject, body: req.body?.body, nodeId: req.body?.nodeId, category: req.body?.category });
      if (wantsJson(req)) return void res.status(201).json(done);
      res.redirect(303, `/admin/mail?announced=${done.recipients}`);
    });
  });

  router.get('/api/v1/admin/mail/outbox', requireAdmin, async (req, res) => {
    const rows = await mail.search(req.user!.workspaceId, mail.parseSearch(req.query as Record<string, unknown>));
    res.json({ emails: rows.map(outboxJson) });
  });

  return router;
}
