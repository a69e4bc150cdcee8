import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, field } from '../../web/forms.js';
import { timeTag } from '../../web/time.js';
import { breakAfter, emailLines, withCode } from '../../web/ui.js';
import { actionNameKey } from './audit-actions.js';
import { detailsList } from './audit-details.js';
import type { SafeHtml } from '../../web/html.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { ResolvedEntry } from './audit.service.js';

export interface AuditPageData {
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  message?: string;
  entries: ResolvedEntry[];
  total: number;
  page: number;
  pageSize: number;
  actions: string[];
}

/** Where a target type has a page of its own. */
const targetPages: Record<string, (id: string) => string> = {
  user: (id) => `/people/${encodeURIComponent(id)}`,
  node: (id) => `/org/nodes/${encodeURIComponent(id)}`,
  dsar_request: (id) => `/privacy/requests/${encodeURIComponent(id)}`,
};

/**
 * What an entry is about, in words: a person by name (linked to their page while they have one),
 * other things by their kind with a link to their page; the id stays in the title (hover), the JSON
 * answer and the export, never as text.
 */
function targetLabel(req: Request, e: ResolvedEntry): SafeHtml | string {
  if (!e.targetType) return '';
  const kind = req.t(`audit.targets.${e.targetType}`, { defaultValue: e.targetType });
  if (!e.targetId) return kind;
  if (e.targetType === 'user') {
    if (e.targetErased || !e.targetName) return html`<span title="${e.targetId}">${req.t('audit.actorErased')}</span>`;
    return e.targetUserId ? html`<a href="${targetPages.user!(e.targetUserId)}" title="${e.targetId}">${e.targetName}</a>` : html`<span title="${e.targetId}">${e.targetName}</span>`;
  }
  const href = targetPages[e.targetType]?.(e.targetId);
  return href ? html`<a href="${href}" title="${e.targetId}">${kind}</a>` : html`<span title="${e.targetId}">${kind}</span>`;
}

function actorLabel(req: Request, e: ResolvedEntry): SafeHtml | string {
  if (e.actorKind === 'cli') return req.t('audit.actorCli');
  if (e.actorKind === 'system') return req.t('audit.actorSystem');
  if (e.actorErased) return req.t('audit.actorErased');
  if (!e.actorId) return req.t('audit.actorUnknown');
  // An email may wrap after its @ and dots, never inside a word.
  return e.actorName && e.actorEmail ? html`${e.actorName} &lt;${emailLines(e.actorEmail)}&gt;` : e.actorEmail ? emailLines(e.actorEmail) : (e.actorId ?? '');
}

function pageLink(values: Record<string, string | undefined>, n: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  params.set('page', String(n));
  return `/admin/audit?${params.toString()}`;
}

/** An action's name in the reader's language, or undefined for a code of no release (an older log may hold one). */
function actionName(req: Request, action: string): string | undefined {
  const key = actionNameKey(action);
  const name = req.t(key);
  return name === key ? undefined : name;
}

/** "Signed in" over its code (auth.signin): the words to read, the code to filter by and grep for. */
function actionCell(req: Request, action: string): SafeHtml {
  const name = actionName(req, action);
  const code = html`<code class="code-note">${breakAfter(action, '.')}</code>`;
  return name ? html`<span class="audit-action">${name}</span>${code}` : code;
}

export function auditPage(req: Request, d: AuditPageData): string {
  const { t } = req;
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  return page(req, {
    title: t('audit.title'),
    body: html`<h1>${t('audit.title')}</h1>
      <p>${withCode(t('audit.intro'))}</p>
      ${alert('error', d.message)}
      <form method="get" action="/admin/audit" class="row filters" novalidate aria-label="${t('audit.filters')}">
        ${field({ t, name: 'action', label: t('audit.action'), value: d.values.action, errors: d.errors, hint: t('audit.actionHint'), list: 'audit-actions' })}
        <datalist id="audit-actions">${d.actions.map((a) => html`<option value="${a}">${actionName(req, a) ?? ''}</option>`)}</datalist>
        ${field({ t, name: 'actor', label: t('audit.actor'), value: d.values.actor, errors: d.errors })}
        ${field({ t, name: 'from', label: t('audit.from'), type: 'date', value: d.values.from, errors: d.errors })}
        ${field({ t, name: 'to', label: t('audit.to'), type: 'date', value: d.values.to, errors: d.errors })}
        <button type="submit" class="secondary">${t('audit.filter')}</button>
      </form>
      ${d.errors?.page ? html`<p class="error">${t(d.errors.page)}</p>` : ''}
      <p role="status">${t('audit.count', { count: d.total })}</p>
      ${d.entries.length
        ? html`<table class="table">
            <thead><tr><th scope="col">#</th><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.action')}</th><th scope="col">${t('audit.actor')}</th><th scope="col">${t('audit.target')}</th><th scope="col">${t('audit.details')}</th></tr></thead>
            <tbody>${d.entries.map(
              (e) => html`<tr>
                <td data-label="#">${e.seq}</td>
                <td class="nowrap" data-label="${t('audit.when')}">${timeTag(req, e.createdAt)}</td>
                <td data-label="${t('audit.action')}">${actionCell(req, e.action)}</td>
                <td data-label="${t('audit.actor')}">${actorLabel(req, e)}</td>
                <td data-label="${t('audit.target')}">${targetLabel(req, e)}</td>
                <td data-label="${t('audit.details')}">${detailsList(req, e.details)}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<p>${t('audit.none')}</p>`}
      ${pages > 1
        ? html`<nav aria-label="${t('audit.pages')}"><p>
            ${d.page > 1 ? html`<a href="${pageLink(d.values, d.page - 1)}" rel="prev">${t('audit.newer')}</a>` : ''}
            ${t('audit.pageOf', { page: d.page, pages })}
            ${d.page < pages ? html`<a href="${pageLink(d.values, d.page + 1)}" rel="next">${t('audit.older')}</a>` : ''}
          </p></nav>`
        : ''}`,
  });
}
