// Sections on a page (node pages; person pages can reuse sectionsBlock), the edit form, the
// revision history with its diff, and the grants of a restricted section.
import type { Request } from 'express';
import { html, raw, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { DiffPart, SectionView } from './sections.service.js';
import type { Grant, Revision, Section } from './sections.repository.js';
import { sectionKinds } from './sections.schema.js';
import { formatDateTime, timeTag } from '../../web/time.js';
import { sectionTitleIn } from './section-title.js';
import { backLink, icon, type BackLink } from '../../web/ui.js';

export function sectionTitle(req: Request, s: Pick<Section, 'kind' | 'title'>): string {
  return sectionTitleIn(req.t, s.title, s.kind);
}


function postButton(req: Request, action: string, label: string, extra: Record<string, string> = {}, aria?: string): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfInput(req)}${Object.entries(extra).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit" class="link" ${aria ? html`aria-label="${aria}"` : ''}>${label}</button></form>`;
}

export interface SectionsBlockOptions {
  /** Where the page lives (forms post to `${ownerPath}/sections`). */
  ownerPath: string;
  /** The JSON endpoint the drag-and-drop script PUTs the new order to. */
  reorderApi: string;
  sections: SectionView[];
  rights: { canEdit: boolean; canGovern: boolean };
  errors?: FieldErrors;
}

export function sectionsBlock(req: Request, o: SectionsBlockOptions): SafeHtml {
  const { t } = req;
  const visible = o.sections.filter((s) => !s.hidden);
  const hidden = o.sections.filter((s) => s.hidden);
  const item = (s: SectionView, i: number) => {
    const name = sectionTitle(req, s);
    return html`<li class="section" id="section-${s.id}" data-section-id="${s.id}" ${o.rights.canEdit ? html`draggable="true"` : ''}>
      <article aria-labelledby="section-title-${s.id}">
        <header>
          <h3 id="section-title-${s.id}">${name}</h3>
          <span class="badge ${s.visibility === 'restricted' ? 'badge-restricted' : ''}">${t(`sections.visibility.${s.visibility}`)}</span>
        </header>
        <div class="markdown">${raw(s.html)}</div>
        <p class="muted small">${t('sections.lastEdit', { name: s.updatedByName ?? t('sections.someone'), date: formatDateTime(req, s.updatedAt), revision: s.revision })}</p>
        <div class="actions">
          ${o.rights.canEdit ? html`<a href="/sections/${s.id}/edit" aria-label="${t('sections.editNamed', { name })}">${t('sections.edit')}</a>` : ''}
          <a href="/sections/${s.id}/history" aria-label="${t('sections.historyNamed', { name })}">${t('sections.history')}</a>
          <a href="/discussions/section/${s.id}" aria-label="${t('discussions.linkNamed', { name })}">${t('discussions.link')}</a>
          ${o.rights.canGovern && s.visibility === 'restricted' ? html`<a href="/sections/${s.id}/grants">${t('sections.grants')}</a>` : ''}
          ${o.rights.canEdit && i > 0 ? postButton(req, `/sections/${s.id}/move`, '↑', { direction: 'up' }, t('sections.moveUpNamed', { name })) : ''}
          ${o.rights.canEdit && i < visible.length - 1 ? postButton(req, `/sections/${s.id}/move`, '↓', { direction: 'down' }, t('sections.moveDownNamed', { name })) : ''}
          ${postButton(req, `/sections/${s.id}/hide`, t('sections.hide'), {}, t('sections.hideNamed', { name }))}
        </div>
      </article>
    </li>`;
  };
  return html`${visible.length
      ? html`<ol class="sections" ${o.rights.canEdit ? html`data-reorder-url="${o.reorderApi}" data-csrf="${req.csrfToken?.() ?? ''}"` : ''} aria-describedby="${o.rights.canEdit ? 'reorder-help' : ''}">${visible.map(item)}</ol>
        ${o.rights.canEdit ? html`<p class="muted small" id="reorder-help">${t('sections.reorderHelp')}</p>` : ''}`
      : html`<p class="muted">${t('sections.none')}</p>`}
    ${hidden.length
      ? html`<details class="hidden-sections disclosure"><summary>${t('sections.hiddenCount', { count: hidden.length })}</summary>
          <ul>${hidden.map((s) => html`<li>${sectionTitle(req, s)} ${postButton(req, `/sections/${s.id}/show`, t('sections.show'), {}, t('sections.showNamed', { name: sectionTitle(req, s) }))}</li>`)}</ul>
        </details>`
      : ''}
    ${o.rights.canEdit ? newSectionForm(req, o.ownerPath, o.errors) : ''}`;
}

/** Who can read a restricted section, said exactly: it differs between node and person pages. */
function visibilityField(req: Request, current: string, canGovern: boolean, errors: FieldErrors | undefined, ownerKind: 'node' | 'person'): SafeHtml {
  const { t } = req;
  const help = (v: 'public' | 'restricted') => t(v === 'restricted' && ownerKind === 'person' ? 'sections.visibilityHelp.restrictedPerson' : `sections.visibilityHelp.${v}`);
  return html`<fieldset class="field${errors?.visibility ? ' has-error' : ''}">
    <legend>${t('sections.visibilityLabel')}</legend>
    ${(['public', 'restricted'] as const).map(
      (v) => html`<label><input type="radio" name="visibility" value="${v}" ${current === v ? html`checked` : ''} ${!canGovern && current !== v ? html`disabled` : ''}> ${t(`sections.visibility.${v}`)} <span class="muted">— ${help(v)}</span></label>`,
    )}
    ${errors?.visibility ? html`<p class="error">${t(errors.visibility)}</p>` : ''}
  </fieldset>`;
}

function newSectionForm(req: Request, ownerPath: string, errors?: FieldErrors): SafeHtml {
  const { t } = req;
  return html`<details class="new-section disclosure" ${errors ? html`open` : ''}>
    <summary>${t('sections.add')}</summary>
    <form method="post" action="${ownerPath}/sections" class="grid" novalidate>
      ${csrfInput(req)}
      <div class="field${errors?.kind ? ' has-error' : ''}"><label for="f-kind">${t('sections.kindLabel')}</label>
        <select id="f-kind" name="kind">${sectionKinds.map((k) => html`<option value="${k}">${t(`sections.kinds.${k}`)}</option>`)}</select>
        ${errors?.kind ? html`<p class="error">${t(errors.kind)}</p>` : ''}</div>
      ${field({ t, name: 'title', label: t('sections.titleLabel'), hint: t('sections.titleHint'), errors })}
      ${field({ t, name: 'body', label: t('sections.body'), type: 'textarea', hint: t('sections.markdownHint'), errors })}
      ${visibilityField(req, 'public', true, errors, ownerPath.startsWith('/people/') ? 'person' : 'node')}
      <button type="submit" class="primary">${t('sections.addSubmit')}</button>
    </form>
  </details>`;
}

export function editSectionPage(req: Request, s: SectionView, back: BackLink, state: { errors?: FieldErrors; message?: string; values?: Record<string, string | undefined> } = {}): string {
  const { t } = req;
  const v = state.values ?? {};
  const name = sectionTitle(req, s);
  return page(req, {
    title: t('sections.editTitle', { name }),
    body: html`${backLink(req, back)}
      <h1>${t('sections.editTitle', { name })}</h1>
      ${alert('error', state.message)}
      <div class="narrow-cards">
        <div class="card">
          <form method="post" action="/sections/${s.id}/edit" class="grid" novalidate>
            ${csrfInput(req)}
            <input type="hidden" name="baseRevision" value="${String(s.revision)}">
            ${field({ t, name: 'title', label: t('sections.titleLabel'), value: v.title ?? s.title ?? '', hint: t('sections.titleHint'), errors: state.errors })}
            ${field({ t, name: 'body', label: t('sections.body'), type: 'textarea', value: v.body ?? s.body, hint: t('sections.markdownHint'), errors: state.errors })}
            ${visibilityField(req, v.visibility ?? s.visibility, s.canGovern, state.errors, s.personId ? 'person' : 'node')}
            <div class="actions"><button type="submit" class="primary">${t('sections.save')}</button><a href="${back.path}">${t('sections.cancel')}</a></div>
          </form>
        </div>
        <section class="card danger-zone" aria-labelledby="delete-heading">
          <h2 class="card-title" id="delete-heading">${t('sections.delete')}</h2>
          <p class="muted">${t('sections.deleteHelp')}</p>
          <form method="post" action="/sections/${s.id}/delete" class="inline" data-confirm="${t('sections.confirmDelete', { name })}" data-confirm-action="${t('sections.delete')}">${csrfInput(req)}<button type="submit" class="danger">${t('sections.delete')}</button></form>
        </section>
      </div>`,
  });
}

function diffView(req: Request, parts: DiffPart[]): SafeHtml {
  return html`<pre class="diff">${parts.map((p) => (p.added ? html`<ins>${p.value}</ins>` : p.removed ? html`<del>${p.value}</del>` : html`<span>${p.value}</span>`))}</pre>`;
}

export function historyPage(
  req: Request,
  section: Section,
  revisions: Revision[],
  canEdit: boolean,
  back: BackLink,
  diff?: { from: Revision; to: Revision; title: DiffPart[]; body: DiffPart[] },
): string {
  const { t } = req;
  const name = sectionTitle(req, section);
  const latest = revisions[0]?.number ?? 1;
  return page(req, {
    title: t('sections.historyTitle', { name }),
    body: html`${backLink(req, back)}
      <h1>${t('sections.historyTitle', { name })}</h1>
      ${diff
        ? html`<section aria-labelledby="diff-heading"><h2 id="diff-heading">${t('sections.diffTitle', { from: diff.from.number, to: diff.to.number })}</h2>
            <p class="muted">${t('sections.diffLegend')}</p>
            ${diff.title.some((p) => p.added || p.removed) ? diffView(req, diff.title) : ''}
            ${diffView(req, diff.body)}</section>`
        : ''}
      <section class="card" aria-labelledby="versions-heading"><h2 class="card-title" id="versions-heading">${icon('activity')}${t('sections.revisions')}</h2>
      ${revisions.length > 1
        ? html`<form method="get" action="/sections/${section.id}/history" class="row compare-form">
            <div class="field"><label for="f-from">${t('sections.compareFrom')}</label><select id="f-from" name="from">${revisions.map((r) => html`<option value="${String(r.number)}" ${(diff ? diff.from.number : Math.max(1, latest - 1)) === r.number ? html`selected` : ''}>${String(r.number)}</option>`)}</select></div>
            <div class="field"><label for="f-to">${t('sections.compareTo')}</label><select id="f-to" name="to">${revisions.map((r) => html`<option value="${String(r.number)}" ${(diff ? diff.to.number : latest) === r.number ? html`selected` : ''}>${String(r.number)}</option>`)}</select></div>
            <div class="field"><button type="submit">${t('sections.compare')}</button></div>
          </form>`
        : html`<p class="muted">${t('sections.onlyOneRevision')}</p>`}
      <div class="table-wrap"><table class="table">
        <thead><tr><th scope="col">${t('sections.revision')}</th><th scope="col">${t('sections.author')}</th><th scope="col">${t('sections.when')}</th><th scope="col">${t('sections.visibilityLabel')}</th><th scope="col">${t('security.actions')}</th></tr></thead>
        <tbody>${revisions.map(
          (r) => html`<tr>
            <td>${String(r.number)}${r.number === section.revision ? html` <span class="badge badge-accent">${t('sections.currentRevision')}</span>` : ''}</td>
            <td>${r.authorName ?? t('sections.someone')}</td>
            <td>${timeTag(req, r.createdAt)}</td>
            <td>${t(`sections.visibility.${r.visibility}`)}</td>
            <td>${canEdit && r.number !== section.revision ? postButton(req, `/sections/${section.id}/restore`, t('sections.restore'), { revision: String(r.number) }, t('sections.restoreNumber', { number: r.number })) : ''}</td>
          </tr>`,
        )}</tbody>
      </table></div>
      </section>`,
  });
}

export function grantsPage(req: Request, section: Section, grants: Grant[], nodes: Array<{ id: string; name: string }>, back: BackLink, state: { errors?: FieldErrors; message?: string } = {}): string {
  const { t } = req;
  const name = sectionTitle(req, section);
  return page(req, {
    title: t('sections.grantsTitle', { name }),
    body: html`${backLink(req, back)}
      <h1>${t('sections.grantsTitle', { name })}</h1>
      <p>${t('sections.grantsIntro')}</p>
      ${alert('error', state.message)}
      ${grants.length
        ? html`<ul>${grants.map((g) => html`<li>${g.label} <span class="muted">(${g.userId ? t('sections.grantPerson') : t('sections.grantNode')})</span> ${postButton(req, `/sections/${section.id}/grants/${g.id}/remove`, t('org.remove'), {}, t('sections.removeGrant', { name: g.label }))}</li>`)}</ul>`
        : html`<p class="muted">${t('sections.noGrants')}</p>`}
      <form method="post" action="/sections/${section.id}/grants" class="grid" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'email', label: t('sections.grantEmail'), type: 'email', errors: state.errors, picker: true })}
        <div class="field"><label for="f-nodeId">${t('sections.grantNodeLabel')}</label>
          <select id="f-nodeId" name="nodeId"><option value="">—</option>${nodes.map((n) => html`<option value="${n.id}">${n.name}</option>`)}</select></div>
        <button type="submit" class="primary">${t('sections.grantSubmit')}</button>
      </form>`,
  });
}
