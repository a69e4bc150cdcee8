import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { Invitation } from '../accounts/tokens.repository.js';
import type { SignupMode, Workspace } from '../workspaces/workspaces.repository.js';
import { formatTime } from '../sessions/sessions.views.js';

export interface AdminState {
  errors?: FieldErrors;
  message?: string;
  notice?: string;
  values?: Record<string, string | undefined>;
}

interface AdminData {
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
      <p><a href="/admin/audit">${t('audit.link')}</a></p>
      ${alert('success', d.state.notice)}
      ${alert('error', d.state.message)}
      <p><a href="/admin/retention">${t('retention.title')}</a></p>
      <p><a href="/admin/logs">${t('capture.admin.nav')}</a>: <a href="/admin/logs">${t('capture.admin.logs')}</a> · <a href="/admin/devices">${t('capture.admin.devices')}</a> · <a href="/admin/crashes">${t('capture.admin.crashes')}</a> · <a href="/admin/usage">${t('capture.admin.usage')}</a></p>
      <section aria-labelledby="signup-h">
        <h2 id="signup-h">${t('admin.signup')}</h2>
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
      <section aria-labelledby="invite-h">
        <h2 id="invite-h">${t('admin.invite')}</h2>
        <form method="post" action="/admin/invitations" novalidate class="row">
          ${csrfInput(req)}
          ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: d.state.values?.email, errors: d.state.errors, required: true })}
          <div class="field">
            <label for="f-role">${t('fields.role')}</label>
            <select id="f-role" name="role">${option('member', t('roles.member'), d.state.values?.role !== 'admin')}${option('admin', t('roles.admin'), d.state.values?.role === 'admin')}</select>
          </div>
          <button type="submit" class="primary">${t('admin.inviteSubmit')}</button>
        </form>
        ${d.invitations.length
          ? html`<ul class="list">${d.invitations.map((i) => html`<li>${i.email} · ${t(`roles.${i.role}`)} · ${t('admin.expires', { date: formatTime(req, i.expiresAt) })}</li>`)}</ul>`
          : html`<p>${t('admin.noInvitations')}</p>`}
      </section>
      <section aria-labelledby="users-h">
        <h2 id="users-h">${t('admin.members')}</h2>
        <p><a href="/admin/users">${t('adminUsers.manage')}</a></p>
      </section>
      ${d.sections ?? ''}`,
  });
}
