// People pages (/people, /people/:id with its own sections and feedback) and /api/v1/people.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { PeopleDeps } from './people.deps.js';
import { html } from '../../web/html.js';
import { parseInput } from '../../platform/validation.js';
import { AppError, ValidationError } from '../../platform/errors.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { publicUser } from '../accounts/accounts.service.js';
import { feedbackInput } from '../feedback/feedback.schema.js';
import { giveFormValues, type GiveState } from '../feedback/feedback.views.js';
import { createSectionInput } from '../sections/sections.schema.js';
import { sectionTitle, sectionsBlock } from '../sections/sections.views.js';
import type { FieldErrors } from '../../platform/errors.js';
import { directoryQuery } from './people.schema.js';
import { directoryPage, personPage } from './people.views.js';
import './people.openapi.js';
import { toast, toastWaiting } from '../../web/flash.js';

const sectionOrder = z.object({ ids: z.array(z.string().max(36)).min(1, 'errors.required').max(500, 'errors.tooLong') }).strict();

export function peopleRouter(c: PeopleDeps): Router {
  const router = Router();
  const { people, feedback, sections, photos } = c.services;

  /** Everything a person page shows, for this reader. */
  const render = async (req: Request, id: string, state: { give?: GiveState; sectionErrors?: FieldErrors; notice?: string } = {}) => {
    const actor = actorOf(req);
    const person = await people.person(actor, id);
    const owner = { personId: person.id };
    const [memberships, about, values, personSections, rights] = await Promise.all([
      people.memberships(actor, person.id),
      feedback.about(actor, person.id),
      feedback.values(actor),
      sections.list(actor, owner),
      sections.rights(actor, owner),
    ]);
    const sectionsHtml = html`<section aria-labelledby="sections-heading" id="sections">
      <h2 id="sections-heading">${req.t('people.sections')}</h2>
      ${sectionsBlock(req, { ownerPath: `/people/${person.id}`, reorderApi: `/api/v1/people/${person.id}/sections/order`, sections: personSections, rights, errors: state.sectionErrors })}
    </section>`;
    return personPage(req, { person, memberships, feedback: about, workspaceValues: values, sections: sectionsHtml, give: state.give, notice: state.notice });
  };

  router.get('/people', requireUser, async (req, res) => {
    const { q, page } = parseInput(directoryQuery, req.query);
    res.type('html').send(directoryPage(req, q, page, await people.directory(actorOf(req), { q, page })));
  });

  router.get('/people/:id', requireUser, async (req, res) => {
    const notice = toastWaiting(req) ? undefined : req.query.done === 'feedback' ? req.t('feedback.sent') : req.query.done === 'photo' ? req.t('profile.photo.adminRemoved') : undefined;
    res.type('html').send(await render(req, String(req.params.id), { notice }));
  });

  router.post('/people/:id/feedback', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values = giveFormValues(raw, ['body', 'visibility']);
    try {
      await feedback.give(actor, person.id, parseInput(feedbackInput, raw));
      toast(req, req.t('feedback.sent'));
      res.redirect(303, `/people/${person.id}?done=feedback#feedback`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const message = error instanceof ValidationError ? req.t('errors.validation') : req.t(error.message);
      res.status(error.status).type('html').send(await render(req, person.id, { give: { errors: error.fields, message, values } }));
    }
  });

  router.post('/people/:id/sections', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    try {
      const section = await sections.create(actor, { personId: person.id }, parseInput(createSectionInput, req.body));
      toast(req, req.t('sections.added', { name: sectionTitle(req, section) }));
      res.redirect(303, `/people/${person.id}#section-${section.id}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || !error.fields) throw error;
      res.status(error.status).type('html').send(await render(req, person.id, { sectionErrors: error.fields }));
    }
  });

  // The profile photo, to colleagues of the same workspace. The version (?v=) is in every link the
  // pages draw, so a versioned URL may be cached for long; the ETag answers a revalidation with 304.
  router.get('/people/:id/photo', requireUser, async (req, res) => {
    const size = req.query.size === 'large' ? 'large' : 'small';
    const photo = await photos.photoOf(actorOf(req), String(req.params.id), size);
    const etag = `"${photo.etag}-${size}"`;
    res.set({ ETag: etag, 'Cache-Control': req.query.v === photo.etag ? 'private, max-age=31536000, immutable' : 'private, no-cache', 'X-Content-Type-Options': 'nosniff' });
    if (req.fresh) return void res.status(304).end();
    res.type(photo.contentType).send(photo.bytes);
  });

  // The person removes their own photo; an admin removes anyone's in the workspace (an unsuitable picture).
  router.post('/people/:id/photo/remove', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    await photos.remove(actor, person.id);
    toast(req, req.t('profile.photo.adminRemoved'));
    res.redirect(303, `/people/${person.id}?done=photo`);
  });

  // ---- JSON API ----
  router.get('/api/v1/people', requireUser, async (req, res) => {
    const { q, page } = parseInput(directoryQuery, req.query);
    const result = await people.directory(actorOf(req), { q, page });
    res.json({ total: result.total, page, people: result.people });
  });

  router.get('/api/v1/people/:id', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    res.json({ ...publicUser(person, req.user!), memberships: await people.memberships(actor, person.id) });
  });

  router.get('/api/v1/people/:id/sections', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    const list = await sections.list(actor, { personId: person.id });
    res.json({ sections: list.map((s) => ({ id: s.id, kind: s.kind, title: s.title, body: s.body, html: s.html, visibility: s.visibility, position: s.position, revision: s.revision, hidden: s.hidden })) });
  });

  router.post('/api/v1/people/:id/sections', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    const section = await sections.create(actor, { personId: person.id }, parseInput(createSectionInput.strict(), req.body));
    res.status(201).json({ id: section.id, kind: section.kind, title: section.title, body: section.body, visibility: section.visibility, revision: section.revision });
  });

  router.put('/api/v1/people/:id/sections/order', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const person = await people.person(actor, String(req.params.id));
    const { ids } = parseInput(sectionOrder, req.body);
    await sections.reorder(actor, { personId: person.id }, ids);
    res.status(204).end();
  });

  return router;
}
