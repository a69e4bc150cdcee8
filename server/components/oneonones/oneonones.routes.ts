// 1:1 pages and /api/v1/one-on-ones. Only the two participants get anything but a 404.
import { Router, type Request, type Response } from 'express';
import type { OneOnOnesService } from './oneonones.service.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { actorOf } from '../policy/actor.js';
import { itemChangeInput, meetingInput, newItemInput, privateNoteInput, sharedNotesInput, startInput, startWithInput } from './oneonones.schema.js';
import type { Item, Meeting } from './oneonones.repository.js';
import { listPage, meetingPage, pairPage } from './oneonones.views.js';
import './oneonones.openapi.js';
import { readerToday } from '../../web/time.js';
import { toast, toastWaiting } from '../../web/flash.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const meetingJson = (m: Meeting) => ({ id: m.id, heldOn: iso(m.heldOn)!.slice(0, 10), sharedNotes: m.sharedNotes, createdAt: iso(m.createdAt), updatedAt: iso(m.updatedAt) });
export const itemJson = (i: Item) => ({ id: i.id, meetingId: i.meetingId, kind: i.kind, body: i.body, ownerId: i.ownerId, done: i.done, carriedFromId: i.carriedFromId, createdAt: iso(i.createdAt), doneAt: iso(i.doneAt) });

const p = (req: Request, name: string) => String(req.params[name]);

/** What 1:1 pages use of the container. */
export interface OneOnOnesRouteDeps {
  services: { oneOnOnes: OneOnOnesService };
}

/** The other person as the API names them (the page also shows their title and photo). */
const partnerJson = (p: { id: string; firstName: string; lastName: string }) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName });

export function oneOnOnesRouter(c: OneOnOnesRouteDeps): Router {
  const router = Router();
  const service = c.services.oneOnOnes;

  // ---- pages ----
  router.get('/one-on-ones', requireUser, async (req, res) => {
    res.type('html').send(listPage(req, await service.list(actorOf(req), readerToday(req).ms)));
  });

  // From a person page (their id), or from the list page's people picker (their work email).
  router.post('/one-on-ones', requireUser, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.personId !== undefined) {
      const { personId } = parseInput(startInput, body);
      const pair = await service.start(actorOf(req), personId);
      toast(req, req.t('oneonones.started'));
      return void res.redirect(303, `/one-on-ones/${pair.id}`);
    }
    const pairs = await service.list(actorOf(req), readerToday(req).ms);
    const values = formValues(body, ['person']);
    await handleForm(req, res, (s) => listPage(req, pairs, { ...s, values }), async () => {
      const { person } = parseInput(startWithInput, body);
      const pair = await service.startWith(actorOf(req), person);
      toast(req, req.t('oneonones.started'));
      res.redirect(303, `/one-on-ones/${pair.id}`);
    });
  });

  router.get('/one-on-ones/:id', requireUser, async (req, res) => {
    res.type('html').send(pairPage(req, await service.overview(actorOf(req), p(req, 'id'))));
  });

  router.post('/one-on-ones/:id/meetings', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const data = await service.overview(actor, p(req, 'id'));
    await handleForm(req, res, (s) => pairPage(req, data, s), async () => {
      const { heldOn } = parseInput(meetingInput, req.body);
      const meeting = await service.addMeeting(actor, p(req, 'id'), heldOn);
      toast(req, req.t('oneonones.meetingAdded'));
      res.redirect(303, `/one-on-ones/${p(req, 'id')}/meetings/${meeting.id}`);
    });
  });

  const meetingUrl = (req: Request) => `/one-on-ones/${p(req, 'id')}/meetings/${p(req, 'meetingId')}`;
  /** Runs a meeting form; bad input re-renders the meeting page with the message, unchanged. */
  const meetingForm = async (req: Request, res: Response, action: () => Promise<void>, done: string, saved = '') => {
    const actor = actorOf(req);
    const data = await service.meeting(actor, p(req, 'id'), p(req, 'meetingId'));
    await handleForm(req, res, (s) => meetingPage(req, data, s), async () => {
      await action();
      toast(req, req.t(done));
      res.redirect(303, `${meetingUrl(req)}${saved}`);
    });
  };

  router.get('/one-on-ones/:id/meetings/:meetingId', requireUser, async (req, res) => {
    const data = await service.meeting(actorOf(req), p(req, 'id'), p(req, 'meetingId'));
    res.type('html').send(meetingPage(req, data, { saved: req.query.saved === '1' && !toastWaiting(req) ? '1' : undefined }));
  });

  router.post('/one-on-ones/:id/meetings/:meetingId/shared-notes', requireUser, (req, res) =>
    meetingForm(req, res, async () => {
      const { sharedNotes } = parseInput(sharedNotesInput, req.body);
      await service.updateSharedNotes(actorOf(req), p(req, 'id'), p(req, 'meetingId'), sharedNotes);
    }, 'oneonones.saved', '?saved=1'),
  );

  router.post('/one-on-ones/:id/meetings/:meetingId/private-note', requireUser, (req, res) =>
    meetingForm(req, res, async () => {
      const { body } = parseInput(privateNoteInput, req.body);
      await service.savePrivateNote(actorOf(req), p(req, 'id'), p(req, 'meetingId'), body);
    }, 'oneonones.saved', '?saved=1'),
  );

  router.post('/one-on-ones/:id/meetings/:meetingId/items', requireUser, (req, res) =>
    meetingForm(req, res, async () => {
      const input = parseInput(newItemInput, req.body);
      await service.addItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), input);
    }, 'oneonones.itemAdded'),
  );

  router.post('/one-on-ones/:id/meetings/:meetingId/items/:itemId', requireUser, (req, res) =>
    meetingForm(req, res, async () => {
      const { _csrf, ...body } = (req.body ?? {}) as Record<string, unknown>;
      const input = parseInput(itemChangeInput, body);
      await service.updateItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), p(req, 'itemId'), input);
    }, 'oneonones.itemSaved'),
  );

  router.post('/one-on-ones/:id/meetings/:meetingId/items/:itemId/delete', requireUser, (req, res) =>
    meetingForm(req, res, async () => {
      await service.deleteItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), p(req, 'itemId'));
    }, 'oneonones.itemDeleted'),
  );

  // ---- JSON API ----
  router.get('/api/v1/one-on-ones', requireUser, async (req, res) => {
    const pairs = await service.list(actorOf(req), readerToday(req).ms);
    const day = (ms: number | null) => (ms === null ? null : iso(ms)!.slice(0, 10));
    res.json({ oneOnOnes: pairs.map((x) => ({ id: x.id, partner: partnerJson(x.partner), lastHeldOn: day(x.lastHeldOn), nextOn: day(x.nextOn) })) });
  });

  router.post('/api/v1/one-on-ones', requireUser, async (req, res) => {
    const { personId } = parseInput(startInput.strict(), req.body);
    const pair = await service.start(actorOf(req), personId);
    const view = await service.get(actorOf(req), pair.id);
    res.status(201).json({ id: view.id, partner: partnerJson(view.partner) });
  });

  router.get('/api/v1/one-on-ones/:id', requireUser, async (req, res) => {
    const data = await service.overview(actorOf(req), p(req, 'id'));
    res.json({ id: data.pair.id, partner: partnerJson(data.pair.partner), meetings: data.meetings.map(meetingJson), openActionItems: data.openActionItems.map(itemJson) });
  });

  router.post('/api/v1/one-on-ones/:id/meetings', requireUser, async (req, res) => {
    const { heldOn } = parseInput(meetingInput.strict(), req.body);
    res.status(201).json(meetingJson(await service.addMeeting(actorOf(req), p(req, 'id'), heldOn)));
  });

  router.get('/api/v1/one-on-ones/:id/meetings/:meetingId', requireUser, async (req, res) => {
    const data = await service.meeting(actorOf(req), p(req, 'id'), p(req, 'meetingId'));
    res.json({ ...meetingJson(data.meeting), items: data.items.map(itemJson), privateNote: data.privateNote });
  });

  router.patch('/api/v1/one-on-ones/:id/meetings/:meetingId', requireUser, async (req, res) => {
    const { sharedNotes } = parseInput(sharedNotesInput.strict(), req.body);
    await service.updateSharedNotes(actorOf(req), p(req, 'id'), p(req, 'meetingId'), sharedNotes);
    const data = await service.meeting(actorOf(req), p(req, 'id'), p(req, 'meetingId'));
    res.json({ ...meetingJson(data.meeting), items: data.items.map(itemJson), privateNote: data.privateNote });
  });

  router.put('/api/v1/one-on-ones/:id/meetings/:meetingId/private-note', requireUser, async (req, res) => {
    const { body } = parseInput(privateNoteInput.strict(), req.body);
    await service.savePrivateNote(actorOf(req), p(req, 'id'), p(req, 'meetingId'), body);
    res.json({ body });
  });

  router.post('/api/v1/one-on-ones/:id/meetings/:meetingId/items', requireUser, async (req, res) => {
    const input = parseInput(newItemInput.strict(), req.body);
    res.status(201).json(itemJson(await service.addItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), input)));
  });

  router.patch('/api/v1/one-on-ones/:id/meetings/:meetingId/items/:itemId', requireUser, async (req, res) => {
    const input = parseInput(itemChangeInput.strict(), req.body);
    res.json(itemJson(await service.updateItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), p(req, 'itemId'), input)));
  });

  router.delete('/api/v1/one-on-ones/:id/meetings/:meetingId/items/:itemId', requireUser, async (req, res) => {
    await service.deleteItem(actorOf(req), p(req, 'id'), p(req, 'meetingId'), p(req, 'itemId'));
    res.status(204).end();
  });

  return router;
}
