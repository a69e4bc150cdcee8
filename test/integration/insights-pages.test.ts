// The Insights pages through HTTP on both databases, on the real service: the boards list, a board
// with its charts (SVG, table view, CSV link), the sidebar entry, a lead's node board, and bad
// filters answered 400 with the field's reason while the board shows at its defaults.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, node, person, type Person } from '../support/people.js';

forEachDialect('insights pages', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let lead: Person;
  let member: Person;
  let nodeId: string;

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    lead = await person(server, 'Lea', 'Lead');
    member = await person(server, 'Mia', 'Member');
    nodeId = await node(server, { name: 'Engines', leads: [lead], members: [member] });
    await server.container.services.insights.snapshot();
  });
  after(async () => server?.close());

  it('when a member opens Insights, then the sidebar has its entry and the page lists the workspace-wide structure board', async () => {
    const page = (await member.client.get('/insights')).text;
    assert.match(page, /<a href="\/insights" aria-current="page">/);
    assert.match(page, /<h2><a href="\/insights\/structure">Structure<\/a><\/h2>/);
    assert.match((await member.client.get('/people')).text, /<a href="\/insights">/);
  });

  it('when a member opens the structure board, then every chart has its title, sentence, SVG, table view and CSV link', async () => {
    const reply = await member.client.get('/insights/structure');
    assert.equal(reply.status, 200);
    const figures = reply.text.match(/<figure class="chart card"[\s\S]*?<\/figure>/g) ?? [];
    assert.ok(figures.length > 0, 'the board has charts');
    for (const figure of figures) {
      assert.match(figure, /<figcaption><h2 id="[^"]+">[^<]+<\/h2><p>[^<]+<\/p><\/figcaption>/);
      assert.match(figure, /<svg class="chart-svg" role="img"/);
      assert.match(figure, /<summary>Table view<\/summary>[\s\S]*<table class="table chart-table">/);
      assert.match(figure, /<a href="\/api\/v1\/insights\/structure\/[\w-]+\.csv" download>Download CSV<\/a>/);
    }
    assert.doesNotMatch(reply.text, /style=|<script>/, 'CSP-clean');
  });

  it('when a lead opens a behavioural board of their node, then it shows that node; the filter offers it', async () => {
    const reply = await lead.client.get(`/insights/rhythm?node=${nodeId}`);
    assert.equal(reply.status, 200);
    assert.match(reply.text, /Scope: Engines\./);
    assert.match(reply.text, new RegExp(`<option value="${nodeId}" selected>Engines</option>`));
  });

  it('when the filter holds a bad date or a period that ends before it starts, then 400 names the field and the board shows for the fields that were right', async () => {
    let reply = await admin.client.get('/insights/structure?from=2026-02-30');
    assert.equal(reply.status, 400);
    assert.match(reply.text, /id="f-from-error">Enter a date as YYYY-MM-DD.<\/p>/);
    assert.match(reply.text, /<figure class="chart card"/);
    reply = await admin.client.get('/insights/structure?from=2026-03-01&to=2026-02-01');
    assert.equal(reply.status, 400);
    assert.match(reply.text, /id="f-to-error">The end of the period comes before its start.<\/p>/);
    // A lead whose date was wrong keeps their node.
    reply = await lead.client.get(`/insights/rhythm?node=${nodeId}&to=soon`);
    assert.equal(reply.status, 400);
    assert.match(reply.text, /Scope: Engines\./);
  });

  it('when a board that does not exist is asked for, then 404', async () => {
    assert.equal((await admin.client.get('/insights/nope')).status, 404);
  });
});
