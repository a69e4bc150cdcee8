// The Home page: cards for the day, each with an empty state that says what to do next.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { avatar, emptyState, icon, type IconName } from '../../web/ui.js';
import { plainOneLine } from '../../web/markdown.js';
import { dayTag, timeTag } from '../../web/time.js';
import type { FeedbackView } from '../feedback/feedback.repository.js';
import { notificationKey, notificationTitle, type NotificationView } from '../notifications/notifications.repository.js';
import type { RecentSection } from '../sections/sections.repository.js';
import { sectionTitleIn } from '../sections/section-title.js';
import type { MyActionItem, MyOneOnOne, MyTeam } from './home.repository.js';

export interface HomeData {
  workspaceName: string;
  teams: MyTeam[];
  oneOnOnes: MyOneOnOne[];
  actionItems: MyActionItem[];
  inbox: NotificationView[];
  feedback: FeedbackView[];
  changes: RecentSection[];
}

/** A feedback's first words as plain text: Home shows a preview, the feedback page the rendered Markdown. */
function preview(body: string, length = 180): string {
  const plain = plainOneLine(body);
  return plain.length > length ? `${plain.slice(0, length).trimEnd()}…` : plain;
}
const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

function card(id: string, title: string, iconName: IconName, body: SafeHtml, more?: SafeHtml): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}"><h2 class="card-title" id="${id}">${icon(iconName)}${title}</h2>${body}${more ?? ''}</section>`;
}

export function homePage(req: Request, d: HomeData): string {
  const { t } = req;
  const me = req.user!;
  const now = Date.now();
  const teams = d.teams.length
    ? html`<ul class="people-list">${d.teams.map(
        (team) => html`<li><span class="who"><a href="/org/nodes/${team.nodeId}">${team.name}</a><span class="muted">${t('home.members', { count: team.memberCount })}</span></span>
          ${team.role === 'lead' ? html`<span class="end"><span class="badge badge-accent">${t('org.role.lead')}</span></span>` : ''}</li>`,
      )}</ul>`
    : emptyState({ title: t('home.noTeams'), text: t('home.noTeamsText'), action: { href: '/org', label: t('home.browseOrg') } });
  const oneOnOnes = d.oneOnOnes.length
    ? html`<ul class="people-list">${d.oneOnOnes.map(
        (o) => html`<li>${avatar(o.other, 'small')}<span class="who"><a href="/one-on-ones/${o.id}">${t('home.with', { name: fullName(o.other) })}</a>
          <span class="muted">${o.nextOn !== null ? html`${t('home.nextOn')} ${dayTag(req, o.nextOn)}` : o.lastOn !== null ? html`${t('home.lastOn')} ${dayTag(req, o.lastOn)}` : ''}</span></span></li>`,
      )}</ul>`
    : emptyState({ title: t('home.noOneOnOnes'), text: t('home.noOneOnOnesText'), action: { href: '/people', label: t('home.findPeople') } });
  const items = d.actionItems.length
    ? html`<ul class="compact-list">${d.actionItems.map(
        (i) => html`<li><a href="/one-on-ones/${i.pairId}/meetings/${i.meetingId}">${i.body}</a><span class="meta">${t('home.inMeeting', { name: fullName(i.other) })} · ${dayTag(req, i.heldOn)}</span></li>`,
      )}</ul>`
    : emptyState({ title: t('home.noActionItems'), text: t('home.noActionItemsText') });
  const inbox = d.inbox.length
    ? html`<ul class="compact-list">${d.inbox.map((n) => {
        const who = n.actor ? fullName(n.actor) : t('discussions.formerMember');
        return html`<li>${n.readAt === null ? html`<span class="badge badge-accent">${t('notifications.new')}</span> ` : ''}<a href="/notifications/${n.id}/open">${t(`notifications.kinds.${notificationKey(n)}`, { name: who, title: notificationTitle(t, n) })}</a><span class="meta">${timeTag(req, n.createdAt, now)}</span></li>`;
      })}</ul>`
    : emptyState({ title: t('home.noInbox'), text: t('home.noInboxText') });
  const feedback = d.feedback.length
    ? html`<ul class="compact-list">${d.feedback.map(
        (f) => html`<li><span class="person-line">${f.giver ? avatar(f.giver, 'small') : ''}<strong>${f.giver ? fullName(f.giver) : t('discussions.formerMember')}</strong></span>
          <p class="feedback-body">${preview(f.body)}</p><span class="meta">${timeTag(req, f.createdAt, now)}</span></li>`,
      )}</ul>`
    : emptyState({ title: t('home.noFeedback'), text: t('home.noFeedbackText'), action: { href: '/people', label: t('home.giveFeedback') } });
  const changes = d.changes.length
    ? html`<ul class="compact-list">${d.changes.map(
        (c) => html`<li><a href="/org/nodes/${c.nodeId}#section-${c.id}">${sectionTitleIn(t, c.title, c.kind)}</a>
          <span class="meta">${c.nodeName}${c.updatedByName ? ` · ${c.updatedByName}` : ''} · ${timeTag(req, c.updatedAt, now)}</span></li>`,
      )}</ul>`
    : emptyState({ title: t('home.noChanges'), text: t('home.noChangesText') });
  return page(req, {
    title: t('home.title'),
    body: html`<div class="page-head">${avatar(me, 'large')}<div><h1>${t('home.welcome', { name: me.firstName })}</h1><p class="muted">${t('home.workspace', { name: d.workspaceName })}</p></div></div>
      <div class="card-grid">
        ${card('home-teams', t('home.myTeams'), 'org', teams)}
        ${card('home-oneonones', t('home.nextOneOnOnes'), 'calendar', oneOnOnes)}
        ${card('home-items', t('home.actionItems'), 'check', items)}
        ${card('home-inbox', t('home.inbox'), 'at', inbox, d.inbox.length ? html`<p><a href="/notifications">${t('home.allNotifications')}</a></p>` : undefined)}
        ${card('home-feedback', t('home.feedbackReceived'), 'feedback', feedback, d.feedback.length ? html`<p><a href="/feedback">${t('feedback.title')}</a></p>` : undefined)}
        ${card('home-changes', t('home.recentChanges'), 'activity', changes)}
      </div>`,
  });
}
