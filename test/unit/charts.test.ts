// The chart component (server/web/charts/): every kind is drawn by ECharts' SVG renderer into a
// CSP-clean, deterministic SVG; a suppressed value leaves a gap (no mark, no figure) and a hatched
// legend entry; the table view holds exactly the figures the drawing shows; the palette in the
// stylesheet is the palette the renderer uses.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chartFigure, chartTable, renderChartSvg, seriesColours, inkColours, chartLabels } from '../../server/web/charts/index.js';
import { translator } from '../../server/platform/i18n.js';
import type { ChartKind, InsightChart } from '../../server/components/insights/insights.types.js';

const labels = chartLabels(translator('en'), 'en', 5);
const kinds: ChartKind[] = ['bar', 'stackedBar', 'histogram', 'line', 'matrix'];

function sample(kind: ChartKind): InsightChart {
  return {
    id: `sample-${kind}`,
    title: `Feedback <by> node (${kind})`,
    sentence: 'Feedback given and received by node; look at the nodes that give little.',
    kind,
    categories: kind === 'line' ? ['2026-01', '2026-02', '2026-03'] : ['Engines', 'Compilers', 'Looms'],
    categoryLinks: ['/org/nodes/n1', null, '/org/nodes/n3'],
    series: [
      { name: 'Given', values: [41, null, 73] },
      { name: 'Received', values: [52, 61, null] },
    ],
    unit: 'feedback',
    suppressed: true,
  };
}

const marks = (svg: string) => [...svg.matchAll(/<path [^>]*class="chart-mark" data-category="\d+" data-series="\d+" data-tip="([^"]*)"/g)].map((m) => m[1]!);

describe('charts: InsightChart drawn on the server', () => {
  for (const kind of kinds) {
    it(`when a ${kind} chart is rendered, then ECharts draws one mark per shown value and none for a suppressed one`, () => {
      const svg = renderChartSvg(sample(kind), { idPrefix: `t-${kind}`, tip: (m) => `${m.category}:${m.series}:${m.value}` });
      assert.match(svg, /^<svg class="chart-svg" role="img" aria-labelledby="t-\w+-title t-\w+-desc"/);
      assert.match(svg, /<title id="t-\w+-title">Feedback &lt;by&gt; node/);
      assert.match(svg, /<desc id="t-\w+-desc">Feedback given and received/);
      // Shown values: (Engines, Given) 41, (Looms, Given) 73, (Engines, Received) 52, (Compilers, Received) 61.
      assert.deepEqual(marks(svg).sort(), ['0:0:41', '0:1:52', '1:1:61', '2:0:73']);
      // The suppressed pairs (Compilers, Given) and (Looms, Received) have no mark at all.
      assert.ok(!marks(svg).some((tip) => tip.startsWith('1:0:') || tip.startsWith('2:1:')));
    });
  }

  it('when a chart is rendered, then the SVG is CSP-clean (no style attribute or element, no script)', () => {
    for (const kind of kinds) {
      const svg = renderChartSvg(sample(kind), { idPrefix: 'csp', tip: () => 'x' });
      assert.doesNotMatch(svg, /style=|<style|<script|ecmeta_|zr\d+-/, kind);
    }
  });

  it('when the same chart is rendered twice, then the SVG is the same string (ECharts instance numbers do not leak)', () => {
    const first = renderChartSvg(sample('bar'), { idPrefix: 'same', tip: (m) => String(m.value) });
    renderChartSvg(sample('line'), { idPrefix: 'other', tip: () => '' });
    const second = renderChartSvg(sample('bar'), { idPrefix: 'same', tip: (m) => String(m.value) });
    assert.equal(first, second);
  });

  it('when a chart is shown as a figure, then its tooltips name the category, series and value with its unit', () => {
    const figure = chartFigure(sample('bar'), { labels, csvHref: '/api/v1/insights/recognition/sample-bar.csv' }).toString();
    assert.deepEqual(marks(figure).sort(), ['Compilers · Received: 61 feedback', 'Engines · Given: 41 feedback', 'Engines · Received: 52 feedback', 'Looms · Given: 73 feedback']);
    assert.match(figure, /<a href="\/api\/v1\/insights\/recognition\/sample-bar.csv" download>Download CSV<\/a>/);
    assert.match(figure, /<details class="chart-table-view disclosure"><summary>Table view<\/summary>/);
  });

  it('when a value was suppressed, then the legend has the hatched "hidden" entry and the table says so in words', () => {
    const figure = chartFigure(sample('stackedBar'), { labels }).toString();
    assert.match(figure, /<span class="chart-swatch chart-swatch-hidden" aria-hidden="true"><\/span>hidden: group under 5 people<\/li>/);
    const table = chartTable(sample('stackedBar'), labels).toString();
    assert.equal(table.match(/<td class="chart-hidden">hidden: group under 5 people<\/td>/g)?.length, 2);
    const shown = chartFigure({ ...sample('bar'), series: [{ name: 'Given', values: [1, 2, 3] }], suppressed: false }, { labels }).toString();
    assert.doesNotMatch(shown, /chart-swatch-hidden/);
  });

  it('when the table view is built, then it has the same numbers as the drawing, cell by cell', () => {
    for (const kind of kinds) {
      const chart = sample(kind);
      const table = chartTable(chart, labels).toString();
      const rows = [...table.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)];
      assert.equal(rows.length, chart.categories.length, kind);
      rows.forEach((row, i) => {
        const cells = [...row[2]!.matchAll(/<td(?: data-value="(\d+)")?[^>]*>/g)].map((c) => (c[1] === undefined ? null : Number(c[1])));
        assert.deepEqual(cells, chart.series.map((s) => s.values[i]), `${kind} row ${i}`);
      });
      const drawn = marks(renderChartSvg(chart, { idPrefix: 'n', tip: (m) => `${m.category}:${m.series}:${m.value}` }));
      const tabled = chart.categories.flatMap((_, i) => chart.series.map((s, j) => (s.values[i] === null ? null : `${i}:${j}:${s.values[i]}`))).filter(Boolean);
      assert.deepEqual(drawn.sort(), (tabled as string[]).sort(), kind);
    }
  });

  it('when a category has a link, then the table row links to it', () => {
    assert.match(chartTable(sample('bar'), labels).toString(), /<th scope="row"><a href="\/org\/nodes\/n1">Engines<\/a><\/th>/);
  });

  it('when the reader is French, then figures and the hidden entry are in French', () => {
    const fr = chartLabels(translator('fr'), 'fr', 5);
    assert.equal(fr.value(1234.5, 'people'), `${new Intl.NumberFormat('fr', { maximumFractionDigits: 1 }).format(1234.5)} personnes`);
    assert.equal(fr.hidden, 'masqué : groupe de moins de 5 personnes');
    assert.equal(labels.value(1, 'people'), '1 person');
    assert.equal(labels.value(42, 'percent'), '42%');
  });

  it('when the stylesheet maps chart colours to tokens, then it maps exactly the palette the renderer draws with', () => {
    const css = fs.readFileSync('server/web/static/ds/charts.css', 'utf8');
    const light = css.slice(0, css.indexOf('@media'));
    seriesColours.forEach((colour, i) => {
      assert.match(light, new RegExp(`--chart-${i + 1}: ${colour};`), `--chart-${i + 1}`);
      assert.match(css, new RegExp(`\\[fill="${colour}"\\] \\{ fill: var\\(--chart-${i + 1}\\); \\}`));
    });
    const tokens = fs.readFileSync('server/web/static/ds/tokens.css', 'utf8');
    assert.match(tokens, new RegExp(`--c-muted: ${inkColours.text};`));
    assert.match(tokens, new RegExp(`--c-border-strong: ${inkColours.axis};`));
    assert.match(tokens, new RegExp(`--c-border: ${inkColours.grid};`));
  });

  it('when a line chart has more series than the palette has colours, then the next round is dashed with other points, in the drawing and the legend', () => {
    const chart: InsightChart = { ...sample('line'), suppressed: false, series: Array.from({ length: 8 }, (_, i) => ({ name: `S${i}`, values: [i, i + 1, i + 2] })) };
    const svg = renderChartSvg(chart, { idPrefix: 'many', tip: () => '' });
    assert.equal(svg.match(/stroke="#0072b2"[^>]*stroke-dasharray/g)?.length, 1, 'the 7th series (blue again) is dashed, the 1st is not');
    const figure = chartFigure(chart, { labels }).toString();
    assert.match(figure, /<span class="chart-swatch chart-swatch-1 chart-swatch-line chart-swatch-solid" aria-hidden="true"><\/span>S0/);
    assert.match(figure, /<span class="chart-swatch chart-swatch-1 chart-swatch-line chart-swatch-dashed" aria-hidden="true"><\/span>S6/);
  });
});
