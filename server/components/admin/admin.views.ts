import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { Invitation } from '../accounts/tokens.repository.js';
import type { SignupMode, Workspace } from '../workspaces/workspaces.repository.js';
import { icon, stats } from '../../web/ui.js';
import { formatDateTime } from '../../web/time.js';

export interface AdminState {
  errors?: FieldErrors;
  message?: string;
  notice?: string;
  values?: Record<string, string | undefined>;
}

interface AdminData {
  /** How many people have an account, by state and role (deleted accounts are not counted). */
  people: { active: number; admins: number; disabled: number };
  invitations: Invitation[];
  signupMode: SignupMode;
  workspace: Workspace;
  state: AdminState;
  /** Sections other components render for admins (single sign-on groups, throttled sign-ins). */
  sections?: SafeHtml[];
}

export function adminPage(req: Request, d: AdminData): string {
  const { t } = req;
  const override = d.workspace.signupMode;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
  return page(req, {
    title: t('admin.title'),
    body: html`<h1>${t('admin.title')}</h1>
      ${alert('success', d.state.notice)}
      ${alert('error', d.state.message)}
      <section class="card" aria-labelledby="users-h">
        <h2 class="card-title" id="users-h">${icon('people')}${t('admin.people')}</h2>
        ${stats(req.lang, [
          { value: d.people.active, label: t('admin.active') },
          { value: d.people.admins, label: t('admin.admins') },
          { value: d.people.disabled, label: t('admin.disabled') },
          { value: d.invitations.length, label: t('admin.pendingInvitations') },
        ])}
        <p class="row"><a class="button secondary" href="/admin/users">${t('admin.managePeople')}</a><span class="muted">${t('admin.manageHint')}</span></p>
      </section>
      <div class="card-grid">
      <section class="card" aria-labelledby="invite-h">
        <h2 class="card-title" id="invite-h">${icon('plus')}${t('admin.invite')}</h2>
        <form method="post" action="/admin/invitations" novalidate class="row">
          ${csrfInput(req)}
          ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: d.state.values?.email, errors: d.state.errors, required: true })}
          <div class="field">
            <label for="f-role">${t('fields.role')}</label>
            <select id="f-role" name="role">${option('member', t('roles.member'), d.state.values?.role !== 'admin')}${option('admin', t('roles.admin'), d.state.values?.role === 'admin')}</select>
          </div>
          <div class="field"><button type="submit" class="primary">${t('admin.inviteSubmit')}</button></div>
        </form>
        <h3>${t('admin.pending')}</h3>
        ${d.invitations.length
          ? html`<ul class="compact-list">${d.invitations.map((i) => html`<li>${i.email}<span class="meta">${t(`roles.${i.role}`)} · ${t('admin.expires', { date: formatDateTime(req, i.expiresAt) })}</span></li>`)}</ul>`
          : html`<p class="muted">${t('admin.noInvitations')}</p>`}
      </section>
      <section class="card" aria-labelledby="signup-h">
        <h2 class="card-title" id="signup-h">${icon('key')}${t('admin.signup')}</h2>
        <p>${t(d.signupMode === 'open' ? 'admin.signupIsOpen' : 'admin.signupIsInvite')}</p>
        <form method="post" action="/admin/signup-mode" class="row">
          ${csrfInput(req)}
          <label for="f-mode">${t('admin.signupMode')}</label>
          <select id="f-mode" name="mode">
            ${option('config', t('admin.modeConfig'), override === null)}
            ${option('open', t('admin.modeOpen'), override === 'open')}
            ${option('invite', t('admin.modeInvite'), override === 'invite')}
          </select>
          <button type="submit" class="secondary">${t('admin.save')}</button>
        </form>
      </section>
      </div>
      ${d.sections ?? ''}`,
  });
}
