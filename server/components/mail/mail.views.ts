// Pages: a person's email preferences, the one-click unsubscribe page, and the admin's outbox
// (search, retry, template preview, opt-in/opt-out of optional categories, announcements).
import type { Request } from 'express';
import { html, raw, type SafeHtml } from '../../web/html.js';
import { emailLines, emptyState, icon } from '../../web/ui.js';
import { timeTag } from '../../web/time.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import { categories } from './categories.js';
import type { CategoryChoice } from './mail.service.js';
import { outboxStatuses, type OutboxRow, type OutboxSearch } from './outbox.repository.js';
import { templateNames, type Rendered } from './templates.js';
import type { Consent } from './preferences.repository.js';

export function preferencesPage(req: Request, choices: CategoryChoice[], state: { notice?: string; errors?: FieldErrors; message?: string; digestHour: number }): string {
  const { t } = req;
  return page(req, {
    title: t('mail.preferences.title'),
    body: html`<h1>${t('mail.preferences.title')}</h1>
      ${alert('success', state.notice)}${alert('error', state.message)}
      <p>${t('mail.preferences.intro')}</p>
      <p class="muted">${t('mail.preferences.timeZone', { hour: state.digestHour, zone: req.user?.timeZone ?? 'UTC' })}</p>
      <form method="post" action="/settings/email">${csrfInput(req)}
        <table class="table preferences">
          <thead><tr><th scope="col">${t('mail.preferences.category')}</th><th scope="col">${t('mail.preferences.basis')}</th><th scope="col">${t('mail.preferences.choice')}</th></tr></thead>
          <tbody>
            ${choices.map(({ category, mode, modes }) => {
              const id = `pref-${category.id}`;
              const error = state.errors?.[category.id];
              return html`<tr>
                <th scope="row"><label for="${id}">${t(`mail.categories.${category.id}.name`)}</label><br><span class="muted">${t(`mail.categories.${category.id}.what`)}</span></th>
                <td data-label="${t('mail.preferences.basis')}">${t(`mail.legalBasis.${category.legalBasis}`)}</td>
                <td>${category.optOut
                  ? html`<select id="${id}" name="${category.id}" ${error ? html`aria-invalid="true"` : ''}>${modes.map((m) => html`<option value="${m}" ${m === mode ? 'selected' : ''}>${t(`mail.modes.${m}`)}</option>`)}</select>${error ? html`<p class="error">${t(error)}</p>` : ''}`
                  : html`${t('mail.modes.always')}${error ? html`<p class="error">${t(error)}</p>` : ''}`}</td>
              </tr>`;
            })}
          </tbody>
        </table>
        <button type="submit" class="primary">${t('mail.preferences.save')}</button>
      </form>`,
  });
}

export function unsubscribePage(req: Request, state: { token?: string; category?: string; email?: string; done?: boolean; invalid?: boolean }): string {
  const { t } = req;
  const name = state.category ? t(`mail.categories.${state.category}.name`) : '';
  return page(req, {
    title: t('mail.unsubscribe.title'),
    narrow: true,
    body: html`<h1>${t('mail.unsubscribe.title')}</h1>
      ${state.invalid
        ? html`<p>${t('mail.unsubscribe.invalid')}</p>`
        : state.done
          ? alert('success', t('mail.unsubscribe.done', { category: name }))
          : html`<p>${t('mail.unsubscribe.confirm', { category: name, email: state.email ?? '' })}</p>
            <form method="post" action="/mail/unsubscribe/${state.token ?? ''}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t('mail.unsubscribe.button')}</button></form>`}`,
  });
}

export interface OutboxPageData {
  rows: OutboxRow[];
  search: OutboxSearch;
  consents: Map<string, Consent>;
  nodes: Array<{ id: string; name: string }>;
  preview?: { template: string; language: string; rendered: Rendered };
  notice?: string;
  errors?: FieldErrors;
  message?: string;
  values?: Record<string, string | undefined>;
}

/** An outbox status in words, as a badge: failed in red, waiting in amber. */
function statusBadge(t: Request['t'], status: OutboxRow['status']): SafeHtml {
  const tone = status === 'failed' ? ' badge-danger' : status === 'queued' || status === 'sending' ? ' badge-warn' : status === 'sent' ? ' badge-ok' : '';
  return html`<span class="badge${tone}">${t(`mail.admin.statuses.${status}`)}</span>`;
}

function outboxTable(req: Request, rows: OutboxRow[]): SafeHtml {
  const { t } = req;
  return html`<table class="table" id="outbox">
    <caption class="visually-hidden">${t('mail.admin.sentTitle')}</caption>
    <thead><tr><th scope="col">${t('mail.admin.created')}</th><th scope="col">${t('mail.admin.recipient')}</th><th scope="col">${t('mail.admin.subject')}</th><th scope="col">${t('mail.admin.status')}</th><th scope="col">${t('mail.admin.attempts')}</th><th scope="col">${t('mail.admin.error')}</th><th scope="col"><span class="visually-hidden">${t('mail.admin.actions')}</span></th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr id="email-${r.id}">
        <td data-label="${t('mail.admin.created')}">${timeTag(req, r.createdAt)}</td>
        <td data-label="${t('mail.admin.recipient')}">${emailLines(r.to)}</td>
        <td>${r.subject ?? t(`mail.admin.templateNames.${r.template}`, { defaultValue: r.template })}<br><span class="muted small">${t(`mail.categories.${r.category}.name`, { defaultValue: r.category })}</span></td>
        <td data-label="${t('mail.admin.status')}">${statusBadge(t, r.status)}</td>
        <td data-label="${t('mail.admin.attempts')}">${r.attempts}</td>
        <td data-label="${t('mail.admin.error')}">${r.lastError ?? ''}</td>
        <td>${r.status === 'failed' ? html`<form method="post" action="/admin/mail/${r.id}/retry">${csrfInput(req)}<button type="submit" class="secondary">${t('mail.admin.retry')}</button></form>` : ''}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export function outboxPage(req: Request, d: OutboxPageData): string {
  const { t } = req;
  const optional = categories.filter((c) => c.group === 'optional');
  return page(req, {
    title: t('mail.admin.title'),
    body: html`<h1>${t('mail.admin.title')}</h1>
      ${alert('success', d.notice)}${alert('error', d.message)}
      <p class="muted">${t('mail.admin.intro')}</p>
      <section class="card" aria-labelledby="outbox-h">
        <h2 class="card-title" id="outbox-h">${icon('inbox')}${t('mail.admin.sentTitle')}</h2>
        <form method="get" action="/admin/mail" class="row filters" role="search" aria-label="${t('mail.admin.search')}">
          ${field({ name: 'recipient', label: t('mail.admin.recipient'), value: d.search.recipient ?? '', errors: d.errors, t })}
          <div class="field"><label for="f-category">${t('mail.admin.category')}</label><select id="f-category" name="category"><option value="">${t('mail.admin.any')}</option>${categories.map((c) => html`<option value="${c.id}" ${d.search.category === c.id ? 'selected' : ''}>${t(`mail.categories.${c.id}.name`)}</option>`)}</select></div>
          <div class="field"><label for="f-status">${t('mail.admin.status')}</label><select id="f-status" name="status"><option value="">${t('mail.admin.any')}</option>${outboxStatuses.map((s) => html`<option value="${s}" ${d.search.status === s ? 'selected' : ''}>${t(`mail.admin.statuses.${s}`)}</option>`)}</select></div>
          <button type="submit" class="secondary">${t('mail.admin.search')}</button>
        </form>
        ${d.rows.length === 0 ? emptyState({ icon: 'inbox', title: t('mail.admin.none') }) : outboxTable(req, d.rows)}
      </section>
      <section class="card" aria-labelledby="preview-h">
        <h2 class="card-title" id="preview-h">${t('mail.admin.preview')}</h2>
        <p class="muted">${t('mail.admin.previewIntro')}</p>
        <form method="get" action="/admin/mail/preview" class="row">
          <div class="field"><label for="f-template">${t('mail.admin.template')}</label><select id="f-template" name="template">${templateNames.map((n) => html`<option value="${n}" ${d.preview?.template === n ? 'selected' : ''}>${t(`mail.admin.templateNames.${n}`)}</option>`)}</select></div>
          <div class="field narrow"><label for="f-language">${t('mail.admin.language')}</label><select id="f-language" name="language"><option value="en" lang="en">English</option><option value="fr" lang="fr" ${d.preview?.language === 'fr' ? 'selected' : ''}>Français</option></select></div>
          <button type="submit" class="secondary">${t('mail.admin.preview')}</button>
        </form>
        ${d.preview ? html`<section class="email-preview" lang="${d.preview.language}"><h3>${d.preview.rendered.subject}</h3><pre>${d.preview.rendered.text}</pre></section>` : ''}
      </section>
      <section class="card" aria-labelledby="consent-h">
        <h2 class="card-title" id="consent-h">${t('mail.admin.consentTitle')}</h2>
        <p class="muted">${t('mail.admin.consentIntro')}</p>
        ${optional.map((c) => html`<form method="post" action="/admin/mail/consent" class="row add-form">${csrfInput(req)}<input type="hidden" name="category" value="${c.id}">
          <div class="field"><label for="f-consent-${c.id}">${t(`mail.categories.${c.id}.name`)}</label><select id="f-consent-${c.id}" name="consent">${(['opt_in', 'opt_out'] as const).map((k) => html`<option value="${k}" ${(d.consents.get(c.id) ?? 'opt_in') === k ? 'selected' : ''}>${t(`mail.admin.consent.${k}`)}</option>`)}</select></div>
          <button type="submit" class="secondary">${t('mail.admin.saveConsent')}</button></form>`)}
      </section>
      <section class="card" aria-labelledby="announce-h">
        <h2 class="card-title" id="announce-h">${t('mail.admin.announceTitle')}</h2>
        <form method="post" action="/admin/mail/announcements">${csrfInput(req)}
          ${field({ name: 'subject', label: t('mail.admin.announceSubject'), value: d.values?.subject, errors: d.errors, required: true, t })}
          ${field({ name: 'body', label: t('mail.admin.announceBody'), type: 'textarea', value: d.values?.body, errors: d.errors, required: true, t })}
          <div class="field"><label for="f-announce-category">${t('mail.admin.category')}</label><select id="f-announce-category" name="category">${optional.map((c) => html`<option value="${c.id}">${t(`mail.categories.${c.id}.name`)}</option>`)}</select></div>
          <div class="field"><label for="f-nodeId">${t('mail.admin.announceNode')}</label><select id="f-nodeId" name="nodeId"><option value="">${t('mail.admin.announceEveryone')}</option>${d.nodes.map((n) => html`<option value="${n.id}">${n.name}</option>`)}</select>${d.errors?.nodeId ? html`<p class="error">${t(d.errors.nodeId)}</p>` : raw('')}</div>
          <button type="submit" class="primary">${t('mail.admin.announceSend')}</button>
        </form>
      </section>`,
  });
}
