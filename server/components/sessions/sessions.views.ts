import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import { icon } from '../../web/ui.js';
import type { ActiveSession } from './sessions.service.js';
import { timeTag } from '../../web/time.js';

/** "Chrome 156 on Linux" in the reader's language; the browser or the system alone when only one is known. */
function deviceName(req: Request, s: ActiveSession): string {
  if (s.browser && s.os) return req.t('security.browserOn', { browser: s.browser, os: s.os });
  return s.browser ?? s.os ?? req.t('security.unknownDevice');
}

/** A person's sessions with a way to end each other one: the security page and the privacy center show the same table. */
export function sessionsTable(req: Request, sessions: ActiveSession[], caption: string): SafeHtml {
  const { t } = req;
  return html`<div class="table-wrap"><table class="table">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${t('security.device')}</th><th scope="col">${t('security.ip')}</th><th scope="col">${t('security.lastSeen')}</th><th scope="col">${t('security.kind')}</th><th scope="col"><span class="visually-hidden">${t('security.actions')}</span></th></tr></thead>
    <tbody>
      ${sessions.map(
        (s) => html`<tr data-session-id="${s.id}">
          <td>${deviceName(req, s)}${s.current ? html` <strong class="badge">${t('security.current')}</strong>` : ''}</td>
          <td>${s.ip ?? '—'}</td>
          <td>${timeTag(req, s.lastSeenAt)}</td>
          <td>${s.persistent ? t('security.remembered') : t('security.browserSession')}</td>
          <td>${s.current ? '' : html`<form method="post" action="/security/sessions/${s.id}/revoke">${csrfInput(req)}<button type="submit" class="secondary">${t('security.revoke')}<span class="visually-hidden"> ${deviceName(req, s)}</span></button></form>`}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}

export function securityPage(req: Request, sessions: ActiveSession[], state: { errors?: FieldErrors; message?: string; notice?: string }): string {
  const { t } = req;
  return page(req, {
    title: t('security.title'),
    body: html`<h1>${t('security.title')}</h1>
      ${alert('success', state.notice)}
      ${alert('error', state.message)}
      <div class="narrow-cards wide">
      <section class="card" aria-labelledby="sessions-h">
        <h2 class="card-title" id="sessions-h">${icon('key')}${t('security.sessions')}</h2>
        ${sessionsTable(req, sessions, t('security.sessions'))}
        <form method="post" action="/signout/everywhere">${csrfInput(req)}<button type="submit" class="danger">${t('security.signoutEverywhere')}</button></form>
      </section>
      <section class="card" aria-labelledby="password-h">
        <h2 class="card-title" id="password-h">${icon('privacy')}${t('security.changePassword')}</h2>
        <form method="post" action="/security/password" novalidate class="grid">
          ${csrfInput(req)}
          ${field({ t, name: 'currentPassword', label: t('fields.currentPassword'), type: 'password', errors: state.errors, autocomplete: 'current-password', required: true })}
          ${field({ t, name: 'newPassword', label: t('fields.newPassword'), type: 'password', errors: state.errors, autocomplete: 'new-password', required: true, hint: t('password.hint') })}
          <button type="submit" class="primary">${t('security.changePasswordSubmit')}</button>
        </form>
      </section>
      </div>`,
  });
}
