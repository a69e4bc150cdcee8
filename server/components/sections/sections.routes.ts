// Sections in the browser (/sections/:id/...) and as JSON (/api/v1/nodes/:id/sections,
// /api/v1/sections/:id/...). Reading is filtered by the policy in SQL: a section the reader may not
// see answers 404 exactly like an unknown id.
import { Router, type Request, type Response } from 'express';
import type { SectionsDeps } from './sections.deps.js';
import { AppError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { flash } from '../../web/flash.js';
import { requireUser } from '../../web/guards.js';
import { formValues } from '../../web/respond.js';
import { actorOf } from '../policy/actor.js';
import { reorderInput, moveInput } from '../org/org.schema.js';
import { createSectionInput, diffQuery, grantForm, grantInput, restoreInput, updateSectionInput } from './sections.schema.js';
import type { Grant, Section } from './sections.repository.js';
import type { SectionView } from './sections.service.js';
import { editSectionPage, grantsPage, historyPage, sectionTitle } from './sections.views.js';
import type { BackLink } from '../../web/ui.js';
import { sectionBackLink, sectionPagePath } from './section-back-link.js';
import './sections.openapi.js';

const iso = (v: number) => new Date(v).toISOString();
/** A grant as the API writes it: its time in ISO 8601. */
const grantJson = (g: Grant) => ({ ...g, createdAt: iso(g.createdAt) });

export function publicSection(req: Request, s: Section | SectionView) {
  const view = s as Partial<SectionView>;
  return {
    id: s.id,
    nodeId: s.nodeId,
    personId: s.personId,
    kind: s.kind,
    title: s.title,
    displayTitle: sectionTitle(req, s),
    body: s.body,
    ...(view.html !== undefined ? { html: view.html, hidden: view.hidden ?? false } : {}),
    visibility: s.visibility,
    position: s.position,
    revision: s.revision,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}


export function sectionsRouter(c: SectionsDeps): Router {
  const router = Router();
  const { sections } = c.services;

  /** The way back from a section's pages, named by whose page it is (a read, on the pages only, not on redirects). */
  const backTo = (req: Request, s: Section): Promise<BackLink> => sectionBackLink(c.repositories.sections, actorOf(req), s);

  /** Section forms: a 4xx re-renders the given page with its status and field messages. */
  const form = async (req: Request, res: Response, render: (state: { errors?: FieldErrors; message?: string }) => Promise<string>, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 404 || error.status === 403) throw error;
      const message = error instanceof ValidationError ? req.t('errors.validation') : req.t(error.message);
      res.status(error.status).type('html').send(await render({ errors: error.fields, message }));
    }
  };

  // ---- pages ----

  router.get('/sections/:id/edit', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const section = await sections.get(actor, req.params.id as string);
    if (!section.canEdit) await sections.update(actor, section.id, {}); // throws the policy's 403
    res.type('html').send(editSectionPage(req, section, await backTo(req, section)));
  });

  router.post('/sections/:id/edit', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const section = await sections.get(actor, req.params.id as string);
    const values = formValues(req.body, ['title', 'body', 'visibility']);
    await form(req, res, async (s) => editSectionPage(req, section, await backTo(req, section), { ...s, values }), async () => {
      const updated = await sections.update(actor, section.id, parseInput(updateSectionInput, req.body));
      // Undo restores the revision before the edit as a new revision: the history keeps both.
      flash(req, {
        message: req.t('sections.saved', { name: sectionTitle(req, updated) }),
        ...(updated.revision > section.revision ? { undo: { action: `/sections/${section.id}/restore`, fields: { revision: String(section.revision) } } } : {}),
      });
      res.redirect(303, sectionPagePath(updated));
    });
  });

  router.post('/sections/:id/delete', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const section = await sections.requireReadable(actor, req.params.id as string);
    await sections.remove(actor, section.id);
    const ownerPath = section.nodeId ? `/org/nodes/${section.nodeId}` : `/people/${section.personId}`;
    // The delete is soft: undo brings the same section back, with its history, grants and discussion.
    flash(req, {
      message: req.t('sections.deleted', { name: sectionTitle(req, section) }),
      undo: { action: `/sections/${section.id}/undelete`, fields: {} },
    });
    res.redirect(303, ownerPath);
  });

  router.post('/sections/:id/undelete', requireUser, async (req, res) => {
    const section = await sections.undelete(actorOf(req), req.params.id as string);
    flash(req, { message: req.t('sections.undeleted', { name: sectionTitle(req, section) }) });
    res.redirect(303, sectionPagePath(section));
  });

  router.get('/sections/:id/history', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const { section, revisions } = await sections.revisions(actor, req.params.id as string);
    const rights = await sections.rights(actor, section.nodeId ? { nodeId: section.nodeId } : { personId: section.personId! });
    const range = req.query.from !== undefined || req.query.to !== undefined ? parseInput(diffQuery, req.query) : undefined;
    const diff = range ? await sections.diff(actor, section.id, range.from, range.to) : undefined;
    res.type('html').send(historyPage(req, section, revisions, rights.canEdit, await backTo(req, section), diff));
  });

  router.post('/sections/:id/restore', requireUser, async (req, res) => {
    const revision = parseInput(restoreInput, req.body).revision;
    const section = await sections.restore(actorOf(req), req.params.id as string, revision);
    flash(req, { message: req.t('sections.restored', { name: sectionTitle(req, section), number: revision }) });
    res.redirect(303, `/sections/${section.id}/history`);
  });

  router.post('/sections/:id/move', requireUser, async (req, res) => {
    const section = await sections.move(actorOf(req), req.params.id as string, parseInput(moveInput, req.body).direction);
    flash(req, { message: req.t('sections.moved', { name: sectionTitle(req, section) }) });
    res.redirect(303, sectionPagePath(section));
  });

  router.post('/sections/:id/hide', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.setHidden(actor, req.params.id as string, true);
    const section = await sections.requireReadable(actor, req.params.id as string);
    flash(req, { message: req.t('sections.hidden', { name: sectionTitle(req, section) }), undo: { action: `/sections/${section.id}/show`, fields: {} } });
    res.redirect(303, section.nodeId ? `/org/nodes/${section.nodeId}` : `/people/${section.personId}`);
  });

  router.post('/sections/:id/show', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.setHidden(actor, req.params.id as string, false);
    const section = await sections.requireReadable(actor, req.params.id as string);
    flash(req, { message: req.t('sections.shown', { name: sectionTitle(req, section) }) });
    res.redirect(303, sectionPagePath(section));
  });

  const grantsView = async (req: Request, section: Section, state: { errors?: FieldErrors; message?: string } = {}) => {
    const actor = actorOf(req);
    const grants = await sections.grants(actor, section.id);
    const nodes = await c.repositories.org.listNodes(actor.workspaceId);
    return grantsPage(req, section, grants, nodes, await backTo(req, section), state);
  };

  router.get('/sections/:id/grants', requireUser, async (req, res) => {
    const section = await sections.requireReadable(actorOf(req), req.params.id as string);
    res.type('html').send(await grantsView(req, section));
  });

  router.post('/sections/:id/grants', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const section = await sections.requireReadable(actor, req.params.id as string);
    await form(req, res, (s) => grantsView(req, section, s), async () => {
      await sections.addGrant(actor, section.id, parseInput(grantForm, req.body));
      flash(req, { message: req.t('sections.grantAdded') });
      res.redirect(303, `/sections/${section.id}/grants`);
    });
  });

  router.post('/sections/:id/grants/:grantId/remove', requireUser, async (req, res) => {
    await sections.removeGrant(actorOf(req), req.params.id as string, req.params.grantId as string);
    flash(req, { message: req.t('sections.grantRemoved') });
    res.redirect(303, `/sections/${req.params.id}/grants`);
  });

  // ---- JSON API ----

  router.get('/api/v1/nodes/:id/sections', requireUser, async (req, res) => {
    res.json({ sections: (await sections.list(actorOf(req), { nodeId: req.params.id as string })).map((s) => publicSection(req, s)) });
  });

  router.post('/api/v1/nodes/:id/sections', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const created = await sections.create(actor, { nodeId: req.params.id as string }, parseInput(createSectionInput.strict(), req.body));
    res.status(201).json(publicSection(req, await sections.get(actor, created.id)));
  });

  router.put('/api/v1/nodes/:id/sections/order', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.reorder(actor, { nodeId: req.params.id as string }, parseInput(reorderInput.strict(), req.body).ids);
    res.json({ sections: (await sections.list(actor, { nodeId: req.params.id as string })).map((s) => publicSection(req, s)) });
  });

  router.get('/api/v1/sections/:id', requireUser, async (req, res) => {
    res.json(publicSection(req, await sections.get(actorOf(req), req.params.id as string)));
  });

  router.patch('/api/v1/sections/:id', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.update(actor, req.params.id as string, parseInput(updateSectionInput.strict(), req.body));
    res.json(publicSection(req, await sections.get(actor, req.params.id as string)));
  });

  router.delete('/api/v1/sections/:id', requireUser, async (req, res) => {
    await sections.remove(actorOf(req), req.params.id as string);
    res.status(204).end();
  });

  router.post('/api/v1/sections/:id/move', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.move(actor, req.params.id as string, parseInput(moveInput.strict(), req.body).direction);
    res.json(publicSection(req, await sections.get(actor, req.params.id as string)));
  });

  router.get('/api/v1/sections/:id/revisions', requireUser, async (req, res) => {
    const { revisions } = await sections.revisions(actorOf(req), req.params.id as string);
    res.json({ revisions: revisions.map((r) => ({ number: r.number, title: r.title, body: r.body, visibility: r.visibility, author: r.authorId ? { id: r.authorId, name: r.authorName } : null, createdAt: iso(r.createdAt) })) });
  });

  router.get('/api/v1/sections/:id/diff', requireUser, async (req, res) => {
    const q = parseInput(diffQuery, req.query);
    const d = await sections.diff(actorOf(req), req.params.id as string, q.from, q.to);
    res.json({ from: d.from.number, to: d.to.number, title: d.title, body: d.body });
  });

  router.post('/api/v1/sections/:id/restore', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await sections.restore(actor, req.params.id as string, parseInput(restoreInput.strict(), req.body).revision);
    res.json(publicSection(req, await sections.get(actor, req.params.id as string)));
  });

  router.get('/api/v1/sections/:id/grants', requireUser, async (req, res) => {
    res.json({ grants: (await sections.grants(actorOf(req), req.params.id as string)).map(grantJson) });
  });

  router.post('/api/v1/sections/:id/grants', requireUser, async (req, res) => {
    res.status(201).json({ grants: (await sections.addGrant(actorOf(req), req.params.id as string, parseInput(grantInput, req.body))).map(grantJson) });
  });

  router.delete('/api/v1/sections/:id/grants/:grantId', requireUser, async (req, res) => {
    await sections.removeGrant(actorOf(req), req.params.id as string, req.params.grantId as string);
    res.status(204).end();
  });

  router.put('/api/v1/sections/:id/hidden', requireUser, async (req, res) => {
    await sections.setHidden(actorOf(req), req.params.id as string, true);
    res.status(204).end();
  });

  router.delete('/api/v1/sections/:id/hidden', requireUser, async (req, res) => {
    await sections.setHidden(actorOf(req), req.params.id as string, false);
    res.status(204).end();
  });

  return router;
}
