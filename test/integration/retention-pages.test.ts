// The admin's retention pages read as plain language (issue 22): categories by name with their
// configuration id beside, ages in words in the reader's language, the dry run listing only what a
// run would touch (an empty state when nothing is due), legal holds by whom they hold (never an id),
// and an empty run history that says where runs come from. Both dialects.
import assert from 'node:assert/strict';
import { declaredTables } from '../../server/registry.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, person, type Person } from '../support/people.js';
import { DAY, insertSynthetic } from '../support/retention.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** What a person reads: the text of the page, without tags and attributes. */
const visibleText = (page: string) => page.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const french = { 'accept-language': 'fr' };

forEachDialect('retention pages in plain language', (dialect) => {
  let server: TestServer;
  let admin: Person, mia: Person;
  before(async () => {
    server = await startTestServer(dialect, { 'retention.schedule.enabled': false, 'retention.policies.log.maxAge': '90d', 'retention.policies.usage.maxAge': '13m' });
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    mia = await person(server, 'Mia', 'Member');
  });
  after(async () => server?.close());

  it('when nothing is due, then the dry run is an empty state, not a table of zeros, and the policies name categories and ages in words', async () => {
    const page = await admin.client.get('/admin/retention');
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Nothing is due No row is older than its category(&#39;|')s maximum age/);
    assert.doesNotMatch(page.text, /<th scope="col">Rows<\/th>/, 'no dry-run table');
    assert.match(page.text, /<td>Request log<div class="muted"><code>log<\/code><\/div><\/td><td>90 days<\/td><td class="nowrap">delete<\/td><td><code>request_logs<\/code><\/td>/);
    assert.match(page.text, /<td>Usage analytics<div class="muted"><code>usage<\/code><\/div><\/td><td>13 months<\/td>/);
    assert.doesNotMatch(text, /\b90d\b|\b13m\b/, 'no raw configuration ages');
    const fr = await admin.client.get('/admin/retention', french);
    assert.match(fr.text, /<td>Journal des requêtes<div class="muted"><code>log<\/code><\/div><\/td><td>90\sjours<\/td>/);
    assert.match(visibleText(fr.text), /Rien à purger/);
  });

  it('when rows are past their age, then the dry run lists only the tables a run would touch; a hold is named by whom it holds, never by an id', async () => {
    const workspaceId = (await server.container.knex('users').where({ id: admin.id }).first()).workspace_id as string;
    const requestLogs = declaredTables.find((t) => t.name === 'request_logs')!;
    for (let i = 0; i < 3; i += 1) assert.ok(await insertSynthetic(server.container.knex, requestLogs, { workspaceId, age: Date.now() - 200 * DAY }));
    await server.container.services.holds.add({ user: mia.email, reason: 'case 2026-41' }, { trigger: 'cli', label: 'test' });

    const due = await admin.client.get('/admin/retention');
    assert.match(visibleText(due.text), /A run now would delete or anonymise 3 rows; legal holds protect 0\./);
    const dryRun = (page: string) => page.slice(page.indexOf('id="plan-h"'), page.indexOf('id="policies-h"'));
    assert.match(dryRun(due.text), /<td>Request log<div class="muted"><code>log<\/code><\/div><\/td><td><code>request_logs<\/code><\/td><td class="nowrap">delete<\/td><td>3<\/td><td>0<\/td>/);
    assert.equal(dryRun(due.text).match(/<tr>/g)?.length, 2, 'the header and the one table with rows due');
    assert.match(visibleText(due.text), new RegExp(`${mia.email.replace(/[.+]/g, '\\$&')} — case 2026-41`));

    // A hold on the whole workspace keeps the same rows: they are counted as held, not due.
    await server.container.services.holds.add({ workspace: workspaceId, reason: 'audit 2027' }, { trigger: 'cli', label: 'test' });
    const held = await admin.client.get('/admin/retention');
    assert.match(visibleText(held.text), /the whole workspace — audit 2027/);
    assert.match(visibleText(held.text), /A run now would delete or anonymise 0 rows; legal holds protect 3\./);
    assert.match(dryRun(held.text), /<code>request_logs<\/code><\/td><td class="nowrap">delete<\/td><td>0<\/td><td>3<\/td>/);
    assert.doesNotMatch(visibleText(held.text), UUID, 'no raw id is shown');
  });

  it('when no run has happened, then the history says so and where runs start from; after one, it names the category', async () => {
    const empty = await admin.client.get('/admin/retention/history');
    assert.match(empty.text, /<div class="empty">[\s\S]*<strong>No retention run yet<\/strong><p>Runs start from the schedule, the Helm CronJob or the command <code>opsenic retention apply<\/code>\.<\/p>/);
    const who = { trigger: 'cli' as const, label: 'ops' };
    await server.container.services.retention.apply({ category: 'log', who });
    const heldRun = await admin.client.get('/admin/retention/history');
    assert.doesNotMatch(heldRun.text, /No retention run yet/);
    assert.match(heldRun.text, /<td>ops<\/td><td>Request log<\/td>\s*<td>0<\/td>\s*<td>3<\/td>/, 'nothing removed, three rows held: no empty list to open');

    for (const hold of (await server.container.services.holds.active()).holds) await server.container.services.holds.release(hold.id, who);
    await server.container.services.retention.apply({ who });
    const history = await admin.client.get('/admin/retention/history');
    assert.match(history.text, /<td>All categories<\/td>\s*<td><details class="disclosure"><summary>3<\/summary><ul><li>Request log, <code>request_logs<\/code>: 3 \(delete\)<\/li><\/ul><\/details><\/td>/);
  });
});
