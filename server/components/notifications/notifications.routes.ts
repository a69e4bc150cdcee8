// The notifications page, the unread count shown in the header, and /api/v1/notifications.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { NotificationsService } from './notifications.service.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { readWithSession } from '../sessions/session-store.js';
import { notificationTitle, type NotificationView } from './notifications.repository.js';
import type { Translate } from '../../platform/i18n.js';
import { notificationsPage } from './notifications.views.js';
import './notifications.openapi.js';
import { toast } from '../../web/flash.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Unread notifications of the signed-in reader, for the header (HTML pages only). */
      unreadNotifications?: number;
    }
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const notificationJson = (t: Translate, n: NotificationView) => ({
  id: n.id,
  kind: n.kind,
  actor: n.actor && { id: n.actor.id, firstName: n.actor.firstName, lastName: n.actor.lastName },
  commentId: n.commentId,
  feedbackId: n.feedbackId,
  // The target as people read it: an untitled section named by its kind in the request's language.
  target: n.target && { type: n.target.type, id: n.target.id, title: notificationTitle(t, n) },
  createdAt: iso(n.createdAt),
  readAt: iso(n.readAt),
});

/** Where a notification leads: the comment in its thread, or the feedback list. */
export function notificationLink(n: NotificationView): string {
  if (n.kind === 'feedback') return `/feedback#feedback-${n.feedbackId}`;
  if (n.kind === 'dsar_due') return `/privacy/requests/${n.dsarRequestId}`;
  if (n.kind === 'dsar_update') return `/privacy/me#request-${n.dsarRequestId}`;
  if (n.oneOnOne) return `/one-on-ones/${n.oneOnOne.id}/meetings/${n.oneOnOne.meetingId}`;
  if (n.href) return n.href;
  return `/discussions/${n.target!.type}/${n.target!.id}#comment-${n.commentId}`;
}

/** What notifications use of the container. */
export interface NotificationsRouteDeps {
  services: { notifications: NotificationsService };
}

/** Loads the header's unread count for signed-in HTML page views (mounted right after the user is known). */
export function unreadNotifications(c: NotificationsRouteDeps) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (req.user && req.method === 'GET' && !req.path.startsWith('/api/') && !req.tokenScope) {
      // The first look at the user's own unread rows was made with the session's query, when it was
      // the signed-in user's (a session signed in during this request was not).
      const read = readWithSession(req);
      req.unreadNotifications = await c.services.notifications.unreadCount(actorOf(req), read?.user?.id === req.user.id ? read.ownUnread : undefined);
    }
    next();
  };
}

export function notificationsRouter(c: NotificationsRouteDeps): Router {
  const router = Router();
  const service = c.services.notifications;

  router.get('/notifications', requireUser, async (req, res) => {
    res.type('html').send(notificationsPage(req, await service.list(actorOf(req))));
  });

  router.post('/notifications/read', requireUser, async (req, res) => {
    await service.markAllRead(actorOf(req));
    toast(req, req.t('notifications.allRead'));
    res.redirect(303, '/notifications');
  });

  router.get('/notifications/:id/open', requireUser, async (req, res) => {
    const n = await service.open(actorOf(req), String(req.params.id));
    res.redirect(303, notificationLink(n));
  });

  router.get('/api/v1/notifications', requireUser, async (req, res) => {
    const actor = actorOf(req);
    res.json({ unread: await service.unreadCount(actor), notifications: (await service.list(actor)).map((n) => notificationJson(req.t, n)) });
  });

  router.post('/api/v1/notifications/read', requireUser, async (req, res) => {
    res.json({ marked: await service.markAllRead(actorOf(req)) });
  });

  router.post('/api/v1/notifications/:id/read', requireUser, async (req, res) => {
    res.json(notificationJson(req.t, { ...(await service.open(actorOf(req), String(req.params.id))), readAt: Date.now() }));
  });

  return router;
}
