// Pages of data subject requests: the queue and a request for privacy contacts and admins, and the
// employee's privacy center ("My data").
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { backLink, emailLines, emptyState, icon } from '../../web/ui.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import { channels, requestTypes, type DsarResult } from './dsar.repository.js';
import type { RequestDetail, RequestView } from './dsar.service.js';
import type { TableAccess } from './export.js';
import type { MentionView } from './dsar.erasure.js';
import type { ActiveSession } from '../sessions/sessions.service.js';
import { sessionsTable } from '../sessions/sessions.views.js';
import { deviceLabel } from '../capture/device.js';
import { dayTag, formatDate, timeTag } from '../../web/time.js';
import { datamapText, sentence, tableLabel } from '../../web/datamap-text.js';

export interface FormState {
  errors?: FieldErrors;
  message?: string;
  notice?: string;
  values?: Record<string, string | undefined>;
  holds?: Array<{ id: string; scope: string; reason: string; until: number | null; placedBy: string }>;
  /** Mentions of an erased person to review (erasure requests). */
  mentions?: MentionView[];
  /** Which of the request page's forms was posted: its errors and values show on that form alone. */
  form?: string;
}


/** In the queue: the person's name, their address below it, broken where it may wrap (an address is one long word). */
function subjectCell(req: Request, r: RequestView): SafeHtml | string {
  if (!r.subjectUserId && !r.subjectEmail) return req.t('dsar.erasedSubject');
  const email = r.subjectEmail ? emailLines(r.subjectEmail) : '';
  return r.subjectName ? html`${r.subjectName}<br><span class="muted small">${email}</span>` : email;
}

/** The errors and values of one of the request page's forms: shown only when that form was the one posted. */
const ownState = (state: FormState, form: string) => (state.form === form ? { errors: state.errors, values: state.values } : { errors: undefined, values: undefined });

/** A calendar day stored as "YYYY-MM-DD", in the reader's language ("20 Dec 2026"). */
const day = (req: Request, value: string): SafeHtml => dayTag(req, Date.parse(`${value}T00:00:00Z`));

export function daysLeft(req: Request, r: RequestView): SafeHtml {
  if (!r.open) return html`<span class="muted">${req.t(`dsar.statuses.${r.status}`)}</span>`;
  if (r.overdue) return html`<strong class="badge badge-overdue">${req.t('dsar.overdueBy', { count: Math.abs(r.businessDaysLeft) })}</strong>`;
  if (r.businessDaysLeft === 0) return html`<strong class="badge badge-due">${req.t('dsar.dueToday')}</strong>`;
  return html`<span class="${r.businessDaysLeft <= 5 ? 'badge badge-due' : ''}">${req.t('dsar.daysLeft', { count: r.businessDaysLeft })}</span>`;
}

export function queuePage(req: Request, requests: RequestView[], state: FormState = {}): string {
  const { t } = req;
  const open = requests.filter((r) => r.open);
  const closed = requests.filter((r) => !r.open);
  const table = (rows: RequestView[], caption: string) => html`<table class="table">
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr><th scope="col">${t('dsar.due')}</th><th scope="col">${t('dsar.left')}</th><th scope="col">${t('dsar.type')}</th><th scope="col">${t('dsar.subject')}</th><th scope="col">${t('dsar.status')}</th><th scope="col">${t('dsar.assignee')}</th><th scope="col">${t('dsar.received')}</th></tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr class="${r.overdue ? 'dsar-overdue' : ''}" data-request-id="${r.id}">
          <td data-label="${t('dsar.due')}"><a href="/privacy/requests/${r.id}">${day(req, r.dueOn)}</a></td>
          <td data-label="${t('dsar.left')}">${daysLeft(req, r)}</td>
          <td data-label="${t('dsar.type')}">${t(`dsar.types.${r.type}`)}</td>
          <td data-label="${t('dsar.subject')}">${subjectCell(req, r)}</td>
          <td data-label="${t('dsar.status')}">${t(`dsar.statuses.${r.status}`)}</td>
          <td data-label="${t('dsar.assignee')}">${r.assigneeName ?? '—'}</td>
          <td data-label="${t('dsar.received')}">${day(req, r.receivedOn)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  return page(req, {
    title: t('dsar.queue'),
    body: html`<h1>${t('dsar.queue')}</h1>
      ${alert('success', state.notice)}
      <p>${t('dsar.queueIntro')}</p>
      <p><a class="button" href="/privacy/requests/new">${t('dsar.new')}</a></p>
      <h2>${t('dsar.openRequests', { count: open.length })}</h2>
      ${open.length ? table(open, t('dsar.openRequests', { count: open.length })) : emptyState({ icon: 'check', title: t('dsar.noneOpen'), text: t('dsar.noneOpenText') })}
      ${closed.length ? html`<h2>${t('dsar.closedRequests')}</h2>${table(closed, t('dsar.closedRequests'))}` : ''}
      <p class="muted">${t('dsar.cli')}</p>`,
  });
}

const select = (name: string, label: string, options: Array<[string, string]>, value: string | undefined, errors?: FieldErrors, t?: Request['t']) =>
  html`<div class="field${errors?.[name] ? ' has-error' : ''}"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}" ${errors?.[name] ? html`aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${options.map(([v, l]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${l}</option>`)}</select>${errors?.[name] && t ? html`<p class="error" id="f-${name}-error">${t(errors[name]!)}</p>` : ''}</div>`;

export function newRequestPage(req: Request, state: FormState = {}): string {
  const { t } = req;
  const v = state.values ?? {};
  return page(req, {
    title: t('dsar.new'),
    body: html`<h1>${t('dsar.new')}</h1>
      ${alert('error', state.message)}
      ${state.errors?.subject ? alert('error', t(state.errors.subject)) : ''}
      <form method="post" action="/privacy/requests" novalidate class="card narrow-cards grid">
        ${csrfInput(req)}
        ${select('type', t('dsar.type'), requestTypes.map((x) => [x, t(`dsar.types.${x}`)]), v.type, state.errors, t)}
        ${field({ name: 'user', label: t('dsar.form.user'), hint: t('dsar.form.userHint'), type: 'email', value: v.user, errors: state.errors, t, picker: true })}
        ${field({ name: 'email', label: t('dsar.form.email'), hint: t('dsar.form.emailHint'), type: 'email', value: v.email, errors: state.errors, t })}
        ${select('channel', t('dsar.channel'), channels.map((x) => [x, t(`dsar.channels.${x}`)]), v.channel ?? 'email', state.errors, t)}
        ${field({ name: 'received', label: t('dsar.form.received'), hint: t('dsar.form.receivedHint'), type: 'date', value: v.received, errors: state.errors, t })}
        ${field({ name: 'details', label: t('dsar.form.details'), type: 'textarea', value: v.details, errors: state.errors, t })}
        <div class="actions"><button type="submit" class="primary">${t('dsar.form.open')}</button><a href="/privacy/requests">${t('dsar.form.cancel')}</a></div>
      </form>`,
  });
}

function resultItem(req: Request, r: DsarResult): SafeHtml {
  const { t } = req;
  const s = r.summary as Record<string, any>;
  let text = '';
  if (r.kind === 'export') text = t('dsar.results.export', { rows: s.rows, bytes: s.bytes, sha256: String(s.sha256 ?? '').slice(0, 16) });
  else if (r.kind === 'erasure_report') text = s.residue === 0 ? t('dsar.results.erasureClean', { columns: s.columns, tables: s.tables }) : t('dsar.results.erasureResidue', { count: s.residue });
  else if (r.kind === 'rectification') text = t('dsar.results.rectification', { fields: (s.changes ?? []).map((c: { field: string }) => c.field).join(', ') });
  else text = t(`dsar.results.${r.kind}`);
  const hits = r.kind === 'erasure_report' && Array.isArray(s.hits) && s.hits.length ? html`<ul>${s.hits.map((h: any) => html`<li>${h.table}.${h.column} ${h.row ? html`(<code>${h.row}</code>)` : ''}: ${h.kind} — ${t(`dsar.results.${h.classification}`)}</li>`)}</ul>` : '';
  const files = r.kind === 'erasure_report' && Array.isArray(s.files?.hits) && s.files.hits.length ? html`<ul>${s.files.hits.map((f: any) => html`<li>${t(f.classification === 'residue' ? 'dsar.results.fileResidue' : 'dsar.results.fileLive', { kind: f.kind, count: f.occurrences, file: f.file })}</li>`)}</ul>` : '';
  const limits = r.kind === 'erasure_report' && typeof s.limits === 'string' ? html`<p><strong>${t('dsar.results.limits')}:</strong> ${s.limits}</p>` : '';
  // The check's findings place by place are evidence for an auditor (tables, rows, index entries):
  // kept whole, folded under a summary so the page reads as what happened.
  const places = (Array.isArray(s.hits) ? s.hits.length : 0) + (Array.isArray(s.files?.hits) ? s.files.hits.length : 0);
  const detail = hits || files ? html`<details class="report-detail disclosure"><summary>${t('dsar.results.detail', { count: places })}</summary>${hits}${files}</details>` : '';
  return html`<li>${timeTag(req, r.createdAt)} — ${text}${detail}${limits}</li>`;
}

/** A mention's excerpt with the match marked, so the reviewer sees at once what would be redacted. */
function markedExcerpt(m: MentionView): SafeHtml {
  if (!m.excerpt || !m.excerptMatch) return html`${m.excerpt ?? ''}`;
  const [at, length] = m.excerptMatch;
  return html`${m.excerpt.slice(0, at)}<mark>${m.excerpt.slice(at, at + length)}</mark>${m.excerpt.slice(at + length)}`;
}

/** Where a mention is, in words: the product's name for its table, else the data map's words for its column. */
function mentionPlace(req: Request, m: MentionView): string {
  const fallback = m.place ? sentence(datamapText(req, m.place)) : req.t('dsar.mentionElsewhere');
  return req.t(`dsar.mentionPlaces.${m.table}`, { defaultValue: fallback });
}

/** Each mention in words: where it is (mentionPlace), what matched, its state; never a table or row id. */
function mentionsSection(req: Request, requestId: string, mentions: MentionView[], isAdmin: boolean, state: FormState): SafeHtml {
  const { t } = req;
  const statusBadge = (m: MentionView) => html`<span class="badge${m.status === 'open' ? ' badge-due' : ' badge-ok'}">${t(`dsar.mentionStatus.${m.status}`)}</span>`;
  return html`<section class="card" aria-labelledby="mentions-h"><h2 class="card-title" id="mentions-h">${t('dsar.mentions')}</h2>
    <p>${t('dsar.mentionsIntro')}</p>
    <ul class="mentions">${mentions.map(
      (m) => html`<li class="mention" data-mention-id="${m.id}">
        <p class="mention-head"><strong>${mentionPlace(req, m)}</strong> ${statusBadge(m)}</p>
        <p class="muted">${t('dsar.mentionMatched', { kinds: m.kinds.map((k) => t(`dsar.mentionKinds.${k}`, { defaultValue: k })).join(t('dsar.listSeparator')) })}</p>
        ${m.excerpt === null ? html`<p class="muted">${t('dsar.mentionGone')}</p>` : html`<blockquote>${markedExcerpt(m)}</blockquote>`}
        ${m.status === 'kept' && m.reason ? html`<p>${t('dsar.mentionKeptBecause', { reason: m.reason })}</p>` : ''}
        ${m.status === 'open' && isAdmin
          ? html`<div class="mention-actions"><form method="post" action="/privacy/requests/${requestId}/mentions/${m.id}">${csrfInput(req)}<input type="hidden" name="decision" value="redact"><button type="submit" class="danger">${t('dsar.mentionRedact')}</button></form>
            <form method="post" action="/privacy/requests/${requestId}/mentions/${m.id}" class="row" novalidate>${csrfInput(req)}<input type="hidden" name="decision" value="keep">${field({ name: 'reason', id: `f-mention-${m.id}-reason`, label: t('dsar.mentionReason'), value: undefined, errors: ownState(state, `mentions/${m.id}`).errors, t })}<button type="submit" class="secondary">${t('dsar.mentionKeep')}</button></form></div>`
          : ''}</li>`,
    )}</ul></section>`;
}

/** The request's own action, by its type: the export, the erasure, the restriction, or the correction form. */
function typeAction(req: Request, d: RequestDetail, state: FormState): SafeHtml {
  const { t } = req;
  const r = d.request;
  const isAdmin = req.user?.role === 'admin';
  const button = (path: string, label: string, cls: string, extra: SafeHtml | string = '') =>
    html`<form method="post" action="/privacy/requests/${r.id}/${path}" class="row">${csrfInput(req)}${extra}<button type="submit" class="${cls}">${label}</button></form>`;
  if (r.type === 'access' || r.type === 'portability') return html`<p><a class="button primary" href="/privacy/requests/${r.id}/export" download>${t('dsar.downloadExport')}</a></p>`;
  if (r.type === 'erasure') {
    // Once it ran, the person's identifiers are gone with their data: there is nothing left to erase
    // (the service refuses), so the page says what remains to do instead of offering the button.
    if (d.results.some((x) => x.kind === 'erasure_report')) return html`<p>${t('dsar.eraseRan')}</p>`;
    return button('erase', t('dsar.erase'), 'danger', isAdmin && state.holds?.length ? html`<label><input type="checkbox" name="override" value="yes"> ${t('dsar.override')}</label>` : '');
  }
  if (r.type === 'restriction' || r.type === 'objection') return d.restricted ? button('lift', t('dsar.lift'), 'secondary') : button('restrict', t('dsar.restrict'), 'primary');
  const { errors, values } = ownState(state, 'rectify');
  return html`<form method="post" action="/privacy/requests/${r.id}/rectify" class="grid" novalidate>${csrfInput(req)}
    ${field({ name: 'firstName', label: t('dsar.fields.firstName'), value: values?.firstName, errors, t })}
    ${field({ name: 'lastName', label: t('dsar.fields.lastName'), value: values?.lastName, errors, t })}
    ${field({ name: 'email', label: t('dsar.fields.email'), type: 'email', value: values?.email, errors, t })}
    ${field({ name: 'title', label: t('dsar.fields.title'), value: values?.title, errors, t })}
    ${field({ name: 'phone', label: t('dsar.fields.phone'), value: values?.phone, errors, t })}
    <p class="hint">${t('dsar.rectifyHint')}</p>
    <div class="actions"><button type="submit" class="primary">${t('dsar.rectify')}</button></div></form>`;
}

/** Where the request stands: its status, who handles it, its due date. */
function progressCard(req: Request, r: RequestView, state: FormState): SafeHtml {
  const { t } = req;
  const status = (value: 'verifying_identity' | 'in_progress') =>
    html`<form method="post" action="/privacy/requests/${r.id}/status">${csrfInput(req)}<input type="hidden" name="status" value="${value}"><button type="submit" class="secondary"${r.status === value ? html` disabled aria-disabled="true"` : ''}>${t(`dsar.statuses.${value}`)}</button></form>`;
  const assign = ownState(state, 'assign');
  const extend = ownState(state, 'extend');
  return html`<section class="card" aria-labelledby="progress-h">
    <h2 class="card-title" id="progress-h">${t('dsar.progressTitle')}</h2>
    <div class="row status-choices" role="group" aria-labelledby="mark-as"><span id="mark-as" class="muted">${t('dsar.markAs')}</span>${status('verifying_identity')}${status('in_progress')}</div>
    <form method="post" action="/privacy/requests/${r.id}/assign" class="row add-form" novalidate>${csrfInput(req)}
      ${field({ name: 'assignee', label: t('dsar.assignTo'), type: 'email', picker: true, value: assign.values?.assignee, errors: assign.errors, t })}
      <button type="submit" class="secondary">${t('dsar.assign')}</button></form>
    <form method="post" action="/privacy/requests/${r.id}/extend" class="row add-form" novalidate>${csrfInput(req)}
      ${field({ name: 'days', id: 'f-extend-days', narrow: true, label: t('dsar.extendDays'), type: 'number', value: extend.values?.days, errors: extend.errors, t })}
      ${field({ name: 'reason', id: 'f-extend-reason', label: t('dsar.reason'), value: extend.values?.reason, errors: extend.errors, t })}
      <button type="submit" class="secondary">${t('dsar.extend')}</button></form>
  </section>`;
}

function closeCard(req: Request, r: RequestView, state: FormState): SafeHtml {
  const { t } = req;
  const { errors, values } = ownState(state, 'close');
  return html`<section class="card" aria-labelledby="close-h">
    <h2 class="card-title" id="close-h">${t('dsar.close')}</h2>
    <p class="muted">${t('dsar.closeText')}</p>
    <form method="post" action="/privacy/requests/${r.id}/close" class="row add-form" novalidate>${csrfInput(req)}
      ${select('outcome', t('dsar.outcome'), [['completed', t('dsar.statuses.completed')], ['rejected', t('dsar.statuses.rejected')]], values?.outcome, errors, t)}
      ${field({ name: 'reason', id: 'f-close-reason', label: t('dsar.closeReason'), value: values?.reason, errors, t })}
      <button type="submit" class="primary">${t('dsar.close')}</button></form>
  </section>`;
}

export function requestPage(req: Request, d: RequestDetail, state: FormState = {}): string {
  const { t } = req;
  const r = d.request;
  const isAdmin = req.user?.role === 'admin';
  const heading = t('dsar.request', { type: t(`dsar.types.${r.type}`) });
  const note = ownState(state, 'notes');
  return page(req, {
    title: heading,
    body: html`${backLink(req, { path: '/privacy/requests', label: t('dsar.backToQueue') })}
      <h1>${heading} <span class="badge${r.overdue ? ' badge-overdue' : r.open ? '' : ' badge-ok'}">${t(`dsar.statuses.${r.status}`)}</span></h1>
      ${alert('success', state.notice)}
      ${state.holds?.length ? '' : alert('error', state.message)}
      ${state.holds?.length
        ? html`<div class="alert alert-error" role="alert"><p>${t('dsar.heldIntro')}</p><ul>${state.holds.map((h) => html`<li>${t(`dsar.holdScope.${h.scope}`)}: ${h.reason}${h.until ? ` (${t('dsar.until', { day: formatDate(req, h.until) })})` : ''} — ${h.placedBy}</li>`)}</ul>${isAdmin ? html`<p>${t('dsar.overrideHint')}</p>` : html`<p>${t('dsar.overrideAdmins')}</p>`}</div>`
        : ''}
      <section class="card" aria-labelledby="about-h">
        <h2 class="card-title" id="about-h">${t('dsar.aboutTitle')}</h2>
        <dl class="facts">
          <dt>${t('dsar.subject')}</dt><dd>${subjectCell(req, r)}${d.restricted ? html` <span class="badge badge-restricted">${t('dsar.restricted')}</span>` : ''}</dd>
          <dt>${t('dsar.status')}</dt><dd>${t(`dsar.statuses.${r.status}`)}${r.statusReason ? ` — ${r.statusReason}` : ''}</dd>
          <dt>${t('dsar.received')}</dt><dd>${day(req, r.receivedOn)} (${t(`dsar.channels.${r.channel}`)}, ${r.filedByLabel})</dd>
          <dt>${t('dsar.due')}</dt><dd>${day(req, r.dueOn)} · ${daysLeft(req, r)}${r.dueOn !== r.originalDueOn ? html` (${t('dsar.originalDue')} ${day(req, r.originalDueOn)})` : ''}</dd>
          <dt>${t('dsar.assignee')}</dt><dd>${r.assigneeName ?? '—'}</dd>
          ${r.details ? html`<dt>${t('dsar.form.details')}</dt><dd>${r.details}</dd>` : ''}
        </dl>
        ${r.open ? '' : html`<p class="muted">${t('dsar.closedText')}</p>`}
      </section>
      ${r.open
        ? html`<section class="card" aria-labelledby="act-h"><h2 class="card-title" id="act-h">${t('dsar.actions')}</h2>${typeAction(req, d, state)}</section>
          ${progressCard(req, r, state)}`
        : ''}
      ${state.mentions?.length ? mentionsSection(req, r.id, state.mentions, isAdmin, state) : ''}
      <section class="card" aria-labelledby="res-h"><h2 class="card-title" id="res-h">${t('dsar.resultsTitle')}</h2>${d.results.length ? html`<ul>${d.results.map((x) => resultItem(req, x))}</ul>` : html`<p class="muted">${t('dsar.none')}</p>`}</section>
      <section class="card" aria-labelledby="notes-h"><h2 class="card-title" id="notes-h">${t('dsar.notes')}</h2>
        ${d.notes.length ? html`<ul>${d.notes.map((n) => html`<li><strong>${n.authorName ?? t('dsar.cliAuthor')}</strong> ${timeTag(req, n.createdAt)}: ${n.body}</li>`)}</ul>` : ''}
        <form method="post" action="/privacy/requests/${r.id}/notes" novalidate>${csrfInput(req)}${field({ name: 'body', label: t('dsar.addNote'), type: 'textarea', value: note.values?.body, errors: note.errors, t })}<button type="submit" class="secondary">${t('dsar.addNote')}</button></form>
      </section>
      ${r.open ? closeCard(req, r, state) : ''}`,
  });
}

export interface MyData {
  counts: Array<{ access: TableAccess; rows: number; latest?: number | null }>;
  requests: RequestView[];
  restricted: boolean;
  sessions: ActiveSession[];
  devices: Array<{ id: string; deviceType: string | null; os: string | null; browser: string | null; lastSeenAt: number }>;
}

/** What a table holds about the reader, in words: its declared access rule, else a plain name from the catalogue. */
function heldLabel(req: Request, access: TableAccess): string {
  return tableLabel(req, access.table.name, access.table.access?.rule);
}

/** A calendar day stored as YYYY-MM-DD, in the reader's language. */

/** The employee's privacy center: what the deployment holds about me, download, ask, preferences. */
export function myDataPage(req: Request, d: MyData, state: FormState = {}): string {
  const { t } = req;
  const groups: Array<[string, string[]]> = [
    ['profile', ['account', 'profile']],
    ['logs', ['log', 'crash']],
    ['devices', ['device', 'security']],
    ['usage', ['usage']],
    ['content', ['content']],
    ['audit', ['audit', 'integration']],
  ];
  const rowsOf = (categories: string[]) => d.counts.filter((c) => c.access.categories.some((x) => categories.includes(x)) && c.rows > 0);
  const myRequests = d.requests.length
    ? html`<section class="card" aria-labelledby="my-requests"><h2 class="card-title" id="my-requests">${icon('inbox')}${t('privacyCenter.myRequests')}</h2>
        <div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('privacyCenter.myRequests')}</caption>
          <thead><tr><th scope="col">${t('privacyCenter.request')}</th><th scope="col">${t('privacyCenter.received')}</th><th scope="col">${t('privacyCenter.status')}</th><th scope="col">${t('privacyCenter.dueOn')}</th><th scope="col">${t('privacyCenter.result')}</th></tr></thead>
          <tbody>${d.requests.map((r) => html`<tr id="request-${r.id}"><td>${t(`dsar.types.${r.type}`)}</td><td data-label="${t('privacyCenter.received')}">${day(req, r.receivedOn)}</td><td data-label="${t('privacyCenter.status')}"><span class="badge">${t(`dsar.statuses.${r.status}`)}</span></td><td data-label="${t('privacyCenter.dueOn')}">${r.open ? day(req, r.dueOn) : '—'}</td><td data-label="${t('privacyCenter.result')}">${r.open ? t('privacyCenter.pending') : html`${t(r.status === 'rejected' ? 'privacyCenter.resultRejected' : 'privacyCenter.resultDone')}${r.statusReason ? html`: ${r.statusReason}` : ''}`}</td></tr>`)}</tbody>
        </table></div>
      </section>`
    : '';
  return page(req, {
    title: t('privacyCenter.title'),
    body: html`<h1>${t('privacyCenter.title')}</h1>
      ${alert('success', state.notice)}
      ${alert('error', state.message)}
      <p class="muted">${t('privacyCenter.intro')}</p>
      ${d.restricted ? alert('info', t('privacyCenter.restricted')) : ''}
      ${myRequests}
      <section class="card" aria-labelledby="held-h"><h2 class="card-title" id="held-h">${icon('data')}${t('privacyCenter.held')}</h2>
        <div class="held-groups">
        ${groups.map(([key, categories]) => {
          const rows = rowsOf(categories);
          // In words a person reads: what it is (the data map's access rule), how many, and since when;
          // never a table name (kept in data-table for scripts and tests).
          return html`<div class="held-group"><h3>${t(`privacyCenter.groups.${key}`)}</h3>${rows.length ? html`<ul class="compact-list">${rows.map((c) => html`<li data-table="${c.access.table.name}"><strong>${sentence(heldLabel(req, c.access))}</strong><span class="meta">${t('privacyCenter.items', { count: c.rows })}${c.latest ? html` · ${t('privacyCenter.latest')} ${timeTag(req, c.latest)}` : ''}</span></li>`)}</ul>` : html`<p class="muted">${t('privacyCenter.nothing')}</p>`}</div>`;
        })}
        </div>
      </section>
      <div class="card-grid">
        <section class="card" aria-labelledby="dl-h"><h2 class="card-title" id="dl-h">${icon('data')}${t('privacyCenter.download')}</h2>
          <p>${t('privacyCenter.downloadIntro')}</p>
          <p><a class="button" href="/privacy/me/export" download>${t('privacyCenter.downloadButton')}</a></p>
        </section>
        <section class="card" aria-labelledby="ask-h"><h2 class="card-title" id="ask-h">${icon('privacy')}${t('privacyCenter.ask')}</h2>
          <form method="post" action="/privacy/me/requests" novalidate>${csrfInput(req)}
            ${select('type', t('privacyCenter.askType'), (['rectification', 'erasure', 'restriction', 'objection', 'access'] as const).map((x) => [x, t(`privacyCenter.askTypes.${x}`)]), state.values?.type, state.errors, t)}
            ${field({ name: 'details', label: t('privacyCenter.askDetails'), type: 'textarea', value: state.values?.details, errors: state.errors, t })}
            <button type="submit">${t('privacyCenter.askButton')}</button></form>
        </section>
      </div>
      <section class="card" aria-labelledby="sessions-h"><h2 class="card-title" id="sessions-h">${icon('key')}${t('privacyCenter.sessionsTitle')}</h2>
        ${sessionsTable(req, d.sessions, t('privacyCenter.sessionsTitle'))}
        <h3>${t('privacyCenter.devices')}</h3>
        ${d.devices.length ? html`<ul class="compact-list">${d.devices.map((x) => html`<li>${deviceLabel(t, x) ?? t('privacyCenter.unknownDevice')}<span class="meta">${timeTag(req, x.lastSeenAt)}</span></li>`)}</ul>` : html`<p class="muted">${t('privacyCenter.nothing')}</p>`}
      </section>
      <section class="card" aria-labelledby="pref-h"><h2 class="card-title" id="pref-h">${icon('settings')}${t('privacyCenter.preferences')}</h2>
        <ul class="compact-list">
          <li><a href="/privacy/cookies">${t('privacyCenter.cookies')}</a></li>
          <li><a href="/notifications">${t('privacyCenter.notifications')}</a></li>
          <li><a href="/profile">${t('privacyCenter.profile')}</a></li>
          <li><a href="/security">${t('privacyCenter.sessions')}</a></li>
          <li><a href="/privacy">${t('privacyCenter.notice')}</a></li>
        </ul>
      </section>`,
  });
}
