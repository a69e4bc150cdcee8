// Pages of the org explorer: every entity's tree, one entity with its chart, a node page (members,
// links, children, editors, sections) and the admins' entity management.
import type { Request } from 'express';
import { html, raw, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import { entityName, type NodeDetails } from './org.service.js';
import type { Membership, NodeSummary, OrgEntity, OrgNode, PersonRef } from './org.repository.js';
import { orgChartSvg, type ChartLabels } from './org.chart.js';
import { sectionsBlock } from '../sections/sections.views.js';
import { pickerField } from '../../web/picker.js';
import { avatar, emptyState, icon, tabs } from '../../web/ui.js';
import type { SectionView } from '../sections/sections.service.js';

const personName = (p: PersonRef) => `${p.firstName} ${p.lastName}`;
const personLink = (p: PersonRef) => html`<a href="/people/${p.id}">${personName(p)}</a>`;
const orgScript = html`<script src="/static/org.js" defer></script>`;

export function chartLabels(req: Request, entity: OrgEntity): ChartLabels {
  const { t } = req;
  return {
    title: t('org.chartOf', { name: entityName(entity, t) }),
    lead: (names) => t('org.chartLead', { names }),
    noLead: t('org.noLead'),
    members: (count) => t('org.memberCount', { count }),
    total: (count) => t('org.totalCount', { count }),
    empty: t('org.noNodes'),
  };
}

/** Nested list of an entity's nodes (at least one): name, leads, member count. */
export function nodeTree(req: Request, nodes: NodeSummary[]): SafeHtml {
  const { t } = req;
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, NodeSummary[]>();
  for (const n of nodes) {
    const parent = n.parentId && ids.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const branch = (parent: string | null, depth: number): SafeHtml => {
    const list = children.get(parent) ?? [];
    if (!list.length || depth > 50) return html``;
    return html`<ul class="${depth === 0 ? 'tree' : 'tree-branch'}">
      ${list.map(
        (n) => html`<li id="node-${n.id}">
          <a href="/org/nodes/${n.id}">${n.name}</a>
          <span class="muted">· ${n.leads.length ? n.leads.map((l, i) => html`${i ? ', ' : ''}${personName(l)}`) : t('org.noLead')} · ${t('org.memberCount', { count: n.memberCount })} · ${t('org.totalCount', { count: n.totalCount })}</span>
          ${branch(n.id, depth + 1)}
        </li>`,
      )}
    </ul>`;
  };
  return branch(null, 0);
}

/** A dimension without nodes, in the explorer and on its own page: who adds them, or (an admin) the form. */
function noNodesYet(req: Request, isAdmin: boolean, addFormHref: string): SafeHtml {
  const { t } = req;
  return emptyState({ title: t('org.noNodes'), ...(isAdmin ? { action: { href: addFormHref, label: t('org.addFirstNode') } } : { text: t('org.noNodesText') }) });
}

export function explorerPage(req: Request, overview: Array<{ entity: OrgEntity; nodes: Array<NodeSummary & { childCount: number }>; total: number }>): string {
  const { t } = req;
  const isAdmin = req.user!.role === 'admin';
  return page(req, {
    title: t('org.explorer'),
    body: html`<div class="page-head"><div><h1>${t('org.explorer')}</h1><p class="muted">${t('org.explorerIntro')}</p></div>
        <p class="actions"><a class="button secondary" href="/org/people/chart">${t('org.peopleChart')}</a>${isAdmin ? html` <a class="button" href="/org/manage">${t('org.manageEntities')}</a>` : ''}</p></div>
      <div class="card-grid entities">
      ${overview.map(
        ({ entity, nodes, total }) => html`<section class="card entity" aria-labelledby="entity-${entity.id}">
          <h2 class="card-title" id="entity-${entity.id}">${icon('org')}<a href="/org/entities/${entity.id}">${entityName(entity, t)}</a></h2>
          ${nodes.length
            ? html`<ul class="compact-list tree">${nodes.map(
                (n) => html`<li>
                  <a href="/org/nodes/${n.id}">${n.name}</a>
                  <span class="meta">${n.leads.length ? n.leads.map((l, i) => html`${i ? ', ' : ''}${personName(l)}`) : t('org.noLead')} · ${t('org.memberCount', { count: n.memberCount })} · ${t('org.totalCount', { count: n.totalCount })}${n.childCount ? html` · <a href="/org/entities/${entity.id}#node-${n.id}">${t('org.subNodes', { count: n.childCount })}</a>` : ''}</span>
                </li>`,
              )}</ul>`
            : noNodesYet(req, isAdmin, `/org/entities/${entity.id}#add-node`)}
          <p class="card-links">${total > nodes.length ? html`<a href="/org/entities/${entity.id}">${t('org.showAll', { count: total })}</a> · ` : ''}<a href="/org/entities/${entity.id}/chart">${t('org.chartOf', { name: entityName(entity, t) })}</a></p>
        </section>`,
      )}
      </div>`,
  });
}

export function entityPage(req: Request, entity: OrgEntity, nodes: NodeSummary[], state: { errors?: FieldErrors; message?: string; values?: Record<string, string | undefined> } = {}): string {
  const { t } = req;
  const name = entityName(entity, t);
  const isAdmin = req.user!.role === 'admin';
  const v = state.values ?? {};
  return page(req, {
    title: name,
    body: html`<nav aria-label="${t('org.breadcrumb')}" class="breadcrumb"><a href="/org">${t('org.explorer')}</a> › ${name}</nav>
      <div class="page-head"><h1>${name}</h1>${entity.archivedAt ? html`<span class="badge">${t('org.archived')}</span>` : ''}
        <p class="actions"><a class="button secondary" href="/org/entities/${entity.id}/chart" title="${t('org.chartUi.interactive')}">${t('org.chartOf', { name })}</a>${isAdmin ? html`<a class="button" href="#add-node">${t('org.addNode')}</a>` : ''}</p></div>
      ${entity.archivedAt ? alert('info', t('org.entityArchived')) : ''}
      ${alert('error', state.message)}
      <section class="card" aria-labelledby="tree-heading">
        <h2 class="card-title" id="tree-heading">${icon('org')}${t('org.tree')}</h2>
        ${nodes.length
          ? nodeTree(req, nodes)
          : noNodesYet(req, isAdmin, '#add-node')}
      </section>
      ${nodes.length
        ? html`<section class="card" aria-labelledby="chart-heading">
            <h2 class="card-title" id="chart-heading">${icon('activity')}${t('org.chart')}</h2>
            <p class="muted">${t('org.chartHelp')}</p>
            <div class="chart-scroll" data-org-chart>${raw(orgChartSvg(nodes, chartLabels(req, entity)))}</div>
            <p class="card-links actions">
              <a href="/org/entities/${entity.id}/chart.svg?download=1" download="${name}.svg">${t('org.exportSvg')}</a>
              <button type="button" class="link" data-chart-png="/org/entities/${entity.id}/chart.svg" data-filename="${name}.png">${t('org.exportPng')}</button>
            </p>
          </section>`
        : ''}
      ${isAdmin
        ? html`<section class="card narrow-cards" aria-labelledby="add-node">
          <h2 class="card-title" id="add-node">${icon('plus')}${t('org.addNode')}</h2>
          <form method="post" action="/org/nodes" novalidate class="grid">
            ${csrfInput(req)}
            <input type="hidden" name="entityId" value="${entity.id}">
            ${field({ t, name: 'name', label: t('fields.name'), value: v.name ?? '', errors: state.errors, required: true })}
            ${parentSelect(req, nodes, v.parentId ?? '', state.errors)}
            ${field({ t, name: 'description', label: t('org.description'), type: 'textarea', value: v.description ?? '', errors: state.errors })}
            <button type="submit" class="primary">${t('org.addNodeSubmit')}</button>
          </form>
        </section>`
        : ''}
      ${orgScript}`,
  });
}

function parentSelect(req: Request, nodes: Array<Pick<OrgNode, 'id' | 'name'>>, selected: string, errors?: FieldErrors, exclude?: string): SafeHtml {
  const { t } = req;
  return html`<div class="field${errors?.parentId ? ' has-error' : ''}">
    <label for="f-parentId">${t('org.parent')}</label>
    <select id="f-parentId" name="parentId" ${errors?.parentId ? html`aria-invalid="true" aria-describedby="f-parentId-error"` : ''}>
      <option value="">${t('org.noParent')}</option>
      ${nodes.filter((n) => n.id !== exclude).map((n) => html`<option value="${n.id}" ${selected === n.id ? html`selected` : ''}>${n.name}</option>`)}
    </select>
    ${errors?.parentId ? html`<p class="error" id="f-parentId-error">${t(errors.parentId)}</p>` : ''}
  </div>`;
}

export interface NodePageData {
  details: NodeDetails;
  sections: SectionView[];
  rights: { canEdit: boolean; canGovern: boolean };
  /** What the reader may do on the node itself (from the policy). */
  can: { update: boolean; move: boolean; archive: boolean; manageMembers: boolean; manageEditors: boolean; link: boolean };
  /** Nodes of the same entity (parent choice) and of other entities (link choice), only when needed. */
  sameEntityNodes: OrgNode[];
  otherNodes: Array<OrgNode & { entityLabel: string }>;
  entityNames: Map<string, string>;
  errors?: FieldErrors;
  message?: string;
  notice?: string;
}

/** The node's header and its tabs (Overview for reading, Manage for whoever may change it). */
function nodeHeader(req: Request, d: NodePageData, tab: 'overview' | 'manage'): SafeHtml {
  const { t } = req;
  const { node, entity, ancestors, members } = d.details;
  const leads = members.filter((m) => m.role === 'lead');
  const canManage = Object.values(d.can).some(Boolean);
  return html`<nav aria-label="${t('org.breadcrumb')}" class="breadcrumb"><a href="/org">${t('org.explorer')}</a> › <a href="/org/entities/${entity.id}">${entityName(entity, t)}</a>
      ${[...ancestors].reverse().map((a) => html` › <a href="/org/nodes/${a.id}">${a.name}</a>`)}</nav>
    <div class="page-head"><h1>${node.name}</h1>${node.archivedAt ? html`<span class="badge">${t('org.archived')}</span>` : ''}</div>
    <p class="muted">${leads.length ? html`${t('org.leads')}: ${leads.map((l, i) => html`${i ? ', ' : ''}${personLink(l)}`)}` : t('org.noLead')} · ${t('org.memberCount', { count: members.length })} · <a href="/discussions/node/${node.id}">${t('discussions.link')}</a> · <a href="/org/entities/${entity.id}/chart?focus=${node.id}" data-show-me>${t('org.chartUi.showMe')}</a></p>
    ${canManage
      ? tabs(t('shell.pageTabs'), [
          { href: `/org/nodes/${node.id}`, label: t('shell.overview'), current: tab === 'overview' },
          { href: `/org/nodes/${node.id}/manage`, label: t('shell.manage'), current: tab === 'manage' },
        ])
      : ''}
    ${node.archivedAt ? alert('info', t('org.nodeArchived')) : ''}
    ${alert('success', d.notice)}
    ${alert('error', d.message)}`;
}

const memberLine = (req: Request, m: Membership, end: SafeHtml | string = '') =>
  html`<li>${avatar(m)}<span class="who">${personLink(m)}${m.title ? html`<span class="muted">${m.title}</span>` : ''}</span>
    <span class="end">${m.role === 'lead' ? html`<span class="badge badge-accent">${req.t('org.role.lead')}</span>` : ''}${end}</span></li>`;

/** Reading first: what the node is (description, sections), who is in it, what it connects to. */
export function nodePage(req: Request, d: NodePageData): string {
  const { t } = req;
  const { node, children, members, links } = d.details;
  const manage = `/org/nodes/${node.id}/manage`;
  return page(req, {
    title: node.name,
    body: html`${nodeHeader(req, d, 'overview')}
      ${node.description ? html`<p class="description lead">${node.description}</p>` : ''}

      <h2>${t('sections.title')}</h2>
      ${sectionsBlock(req, { ownerPath: `/org/nodes/${node.id}`, reorderApi: `/api/v1/nodes/${node.id}/sections/order`, sections: d.sections, rights: d.rights, errors: d.errors })}

      <div class="card-grid">
      <section class="card" aria-labelledby="members">
      <h2 class="card-title" id="members">${icon('people')}${t('org.members')}</h2>
      ${members.length
        ? html`<ul class="people-list">${members.map((m) => memberLine(req, m))}</ul>`
        : emptyState({ icon: 'people', title: t('org.noMembers'), action: d.can.manageMembers ? { href: `${manage}#members`, label: t('org.addMember') } : undefined })}
      </section>
      <section class="card" aria-labelledby="children-h">
      <h2 class="card-title" id="children-h">${icon('org')}${t('org.children')}</h2>
      ${children.length ? html`<ul class="compact-list">${children.map((c) => html`<li><a href="/org/nodes/${c.id}">${c.name}</a></li>`)}</ul>` : html`<p class="muted">${t('org.noChildren')}</p>`}
      </section>
      <section class="card" aria-labelledby="links-h">
      <h2 class="card-title" id="links-h">${icon('activity')}${t('org.links')}</h2>
      ${links.length
        ? html`<ul class="compact-list">${links.map((l) => html`<li><a href="/org/nodes/${l.other.id}">${l.other.name}</a><span class="meta">${d.entityNames.get(l.other.entityId) ?? ''}</span></li>`)}</ul>`
        : html`<p class="muted">${t('org.noLinks')}</p>`}
      </section>
      </div>
      ${orgScript}`,
  });
}

/** Membership, links, editors and settings: the Manage tab, for whoever may change them. */
export function nodeManagePage(req: Request, d: NodePageData): string {
  const { t } = req;
  const { node, members, links, editors } = d.details;
  const removeForm = (action: string, label: string, question: string) =>
    html`<form method="post" action="${action}" class="inline" data-confirm="${question}" data-confirm-action="${t('org.remove')}">${csrfInput(req)}<button type="submit" class="small" aria-label="${label}">${t('org.remove')}</button></form>`;
  return page(req, {
    title: `${node.name} · ${t('shell.manage')}`,
    body: html`${nodeHeader(req, d, 'manage')}
      <section class="card" aria-labelledby="members">
        <h2 id="members">${t('org.members')}</h2>
        ${members.length
          ? html`<ul class="people-list">${members.map((m) =>
              memberLine(req, m, d.can.manageMembers ? removeForm(`/org/nodes/${node.id}/members/${m.id}/remove`, t('org.removeMember', { name: personName(m) }), t('org.confirmRemoveMember', { name: personName(m), node: node.name })) : ''),
            )}</ul>`
          : html`<p class="muted">${t('org.noMembers')}</p>`}
        ${d.can.manageMembers
          ? html`<form method="post" action="/org/nodes/${node.id}/members" class="row add-form" novalidate>
              ${csrfInput(req)}
              ${pickerField(req, 'email', t('org.memberEmail'), d.errors)}
              <div class="field narrow"><label for="f-role">${t('org.roleLabel')}</label>
                <select id="f-role" name="role"><option value="member">${t('org.role.member')}</option><option value="lead">${t('org.role.lead')}</option></select></div>
              <button type="submit" class="primary">${t('org.addMember')}</button>
            </form>`
          : ''}
      </section>

      <section class="card" aria-labelledby="links">
        <h2 id="links">${t('org.links')}</h2>
        ${links.length
          ? html`<ul class="people-list">${links.map(
              (l) => html`<li><span class="who"><a href="/org/nodes/${l.other.id}">${l.other.name}</a><span class="muted">${d.entityNames.get(l.other.entityId) ?? ''}</span></span>
                <span class="end">${d.can.link ? removeForm(`/org/links/${l.id}/remove`, t('org.removeLink', { name: l.other.name }), t('org.confirmRemoveLink', { name: l.other.name })) : ''}</span></li>`,
            )}</ul>`
          : html`<p class="muted">${t('org.noLinks')}</p>`}
        ${d.can.link && d.otherNodes.length
          ? html`<form method="post" action="/org/nodes/${node.id}/links" class="row add-form" novalidate>
              ${csrfInput(req)}
              <div class="field${d.errors?.nodeId ? ' has-error' : ''}"><label for="f-nodeId">${t('org.linkTo')}</label>
                <select id="f-nodeId" name="nodeId">${d.otherNodes.map((n) => html`<option value="${n.id}">${n.entityLabel} › ${n.name}</option>`)}</select>
                ${d.errors?.nodeId ? html`<p class="error">${t(d.errors.nodeId)}</p>` : ''}</div>
              <button type="submit">${t('org.addLink')}</button>
            </form>`
          : ''}
      </section>

      <section class="card" aria-labelledby="editors">
        <h2 id="editors">${t('org.editors')}</h2>
        <p class="muted">${t('org.editorsHelp')}</p>
        ${editors.length
          ? html`<ul class="people-list">${editors.map(
              (e) => html`<li>${avatar(e)}<span class="who">${personLink(e)}</span><span class="end">${d.can.manageEditors ? removeForm(`/org/nodes/${node.id}/editors/${e.id}/remove`, t('org.removeEditor', { name: personName(e) }), t('org.confirmRemoveEditor', { name: personName(e) })) : ''}</span></li>`,
            )}</ul>`
          : html`<p>${t('org.noEditors')}</p>`}
        ${d.can.manageEditors
          ? html`<form method="post" action="/org/nodes/${node.id}/editors" class="row add-form" novalidate>
              ${csrfInput(req)}
              ${pickerField(req, 'editorEmail', t('org.editorEmail'), d.errors)}
              <button type="submit">${t('org.addEditor')}</button>
            </form>`
          : ''}
      </section>

      ${d.can.update || d.can.move
        ? html`<section class="card" aria-labelledby="settings">
            <h2 id="settings">${t('org.settings')}</h2>
            <form method="post" action="/org/nodes/${node.id}" class="grid" novalidate>
              ${csrfInput(req)}
              ${d.can.update ? field({ t, name: 'name', label: t('fields.name'), value: node.name, errors: d.errors, required: true }) : ''}
              ${d.can.update ? field({ t, name: 'description', label: t('org.description'), type: 'textarea', value: node.description ?? '', errors: d.errors }) : ''}
              ${d.can.move ? parentSelect(req, d.sameEntityNodes, node.parentId ?? '', d.errors, node.id) : ''}
              <button type="submit" class="primary">${t('org.save')}</button>
            </form>
          </section>`
        : ''}
      ${d.can.archive
        ? html`<section class="card${node.archivedAt ? '' : ' danger-zone'}" aria-labelledby="archive">
            <h2 id="archive">${node.archivedAt ? t('org.archivedTitle') : t('org.archiveTitle')}</h2>
            <p>${node.archivedAt ? t('org.archivedText') : t('org.archiveText')}</p>
            <form method="post" action="/org/nodes/${node.id}/archive"${node.archivedAt ? '' : html` data-confirm="${t('org.confirmArchive', { name: node.name })}" data-confirm-action="${t('org.archive')}"`}>${csrfInput(req)}<input type="hidden" name="archived" value="${node.archivedAt ? 'false' : 'true'}"><button type="submit"${node.archivedAt ? '' : html` class="danger"`}>${node.archivedAt ? t('org.unarchive') : t('org.archiveNode')}</button></form>
          </section>`
        : ''}`,
  });
}

/** A refused rename: the entity it was for and what was typed, shown again on that row. */
export interface FailedEntityChange {
  id: string;
  name: string | undefined;
}

export function manageEntitiesPage(req: Request, entities: Array<OrgEntity & { nodeCount: number }>, state: { errors?: FieldErrors; message?: string; notice?: string; failed?: FailedEntityChange } = {}): string {
  const { t } = req;
  const nodes = (n: number) => (n ? t('org.entityNodes', { count: n }) : t('org.entityNoNodes'));
  return page(req, {
    title: t('org.manageEntities'),
    body: html`<p><a href="/org">${t('org.explorer')}</a></p>
      <h1>${t('org.manageEntities')}</h1>
      <p>${t('org.manageIntro')}</p>
      ${alert('success', state.notice)}
      ${alert('error', state.message)}
      <ol class="manage-list">
        ${entities.map((e, i) => {
          const name = entityName(e, t);
          const error = state.failed?.id === e.id ? state.errors?.name : undefined;
          return html`<li id="entity-${e.id}">
            <div class="what"><span><a href="/org/entities/${e.id}">${name}</a>${e.archivedAt ? html` <span class="badge">${t('org.archived')}</span>` : ''}</span><span class="muted">${nodes(e.nodeCount)}</span></div>
            <form method="post" action="/org/entities/${e.id}" class="rename${error ? ' has-error' : ''}" novalidate>
              ${csrfInput(req)}
              <label for="rename-${e.id}" class="visually-hidden">${t('org.renameEntity', { name })}</label>
              <input id="rename-${e.id}" name="name" value="${error ? (state.failed?.name ?? '') : name}" maxlength="100" ${error ? html`aria-invalid="true" aria-describedby="rename-${e.id}-error"` : ''}>
              <button type="submit">${t('org.rename')}</button>
              ${error ? html`<p class="error" id="rename-${e.id}-error">${t(error)}</p>` : ''}
            </form>
            <div class="actions">
              <form method="post" action="/org/entities/${e.id}/move" class="inline">${csrfInput(req)}<input type="hidden" name="direction" value="up"><button type="submit" ${i === 0 ? html`disabled` : ''} aria-label="${t('org.moveUpNamed', { name })}">↑</button></form>
              <form method="post" action="/org/entities/${e.id}/move" class="inline">${csrfInput(req)}<input type="hidden" name="direction" value="down"><button type="submit" ${i === entities.length - 1 ? html`disabled` : ''} aria-label="${t('org.moveDownNamed', { name })}">↓</button></form>
              <form method="post" action="/org/entities/${e.id}/archive" class="inline"${e.archivedAt ? '' : html` data-confirm="${t('org.confirmArchiveEntity', { name })}" data-confirm-action="${t('org.archive')}"`}>${csrfInput(req)}<input type="hidden" name="archived" value="${e.archivedAt ? 'false' : 'true'}"><button type="submit">${e.archivedAt ? t('org.unarchive') : t('org.archive')}</button></form>
            </div>
          </li>`;
        })}
      </ol>
      <h2>${t('org.addEntity')}</h2>
      <form method="post" action="/org/entities" class="grid" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'name', label: t('fields.name'), errors: state.errors, required: true, hint: t('org.entityHint') })}
        <button type="submit" class="primary">${t('org.addEntitySubmit')}</button>
      </form>`,
  });
}
