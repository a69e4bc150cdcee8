// The notifications page: mentions, replies and feedback, newest first, unread ones marked.
import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { emptyState } from '../../web/ui.js';
import { csrfInput } from '../../web/forms.js';
import { notificationKey, type NotificationView } from './notifications.repository.js';
import { timeTag } from '../../web/time.js';


export function notificationsPage(req: Request, items: NotificationView[]): string {
  const { t } = req;
  const unread = items.filter((n) => n.readAt === null).length;
  return page(req, {
    title: t('notifications.title'),
    body: html`<h1>${t('notifications.title')}</h1>
      ${unread
        ? html`<form method="post" action="/notifications/read" class="row">${csrfInput(req)}<button type="submit" class="secondary">${t('notifications.markAllRead')}</button></form>`
        : ''}
      ${items.length === 0
        ? emptyState({ icon: 'bell', title: t('home.noInbox'), text: t('notifications.none'), action: { href: '/people', label: t('home.giveFeedback') } })
        : html`<ul class="notifications">
            ${items.map((n) => {
              const who = n.actor ? `${n.actor.firstName} ${n.actor.lastName}` : t('discussions.formerMember');
              const text = t(`notifications.kinds.${notificationKey(n)}`, { name: who, title: n.target?.title ?? n.oneOnOne?.body ?? '' });
              return html`<li class="${n.readAt === null ? 'unread' : 'read'}" id="notification-${n.id}">
                ${n.readAt === null ? html`<span class="badge">${t('notifications.new')}</span> ` : ''}<a href="/notifications/${n.id}/open">${text}</a>
                <span class="muted">${timeTag(req, n.createdAt)}</span></li>`;
            })}
          </ul>`}`,
  });
}
