// /feedback (what the reader received and gave) and the feedback API. Giving feedback from a
// person page is routed by the people component, through this same service.
import { Router, type Request } from 'express';
import type { FeedbackService } from './feedback.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { feedbackInput, feedbackListQuery, giveToInput } from './feedback.schema.js';
import { handleForm } from '../../web/respond.js';
import { toast } from '../../web/flash.js';
import type { FeedbackView } from './feedback.repository.js';
import { feedbackPage, giveFormValues, type GiveState } from './feedback.views.js';
import './feedback.openapi.js';

export const feedbackJson = (f: FeedbackView) => ({
  id: f.id,
  giver: f.giver,
  recipient: f.recipient,
  body: f.body,
  visibility: f.visibility,
  values: f.values,
  createdAt: new Date(f.createdAt).toISOString(),
});

/** What feedback pages use of the container. */
export interface FeedbackRouteDeps {
  services: { feedback: FeedbackService; accounts: AccountsService };
}

export function feedbackRouter(c: FeedbackRouteDeps): Router {
  const router = Router();
  const service = c.services.feedback;

  const renderPage = async (req: Request, give?: GiveState) => {
    const actor = actorOf(req);
    return feedbackPage(req, { received: await service.received(actor), given: await service.given(actor), workspaceValues: await service.values(actor), give });
  };

  router.get('/feedback', requireUser, async (req, res) => {
    res.type('html').send(await renderPage(req));
  });

  // Giving feedback from this page: the colleague chosen with the people picker (their work email).
  router.post('/feedback', requireUser, async (req, res) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values = giveFormValues(raw, ['recipient', 'body', 'visibility']);
    await handleForm(req, res, (s) => renderPage(req, { ...s, values }), async () => {
      const { recipient, ...input } = parseInput(giveToInput, raw);
      const given = await service.giveTo(actorOf(req), recipient, input);
      toast(req, req.t('feedback.sent'));
      res.redirect(303, `/feedback#feedback-${given.id}`);
    });
  });

  router.get('/api/v1/feedback', requireUser, async (req, res) => {
    const { direction } = parseInput(feedbackListQuery, req.query);
    const actor = actorOf(req);
    const items = direction === 'given' ? await service.given(actor) : await service.received(actor);
    res.json({ feedback: items.map(feedbackJson) });
  });

  router.get('/api/v1/feedback/values', requireUser, async (req, res) => {
    res.json({ values: await service.values(actorOf(req)) });
  });

  router.get('/api/v1/people/:id/feedback', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await c.services.accounts.profileFor(req.user!, String(req.params.id));
    res.json({ feedback: (await service.about(actor, person.id)).map(feedbackJson) });
  });

  router.post('/api/v1/people/:id/feedback', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await c.services.accounts.profileFor(req.user!, String(req.params.id));
    const input = parseInput(feedbackInput.strict(), req.body);
    res.status(201).json(feedbackJson(await service.give(actor, person.id, input)));
  });

  return router;
}
