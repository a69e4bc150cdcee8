// Admin pages (log data, devices, crash reports, usage) and the public /privacy page.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { CrashReport, Device, RequestLog } from './capture.repository.js';
import type { NoticeCategory } from './privacy-notice.js';
import { deviceLabel, deviceTraits } from './device.js';
import { timeTag } from '../../web/time.js';
import { datamapText, sentence, tableLabel } from '../../web/datamap-text.js';
import { breakAfter, emailLines, emptyState, tabs } from '../../web/ui.js';
import { maxAgeText } from '../retention/max-age-text.js';

export interface FilterState {
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  message?: string;
  page: number;
  hasNext: boolean;
}


/** A filter of an admin list: the form's field, its value and message from the last submit. */
function filterField(req: Request, state: FilterState, name: string, label: string, type = 'text', hint?: string): SafeHtml {
  return field({ t: req.t, name, label, type, hint, value: state.values[name], errors: state.errors });
}

function pager(req: Request, path: string, state: FilterState): SafeHtml {
  const query = (pageNumber: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(state.values)) if (v && k !== 'page') params.set(k, v);
    params.set('page', String(pageNumber));
    return `${path}?${params.toString()}`;
  };
  if (state.page <= 1 && !state.hasNext) return html``;
  return html`<p class="row">${state.page > 1 ? html`<a href="${query(state.page - 1)}" rel="prev">${req.t('capture.admin.previous')}</a>` : ''}
    ${state.hasNext ? html`<a href="${query(state.page + 1)}" rel="next">${req.t('capture.admin.next')}</a>` : ''}</p>`;
}

const dateHint = (req: Request) => req.t('capture.admin.dateHint');

/** No row: with filters, what to do next (clear them); without, that nothing was recorded yet. */
function nothingFound(req: Request, path: string, state?: FilterState): SafeHtml {
  const filtered = state !== undefined && Object.entries(state.values).some(([name, value]) => name !== 'page' && Boolean(value));
  return filtered
    ? emptyState({ icon: 'search', title: req.t('capture.admin.none'), text: req.t('capture.admin.noneFiltered'), action: { href: path, label: req.t('capture.admin.clearFilters') } })
    : emptyState({ icon: 'check', title: req.t('capture.admin.noneYet') });
}

type ActivityPage = 'usage' | 'logs' | 'crashes' | 'devices';

/** The admin area's Activity tab holds four pages of what the deployment records of its use. */
function activityTabs(req: Request, current: ActivityPage): SafeHtml {
  const pages: ActivityPage[] = ['usage', 'logs', 'crashes', 'devices'];
  return tabs(req.t('shell.admin.activity'), pages.map((p) => ({ href: `/admin/${p}`, label: req.t(`shell.admin.${p}`), current: p === current })));
}

export function logsPage(req: Request, rows: Array<RequestLog & { userEmail: string | null }>, state: FilterState): string {
  const { t } = req;
  return page(req, {
    title: t('capture.admin.logs'),
    body: html`<h1>${t('capture.admin.logs')}</h1>
      ${activityTabs(req, 'logs')}
      ${alert('error', state.message)}
      <form method="get" action="/admin/logs" class="row filters" novalidate>
        ${filterField(req, state, 'user', t('capture.admin.user'), 'email')}
        ${filterField(req, state, 'since', t('capture.admin.since'), 'text', dateHint(req))}
        ${filterField(req, state, 'until', t('capture.admin.until'))}
        ${filterField(req, state, 'route', t('capture.admin.route'))}
        ${filterField(req, state, 'status', t('capture.admin.status'), 'number')}
        <button type="submit" class="secondary">${t('capture.admin.filter')}</button>
      </form>
      ${rows.length
        ? html`<table class="table" id="log-rows">
            <thead><tr><th scope="col">${t('capture.admin.time')}</th><th scope="col">${t('capture.admin.request')}</th><th scope="col">${t('capture.admin.status')}</th><th scope="col">${t('capture.admin.duration')}</th><th scope="col">${t('capture.admin.user')}</th><th scope="col">${t('capture.admin.ip')}</th><th scope="col">${t('capture.admin.client')}</th></tr></thead>
            <tbody>${rows.map((r) => {
              const d = deviceTraits(r.userAgent);
              return html`<tr><td class="nowrap">${timeTag(req, r.occurredAt)}</td><td><code>${r.method} ${breakAfter(r.route, '/')}</code></td><td>${r.status}</td><td class="nowrap">${r.durationMs.toFixed(1)} ms</td><td>${r.userEmail ? emailLines(r.userEmail) : r.userId ? t('capture.admin.formerMember') : '—'}</td><td class="nowrap">${r.ip ?? '—'}</td><td>${[d.browser, d.os].filter(Boolean).join(' · ') || '—'}${r.gpc ? html` <span class="badge">GPC</span>` : ''}${r.dnt ? html` <span class="badge">DNT</span>` : ''}</td></tr>`;
            })}</tbody>
          </table>`
        : nothingFound(req, '/admin/logs', state)}
      ${pager(req, '/admin/logs', state)}`,
  });
}

export function devicesPage(req: Request, rows: Device[], state: FilterState): string {
  const { t } = req;
  return page(req, {
    title: t('capture.admin.devices'),
    body: html`<h1>${t('capture.admin.devices')}</h1>
      ${activityTabs(req, 'devices')}
      ${alert('error', state.message)}
      <form method="get" action="/admin/devices" class="row filters" novalidate>
        ${filterField(req, state, 'user', t('capture.admin.user'), 'email')}
        ${filterField(req, state, 'since', t('capture.admin.seenSince'), 'text', dateHint(req))}
        <button type="submit" class="secondary">${t('capture.admin.filter')}</button>
      </form>
      ${rows.length
        ? html`<table class="table" id="device-rows">
            <thead><tr><th scope="col">${t('capture.admin.device')}</th><th scope="col">${t('capture.admin.user')}</th><th scope="col">${t('capture.admin.settings')}</th><th scope="col">${t('capture.admin.firstSeen')}</th><th scope="col">${t('capture.admin.lastSeen')}</th></tr></thead>
            <tbody>${rows.map(
              (d) => html`<tr><td>${deviceLabel(t, d) ?? '—'}</td><td>${d.userEmail ? emailLines(d.userEmail) : '—'}</td><td>${d.screenWidth ? `${d.screenWidth}×${d.screenHeight}` : ''} ${d.timeZone ?? ''} ${d.language ?? ''}</td><td>${timeTag(req, d.firstSeenAt)}</td><td>${timeTag(req, d.lastSeenAt)}</td></tr>`,
            )}</tbody>
          </table>`
        : nothingFound(req, '/admin/devices', state)}
      ${pager(req, '/admin/devices', state)}`,
  });
}

export function crashesPage(req: Request, rows: Array<CrashReport & { userEmail: string | null }>, state: FilterState): string {
  const { t } = req;
  const option = (value: string, label: string) => html`<option value="${value}" ${state.values.source === value ? html`selected` : ''}>${label}</option>`;
  return page(req, {
    title: t('capture.admin.crashes'),
    body: html`<h1>${t('capture.admin.crashes')}</h1>
      ${activityTabs(req, 'crashes')}
      ${alert('error', state.message)}
      <form method="get" action="/admin/crashes" class="row filters" novalidate>
        <div class="field${state.errors?.source ? ' has-error' : ''}"><label for="f-source">${t('capture.admin.source')}</label>
          <select id="f-source" name="source">${option('', t('capture.admin.anySource'))}${option('client', t('capture.admin.client'))}${option('server', t('capture.admin.server'))}</select></div>
        ${filterField(req, state, 'since', t('capture.admin.since'), 'text', dateHint(req))}
        ${filterField(req, state, 'until', t('capture.admin.until'))}
        <button type="submit" class="secondary">${t('capture.admin.filter')}</button>
      </form>
      ${rows.length
        ? html`<ul class="list" id="crash-rows">${rows.map(
            (c) => html`<li>
              <details class="disclosure"><summary><strong>${c.name ?? 'Error'}</strong>: ${c.message.slice(0, 200)} <span class="muted">· ${t(`capture.admin.${c.source}`)} · ${timeTag(req, c.occurredAt)} · ${c.route ?? '—'}</span></summary>
                <dl class="profile">
                  <dt>${t('capture.admin.user')}</dt><dd>${c.userEmail ?? '—'}</dd>
                  <dt>${t('capture.admin.release')}</dt><dd>${c.release ?? '—'}</dd>
                  <dt>${t('capture.admin.requestId')}</dt><dd>${c.requestId ?? '—'}</dd>
                  <dt>${t('capture.admin.location')}</dt><dd>${c.location ?? '—'}</dd>
                  <dt>${t('capture.admin.client')}</dt><dd>${c.userAgent ?? '—'}</dd>
                </dl>
                ${c.stack ? html`<pre>${c.stack}</pre>` : ''}
              </details>
            </li>`,
          )}</ul>`
        : nothingFound(req, '/admin/crashes', state)}
      ${pager(req, '/admin/crashes', state)}`,
  });
}

export function usagePage(req: Request, d: { enabled: boolean; sandbox: boolean; summary: Array<{ area: string; event: string; count: number; users: number }>; notice?: string; message?: string }): string {
  const { t } = req;
  return page(req, {
    title: t('capture.admin.usage'),
    body: html`<h1>${t('capture.admin.usage')}</h1>
      ${activityTabs(req, 'usage')}
      ${alert('success', d.notice)}
      ${alert('error', d.message)}
      <p>${t(d.sandbox ? 'capture.admin.sandboxOn' : 'capture.admin.sandboxOff')}</p>
      <form method="post" action="/admin/usage" class="row">
        ${csrfInput(req)}
        <p id="usage-state">${t(d.enabled ? 'capture.admin.primaryOn' : 'capture.admin.primaryOff')}</p>
        <input type="hidden" name="enabled" value="${d.enabled ? 'off' : 'on'}">
        <button type="submit" class="secondary">${t(d.enabled ? 'capture.admin.turnOff' : 'capture.admin.turnOn')}</button>
      </form>
      <h2>${t('capture.admin.last30')}</h2>
      ${d.summary.length
        ? html`<table class="table" id="usage-rows"><thead><tr><th scope="col">${t('capture.admin.area')}</th><th scope="col">${t('capture.admin.event')}</th><th scope="col">${t('capture.admin.count')}</th><th scope="col">${t('capture.admin.people')}</th></tr></thead>
            <tbody>${d.summary.map((s) => html`<tr><td>${t(`capture.areas.${s.area}`)}</td><td>${s.event}</td><td>${s.count}</td><td>${s.users}</td></tr>`)}</tbody></table>`
        : nothingFound(req, '/admin/usage')}`,
  });
}

/** How long a table's rows are kept, in words: "Deleted after 90 days (retention category “Request log”)". */
function retentionText(req: Request, rule: { category: string; maxAge?: string; action?: string }): string {
  const category = req.t(`retention.categories.${rule.category}`, { defaultValue: rule.category });
  if (!rule.maxAge) return req.t('privacyNotice.noPolicy', { category });
  if (rule.maxAge === 'forever') return req.t('privacyNotice.forever', { category });
  return req.t(rule.action === 'anonymise' ? 'privacyNotice.keptAnonymised' : 'privacyNotice.keptDeleted', { category, maxAge: maxAgeText(req, rule.maxAge) });
}

/** A record's fields: a short list as it is; a long one folded under its count, so the notice reads category by category (it was 11,000 px tall). */
function noticeFields(req: Request, columns: NoticeCategory['tables'][number]['columns']): SafeHtml {
  const list = html`<ul>${columns.map((col) => html`<li>${sentence(datamapText(req, col.purpose))} <code class="code-note inline">${col.column}</code></li>`)}</ul>`;
  if (columns.length <= 3) return list;
  return html`<details class="disclosure"><summary>${req.t('privacyNotice.fieldCount', { count: columns.length })}</summary>${list}</details>`;
}

export function privacyPage(req: Request, categories: NoticeCategory[]): string {
  const { t } = req;
  const badge = (on: boolean) => html`<span class="badge${on ? ' badge-ok' : ''}">${t(on ? 'privacyNotice.isOn' : 'privacyNotice.isOff')}</span>`;
  return page(req, {
    title: t('privacyNotice.title'),
    body: html`<h1>${t('privacyNotice.title')}</h1>
      <p>${t('privacyNotice.intro')}</p>
      <p><a href="/privacy/cookies">${t('privacyNotice.cookiesLink')}</a></p>
      <nav aria-labelledby="notice-contents" class="card notice-contents">
        <h2 id="notice-contents">${t('privacyNotice.onThisPage')}</h2>
        <ul>${categories.map((c) => html`<li><a href="#cat-${c.category}">${t(`privacyNotice.categories.${c.category}`)}</a> ${badge(c.on)} <span class="muted">${t('privacyNotice.recordCount', { count: c.tables.length })}</span></li>`)}</ul>
      </nav>
      ${categories.map(
        (c) => html`<section aria-labelledby="cat-${c.category}" data-category="${c.category}" data-on="${c.on ? 'on' : 'off'}">
          <h2 id="cat-${c.category}">${t(`privacyNotice.categories.${c.category}`)} ${badge(c.on)}</h2>
          <p>${t('privacyNotice.whoSees')} ${t(c.audience)}</p>
          ${c.details.length ? html`<ul>${c.details.map((d) => html`<li>${t(d.key, d.values ? { ...d.values, field: d.values.field ? t(`privacyNotice.fields.${d.values.field}`) : '', state: d.values.state ? t(d.values.state) : '' } : {})}</li>`)}</ul>` : ''}
          <table class="table notice-table">
            <thead><tr><th scope="col">${t('privacyNotice.table')}</th><th scope="col">${t('privacyNotice.what')}</th><th scope="col">${t('privacyNotice.retention')}</th></tr></thead>
            <tbody>${c.tables.map(
              (table) => html`<tr><th scope="row">${sentence(tableLabel(req, table.table, table.rule))}<code class="code-note">${table.table}</code></th><td>${noticeFields(req, table.columns)}</td><td>${table.retention.map((r) => html`<p data-retention="${r.category}">${retentionText(req, r)}</p>`)}</td></tr>`,
            )}</tbody>
          </table>
        </section>`,
      )}`,
  });
}
