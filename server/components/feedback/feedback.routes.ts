// /feedback (what the reader received and gave) and the feedback API. Giving feedback from a
// person page is routed by the people component, through this same service.
import { Router } from 'express';
import type { FeedbackService } from './feedback.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { feedbackInput, feedbackListQuery } from './feedback.schema.js';
import type { FeedbackView } from './feedback.repository.js';
import { feedbackPage } from './feedback.views.js';
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

  router.get('/feedback', requireUser, async (req, res) => {
    const actor = actorOf(req);
    res.type('html').send(feedbackPage(req, await service.received(actor), await service.given(actor)));
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
