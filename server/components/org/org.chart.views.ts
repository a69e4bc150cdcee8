// The page around an interactive org chart: a breadcrumb, a toolbar (search, zoom, expand/collapse,
// list view, exports) and the chart area that client/chart.js fills from the chart API. The labels
// the script needs travel as a JSON data block (not executed, so the CSP stays strict), in the
// reader's language.
import type { Request } from 'express';
import { html, raw } from '../../web/html.js';
import { page } from '../../web/layout.js';

export interface ChartPageOptions {
  kind: 'nodes' | 'people';
  title: string;
  /** The chart API call that gives this view its data. */
  api: string;
  entityId?: string;
  /** A person or node to focus once loaded. */
  focus?: string;
}

const uiKeys = [
  'tools', 'breadcrumb', 'search', 'find', 'noMatch', 'matches', 'zoomIn', 'zoomOut', 'fit', 'expandAll', 'collapseAll', 'listView', 'chartView', 'exportScope', 'scopeSubtree', 'scopeAll', 'paper',
  'exportSvg', 'exportPng', 'exportPdf', 'expand', 'collapse', 'more', 'nodeCounts', 'personCounts', 'noLead', 'lead', 'loading', 'failed', 'empty', 'legendTitle', 'legendSolid', 'legendDotted',
  'legendCross', 'legendBox', 'printed', 'page', 'pdfPages', 'top', 'chartLabel', 'links', 'reportsTo', 'showLinks',
] as const;

/** JSON inside a script data block: "<" escaped so no text can close the block. */
const dataBlock = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));

export function chartPage(req: Request, options: ChartPageOptions): string {
  const { t } = req;
  const ui = (key: (typeof uiKeys)[number]) => t(`org.chartUi.${key}`);
  const labels = { ...Object.fromEntries(uiKeys.map((k) => [k, ui(k)])), title: options.title, lang: req.lang };
  return page(req, {
    title: options.title,
    body: html`<link rel="stylesheet" href="/static/org-chart.css">
      <p><a href="/org">${t('org.explorer')}</a>${options.entityId ? html` · <a href="/org/entities/${options.entityId}">${t('org.tree')}</a>` : ''} ·
        ${options.kind === 'nodes' ? html`<a href="/org/people/chart">${t('org.chartUi.switchPeople')}</a>` : html`<span>${t('org.chartUi.switchPeople')}</span>`}</p>
      <h1>${options.title}</h1>
      <p class="muted">${t('org.chartPageHelp')}</p>
      <div class="oc" data-org-chart-app data-kind="${options.kind}" data-api="${options.api}" data-focus="${options.focus ?? ''}">
        <nav class="oc-breadcrumb" aria-label="${ui('breadcrumb')}"><ol></ol></nav>
        <div class="oc-toolbar" role="toolbar" aria-label="${ui('tools')}">
          <form class="oc-search" role="search">
            <label for="oc-q">${ui('search')}</label>
            <input id="oc-q" name="q" type="search" autocomplete="off" maxlength="100">
            <button type="submit">${ui('find')}</button>
          </form>
          <span class="oc-group">
            <button type="button" data-act="zoom-in" aria-label="${ui('zoomIn')}" title="${ui('zoomIn')}">+</button>
            <button type="button" data-act="zoom-out" aria-label="${ui('zoomOut')}" title="${ui('zoomOut')}">−</button>
            <button type="button" data-act="fit">${ui('fit')}</button>
            <button type="button" data-act="expand-all">${ui('expandAll')}</button>
            <button type="button" data-act="collapse-all">${ui('collapseAll')}</button>
            <button type="button" data-act="list" aria-pressed="false">${ui('listView')}</button>
            ${options.kind === 'nodes' ? html`<button type="button" data-act="links" aria-pressed="false">${ui('showLinks')}</button>` : ''}
          </span>
          <span class="oc-group">
            <label for="oc-scope">${ui('exportScope')}</label>
            <select id="oc-scope" data-export-scope><option value="subtree">${ui('scopeSubtree')}</option><option value="all">${ui('scopeAll')}</option></select>
            <label for="oc-paper">${ui('paper')}</label>
            <select id="oc-paper" data-paper><option value="a4">A4</option><option value="letter">Letter</option></select>
            <button type="button" data-act="svg">${ui('exportSvg')}</button>
            <button type="button" data-act="png">${ui('exportPng')}</button>
            <button type="button" data-act="pdf">${ui('exportPdf')}</button>
          </span>
        </div>
        <p class="oc-status" role="status" aria-live="polite">${ui('loading')}</p>
        <div class="oc-canvas"></div>
        <div class="oc-list" hidden></div>
        <script type="application/json" class="oc-labels">${dataBlock(labels)}</script>
      </div>
      <script type="module" src="/org/assets/chart.js"></script>`,
  });
}
