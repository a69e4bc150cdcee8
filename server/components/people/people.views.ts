// People pages: the directory and a person's page (profile, memberships, their own sections,
// feedback, a way to start a 1:1).
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { csrfInput } from '../../web/forms.js';
import type { User } from '../accounts/users.repository.js';
import type { FeedbackView } from '../feedback/feedback.repository.js';
import { feedbackList, giveForm, type GiveState } from '../feedback/feedback.views.js';
import { entityName } from '../org/org.service.js';
import type { Membership, PersonSummary } from './people.repository.js';
import { DIRECTORY_PAGE } from './people.service.js';
import { markdownHtml } from '../../web/markdown.js';
import { avatar, emailLines, emptyState, icon } from '../../web/ui.js';
import { timeOfDayIn } from '../../web/time.js';

export interface PersonPageData {
  person: User;
  memberships: Membership[];
  feedback: FeedbackView[];
  workspaceValues: string[];
  /** The person's sections, rendered by the sections component (empty when it has none to show). */
  sections: SafeHtml;
  give?: GiveState;
  notice?: string;
}

export function personPage(req: Request, d: PersonPageData): string {
  const { t } = req;
  const { person } = d;
  const self = req.user!.id === person.id;
  return page(req, {
    title: `${person.firstName} ${person.lastName}`,
    body: html`<div class="page-head">${avatar(person, 'large')}
        <div><h1>${person.firstName} ${person.lastName}</h1>${person.title ? html`<p class="lead">${person.title}</p>` : ''}</div>
        <div class="actions">${!self && person.photo && req.user!.role === 'admin'
          ? html`<form method="post" action="/people/${person.id}/photo/remove" class="inline" data-confirm="${t('profile.photo.adminRemove')}?" data-confirm-action="${t('profile.photo.adminRemove')}">${csrfInput(req)}<button type="submit" class="secondary">${t('profile.photo.adminRemove')}</button></form>`
          : ''}<a class="button secondary" href="/org/people/chart?root=${person.id}" data-show-me>${t('org.chartUi.showMe')}</a>${self
          ? html`<a class="button secondary" href="/profile">${t('people.editProfile')}</a>`
          : html`<form method="post" action="/one-on-ones" class="inline">${csrfInput(req)}<input type="hidden" name="personId" value="${person.id}"><button type="submit" class="secondary">${t('people.oneOnOne')}</button></form>`}</div>
      </div>
      ${d.notice ? html`<div class="alert alert-success" role="status">${d.notice}</div>` : ''}
      <div class="card-grid">
        ${profileCard(req, person)}
        <section class="card" aria-labelledby="memberships-heading">
          <h2 class="card-title" id="memberships-heading">${icon('org')}${t('people.memberships')}</h2>
          ${d.memberships.length
            ? html`<ul class="memberships people-list">${d.memberships.map(
                (m) => html`<li><span class="who"><a href="/org/nodes/${m.nodeId}">${m.nodeName}</a><span class="muted">${entityName({ name: m.entityName, systemKey: m.entityKey }, t)}</span></span>
                  ${m.role === 'lead' ? html`<span class="end"><span class="badge badge-accent">${t('org.role.lead')}</span></span>` : ''}</li>`,
              )}</ul>`
            : html`<p class="muted">${t('people.noMemberships')}</p>`}
        </section>
      </div>
      ${d.sections}
      <section class="card" aria-labelledby="feedback-heading" id="feedback">
        <h2 class="card-title" id="feedback-heading">${icon('feedback')}${t('feedback.heading')}</h2>
        ${feedbackList(req, d.feedback, 'giver')}
        ${self ? '' : html`<details class="disclosure give-here" id="give-feedback"${d.give ? html` open` : ''}><summary>${t('people.giveFeedback', { name: person.firstName })}</summary>${giveForm(req, { personId: person.id }, d.workspaceValues, d.give)}</details>`}
      </section>`,
  });
}

/**
 * How to reach the person and who they are: the bio, then contact details as links (mail, phone) and
 * the time it is where they are. Their title is under their name already.
 */
function profileCard(req: Request, person: User): SafeHtml {
  const { t } = req;
  const row = (label: string, value: SafeHtml | string | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const dialable = person.phone?.replace(/[^+\d]/g, '');
  const localTime = timeOfDayIn(req.lang, person.timeZone);
  return html`<section class="card" aria-labelledby="profile-heading">
    <h2 class="card-title" id="profile-heading">${icon('user')}${t('people.profile')}</h2>
    ${person.bio ? html`<div class="markdown bio">${markdownHtml(person.bio)}</div>` : ''}
    <dl class="profile">
      ${row(t('fields.email'), html`<a href="mailto:${person.email}">${emailLines(person.email)}</a>`)}
      ${row(t('fields.phone'), person.phone ? (dialable ? html`<a href="tel:${dialable}">${person.phone}</a>` : person.phone) : null)}
      ${row(t('fields.company'), person.company)}
      ${row(t('people.localTime'), localTime ? html`${localTime} <span class="muted">${t('people.inZone', { zone: person.timeZone })}</span>` : null)}
    </dl>
  </section>`;
}

export function directoryPage(req: Request, q: string, pageNumber: number, result: { people: PersonSummary[]; total: number }): string {
  const { t } = req;
  const pages = Math.max(1, Math.ceil(result.total / DIRECTORY_PAGE));
  const link = (n: number) => `/people?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
  return page(req, {
    title: t('people.title'),
    body: html`<h1>${t('people.title')}</h1>
      <form method="get" action="/people" role="search" class="row">
        <div class="field"><label for="f-people-q">${t('people.filter')}</label><input id="f-people-q" type="search" name="q" value="${q}" maxlength="100"></div>
        <div class="field"><button type="submit" class="secondary">${t('people.filterSubmit')}</button></div>
      </form>
      <p class="muted">${t('people.count', { count: result.total })}</p>
      ${result.people.length
        ? html`<ul class="people people-list people-grid">${result.people.map(
            (p) => html`<li>${avatar(p)}<span class="who"><a href="/people/${p.id}">${p.firstName} ${p.lastName}</a>${p.title || p.team ? html`<span class="muted">${[p.title, p.team].filter(Boolean).join(' · ')}</span>` : ''}</span></li>`,
          )}</ul>`
        : emptyState({ icon: 'people', title: t('people.count', { count: 0 }), action: q ? { href: '/people', label: t('people.showEveryone') } : undefined })}
      ${pages > 1
        ? html`<nav aria-label="${t('people.pages')}" class="row">
            ${pageNumber > 1 ? html`<a href="${link(pageNumber - 1)}" rel="prev">${t('people.previous')}</a>` : ''}
            <span>${t('people.pageOf', { page: pageNumber, pages })}</span>
            ${pageNumber < pages ? html`<a href="${link(pageNumber + 1)}" rel="next">${t('people.next')}</a>` : ''}
          </nav>`
        : ''}`,
  });
}
