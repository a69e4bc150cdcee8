import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import { icon } from '../../web/ui.js';
import type { ApiToken } from './tokens.repository.js';
import { publicToken } from './tokens.service.js';
import { timeTag } from '../../web/time.js';

export interface TokensPageState {
  errors?: FieldErrors;
  message?: string;
  /** The token just created: shown once, never again. */
  created?: { token: string; name: string };
  notice?: string;
  values?: Record<string, string | undefined>;
}

export function tokensPage(req: Request, tokens: ApiToken[], state: TokensPageState = {}): string {
  const { t } = req;
  const date = (iso: string | null) => (iso ? timeTag(req, Date.parse(iso)) : t('tokens.never'));
  const rows = tokens.map(publicToken).map(
    (tk) => html`<tr>
      <td>${tk.name}</td>
      <td><code>${tk.prefix}…</code></td>
      <td>${t(`tokens.scope.${tk.scope}`)}</td>
      <td>${date(tk.createdAt)}</td>
      <td>${date(tk.expiresAt)}</td>
      <td>${date(tk.lastUsedAt)}</td>
      <td>${tk.active
        ? html`<form method="post" action="/tokens/${tk.id}/revoke" class="inline" data-confirm="${t('tokens.confirmRevoke', { name: tk.name })}">${csrfInput(req)}<button type="submit" class="link" aria-label="${t('tokens.revokeNamed', { name: tk.name })}">${t('tokens.revoke')}</button></form>`
        : t(tk.revokedAt ? 'tokens.revoked' : 'tokens.expired')}</td>
    </tr>`,
  );
  const v = state.values ?? {};
  return page(req, {
    title: t('tokens.title'),
    body: html`<h1>${t('tokens.title')}</h1>
      <p class="muted">${t('tokens.intro')}</p>
      ${state.created
        ? html`<div class="alert alert-success" role="status">
            <p>${t('tokens.createdOnce', { name: state.created.name })}</p>
            <p><code class="token" id="new-token">${state.created.token}</code></p>
          </div>`
        : ''}
      ${alert('success', state.notice)}
      ${alert('error', state.message)}
      <div class="narrow-cards wide">
      <section class="card" aria-labelledby="tokens-h"><h2 class="card-title" id="tokens-h">${icon('key')}${t('tokens.yours')}</h2>
      ${tokens.length
        ? html`<div class="table-wrap"><table class="table">
            <thead><tr><th scope="col">${t('fields.name')}</th><th scope="col">${t('tokens.prefix')}</th><th scope="col">${t('tokens.scopeLabel')}</th><th scope="col">${t('tokens.created')}</th><th scope="col">${t('tokens.expires')}</th><th scope="col">${t('tokens.lastUsed')}</th><th scope="col">${t('security.actions')}</th></tr></thead>
            <tbody>${rows}</tbody>
          </table></div>`
        : html`<p class="muted">${t('tokens.none')}</p>`}
      </section>
      <section class="card" aria-labelledby="create-token-h"><h2 class="card-title" id="create-token-h">${icon('plus')}${t('tokens.create')}</h2>
      <form method="post" action="/tokens" novalidate class="grid">
        ${csrfInput(req)}
        ${field({ t, name: 'name', label: t('fields.name'), value: v.name ?? '', errors: state.errors, required: true, hint: t('tokens.nameHint') })}
        <fieldset class="field${state.errors?.scope ? ' has-error' : ''}">
          <legend>${t('tokens.scopeLabel')}</legend>
          <label><input type="radio" name="scope" value="read" ${v.scope !== 'write' ? html`checked` : ''}> ${t('tokens.scope.read')}</label>
          <label><input type="radio" name="scope" value="write" ${v.scope === 'write' ? html`checked` : ''}> ${t('tokens.scope.write')}</label>
          ${state.errors?.scope ? html`<p class="error">${t(state.errors.scope)}</p>` : ''}
        </fieldset>
        <div class="field${state.errors?.expiresInDays ? ' has-error' : ''}">
          <label for="f-expiresInDays">${t('tokens.expiresIn')}</label>
          <select id="f-expiresInDays" name="expiresInDays">
            ${['30', '90', '365', ''].map((d) => html`<option value="${d}" ${(v.expiresInDays ?? '90') === d ? html`selected` : ''}>${d ? t('tokens.days', { count: Number(d) }) : t('tokens.neverExpires')}</option>`)}
          </select>
          ${state.errors?.expiresInDays ? html`<p class="error">${t(state.errors.expiresInDays)}</p>` : ''}
        </div>
        <button type="submit" class="primary">${t('tokens.createSubmit')}</button>
      </form>
      </section>
      </div>`,
  });
}
