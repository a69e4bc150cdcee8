// The notifications page: mentions, replies and feedback, newest first, unread ones marked.
import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { avatar, emptyState, icon } from '../../web/ui.js';
import { csrfInput } from '../../web/forms.js';
import { notificationKey, notificationTitle, type NotificationView } from './notifications.repository.js';
import { timeTag } from '../../web/time.js';


export function notificationsPage(req: Request, items: NotificationView[]): string {
  const { t } = req;
  const unread = items.filter((n) => n.readAt === null).length;
  return page(req, {
    title: t('notifications.title'),
    body: html`<div class="page-head"><h1>${t('notifications.title')}</h1>
        ${unread
          ? html`<form method="post" action="/notifications/read" class="actions">${csrfInput(req)}<button type="submit" class="secondary">${t('notifications.markAllRead')}</button></form>`
          : ''}</div>
      ${items.length === 0
        ? emptyState({ icon: 'bell', title: t('home.noInbox'), text: t('notifications.none'), action: { href: '/people', label: t('home.giveFeedback') } })
        : html`<section class="card"><ul class="compact-list notifications">
            ${items.map((n) => {
              const who = n.actor ? `${n.actor.firstName} ${n.actor.lastName}` : t('discussions.formerMember');
              const text = t(`notifications.kinds.${notificationKey(n)}`, { name: who, title: notificationTitle(t, n) });
              // Who acted, at a glance: their avatar (a bell for the system's own reminders).
              return html`<li class="${n.readAt === null ? 'unread' : 'read'}" id="notification-${n.id}"><span class="notification">${n.actor ? avatar(n.actor, 'small') : icon('bell')}<span>
                ${n.readAt === null ? html`<span class="badge badge-accent">${t('notifications.new')}</span> ` : ''}<a href="/notifications/${n.id}/open">${text}</a>
                <span class="meta">${timeTag(req, n.createdAt)}</span></span></span></li>`;
            })}
          </ul></section>`}`,
  });
}
