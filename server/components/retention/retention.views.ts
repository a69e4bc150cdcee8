// Admin pages of retention: policies and plan, run history, legal holds.
import type { Request } from 'express';
import { placerLabel } from '../holds/hold-placer.js';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { LegalHold } from '../holds/holds.repository.js';
import type { Plan, RetentionService } from './retention.service.js';
import type { RetentionRun } from './runs.repository.js';
import { dayTag, timeTag } from '../../web/time.js';
import { emptyState, icon, tabs } from '../../web/ui.js';
import { maxAgeText } from './max-age-text.js';

/** The three retention pages as tabs under the title, like a node's Overview and Manage. */
function subnav(req: Request, current: string): SafeHtml {
  const { t } = req;
  const tab = (href: string, key: string) => ({ href, label: t(key), current: current === href });
  return tabs(t('retention.title'), [tab('/admin/retention', 'retention.nav.plan'), tab('/admin/retention/history', 'retention.nav.history'), tab('/admin/retention/holds', 'retention.nav.holds')]);
}

/** A category by its name, with the id the configuration and the CLI use under it. */
function categoryCell(req: Request, category: string): SafeHtml {
  return html`<td>${req.t(`retention.categories.${category}`)}<div class="muted"><code>${category}</code></div></td>`;
}

const codes = (names: string[]): SafeHtml | string => (names.length ? html`${names.map((name, i) => html`${i ? ', ' : ''}<code>${name}</code>`)}` : '—');

export function planPage(req: Request, d: { policies: ReturnType<RetentionService['policies']>; authored: 'anonymise' | 'delete'; plan: Plan }): string {
  const { t } = req;
  const number = new Intl.NumberFormat(req.lang);
  // Only what a run would touch: a table with nothing due is one row of zeros among twenty.
  const due = d.plan.categories.flatMap((c) => c.tables.filter((p) => p.rows > 0 || p.held > 0).map((p) => ({ category: c.category, p })));
  return page(req, {
    title: t('retention.title'),
    body: html`<h1>${t('retention.title')}</h1>
      ${subnav(req, '/admin/retention')}
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">${t('retention.plan')}</h2>
        ${holdList(req, d.plan.holds)}
        ${due.length
          ? html`<p>${t('retention.planIntro', { count: d.plan.rows, rows: number.format(d.plan.rows), held: number.format(d.plan.held) })}</p>
            <table class="table">
              <thead><tr><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.table')}</th><th scope="col">${t('retention.action')}</th><th scope="col">${t('retention.rows')}</th><th scope="col">${t('retention.held')}</th><th scope="col">${t('retention.oldest')}</th><th scope="col">${t('retention.newest')}</th></tr></thead>
              <tbody>${due.map(({ category, p }) => html`<tr>${categoryCell(req, category)}<td><code>${p.table}</code>${p.kind === 'columns' ? html` (${codes(p.columns)})` : ''}</td><td class="nowrap">${t(`retention.actions.${p.action}`)}</td><td>${number.format(p.rows)}</td><td>${number.format(p.held)}</td><td>${timeTag(req, p.oldest)}</td><td>${timeTag(req, p.newest)}</td></tr>`)}</tbody>
            </table>`
          : emptyState({ icon: 'check', title: t('retention.nothingDue'), text: t('retention.nothingDueText') })}
        <p class="muted">${runsStartFrom(req)}</p>
      </section>
      <section aria-labelledby="policies-h">
        <h2 id="policies-h">${t('retention.policies')}</h2>
        <p>${t('retention.policiesIntro', { rule: t(`retention.authored.${d.authored}`) })}</p>
        <table class="table">
          <thead><tr><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.maxAge')}</th><th scope="col">${t('retention.action')}</th><th scope="col">${t('retention.governs')}</th></tr></thead>
          <tbody>${d.policies.map((p) => html`<tr>${categoryCell(req, p.category)}<td>${maxAgeText(req, p.maxAge)}</td><td class="nowrap">${t(`retention.actions.${p.action}`)}</td><td>${p.tables.length || p.columns.length ? codes([...p.tables, ...p.columns]) : t('retention.noTable')}</td></tr>`)}</tbody>
        </table>
      </section>`,
  });
}

/** Where runs come from, the command as code. */
const runsStartFrom = (req: Request): SafeHtml => html`${req.t('retention.cli')} <code>opsenic retention apply</code>.`;

/** The holds a run would respect, by whom they hold (an email, or the whole workspace; never an id). */
function holdList(req: Request, holds: Plan['holds']): SafeHtml {
  if (!holds.length) return html``;
  const { t } = req;
  const target = (h: Plan['holds'][number]) => (h.scope === 'workspace' ? t('holds.wholeWorkspace') : (h.email ?? t('holds.formerMember')));
  return html`<p>${t('retention.holdsInForce')}</p><ul class="list">${holds.map((h) => html`<li><strong>${target(h)}</strong> — ${h.reason}${h.until ? html` (${t('retention.holdUntil')} ${dayTag(req, h.until)})` : ''}</li>`)}</ul>`;
}

export function historyPage(req: Request, runs: RetentionRun[]): string {
  const { t } = req;
  const total = (r: RetentionRun) => Object.values(r.counts).flatMap((x) => Object.values(x)).reduce((a, c) => a + c.rows, 0);
  const number = new Intl.NumberFormat(req.lang);
  const held = (r: RetentionRun) => Object.values(r.held.rows ?? {}).flatMap((x) => Object.values(x)).reduce((a, n) => a + n, 0);
  return page(req, {
    title: t('retention.history'),
    body: html`<h1>${t('retention.history')}</h1>
      ${subnav(req, '/admin/retention/history')}
      ${runs.length
        ? html`<table class="table">
            <thead><tr><th scope="col">${t('retention.started')}</th><th scope="col">${t('retention.status')}</th><th scope="col">${t('retention.startedBy')}</th><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.rows')}</th><th scope="col">${t('retention.held')}</th><th scope="col">${t('retention.duration')}</th><th scope="col">${t('retention.errors')}</th></tr></thead>
            <tbody>${runs.map(
              (r) => html`<tr><td>${timeTag(req, r.startedAt)}</td><td>${t(`retention.runStatus.${r.status}`)}</td><td>${r.actorLabel}</td><td>${r.category ? t(`retention.categories.${r.category}`) : t('retention.allCategories')}</td>
                <td>${total(r) ? html`<details class="disclosure"><summary>${number.format(total(r))}</summary><ul>${Object.entries(r.counts).flatMap(([c, tables]) => Object.entries(tables).filter(([, n]) => n.rows > 0).map(([table, n]) => html`<li>${t(`retention.categories.${c}`)}, <code>${table}</code>: ${number.format(n.rows)} (${t(`retention.actions.${n.action}`)})</li>`))}</ul></details>` : '0'}</td>
                <td>${number.format(held(r))}</td><td>${r.durationMs === null ? '' : `${r.durationMs} ms`}</td><td>${r.errors.map((e) => html`<div>${e.category}/${e.table}: ${e.message}</div>`)}</td></tr>`,
            )}</tbody>
          </table>`
        : emptyState({ icon: 'calendar', title: t('retention.noRuns'), text: runsStartFrom(req) })}`,
  });
}

export function holdsPage(req: Request, d: { holds: LegalHold[]; names?: Map<string, string>; state: { errors?: FieldErrors; message?: string; notice?: string; values?: Record<string, string | undefined> } }): string {
  const { t } = req;
  const by = (label: string) => placerLabel(t, label, d.names);
  const at = Date.now();
  const state = (h: LegalHold) => (h.releasedAt !== null ? t('holds.released') : h.untilAt !== null && h.untilAt <= at ? t('holds.expired') : t('holds.active'));
  return page(req, {
    title: t('holds.title'),
    body: html`<h1>${t('holds.title')}</h1>
      ${subnav(req, '/admin/retention/holds')}
      <p>${t('holds.intro')}</p>
      ${alert('success', d.state.notice)}
      ${alert('error', d.state.message)}
      ${d.holds.length
        ? html`<table class="table">
            <thead><tr><th scope="col">${t('holds.scope')}</th><th scope="col">${t('holds.target')}</th><th scope="col">${t('holds.reason')}</th><th scope="col">${t('holds.createdBy')}</th><th scope="col">${t('retention.status')}</th><th scope="col"></th></tr></thead>
            <tbody>${d.holds.map(
              (h) => html`<tr><td>${h.userId ? t('holds.scopePerson') : t('holds.scopeWorkspace')}</td><td>${h.userId ? (h.userEmail ?? t('holds.formerMember')) : t('holds.wholeWorkspace')}</td><td>${h.reason}</td><td>${by(h.createdBy)} · ${timeTag(req, h.createdAt)}</td><td>${state(h)}${h.untilAt ? html` → ${timeTag(req, h.untilAt)}` : ''}</td>
                <td>${h.releasedAt === null ? html`<form method="post" action="/admin/retention/holds/${h.id}/release" class="inline">${csrfInput(req)}<button type="submit" class="secondary">${t('holds.release')}</button></form>` : ''}</td></tr>`,
            )}</tbody>
          </table>`
        : emptyState({ icon: 'check', title: t('holds.none') })}
      <section class="card narrow-cards" aria-labelledby="add-h">
        <h2 class="card-title" id="add-h">${icon('plus')}${t('holds.add')}</h2>
        <form method="post" action="/admin/retention/holds" novalidate class="grid">
          ${csrfInput(req)}
          <fieldset class="field">
            <legend>${t('holds.scopeChoice')}</legend>
            <label><input type="radio" name="scope" value="person" ${d.state.values?.scope !== 'workspace' ? html`checked` : ''}> ${t('holds.scopeChoicePerson')}</label>
            <label><input type="radio" name="scope" value="workspace" ${d.state.values?.scope === 'workspace' ? html`checked` : ''}> ${t('holds.scopeChoiceWorkspace')}</label>
          </fieldset>
          ${field({ t, name: 'user', label: t('holds.user'), type: 'email', value: d.state.values?.user, errors: d.state.errors, picker: true, hint: t('holds.userHint') })}
          ${field({ t, name: 'reason', label: t('holds.reason'), type: 'textarea', value: d.state.values?.reason, errors: d.state.errors, required: true })}
          ${field({ t, name: 'until', label: t('holds.until'), type: 'date', value: d.state.values?.until, errors: d.state.errors })}
          <button type="submit" class="primary">${t('holds.submit')}</button>
        </form>
      </section>`,
  });
}
