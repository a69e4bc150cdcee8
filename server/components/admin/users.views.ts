// The admin's people list: search, filters, pages, and per person the actions an admin takes
// (disable/enable, promote/demote, send a reset link, delete). Each action is a small POST form.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import { timeTag } from '../../web/time.js';
import { avatar, emailLines, emptyState } from '../../web/ui.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { User } from '../accounts/users.repository.js';
import { USERS_PAGE_SIZE, type UsersQuery } from './users.schema.js';

export interface UsersPageData {
  users: User[];
  total: number;
  query: UsersQuery;
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  message?: string;
  notice?: string;
}

function listLink(values: Record<string, string | undefined>, pageNumber: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'page') params.set(k, v);
  params.set('page', String(pageNumber));
  return `/admin/users?${params.toString()}`;
}

function actionButton(req: Request, user: User, action: string, label: string, returnTo: string): SafeHtml {
  const name = `${user.firstName} ${user.lastName}`;
  return html`<form method="post" action="/admin/users/${user.id}/${action}">${csrfInput(req)}<input type="hidden" name="returnTo" value="${returnTo}"><button type="submit" aria-label="${req.t(`adminUsers.actionsNamed.${action}`, { name })}">${label}</button></form>`;
}

/**
 * A person's actions behind one "Actions" button (the shell's disclosure menu, no script needed): four
 * buttons side by side made every row two lines tall and the page 6,000 px long.
 */
function actions(req: Request, user: User, returnTo: string): SafeHtml | string {
  const { t } = req;
  if (user.status === 'deleted') return '';
  const self = user.id === req.user!.id;
  const name = `${user.firstName} ${user.lastName}`;
  const items = [
    user.status === 'active' && !self ? actionButton(req, user, 'disable', t('adminUsers.actions.disable'), returnTo) : null,
    user.status === 'disabled' ? actionButton(req, user, 'enable', t('adminUsers.actions.enable'), returnTo) : null,
    user.role !== 'admin' ? actionButton(req, user, 'promote', t('adminUsers.actions.promote'), returnTo) : !self ? actionButton(req, user, 'demote', t('adminUsers.actions.demote'), returnTo) : null,
    user.status === 'active' ? actionButton(req, user, 'reset-link', t('adminUsers.actions.reset-link'), returnTo) : null,
    !self ? html`<a href="/admin/users/${user.id}/delete" class="danger-text">${t('accountDeletion.delete')}</a>` : null,
  ].filter((item) => item !== null);
  if (!items.length) return '';
  return html`<details class="menu row-menu">
    <summary class="button small" aria-label="${t('adminUsers.actionsFor', { name })}">${t('adminUsers.actionsHeading')}</summary>
    <div class="menu-panel"><ul>${items.map((item) => html`<li>${item}</li>`)}</ul></div>
  </details>`;
}

export function usersPage(req: Request, d: UsersPageData): string {
  const { t } = req;
  const pages = Math.max(1, Math.ceil(d.total / USERS_PAGE_SIZE));
  const current = Math.min(d.query.page, pages);
  const returnTo = listLink(d.values, current);
  const option = (value: string, label: string, selected: string | undefined) => html`<option value="${value}" ${selected === value || (!selected && value === '') ? html`selected` : ''}>${label}</option>`;
  return page(req, {
    title: t('adminUsers.title'),
    body: html`<p class="breadcrumb"><a href="/admin">${t('nav.admin')}</a></p>
      <div class="page-head"><h1>${t('adminUsers.title')}</h1><div class="actions"><a class="button primary" href="/admin#invite-h">${t('adminUsers.invite')}</a></div></div>
      ${alert('success', d.notice)}
      ${alert('error', d.message)}
      <form method="get" action="/admin/users" class="row filters" role="search" aria-label="${t('adminUsers.filters')}" novalidate>
        ${field({ t, name: 'q', label: t('adminUsers.search'), type: 'search', value: d.values.q, errors: d.errors })}
        <div class="field${d.errors?.role ? ' has-error' : ''}"><label for="f-role">${t('fields.role')}</label>
          <select id="f-role" name="role">${option('', t('adminUsers.any'), d.values.role)}${option('member', t('roles.member'), d.values.role)}${option('admin', t('roles.admin'), d.values.role)}${option('privacy', t('roles.privacy'), d.values.role)}</select>
          ${d.errors?.role ? html`<p class="error">${t(d.errors.role)}</p>` : ''}</div>
        <div class="field${d.errors?.status ? ' has-error' : ''}"><label for="f-status">${t('fields.status')}</label>
          <select id="f-status" name="status">${option('', t('adminUsers.any'), d.values.status)}${option('active', t('status.active'), d.values.status)}${option('disabled', t('status.disabled'), d.values.status)}${option('deleted', t('status.deleted'), d.values.status)}</select>
          ${d.errors?.status ? html`<p class="error">${t(d.errors.status)}</p>` : ''}</div>
        <button type="submit" class="secondary">${t('adminUsers.filter')}</button>
      </form>
      ${d.errors?.page ? html`<p class="error">${t(d.errors.page)}</p>` : ''}
      <p role="status" id="users-count">${t('adminUsers.count', { count: d.total })}</p>
      ${d.users.length
        ? html`<table class="table" id="users">
            <caption class="visually-hidden">${t('adminUsers.title')}</caption>
            <thead><tr><th scope="col">${t('fields.name')}</th><th scope="col">${t('fields.role')}</th><th scope="col">${t('fields.status')}</th><th scope="col">${t('adminUsers.lastSignIn')}</th><th scope="col"><span class="visually-hidden">${t('adminUsers.actionsHeading')}</span></th></tr></thead>
            <tbody>${d.users.map(
              (u) => html`<tr data-user="${u.id}">
                <th scope="row"><div class="person-cell">${avatar(u, 'small')}<span class="who"><a href="/people/${u.id}">${u.firstName} ${u.lastName}</a><span class="muted">${emailLines(u.email)}</span></span></div></th>
                <td data-label="${t('fields.role')}">${t(`roles.${u.role}`)}</td>
                <td data-label="${t('fields.status')}">${t(`status.${u.status}`)}</td>
                <td data-label="${t('adminUsers.lastSignIn')}">${u.lastSignInAt ? timeTag(req, u.lastSignInAt) : t('adminUsers.never')}</td>
                <td class="row-actions">${actions(req, u, returnTo)}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : emptyState({ icon: 'search', title: t('adminUsers.none'), action: { href: '/admin/users', label: t('adminUsers.clearFilters') } })}
      ${pages > 1
        ? html`<nav aria-label="${t('adminUsers.pages')}"><p>
            ${current > 1 ? html`<a href="${listLink(d.values, current - 1)}" rel="prev">${t('adminUsers.previous')}</a>` : ''}
            ${t('adminUsers.pageOf', { page: current, pages })}
            ${current < pages ? html`<a href="${listLink(d.values, current + 1)}" rel="next">${t('adminUsers.next')}</a>` : ''}
          </p></nav>`
        : ''}`,
  });
}
