// The insights boards on a small organization whose every figure is counted by hand in
// test/support/insights-org.ts (k = 3): each metric, the threshold and complementary suppression
// (subtracting shown groups never gives back a hidden one), restricted people left out, who may
// open what, bad query values, the CSV of a chart, and usage recorded in a sandbox.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { outsider } from '../support/people.js';
import { seedInsightsOrg, type InsightsOrg } from '../support/insights-org.js';
import type { Board, InsightChart } from '../../server/components/insights/insights.types.js';

const config = { 'insights.minGroupSize': 3, 'insights.spanOfControlLimit': 3, 'insights.maxLedNodes': 1, 'insights.largeNodeSize': 5 };
const chartOf = (board: Board, id: string): InsightChart => board.charts.find((c) => c.id === id) ?? assert.fail(`no chart ${id}`);
/** The values of one category across series, or of one series across categories. */
const column = (chart: InsightChart, category: string) => chart.series.map((s) => s.values[chart.categories.indexOf(category)]);
const series = (chart: InsightChart, name: string) => chart.series.find((s) => s.name === name)?.values ?? assert.fail(`no series ${name}`);
const last = <T>(values: T[]) => values[values.length - 1];

forEachDialect('insights boards', (dialect) => {
  let server: TestServer;
  let org: InsightsOrg;
  const get = async (who: keyof InsightsOrg['clients'], path: string) => org.clients[who].client.get(path);
  const board = async (who: keyof InsightsOrg['clients'], path: string): Promise<Board> => {
    const reply = await get(who, path);
    assert.equal(reply.status, 200, reply.text.slice(0, 300));
    return reply.json();
  };

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect, config);
    org = await seedInsightsOrg(server);
    const result = await server.container.services.insights.snapshot();
    assert.ok(result.rows > 0);
  });
  after(async () => server?.close());

  it('when the admin opens Structure, then span of control, depth and every gap match the hand count (restricted a5 left out)', async () => {
    const b = await board('admin', '/api/v1/insights/structure');
    assert.equal(b.snapshotAt, null);
    assert.deepEqual(b.scope, { kind: 'workspace' });
    // Direct reports: L0 3 (La Lb Lc), La 4 (a1-a4; a5 restricted), Lb 3, Lc 1.
    const span = chartOf(b, 'span-of-control');
    assert.deepEqual(span.categories, ['0', '1', '2', '3', '4']);
    assert.deepEqual(span.series[0]!.values, [0, 1, 0, 2, 1]);
    assert.deepEqual(chartOf(b, 'depth').series[0]!.values, [3, 3]);
    assert.deepEqual(chartOf(b, 'attention').series[0]!.values, [1, 1, 1, 1, 5, 5]);
    const list = (id: string) => b.lists.find((l) => l.id === id)!.rows.map((r) => r.cells);
    assert.deepEqual(list('leads-over-limit'), [['Ada Alpha', 'Alpha', 4]]);
    assert.deepEqual(list('nodes-without-lead'), [['Project X', 1]]);
    assert.deepEqual(list('people-in-no-node'), [['X Person']]);
    assert.deepEqual(list('leading-many-nodes'), [['Lb Person', 'Beta, Guild', 2]]);
    assert.deepEqual(list('large-single-lead'), [['Alpha', 'Ada Alpha', 5]]);
    assert.deepEqual(list('missing-sections').map((r) => r[0]).sort(), ['Beta', 'Company', 'Gamma', 'Guild', 'Project X']);
  });

  it('when the admin opens Rhythm for Company, then the cadence, gaps and open items match the hand count, and Beta and Gamma are hidden', async () => {
    const b = await board('admin', `/api/v1/insights/rhythm?node=${org.nodes.company}`);
    assert.ok(b.snapshotAt);
    const cadence = chartOf(b, 'cadence');
    assert.deepEqual(cadence.categories, ['All of Company', 'Alpha', 'Beta', 'Gamma']);
    // Company: 5 pairs (La-a5 left out), 3 met within 14 days, 4 within 30. Alpha: 4 pairs, 2 and 3.
    assert.deepEqual(column(cadence, 'All of Company'), [60, 80]);
    assert.deepEqual(column(cadence, 'Alpha'), [50, 75]);
    assert.deepEqual(column(cadence, 'Beta'), [null, null]);
    assert.deepEqual(column(cadence, 'Gamma'), [null, null]);
    assert.equal(cadence.suppressed, true);
    assert.deepEqual(chartOf(b, 'meeting-gap').series[0]!.values, [7, 18.5, null, null]);
    assert.deepEqual(chartOf(b, 'open-items').series[0]!.values, [2, 2, null, null]);
    assert.deepEqual(chartOf(b, 'item-age').series[0]!.values, [35, 35, null, null]);
    assert.ok(!JSON.stringify(b).includes('agenda text') && !JSON.stringify(b).includes('item text'), 'never an agenda or an item');
  });

  it('when the admin opens Recognition for Company, then given, received, Values and the flow match the hand count without the restricted person', async () => {
    const b = await board('admin', `/api/v1/insights/recognition?node=${org.nodes.company}`);
    const given = chartOf(b, 'feedback-given');
    assert.equal(given.categories.length, 12);
    assert.deepEqual(given.series.map((s) => [s.name, last(s.values)]), [['All of Company', 7], ['Alpha', 3], ['Beta', null], ['Gamma', null]]);
    const received = chartOf(b, 'feedback-received');
    assert.deepEqual(received.series.map((s) => last(s.values)), [7, 3, null, null]);
    const values = chartOf(b, 'values');
    assert.deepEqual([values.categories, values.series[0]!.values], [['Care', 'Courage'], [1, 2]]);
    const flow = chartOf(b, 'flow');
    assert.deepEqual(flow.categories, ['Alpha', 'Beta', 'Gamma']);
    assert.deepEqual(series(flow, 'Alpha'), [0, null, null]);
    assert.deepEqual(series(flow, 'Beta'), [null, null, null]);
    assert.ok(!JSON.stringify(b).includes('secret words'), 'never a feedback body');
  });

  it('when the admin opens Recognition for the whole workspace, whose first entity has Company as its only root, then the flow shows Company\'s nodes as Company\'s own board does', async () => {
    const workspace = chartOf(await board('admin', '/api/v1/insights/recognition'), 'flow');
    const company = chartOf(await board('admin', `/api/v1/insights/recognition?node=${org.nodes.company}`), 'flow');
    assert.deepEqual(workspace.categories, ['Alpha', 'Beta', 'Gamma'], 'not a 1x1 matrix of Company');
    assert.deepEqual(workspace.series, company.series, 'the same figures, hidden the same way');
    assert.deepEqual(series(workspace, 'Gamma'), [null, null, null]);
  });

  it('when someone subtracts every combination of shown groups from the shown total, then no hidden group\'s figure comes out', async () => {
    const b = await board('admin', `/api/v1/insights/recognition?node=${org.nodes.company}`);
    for (const id of ['feedback-given', 'feedback-received']) {
      const chart = chartOf(b, id);
      const total = last(chart.series[0]!.values)!;
      const shown = chart.series.slice(1).map((s) => last(s.values)).filter((v): v is number => v !== null);
      // Hand-counted figures of the hidden groups: Beta gave 1 and received 3, Gamma gave 2 and received 1.
      const hidden = id === 'feedback-given' ? [1, 2] : [3, 1];
      const differences = new Set<number>();
      for (let mask = 0; mask < 1 << shown.length; mask += 1) differences.add(total - shown.filter((_, i) => mask & (1 << i)).reduce((a, v) => a + v, 0));
      for (const h of hidden) assert.ok(!differences.has(h), `${id}: ${h} recovered from ${[...differences].join(', ')}`);
    }
  });

  it('when the admin opens Knowledge and Growth for Company, then sections by kind, stale sections, discussions and headcount match the hand count', async () => {
    const k = await board('admin', `/api/v1/insights/knowledge?node=${org.nodes.company}`);
    const kinds = chartOf(k, 'sections-by-kind');
    assert.deepEqual([series(kinds, 'Purpose'), series(kinds, 'Goals'), series(kinds, 'Processes')], [[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0]]);
    assert.deepEqual(chartOf(k, 'stale-sections').series[0]!.values, [1, 0, 1, 0]);
    // Comments: 2 on Alpha (a5's left out) and 1 on Beta's section; Beta and Gamma hidden.
    assert.deepEqual(chartOf(k, 'discussions').series[0]!.values, [3, 2, null, null]);
    const g = await board('admin', `/api/v1/insights/growth?node=${org.nodes.company}`);
    assert.deepEqual(chartOf(g, 'headcount').series.map((s) => last(s.values)), [12, 5, 4, 2]);
    assert.equal(last(chartOf(g, 'joiners-leavers').series[0]!.values), 12);
  });

  it('when a lead opens a node of under k people, then every behavioural figure is hidden', async () => {
    const b = await board('leadGamma', `/api/v1/insights/recognition?node=${org.nodes.gamma}`);
    assert.equal(b.k, 3);
    for (const chart of b.charts) for (const s of chart.series) assert.ok(s.values.every((v) => v === null), `${chart.id}: ${JSON.stringify(s.values)}`);
    assert.ok(chartOf(b, 'feedback-given').suppressed);
  });

  it('when a member without a lead role asks, then only the workspace-wide Structure board is theirs and every other board is refused with its reason', async () => {
    const list = (await get('member', '/api/v1/insights')).json().boards as Array<{ id: string; workspace: boolean; nodes: unknown[] }>;
    assert.deepEqual(list.map((b) => [b.id, b.workspace, b.nodes.length]), [['structure', true, 0]]);
    assert.equal((await get('member', '/api/v1/insights/structure')).status, 200);
    const rhythm = await get('member', '/api/v1/insights/rhythm');
    assert.equal(rhythm.status, 403);
    assert.match(rhythm.json().error.message, /Only admins see this board for the whole workspace/);
    const node = await get('member', `/api/v1/insights/structure?node=${org.nodes.alpha}`);
    assert.equal(node.status, 403);
    assert.match(node.json().error.message, /Only the leads of this node/);
  });

  it('when a lead asks, then they open every board of their subtree and nothing above or beside it', async () => {
    const list = (await get('leadAlpha', '/api/v1/insights')).json().boards as Array<{ id: string; workspace: boolean; nodes: Array<{ id: string }> }>;
    assert.deepEqual(list.map((b) => b.id), ['structure', 'rhythm', 'recognition', 'knowledge', 'growth']);
    assert.ok(list.every((b) => b.nodes.length === 1 && b.nodes[0]!.id === org.nodes.alpha && b.workspace === (b.id === 'structure')));
    const mine = await board('leadAlpha', `/api/v1/insights/rhythm?node=${org.nodes.alpha}`);
    assert.deepEqual(mine.scope, { kind: 'node', nodeId: org.nodes.alpha, name: 'Alpha' });
    for (const other of [org.nodes.company, org.nodes.beta]) assert.equal((await get('leadAlpha', `/api/v1/insights/rhythm?node=${other}`)).status, 403);
    assert.equal((await get('leadAlpha', '/api/v1/insights/rhythm')).status, 403);
    const structure = await board('leadAlpha', `/api/v1/insights/structure?node=${org.nodes.alpha}`);
    assert.deepEqual(chartOf(structure, 'depth').series[0]!.values, [0, 1]);
  });

  it('when a query value is bad, then the answer is a 400 naming the field and the reason; an unknown board, node or chart is a 404', async () => {
    const cases: Array<[string, number, string?]> = [
      ['/api/v1/insights/structure?from=2026-13-45', 400, 'from'],
      ['/api/v1/insights/structure?to=yesterday', 400, 'to'],
      ['/api/v1/insights/structure?from=2026-12-01&to=2026-01-01', 400, 'from'],
      ['/api/v1/insights/structure?from=2001-01-01&to=2026-01-01', 400, 'from'],
      [`/api/v1/insights/structure?node=${'x'.repeat(40)}`, 400, 'node'],
      ['/api/v1/insights/structure?node=00000000-0000-0000-0000-000000000000', 404],
      ['/api/v1/insights/moods', 404],
      ['/api/v1/insights/structure/nothing.csv', 404],
      ['/api/v1/insights/structure/span-of-control.txt', 404],
    ];
    for (const [path, status, field] of cases) {
      const reply = await get('admin', path);
      assert.equal(reply.status, status, `${path}: ${reply.text.slice(0, 200)}`);
      if (field) assert.ok(reply.json().error.fields[field], `${path}: ${reply.text}`);
    }
  });

  it('when a chart is downloaded as CSV, then it holds the same figures, a hidden value as an empty cell', async () => {
    const reply = await get('admin', '/api/v1/insights/structure/span-of-control.csv');
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(reply.headers.get('content-disposition') ?? '', /structure-span-of-control\.csv/);
    assert.equal(reply.text, ',Leads\r\n0,0\r\n1,1\r\n2,0\r\n3,2\r\n4,1\r\n');
    const rhythm = await get('admin', `/api/v1/insights/rhythm/cadence.csv?node=${org.nodes.company}`);
    assert.match(rhythm.text, /\r\nBeta,,\r\n/);
    const list = await get('admin', '/api/v1/insights/structure/nodes-without-lead.csv');
    assert.equal(list.text, 'Node,Members\r\nProject X,1\r\n');
  });

  it('when a person of a sandbox opens a board, then the usage event names the board; on the primary workspace (usage off) nothing is recorded', async () => {
    const before = Number((await server.container.knex('usage_events').count<{ n: number }[]>({ n: '*' }).first())?.n);
    assert.equal((await get('admin', '/api/v1/insights/structure')).status, 200);
    const visitor = await outsider(server, 'Sandy');
    assert.equal((await visitor.client.get('/api/v1/insights/structure')).status, 200);
    // Usage is recorded off the request path: wait (up to 5 s) for the buffered writer.
    let rows: Array<{ area: string; event: string }> = [];
    for (const deadline = Date.now() + 5000; !rows.length && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await server.container.services.capture.flush();
      rows = await server.container.knex('usage_events').where({ user_id: visitor.id });
    }
    assert.deepEqual(rows.map((r) => [r.area, r.event]), [['insight', 'insight:structure']]);
    const after = Number((await server.container.knex('usage_events').count<{ n: number }[]>({ n: '*' }).first())?.n);
    assert.equal(after - before, 1, 'only the sandbox visit');
  });

  // Last: it changes who counts.
  it('when someone is restricted after the snapshot, then the next board is computed again without them, never from the figures that counted them', async () => {
    const taken = async () => Number((await server.container.knex('insights_snapshots').max<{ at: number }[]>({ at: 'taken_at' }).first())?.at);
    const before = await taken();
    const { workspaceId } = await server.container.knex('users').where({ id: org.people.c1 }).first('workspace_id as workspaceId');
    await server.container.knex('processing_restrictions').insert({ id: `r-${Date.now()}`, workspace_id: workspaceId, user_id: org.people.c1, request_id: null, created_at: Date.now(), lifted_at: null });
    const b = await board('admin', `/api/v1/insights/recognition?node=${org.nodes.company}`);
    // c1 gave two (to a1, to b1) and received one (from a3): all three are left out now.
    assert.equal(last(series(chartOf(b, 'feedback-given'), 'All of Company')), 4);
    const values = chartOf(b, 'values');
    assert.deepEqual([values.categories, values.series[0]!.values], [['Care', 'Courage'], [1, 1]]);
    assert.ok((await taken()) > before, 'the snapshot was taken again');
  });
});
