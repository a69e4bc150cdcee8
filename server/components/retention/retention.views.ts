// Admin pages of retention: policies and plan, run history, legal holds.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { LegalHold } from '../holds/holds.repository.js';
import type { Plan, RetentionService } from './retention.service.js';
import type { RetentionRun } from './runs.repository.js';
import { timeTag } from '../../web/time.js';
import { emptyState, icon, tabs } from '../../web/ui.js';


/** The three retention pages as tabs under the title, like a node's Overview and Manage. */
function subnav(req: Request, current: string): SafeHtml {
  const { t } = req;
  const tab = (href: string, key: string) => ({ href, label: t(key), current: current === href });
  return tabs(t('retention.title'), [tab('/admin/retention', 'retention.nav.plan'), tab('/admin/retention/history', 'retention.nav.history'), tab('/admin/retention/holds', 'retention.nav.holds')]);
}

export function planPage(req: Request, d: { policies: ReturnType<RetentionService['policies']>; authored: 'anonymise' | 'delete'; plan: Plan }): string {
  const { t } = req;
  return page(req, {
    title: t('retention.title'),
    body: html`<h1>${t('retention.title')}</h1>
      ${subnav(req, '/admin/retention')}
      <section aria-labelledby="policies-h">
        <h2 id="policies-h">${t('retention.policies')}</h2>
        <p>${t('retention.policiesIntro', { rule: t(`retention.authored.${d.authored}`) })}</p>
        <table class="table">
          <thead><tr><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.maxAge')}</th><th scope="col">${t('retention.action')}</th><th scope="col">${t('retention.governs')}</th></tr></thead>
          <tbody>${d.policies.map((p) => html`<tr><td>${p.category}</td><td>${p.maxAge === 'forever' ? t('retention.keptForever') : p.maxAge}</td><td>${t(`retention.actions.${p.action}`)}</td><td>${[...p.tables, ...p.columns].join(', ') || '—'}</td></tr>`)}</tbody>
        </table>
      </section>
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">${t('retention.plan')}</h2>
        <p>${t('retention.planIntro', { rows: d.plan.rows, held: d.plan.held })}</p>
        ${holdList(req, d.plan.holds)}
        <table class="table">
          <thead><tr><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.table')}</th><th scope="col">${t('retention.action')}</th><th scope="col">${t('retention.rows')}</th><th scope="col">${t('retention.held')}</th><th scope="col">${t('retention.oldest')}</th><th scope="col">${t('retention.newest')}</th><th scope="col">${t('retention.samples')}</th></tr></thead>
          <tbody>${d.plan.categories.flatMap((c) =>
            c.tables.length
              ? c.tables.map((p) => html`<tr><td>${c.category}</td><td>${p.table}${p.kind === 'columns' ? ` (${p.columns.join(', ')})` : ''}</td><td>${t(`retention.actions.${p.action}`)}</td><td>${p.rows}</td><td>${p.held}</td><td>${timeTag(req, p.oldest)}</td><td>${timeTag(req, p.newest)}</td><td><code>${p.sampleIds.slice(0, 3).join(' ')}</code></td></tr>`)
              : [html`<tr><td>${c.category}</td><td colspan="7">${c.cutoff ? t('retention.noTable') : t('retention.keptForever')}</td></tr>`],
          )}</tbody>
        </table>
        <p class="muted">${t('retention.cli')}</p>
      </section>`,
  });
}

function holdList(req: Request, holds: Plan['holds']): SafeHtml {
  if (!holds.length) return html``;
  return html`<ul class="list">${holds.map((h) => html`<li>${req.t('holds.target')}: ${h.scope} ${h.target} — ${h.reason}${h.until ? html` (${timeTag(req, h.until)})` : ''}</li>`)}</ul>`;
}

export function historyPage(req: Request, runs: RetentionRun[]): string {
  const { t } = req;
  const total = (r: RetentionRun) => Object.values(r.counts).flatMap((x) => Object.values(x)).reduce((a, c) => a + c.rows, 0);
  const held = (r: RetentionRun) => Object.values(r.held.rows ?? {}).flatMap((x) => Object.values(x)).reduce((a, n) => a + n, 0);
  return page(req, {
    title: t('retention.history'),
    body: html`<h1>${t('retention.history')}</h1>
      ${subnav(req, '/admin/retention/history')}
      ${runs.length
        ? html`<table class="table">
            <thead><tr><th scope="col">${t('retention.started')}</th><th scope="col">${t('retention.status')}</th><th scope="col">${t('retention.startedBy')}</th><th scope="col">${t('retention.category')}</th><th scope="col">${t('retention.rows')}</th><th scope="col">${t('retention.held')}</th><th scope="col">${t('retention.duration')}</th><th scope="col">${t('retention.errors')}</th></tr></thead>
            <tbody>${runs.map(
              (r) => html`<tr><td>${timeTag(req, r.startedAt)}</td><td>${t(`retention.runStatus.${r.status}`)}</td><td>${r.actorLabel}</td><td>${r.category ?? '*'}</td>
                <td><details><summary>${total(r)}</summary><ul>${Object.entries(r.counts).flatMap(([c, tables]) => Object.entries(tables).map(([table, n]) => html`<li>${c} / ${table}: ${n.rows} (${n.action})</li>`))}</ul></details></td>
                <td>${held(r)}</td><td>${r.durationMs === null ? '' : `${r.durationMs} ms`}</td><td>${r.errors.map((e) => html`<div>${e.category}/${e.table}: ${e.message}</div>`)}</td></tr>`,
            )}</tbody>
          </table>`
        : html`<p>${t('retention.noRuns')}</p>`}`,
  });
}

/** "admin <uuid>" as stored by the browser's hold form -> the admin's name (ids are never shown to people). */
export const adminLabelPattern = /^admin ([0-9a-f-]{36})$/;

export function holdsPage(req: Request, d: { holds: LegalHold[]; names?: Map<string, string>; state: { errors?: FieldErrors; message?: string; notice?: string; values?: Record<string, string | undefined> } }): string {
  const { t } = req;
  const by = (label: string) => {
    const id = adminLabelPattern.exec(label)?.[1];
    return id ? (d.names?.get(id) ?? t('holds.formerAdmin')) : label;
  };
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
