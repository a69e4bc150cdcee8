// ChartData -> an SVG string, drawn by Apache ECharts' server-side SVG renderer (no browser, no
// hand-drawn shapes), then made fit for our pages:
// - CSP-clean: ECharts writes font styles as style="" attributes and hover rules in a <style>
//   element, which the Content-Security-Policy (style-src 'self') would block; both go, and the
//   design system's stylesheet sets the chart font (ds/charts.css);
// - deterministic: ECharts numbers its instances (zr0-, zr1-, ...), so ids take the chart's own
//   prefix and its generated class names go; the same chart always gives the same string;
// - accessible: role="img" with a <title> and <desc>; every mark that stands for a figure carries
//   data-tip (what the tooltip says) for the page's script, and ECharts' own metadata is dropped.
import { createRequire } from 'node:module';
import type * as echartsModule from 'echarts';
import { escapeHtml } from '../html.js';
import type { ChartData } from './types.js';
import { chartOption, type MarkRef } from './options.js';

export interface SvgOptions {
  /** Unique on the page: the prefix of the SVG's ids (title, patterns, clip paths). */
  idPrefix: string;
  /** What a mark's tooltip says. */
  tip(mark: MarkRef): string;
}

// Loaded with the first chart, not at start-up: ECharts takes ~40 MB and ~0.4 s to load, which every
// replica would pay before anyone opens Insights (the foundation bench's cold start and idle RSS aims).
let echartsModuleCache: typeof echartsModule | undefined;
function echarts(): typeof echartsModule {
  echartsModuleCache ??= createRequire(import.meta.url)('echarts') as typeof echartsModule;
  return echartsModuleCache;
}

const markPattern = /<path ([^>]*?)ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"([^>]*)>/g;

export function renderChartSvg(chart: ChartData, o: SvgOptions): string {
  const { option, markOf, width, height } = chartOption(chart);
  const instance = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    instance.setOption(option);
    svg = instance.renderToSVGString({ useViewBox: true });
  } finally {
    instance.dispose();
  }
  const id = o.idPrefix.replace(/[^A-Za-z0-9_-]/g, '-');
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(markPattern, (_all, before: string, s: string, d: string, after: string) => {
      const mark = markOf(Number(s), Number(d));
      const rest = `${before}${after}`.replace(/ ?ecmeta_[a-z_]+="[^"]*"/g, '').trim();
      return mark
        ? `<path ${rest} class="chart-mark" data-category="${mark.category}" data-series="${mark.series}" data-tip="${escapeHtml(o.tip(mark))}">`
        : `<path ${rest}>`;
    })
    .replace(/ ?ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/^<svg width="\d+" height="\d+" /, `<svg class="chart-svg" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" `)
    .replace(/(<svg [^>]*>)/, `$1<title id="${id}-title">${escapeHtml(chart.title)}</title><desc id="${id}-desc">${escapeHtml(chart.sentence)}</desc>`)
    .replace(/\n+/g, '\n')
    .trim();
}
