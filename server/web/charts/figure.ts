// A chart as the design system shows it: title and sentence, a legend written in HTML (with the
// hatched "hidden" entry when a value was suppressed), the SVG, its table view (a <details> that
// opens without a script) and the CSV download. The table is built from the same categories and
// series as the drawing, so the two can never disagree.
import { html, raw, type SafeHtml } from '../html.js';
import type { ChartData } from './types.js';
import { seriesColours } from './palette.js';
import { lineLooks, lookOf, type MarkRef } from './options.js';
import { renderChartSvg } from './svg.js';

/** The words around a chart, in the reader's language (see chartLabels in charts.labels.ts). */
export interface ChartLabels {
  /** A figure with its unit: "12 people", "45 %". */
  value(value: number, unit: string): string;
  /** The legend entry and table cell of a suppressed value: "hidden: group under 5 people". */
  hidden: string;
  tableView: string;
  downloadCsv: string;
  /** Told to keyboard users when the drawing takes focus: arrows move from figure to figure. */
  keysHint: string;
}

export interface ChartFigureOptions {
  labels: ChartLabels;
  /** Where the chart's CSV is downloaded from; no link when absent. */
  csvHref?: string;
  /** Heading level of the chart's title within the page. */
  headingLevel?: 2 | 3;
  /** Unique on the page (defaults to the chart's id). */
  idPrefix?: string;
}

export function markTip(chart: ChartData, mark: MarkRef, labels: ChartLabels): string {
  const category = chart.categories[mark.category] ?? '';
  const series = chart.series[mark.series]?.name ?? '';
  const where = chart.series.length > 1 || chart.kind === 'matrix' ? `${category} · ${series}` : category;
  return `${where}: ${labels.value(mark.value, chart.unit)}`;
}

/** The legend: one swatch per series (not for a matrix, whose columns are named on its axis). */
function legend(chart: ChartData, labels: ChartLabels): SafeHtml {
  const look = (i: number) => (chart.kind === 'line' ? ` chart-swatch-line chart-swatch-${lineLooks[lookOf(i)]!.type}` : '');
  const entries = chart.kind === 'matrix' ? [] : chart.series.map((s, i) => ({ name: s.name, swatch: `chart-swatch-${(i % seriesColours.length) + 1}${look(i)}` }));
  if (chart.suppressed) entries.push({ name: labels.hidden, swatch: 'chart-swatch-hidden' });
  if (!entries.length) return html``;
  return html`<ul class="chart-legend">${entries.map((e) => html`<li><span class="chart-swatch ${e.swatch}" aria-hidden="true"></span>${e.name}</li>`)}</ul>`;
}

/** The table view: categories as rows, series as columns; a suppressed value says so in words. */
export function chartTable(chart: ChartData, labels: ChartLabels): SafeHtml {
  const category = (i: number) => {
    const link = chart.categoryLinks?.[i];
    return link ? html`<a href="${link}">${chart.categories[i]}</a>` : chart.categories[i];
  };
  return html`<table class="table chart-table"><caption class="visually-hidden">${chart.title}</caption>
    <thead><tr><td></td>${chart.series.map((s) => html`<th scope="col">${s.name}</th>`)}</tr></thead>
    <tbody>${chart.categories.map(
      (_, i) => html`<tr><th scope="row">${category(i)}</th>${chart.series.map((s) => {
        const value = s.values[i];
        return value === null || value === undefined
          ? html`<td class="chart-hidden">${labels.hidden}</td>`
          : html`<td data-value="${value}">${labels.value(value, chart.unit)}</td>`;
      })}</tr>`,
    )}</tbody></table>`;
}

export function chartFigure(chart: ChartData, o: ChartFigureOptions): SafeHtml {
  const id = `chart-${o.idPrefix ?? chart.id}`;
  const svg = renderChartSvg(chart, { idPrefix: `${id}-svg`, tip: (mark) => markTip(chart, mark, o.labels) });
  // The table view of many periods is wider than the card and scrolls in its own box: focusable and
  // named (the chart's title), so a keyboard can scroll it.
  const heading = o.headingLevel === 3 ? html`<h3 id="${id}-title">${chart.title}</h3>` : html`<h2 id="${id}-title">${chart.title}</h2>`;
  return html`<figure class="chart card" id="${id}" aria-labelledby="${id}-title" data-chart>
    <figcaption>${heading}<p>${chart.sentence}</p></figcaption>
    ${legend(chart, o.labels)}
    <div class="chart-canvas" data-chart-canvas data-keys-hint="${o.labels.keysHint}">${raw(svg)}</div>
    <details class="chart-table-view disclosure"><summary>${o.labels.tableView}</summary><div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-title">${chartTable(chart, o.labels)}</div></details>
    ${o.csvHref ? html`<p class="chart-actions"><a href="${o.csvHref}" download>${o.labels.downloadCsv}</a></p>` : ''}
  </figure>`;
}
