// The Insights pages: the boards a viewer may open (/insights), and one board (/insights/{board})
// with its filter (node, period), its charts (web/charts: SVG, table view, CSV link) and its lists.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert } from '../../web/forms.js';
import { emptyState, tabs, withCode } from '../../web/ui.js';
import { formatDateTime, formatDay, formatMonth } from '../../web/time.js';
import { chartFigure, chartLabels } from '../../web/charts/index.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { VisibleBoard } from './insights.service.js';
import type { Board, BoardId, InsightList } from './insights.types.js';
import type { BoardFilter } from './insights.filter.js';

/** A board's address with the filter kept (empty fields left out). */
export function boardHref(id: BoardId, filter: BoardFilter = {}, suffix = ''): string {
  const query = new URLSearchParams();
  if (filter.node) query.set('node', filter.node);
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  const q = query.toString();
  return `${suffix ? `/api/v1/insights/${id}/${suffix}` : `/insights/${id}`}${q ? `?${q}` : ''}`;
}

export function insightsIndexPage(req: Request, boards: VisibleBoard[]): string {
  const { t } = req;
  const body = boards.length
    ? html`<ul class="card-grid insights-boards">${boards.map(
        (b) => html`<li class="card"><h2><a href="${b.workspace || !b.nodes[0] ? boardHref(b.id) : boardHref(b.id, { node: b.nodes[0].id })}">${b.title}</a></h2>
          <p>${withCode(b.sentence)}</p>
          ${b.nodes.length
            ? html`<p class="muted small">${t('insights.pages.yourNodes')}</p><ul class="compact-list">${b.nodes.map(
                (n) => html`<li><a href="${boardHref(b.id, { node: n.id })}">${n.name}</a></li>`,
              )}</ul>`
            : ''}
        </li>`,
      )}</ul>`
    : emptyState({ icon: 'insights', title: t('insights.pages.noBoards'), text: t('insights.pages.noBoardsText') });
  return page(req, {
    title: t('insights.pages.title'),
    body: html`<h1>${t('insights.pages.title')}</h1>
      <p class="lead">${t('insights.pages.intro')}</p>
      ${body}`,
  });
}

export interface BoardPageState {
  board: Board;
  visible: VisibleBoard[];
  /** The nodes the filter offers (the viewer's, or every node for an admin). */
  nodes: Array<{ id: string; name: string }>;
  filter: BoardFilter;
  errors?: FieldErrors;
}

function filterForm(req: Request, s: BoardPageState): SafeHtml {
  const { t } = req;
  const current = s.visible.find((b) => b.id === s.board.id);
  const error = (name: string) => (s.errors?.[name] ? html`<p class="error" id="f-${name}-error">${t(s.errors[name]!)}</p>` : '');
  const invalid = (name: string) => (s.errors?.[name] ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : '');
  const selected = s.board.scope.kind === 'node' ? s.board.scope.nodeId : '';
  const date = (name: 'from' | 'to', value: string) =>
    html`<div class="field${s.errors?.[name] ? ' has-error' : ''}"><label for="f-${name}">${t(`insights.pages.${name}`)}</label><input type="date" id="f-${name}" name="${name}" value="${value}"${invalid(name)}>${error(name)}</div>`;
  return html`<form method="get" action="/insights/${s.board.id}" class="insights-filter" data-autosubmit aria-label="${t('insights.pages.filter')}">
    <div class="field${s.errors?.node ? ' has-error' : ''}"><label for="f-node">${t('insights.pages.scope')}</label>
      <select id="f-node" name="node"${invalid('node')}>
        ${current?.workspace !== false ? html`<option value=""${selected ? '' : html` selected`}>${t('insights.pages.workspace')}</option>` : ''}
        ${s.nodes.map((n) => html`<option value="${n.id}"${n.id === selected ? html` selected` : ''}>${n.name}</option>`)}
      </select>${error('node')}</div>
    ${date('from', s.errors?.from ? '' : s.board.period.from)}
    ${date('to', s.errors?.to ? '' : s.board.period.to)}
    <div class="field"><button type="submit" class="secondary">${t('insights.pages.apply')}</button></div>
  </form>`;
}

function list(req: Request, board: Board, l: InsightList, filter: BoardFilter): SafeHtml {
  const { t } = req;
  const id = `list-${l.id}`;
  return html`<section class="card insights-list" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${l.title}</h2>
    <p class="muted">${withCode(l.sentence)}</p>
    ${l.rows.length
      ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${l.title}</caption>
          <thead><tr>${l.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
          <tbody>${l.rows.map(
            (r) => html`<tr>${r.cells.map((cell, i) => (i === 0 && r.link ? html`<td><a href="${r.link}">${cell}</a></td>` : html`<td>${cell}</td>`))}</tr>`,
          )}</tbody></table></div>
          <p class="chart-actions"><a href="${boardHref(board.id, filter, `${l.id}.csv`)}" download>${t('charts.downloadCsv')}</a></p>`
      : html`<p>${t('insights.pages.listEmpty')}</p>`}
  </section>`;
}

/** A chart's months ("2026-01") as the reader says them ("Jan 2026"); the API and the CSV keep them as stored. */
function readableMonths(req: Request, chart: Board['charts'][number]): Board['charts'][number] {
  return { ...chart, categories: chart.categories.map((c) => formatMonth(req.lang, c)) };
}

export function boardPage(req: Request, s: BoardPageState): string {
  const { t } = req;
  const { board, filter } = s;
  const labels = chartLabels(t, req.lang, board.k);
  const scope = board.scope.kind === 'node' ? board.scope.name : t('insights.pages.workspace');
  const keep = (b: VisibleBoard): BoardFilter => ({
    from: filter.from,
    to: filter.to,
    node: filter.node && (b.anyNode || b.nodes.some((n) => n.id === filter.node)) ? filter.node : undefined,
  });
  const suppressed = board.charts.some((c) => c.suppressed);
  return page(req, {
    title: `${board.title} · ${t('insights.pages.title')}`,
    body: html`<p class="breadcrumb"><a href="/insights">${t('insights.pages.title')}</a></p>
      <h1>${board.title}</h1>
      <p class="lead">${withCode(board.sentence)}</p>
      ${tabs(t('insights.pages.boards'), s.visible.map((b) => ({ href: boardHref(b.id, keep(b)), label: b.title, current: b.id === board.id })))}
      ${s.errors ? alert('error', t('errors.validation')) : ''}
      ${filterForm(req, s)}
      <p class="muted insights-facts">${t('insights.pages.facts', { scope, from: formatDay(req, board.period.from), to: formatDay(req, board.period.to) })}
        ${board.snapshotAt
          ? html`${t('insights.pages.snapshot')} <time datetime="${board.snapshotAt}">${formatDateTime(req, Date.parse(board.snapshotAt))}</time>.`
          : t('insights.pages.computedNow')}</p>
      ${suppressed ? html`<p class="alert alert-info insights-suppressed">${t('insights.pages.suppressed', { count: board.k })}</p>` : ''}
      ${board.charts.map((chart) => chartFigure(readableMonths(req, chart), { labels, csvHref: boardHref(board.id, filter, `${chart.id}.csv`) }))}
      ${board.lists.map((l) => list(req, board, l, filter))}`,
  });
}
