// Data subject requests in the browser and under /api/v1: the queue and each request for privacy
// contacts (role privacy) and admins; the privacy center ("My data") for every signed-in employee.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { placerLabel, placerNames } from '../holds/hold-placer.js';
import type { DsarAppDeps } from './dsar.deps.js';
import { ForbiddenError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { DsarHeldError } from './dsar.erasure.js';
import { assignInput, closeInput, extendInput, noteInput, openInput, reasonInput, rectifyInput, requestId, selfServiceInput, statusInput } from './dsar.schema.js';
import { handlerOf } from './dsar.service.js';
import { mentionJson, requestJson } from './dsar.json.js';
import { myDataPage, newRequestPage, queuePage, requestPage, type FormState } from './dsar.views.js';
import './dsar.openapi.js';
import { toast, toastWaiting } from '../../web/flash.js';

/** Privacy contacts (role `privacy`) and admins; a personal access token of theirs works on /api/v1. */
/** `decision: redact`, or `decision: keep` with a reason. */
function mentionDecision(v: Record<string, unknown>): { redact: true } | { keep: string } {
  if (v.decision === 'redact') return { redact: true };
  if (v.decision === 'keep') return { keep: typeof v.reason === 'string' ? v.reason : '' };
  throw new ValidationError({ decision: 'dsar.errors.required' });
}

export function requirePrivacyStaff(req: Request, res: Response, next: NextFunction): void {
  requireUser(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (req.user?.role !== 'admin' && req.user?.role !== 'privacy') return next(new ForbiddenError());
    next();
  });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const zipName = (id: string) => `opsenic-data-${new Date().toISOString().slice(0, 10)}-${id.slice(0, 8)}.zip`;

export function dsarRouter(c: DsarAppDeps): Router {
  const router = Router();
  const { dsar, dsarErasure, sessions } = c.services;

  // ---- the queue (privacy contacts and admins) ----

  router.get('/privacy/requests', requirePrivacyStaff, async (req, res) => {
    const notice = req.query.done === 'opened' && !toastWaiting(req) ? req.t('dsar.opened') : undefined;
    res.type('html').send(queuePage(req, await dsar.list(handlerOf(req.user!)), { notice }));
  });

  router.get('/privacy/requests/new', requirePrivacyStaff, (req, res) => {
    res.type('html').send(newRequestPage(req));
  });

  router.post('/privacy/requests', requirePrivacyStaff, async (req, res) => {
    const values = formValues(req.body, ['type', 'user', 'email', 'channel', 'received', 'details']);
    await handleForm(req, res, (s) => newRequestPage(req, { ...s, values }), async () => {
      const input = parseInput(openInput, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')));
      const opened = await dsar.open(input, handlerOf(req.user!));
      toast(req, req.t('dsar.opened'));
      res.redirect(303, `/privacy/requests/${opened.id}?done=opened`);
    });
  });

  const mentionsOf = (req: Request) => dsarErasure.mentions(String(req.params.id), handlerOf(req.user!));
  const renderRequest = async (req: Request, state: FormState = {}) => requestPage(req, await dsar.detail(String(req.params.id), handlerOf(req.user!)), { ...state, mentions: await mentionsOf(req) });

  router.get('/privacy/requests/:id', requirePrivacyStaff, async (req, res) => {
    const done = !toastWaiting(req) && typeof req.query.done === 'string' && /^[a-z_]{1,20}$/.test(req.query.done) ? req.t(`dsar.done.${req.query.done}`) : undefined;
    res.type('html').send(await renderRequest(req, { notice: done }));
  });

  /** A form action on one request: a typed error re-renders the request page with the reason (and, for a legal hold, what is held and why). */
  const form = (path: string, keys: string[], run: (req: Request, values: Record<string, string | undefined>) => Promise<unknown>, done: string) => {
    router.post(`/privacy/requests/:id/${path}`, requirePrivacyStaff, async (req, res) => {
      parseInput(requestId, { id: req.params.id });
      const values = formValues(req.body, keys);
      const detail = await dsar.detail(String(req.params.id), handlerOf(req.user!));
      const mentions = await mentionsOf(req);
      let holds: FormState['holds'];
      await handleForm(req, res, (s) => requestPage(req, detail, { ...s, values, holds, mentions, form: req.params.mentionId ? `mentions/${req.params.mentionId}` : path }), async () => {
        try {
          await run(req, values);
        } catch (error) {
          if (error instanceof DsarHeldError) {
            const names = await placerNames(c.repositories.users, error.holds.map((x) => x.placedBy));
            holds = error.holds.map((x) => ({ ...x, placedBy: placerLabel(req.t, x.placedBy, names) }));
          }
          throw error;
        }
        toast(req, req.t(`dsar.done.${done}`));
        res.redirect(303, `/privacy/requests/${req.params.id}?done=${done}`);
      });
    });
  };
  const h = (req: Request) => handlerOf(req.user!);
  form('status', ['status'], (req, v) => dsar.setStatus(String(req.params.id), parseInput(statusInput, v).status, h(req)), 'status');
  form('extend', ['days', 'due', 'reason'], (req, v) => dsar.extend(String(req.params.id), parseInput(extendInput, { ...v, days: v.days || undefined, due: v.due || undefined }), h(req)), 'extended');
  form('close', ['outcome', 'reason'], (req, v) => dsar.close(String(req.params.id), parseInput(closeInput, { ...v, reason: v.reason || undefined }), h(req)), 'closed');
  form('assign', ['assignee'], (req, v) => dsar.assign(String(req.params.id), parseInput(assignInput, v).assignee || null, h(req)), 'assigned');
  form('notes', ['body'], (req, v) => dsar.note(String(req.params.id), parseInput(noteInput, v).body, h(req)), 'noted');
  form('rectify', ['firstName', 'lastName', 'email', 'title', 'phone'], (req, v) => dsar.rectify(String(req.params.id), parseInput(rectifyInput, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''))), h(req)), 'rectified');
  form('restrict', [], (req) => dsar.restrict(String(req.params.id), {}, h(req)), 'restricted');
  form('lift', [], (req) => dsar.restrict(String(req.params.id), { lift: true }, h(req)), 'lifted');
  form('erase', ['override'], (req, v) => dsarErasure.erase(String(req.params.id), { override: v.override === 'yes' }, h(req)), 'erased');
  form('mentions/:mentionId', ['decision', 'reason'], (req, v) => dsarErasure.decide(String(req.params.id), String(req.params.mentionId), mentionDecision(v), h(req)), 'mention');

  router.get('/privacy/requests/:id/export', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    // Refusals (unknown, closed, wrong type) before a single byte of the zip is sent.
    await dsar.assertExportable(id, h(req));
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${zipName(id)}"`);
    res.setHeader('Cache-Control', 'no-store');
    await dsar.export(id, res, h(req));
  });

  // ---- JSON for scripts ----

  router.get('/api/v1/privacy/requests', requirePrivacyStaff, async (req, res) => {
    res.json({ requests: (await dsar.list(h(req))).map(requestJson) });
  });
  router.post('/api/v1/privacy/requests', requirePrivacyStaff, async (req, res) => {
    res.status(201).json(requestJson(await dsar.open(parseInput(openInput, req.body), h(req))));
  });
  router.get('/api/v1/privacy/requests/:id', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    const d = await dsar.detail(id, h(req));
    res.json({ ...requestJson(d.request), restricted: d.restricted, notes: d.notes.map((n) => ({ author: n.authorName, body: n.body, createdAt: iso(n.createdAt) })), results: d.results.map((r) => ({ kind: r.kind, summary: r.summary, createdAt: iso(r.createdAt) })) });
  });
  router.post('/api/v1/privacy/requests/:id/close', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    res.json(requestJson(await dsar.close(id, parseInput(closeInput, req.body), h(req))));
  });
  router.post('/api/v1/privacy/requests/:id/erase', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    try {
      const outcome = await dsarErasure.erase(id, { override: req.body?.override === true }, h(req));
      res.json({ request: requestJson(outcome.request), report: outcome.report, overriddenHolds: outcome.overridden, ledgerId: outcome.ledgerId });
    } catch (error) {
      if (!(error instanceof DsarHeldError)) throw error;
      res.status(409).json({ error: { code: 'held', message: req.t(error.message), holds: error.holds.map((x) => ({ ...x, until: iso(x.until) })), requestId: req.id } });
    }
  });

  router.get('/api/v1/privacy/requests/:id/mentions', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    res.json({ mentions: (await dsarErasure.mentions(id, h(req))).map(mentionJson) });
  });
  router.post('/api/v1/privacy/requests/:id/mentions/:mentionId', requirePrivacyStaff, async (req, res) => {
    const { id } = parseInput(requestId, { id: req.params.id });
    const outcome = await dsarErasure.decide(id, String(req.params.mentionId), mentionDecision(req.body ?? {}), h(req));
    res.json({ mention: mentionJson(outcome.mention), request: requestJson(outcome.request) });
  });

  // ---- the privacy center (every employee) ----

  const myDataOf = async (req: Request) => {
    const user = req.user!;
    return { counts: await dsar.overview(user), requests: await dsar.mine(user), restricted: await dsar.isRestricted(user.id), sessions: await sessions.list(user.id, req.sessionID), devices: await dsar.devicesOf(user.id) };
  };

  router.get('/privacy/me', requireUser, async (req, res) => {
    const notice = req.query.done === 'requested' && !toastWaiting(req) ? req.t('privacyCenter.requested') : undefined;
    res.type('html').send(myDataPage(req, await myDataOf(req), { notice }));
  });

  router.post('/privacy/me/requests', requireUser, async (req, res) => {
    const values = formValues(req.body, ['type', 'details']);
    const data = await myDataOf(req);
    await handleForm(req, res, (s) => myDataPage(req, data, { ...s, values }), async () => {
      const input = parseInput(selfServiceInput, { ...values, details: values.details || undefined });
      await dsar.selfRequest(req.user!, input);
      toast(req, req.t('privacyCenter.requested'));
      res.redirect(303, '/privacy/me?done=requested');
    });
  });

  router.get('/privacy/me/export', requireUser, async (req, res) => {
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${zipName(req.user!.id)}"`);
    res.setHeader('Cache-Control', 'no-store');
    await dsar.selfExport(req.user!, res);
  });

  return router;
}
