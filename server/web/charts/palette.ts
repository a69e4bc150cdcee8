// The colours the chart renderer hands to ECharts. They are the LIGHT values of the design tokens in
// web/static/ds/charts.css: the SVG carries them as fill/stroke attributes (so a downloaded SVG has
// colours of its own), and the stylesheet maps each of them to its token by attribute selector, which
// is how a chart follows dark mode without a second rendering. test/unit/charts.test.ts keeps the two
// lists equal.

/** Series colours: Okabe-Ito, the palette made for the common colour-vision deficiencies (black and
 * yellow left out: too weak or too strong on a white background). */
export const seriesColours = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9'] as const;

/** Text, axis and grid colours: the light values of --c-muted, --c-border-strong and --c-border. */
export const inkColours = { text: '#545c69', axis: '#7d8693', grid: '#d8dde4' } as const;

/** The matrix (heatmap) scale: one hue from pale to the first series colour, readable by everyone. */
export const matrixScale = ['#e8f1f8', '#0072b2'] as const;
