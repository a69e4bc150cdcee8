// Discussion threads (pages and /api/v1). Anyone who may read the node or section may read and join.
import { Router, type Request } from 'express';
import type { DiscussionsDeps } from './discussions.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { handleForm } from '../../web/respond.js';
import { actorOf } from '../policy/actor.js';
import { commentInput, targetParams } from './discussions.schema.js';
import type { CommentView, Target } from './discussions.repository.js';
import { targetUrl, threadPage, threadUrl, type ThreadState } from './discussions.views.js';
import { sectionBackLink } from '../sections/section-back-link.js';
import type { BackLink } from '../../web/ui.js';
import './discussions.openapi.js';
import { toast } from '../../web/flash.js';
import { sectionTitleIn } from '../sections/section-title.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const commentJson = (c: CommentView) => ({
  id: c.id,
  target: c.nodeId ? { type: 'node', id: c.nodeId } : { type: 'section', id: c.sectionId },
  author: c.author && { id: c.author.id, firstName: c.author.firstName, lastName: c.author.lastName },
  body: c.body,
  mentions: c.mentions.map((m) => ({ id: m.id, firstName: m.firstName, lastName: m.lastName })),
  createdAt: iso(c.createdAt),
  editedAt: iso(c.editedAt),
});

/** An unknown target type reads as an unknown page (404), not as a validation error. */
function target(req: Request) {
  const parsed = targetParams.safeParse(req.params);
  return parsed.success ? parsed.data : { type: 'node' as const, id: '' };
}

export function discussionsRouter(c: DiscussionsDeps): Router {
  const router = Router();
  const service = c.services.discussions;

  /** The thread page's way back: the node itself, by name, or the page showing the section. */
  const backTo = async (req: Request, target: Target): Promise<BackLink> =>
    target.type === 'node' ? { path: targetUrl(target), name: target.title ?? undefined } : sectionBackLink(c.repositories.sections, actorOf(req), target);
  const renderThread = async (req: Request, thread: { target: Target; comments: CommentView[] }, state: ThreadState = {}) =>
    threadPage(req, thread.target, thread.comments, await backTo(req, thread.target), state);

  // Comment routes first: /discussions/comments/:commentId would otherwise read as a thread of type "comments".
  router.post('/discussions/comments/:commentId', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const input = parseInput(commentInput, req.body);
    const comment = await service.edit(actor, String(req.params.commentId), input.body);
    toast(req, req.t('discussions.edited'));
    res.redirect(303, `${threadUrl(comment.nodeId ? { type: 'node', id: comment.nodeId } : { type: 'section', id: comment.sectionId! })}#comment-${comment.id}`);
  });

  router.post('/discussions/comments/:commentId/delete', requireUser, async (req, res) => {
    const comment = await service.delete(actorOf(req), String(req.params.commentId));
    toast(req, req.t('discussions.deleted'));
    res.redirect(303, threadUrl(comment.nodeId ? { type: 'node', id: comment.nodeId } : { type: 'section', id: comment.sectionId! }));
  });

  router.get('/discussions/:type/:id', requireUser, async (req, res) => {
    const { type, id } = target(req);
    const thread = await service.thread(actorOf(req), type, id);
    res.type('html').send(await renderThread(req, thread, { editing: typeof req.query.edit === 'string' ? req.query.edit : undefined }));
  });

  router.post('/discussions/:type/:id', requireUser, async (req, res) => {
    const { type, id } = target(req);
    const actor = actorOf(req);
    const thread = await service.thread(actor, type, id);
    const body = typeof req.body?.body === 'string' ? req.body.body : '';
    await handleForm(req, res, (s) => renderThread(req, thread, { ...s, body }), async () => {
      const input = parseInput(commentInput, req.body);
      const comment = await service.add(actor, type, id, input.body);
      toast(req, req.t('discussions.posted'));
      res.redirect(303, `${threadUrl(thread.target)}#comment-${comment.id}`);
    });
  });

  // ---- JSON API ----
  router.get('/api/v1/discussions/:type/:id', requireUser, async (req, res) => {
    const { type, id } = target(req);
    const thread = await service.thread(actorOf(req), type, id);
    res.json({ target: { type, id, title: sectionTitleIn(req.t, thread.target.title, thread.target.sectionKind) }, comments: thread.comments.map(commentJson) });
  });

  router.post('/api/v1/discussions/:type/:id', requireUser, async (req, res) => {
    const { type, id } = target(req);
    const actor = actorOf(req);
    await service.target(actor, type, id);
    const input = parseInput(commentInput.strict(), req.body);
    res.status(201).json(commentJson(await service.add(actor, type, id, input.body)));
  });

  router.patch('/api/v1/comments/:commentId', requireUser, async (req, res) => {
    const input = parseInput(commentInput.strict(), req.body);
    res.json(commentJson(await service.edit(actorOf(req), String(req.params.commentId), input.body)));
  });

  router.delete('/api/v1/comments/:commentId', requireUser, async (req, res) => {
    await service.delete(actorOf(req), String(req.params.commentId));
    res.status(204).end();
  });

  return router;
}
