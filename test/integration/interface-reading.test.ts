// How pages read (issue 22): times in the reader's language and time zone, relative when recent,
// exact on hover; an IANA time-zone picker checked on the server; Markdown rendered and sanitised
// wherever people write it; search snippets as plain text with the match highlighted. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { exactTime, unescapeHtml } from '../support/page-text.js';
import { node, person, section, type Person } from '../support/people.js';


forEachDialect('interface reading', (dialect) => {
  let server: TestServer;
  let reader: Person, writer: Person;
  before(async () => {
    server = await startTestServer(dialect);
    reader = await person(server, 'Rae', 'Reader');
    writer = await person(server, 'Wes', 'Writer');
  });
  after(async () => server?.close());

  it('when a time zone is not an IANA zone, then the profile refuses it with a 400 naming the field and keeps the old one; the form offers a picker of zones', async () => {
    const form = await reader.client.get('/profile');
    assert.match(form.text, /<select id="f-timeZone" name="timeZone"[^>]*>[\s\S]*<option >Europe\/Paris<\/option>/);
    const api = await reader.client.sendJson('PATCH', '/api/v1/me', { timeZone: 'Mars/Olympus_Mons' });
    assert.equal(api.status, 400);
    assert.ok(api.json().error.fields.timeZone);
    const page = await reader.client.postForm('/profile', { firstName: 'Rae', lastName: 'Reader', timeZone: 'Europe/Nowhere' });
    assert.equal(page.status, 400);
    assert.match(page.text, /id="f-timeZone-error"/);
    assert.equal((await server.container.repositories.users.findById(reader.id))!.timeZone, null);
    assert.equal((await reader.client.sendJson('PATCH', '/api/v1/me', { timeZone: 'Asia/Tokyo' })).status, 200);
    assert.match((await reader.client.get('/profile')).text, /<option selected>Asia\/Tokyo<\/option>/);
  });

  it('when feedback arrived three hours ago, then the page says "3 hours ago" with the exact time in the reader\'s zone on hover, and the notification too; in French, in French', async () => {
    await server.container.knex('users').where({ id: reader.id }).update({ time_zone: 'Asia/Tokyo' });
    const given = await writer.client.sendJson('POST', `/api/v1/people/${reader.id}/feedback`, { body: 'Thanks for the review', visibility: 'recipient', values: [] });
    assert.equal(given.status, 201, given.text);
    const at = Date.now() - 3 * 3_600_000;
    await server.container.knex('feedback').where({ id: given.json().id }).update({ created_at: at });
    await server.container.knex('notifications').where({ user_id: reader.id, feedback_id: given.json().id }).update({ created_at: at });
    const iso = new Date(at).toISOString();
    const mine = await reader.client.get('/feedback');
    assert.ok(unescapeHtml(mine.text).includes(`<time datetime="${iso}" title="${exactTime('en', 'Asia/Tokyo', at)}">3 hours ago</time>`), 'feedback page');
    const notifications = await reader.client.get('/notifications');
    assert.ok(unescapeHtml(notifications.text).includes(`<time datetime="${iso}" title="${exactTime('en', 'Asia/Tokyo', at)}">3 hours ago</time>`), 'notifications in the reader\'s zone');
    const french = await reader.client.get('/notifications', { 'accept-language': 'fr' });
    assert.ok(unescapeHtml(french.text).includes(`title="${exactTime('fr', 'Asia/Tokyo', at)}">il y a 3 heures</time>`), 'French');
  });

  it('when people write Markdown in feedback, a bio and a comment, then it is rendered and sanitised; a mention in a comment stays a link', async () => {
    const given = await writer.client.sendJson('POST', `/api/v1/people/${reader.id}/feedback`, { body: 'You were **great** in the _demo_ <script>alert(1)</script>', visibility: 'public', values: [] });
    assert.equal(given.status, 201);
    const page = await writer.client.get(`/people/${reader.id}`);
    assert.match(page.text, /You were <strong>great<\/strong> in the <em>demo<\/em> &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.equal((await writer.client.sendJson('PATCH', '/api/v1/me', { bio: 'I *love* [maps](https://example.com) and [this](javascript:alert(1))' })).status, 200);
    const bio = await reader.client.get(`/people/${writer.id}`);
    assert.match(bio.text, /I <em>love<\/em> <a href="https:\/\/example.com" rel="noopener noreferrer nofollow">maps<\/a>/);
    assert.doesNotMatch(bio.text, /href="javascript:/);
    const team = await node(server, { name: 'Readers', members: [reader, writer] });
    const comment = await writer.client.sendJson('POST', `/api/v1/discussions/node/${team}`, { body: `**Agreed** with @${reader.email}, see:\n\n- one\n- two` });
    assert.equal(comment.status, 201, comment.text);
    const thread = await reader.client.get(`/discussions/node/${team}`);
    assert.match(thread.text, /<strong>Agreed<\/strong> with <a class="mention" href="\/people\/[0-9a-f-]+">@Rae Reader<\/a>/);
    assert.match(thread.text, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  });

  it('when a search matches Markdown, then the snippet is plain text with the match highlighted', async () => {
    const values = await node(server, { name: 'Culture', members: [reader] });
    await section(server, { nodeId: values, kind: 'values', title: 'How we work', visibility: 'public', body: '## Principles\n- **Candour**: we say what we think\n- _Ownership_ of [the outcome](https://example.com)' });
    const json = (await reader.client.get('/api/v1/search?q=candour')).json();
    const hit = (json.results.sections as Array<{ snippetHtml: string }>).find((h) => /Candour/.test(h.snippetHtml));
    assert.ok(hit, JSON.stringify(json).slice(0, 500));
    assert.match(hit.snippetHtml, /<mark>Candour<\/mark>: we say what we think/);
    assert.doesNotMatch(hit.snippetHtml, /\*\*|##|\]\(/);
    const page = await reader.client.get('/search?q=candour');
    assert.match(page.text, /<mark>Candour<\/mark>: we say what we think/);
  });

  it('when the record of processing is read in French, then the data map texts are in French', async () => {
    const fr = await reader.client.get('/privacy', { 'accept-language': 'fr' });
    assert.match(unescapeHtml(fr.text), /Qui a donné le feedback/);
    const en = await reader.client.get('/privacy');
    assert.match(en.text, /Who gave the feedback/);
  });
});
