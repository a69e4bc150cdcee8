// The Insights pages' views against Board fixtures (the service's figures are tested by the
// component's own suites): every chart comes with its title, sentence, SVG, table view and CSV link
// that keeps the filter; lists are tables; the note on hidden groups and the snapshot date show;
// the filter is a GET form that works without a script; French throughout.
import assert from 'node:assert/strict';
import type { Request } from 'express';
import { translator, type Language } from '../../server/platform/i18n.js';
import { boardHref, boardPage, insightsIndexPage } from '../../server/components/insights/insights.views.js';
import { boardFilter } from '../../server/components/insights/insights.filter.js';
import type { Board } from '../../server/components/insights/insights.types.js';
import type { VisibleBoard } from '../../server/components/insights/insights.service.js';

function fakeRequest(lang: Language): Request {
  return {
    lang,
    t: translator(lang),
    user: { id: 'u1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', role: 'admin', timeZone: 'UTC' },
    csrfToken: () => 'token',
    originalUrl: '/insights/recognition',
    app: { locals: { shell: { insights: true } } },
  } as unknown as Request;
}

const board: Board = {
  id: 'recognition',
  title: 'Recognition',
  sentence: 'Where feedback flows and where it does not.',
  scope: { kind: 'node', nodeId: 'n-eng', name: 'Engineering' },
  period: { from: '2026-01-01', to: '2026-06-30' },
  k: 5,
  charts: [
    {
      id: 'by-node',
      title: 'Feedback by node',
      sentence: 'Feedback given per node: nudge the quiet ones.',
      kind: 'bar',
      categories: ['Engines', 'Compilers'],
      series: [{ name: 'Given', values: [17, null] }],
      unit: 'feedback',
      suppressed: true,
    },
    {
      id: 'flow',
      title: 'Feedback between nodes',
      sentence: 'Rows give, columns receive.',
      kind: 'matrix',
      categories: ['Engines', 'Compilers'],
      series: [{ name: 'Engines', values: [6, 9] }, { name: 'Compilers', values: [8, 5] }],
      unit: 'feedback',
      suppressed: false,
    },
  ],
  lists: [
    { id: 'quiet', title: 'Nodes without feedback', sentence: 'No feedback given this period.', columns: ['Node', 'People'], rows: [{ cells: ['Looms', 12], link: '/org/nodes/n-looms' }] },
    { id: 'empty', title: 'Nothing here', sentence: 'An empty list.', columns: ['Node'], rows: [] },
  ],
  snapshotAt: '2026-12-06T02:00:00.000Z',
};

const visible: VisibleBoard[] = [
  { id: 'structure', title: 'Structure', sentence: 'How the organization is shaped.', workspace: true, nodes: [], anyNode: true },
  { id: 'recognition', title: 'Recognition', sentence: 'Where feedback flows.', workspace: true, nodes: [{ id: 'n-eng', name: 'Engineering' }], anyNode: true },
];

describe('insights pages (views, against Board fixtures)', () => {
  it('when a board is shown, then each chart has its title, sentence, SVG, table view and a CSV link that keeps the filter', () => {
    const filter = { node: 'n-eng', from: '2026-01-01', to: '2026-06-30' };
    const html = boardPage(fakeRequest('en'), { board, visible, nodes: [{ id: 'n-eng', name: 'Engineering' }], filter });
    for (const chart of board.charts) {
      assert.match(html, new RegExp(`<figure class="chart card" id="chart-${chart.id}"[\\s\\S]*?<h2 id="chart-${chart.id}-title">${chart.title}</h2><p>${chart.sentence}</p>`));
      assert.match(html, new RegExp(`id="chart-${chart.id}"[\\s\\S]*?<svg class="chart-svg" role="img"[\\s\\S]*?<summary>Table view</summary>`));
      assert.ok(html.includes(`<a href="/api/v1/insights/recognition/${chart.id}.csv?node=n-eng&amp;from=2026-01-01&amp;to=2026-06-30" download>Download CSV</a>`), chart.id);
    }
    assert.match(html, /<p class="alert alert-info insights-suppressed">Groups under 5 people are hidden, so that no one can be singled out.<\/p>/);
    assert.match(html, /Scope: Engineering. Period: Jan 1, 2026 to Jun 30, 2026./, 'days in the reader\'s language, not as stored');
    assert.match(html, /Figures from the snapshot of <time datetime="2026-12-06T02:00:00.000Z">/);
    assert.doesNotMatch(html, /style=|<script>/, 'CSP-clean');
  });

  it('when a chart is by month, then its months read in the reader\'s language, in the chart and its table view', () => {
    const monthly = { ...board, charts: [{ id: 'trend', title: 'Feedback per month', sentence: 'Given per month.', kind: 'line' as const, categories: ['2026-01', '2026-02', 'Later'], series: [{ name: 'Given', values: [3, 4, 5] }], unit: 'feedback', suppressed: false }] };
    const en = boardPage(fakeRequest('en'), { board: monthly, visible, nodes: [], filter: {} });
    assert.match(en, /<th scope="row">Jan 2026<\/th>/);
    assert.match(en, /<th scope="row">Feb 2026<\/th>/);
    assert.match(en, /<th scope="row">Later<\/th>/, 'a category that is no month stays as it is');
    assert.doesNotMatch(en, />2026-01</);
    assert.match(boardPage(fakeRequest('fr'), { board: monthly, visible, nodes: [], filter: {} }), /<th scope="row">janv\. 2026<\/th>/);
    assert.deepEqual(monthly.charts[0]!.categories, ['2026-01', '2026-02', 'Later'], 'the board itself (the API\'s answer) is unchanged');
  });

  it('when a board has lists, then each is a table with its CSV link, and an empty one says so', () => {
    const html = boardPage(fakeRequest('en'), { board, visible, nodes: [], filter: {} });
    assert.match(html, /<h2 id="list-quiet-title">Nodes without feedback<\/h2>[\s\S]*<th scope="col">Node<\/th><th scope="col">People<\/th>[\s\S]*<td><a href="\/org\/nodes\/n-looms">Looms<\/a><\/td><td>12<\/td>/);
    assert.ok(html.includes('<a href="/api/v1/insights/recognition/quiet.csv" download>'));
    assert.match(html, /<h2 id="list-empty-title">Nothing here<\/h2>[\s\S]*?<p>Nothing needs attention here.<\/p>/);
  });

  it('when a board is shown, then the filter is a GET form with the node chosen and the period filled in, and the board tabs keep it', () => {
    const html = boardPage(fakeRequest('en'), { board, visible, nodes: [{ id: 'n-eng', name: 'Engineering' }], filter: { node: 'n-eng' } });
    assert.match(html, /<form method="get" action="\/insights\/recognition" class="insights-filter" data-autosubmit/);
    assert.match(html, /<option value="">Whole workspace<\/option>\s*<option value="n-eng" selected>Engineering<\/option>/);
    assert.match(html, /<input type="date" id="f-from" name="from" value="2026-01-01">/);
    assert.match(html, /<input type="date" id="f-to" name="to" value="2026-06-30">/);
    assert.match(html, /<a href="\/insights\/structure\?node=n-eng">Structure<\/a>/);
    assert.match(html, /<a href="\/insights\/recognition\?node=n-eng" aria-current="page">Recognition<\/a>/);
  });

  it('when the filter had errors, then each field says why', () => {
    const html = boardPage(fakeRequest('en'), { board, visible, nodes: [], filter: {}, errors: { to: 'insights.pages.errors.period' } });
    assert.match(html, /<input type="date" id="f-to" name="to" value="" aria-invalid="true" aria-describedby="f-to-error"><p class="error" id="f-to-error">The end of the period comes before its start.<\/p>/);
  });

  it('when the boards are listed, then each links to its board, and a lead gets a link per node led', () => {
    const html = insightsIndexPage(fakeRequest('en'), [...visible, { id: 'rhythm', title: 'Rhythm', sentence: '1:1 cadence.', workspace: false, nodes: [{ id: 'n-eng', name: 'Engineering' }], anyNode: false }]);
    assert.match(html, /<h2><a href="\/insights\/structure">Structure<\/a><\/h2>/);
    assert.match(html, /<h2><a href="\/insights\/rhythm\?node=n-eng">Rhythm<\/a><\/h2>/);
    assert.match(html, /<a href="\/insights\/recognition\?node=n-eng">Engineering<\/a>/);
    assert.match(insightsIndexPage(fakeRequest('en'), []), /No board to show yet/);
  });

  it('when the reader is French, then the page and the chart parts are in French', () => {
    const html = boardPage(fakeRequest('fr'), { board, visible, nodes: [], filter: {} });
    assert.match(html, /Les groupes de moins de 5 personnes sont masqués/);
    assert.match(html, /<summary>Vue en tableau<\/summary>/);
    assert.match(html, /Télécharger le CSV/);
    assert.match(html, /masqué : groupe de moins de 5 personnes/);
    assert.match(html, /Périmètre : Engineering/);
  });

  it('when a filter is turned into an address, then empty fields are left out', () => {
    assert.equal(boardHref('growth'), '/insights/growth');
    assert.equal(boardHref('growth', { from: '2026-01-01' }, 'headcount.csv'), '/api/v1/insights/growth/headcount.csv?from=2026-01-01');
  });

  it('when the filter is read from the query, then empty fields mean the defaults and a bad date, node or period names its field', () => {
    assert.deepEqual(boardFilter.parse({ node: '', from: '', to: '' }), { node: undefined, from: undefined, to: undefined });
    assert.deepEqual(boardFilter.parse({ node: 'n-1', from: '2026-01-01', to: '2026-01-31' }), { node: 'n-1', from: '2026-01-01', to: '2026-01-31' });
    const issues = (query: Record<string, unknown>) => [...new Set(boardFilter.safeParse(query).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`))];
    assert.deepEqual(issues({ from: '2026-02-30' }), ['from:insights.pages.errors.date']);
    assert.deepEqual(issues({ to: 'yesterday' }), ['to:insights.pages.errors.date']);
    assert.deepEqual(issues({ node: ['a', 'b'] }), ['node:insights.pages.errors.node']);
    assert.deepEqual(issues({ node: '<script>' }), ['node:insights.pages.errors.node']);
    assert.deepEqual(issues({ from: '2026-03-01', to: '2026-02-01' }), ['to:insights.pages.errors.period']);
  });
});
