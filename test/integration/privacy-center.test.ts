// The privacy center in plain language (issue 22): what we hold by category with counts and dates,
// never table names or ids; my requests with status, due date and result; a notification when one
// changes. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { person, type Person } from '../support/people.js';
import { cliHandler } from '../../server/components/dsar/dsar.service.js';

forEachDialect('privacy center in plain language', (dialect) => {
  let server: TestServer;
  let employee: Person, privacy: Person;
  before(async () => {
    server = await startTestServer(dialect, { 'dsar.remindersSchedule': false, 'retention.schedule.enabled': false });
    employee = await person(server, 'Emma', 'Employee');
    privacy = await person(server, 'Pia', 'Privacy');
    await server.container.knex('users').where({ id: privacy.id }).update({ role: 'privacy' });
  });
  after(async () => server?.close());

  it('when an employee opens the privacy center, then what is held reads in words with counts and dates, without table names or ids', async () => {
    const page = await employee.client.get('/privacy/me');
    assert.equal(page.status, 200);
    const text = page.text.replace(/<[^>]*data-table="[^"]*"[^>]*>/g, '<li>');
    assert.match(text, /<strong>Your account and profile \(the password hash is withheld[^<]*<\/strong><span class="meta">1 item · latest <time datetime="/);
    assert.doesNotMatch(text.replace(/<(script|input)[^>]*>/g, ''), /\b(users|dsar_requests|sessions|audit_entries)\b: /, 'no table names');
    assert.doesNotMatch(text, /\d+ rows?\b/);
    assert.match(page.text, /<option value="erasure"[^>]*>Delete my data \(erasure\)<\/option>/, 'what one may ask for, in words first and the legal term after');
    const fr = await employee.client.get('/privacy/me', { 'accept-language': 'fr' });
    assert.match(fr.text, /Votre compte et votre profil/);
    assert.match(fr.text, /<option value="rectification"[^>]*>Corriger une information inexacte \(rectification\)<\/option>/);
  });

  it('when the privacy team opens an empty queue, then it says so and how requests arrive; once one is filed, its days read as dates in the reader\'s language', async () => {
    const empty = await privacy.client.get('/privacy/requests');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /<div class="empty">[\s\S]*?<strong>No open request<\/strong><p>A request a person files in their privacy center/);
    const filed = await employee.client.postForm('/privacy/me/requests', { type: 'access', details: 'Everything please' });
    assert.equal(filed.status, 303);
    const request = await server.container.knex('dsar_requests').where({ subject_user_id: employee.id, type: 'access' }).first();
    const queue = await privacy.client.get('/privacy/requests');
    assert.doesNotMatch(queue.text, /No open request/);
    const dueShown = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${request.due_on}T00:00:00Z`));
    assert.match(queue.text, new RegExp(`<a href="/privacy/requests/${request.id}"><time datetime="${request.due_on}">${dueShown}</time></a>`));
    const detail = await privacy.client.get(`/privacy/requests/${request.id}`, { 'accept-language': 'fr' });
    const dueInFrench = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${request.due_on}T00:00:00Z`));
    assert.ok(detail.text.includes(`<time datetime="${request.due_on}">${dueInFrench}</time>`), 'the due day in French on the request page');
    assert.doesNotMatch(detail.text.replace(/datetime="[^"]*"/g, ''), new RegExp(`>${request.due_on}<`), 'never the raw YYYY-MM-DD');
    await privacy.client.postForm(`/privacy/requests/${request.id}/close`, { outcome: 'completed', reason: 'Sent' });
  });

  it('when the privacy team works on an employee\'s request, then the employee sees its status, due date and result, and is notified of each change', async () => {
    const filed = await employee.client.postForm('/privacy/me/requests', { type: 'rectification', details: 'My title is wrong' });
    assert.equal(filed.status, 303);
    const request = await server.container.knex('dsar_requests').where({ subject_user_id: employee.id, type: 'rectification' }).first();
    const mine = await employee.client.get('/privacy/me');
    assert.match(mine.text, new RegExp(`<tr id="request-${request.id}"><td>Rectification</td><td data-label="Received"><time datetime="\\d{4}-\\d\\d-\\d\\d">[^<]+</time></td><td data-label="Status"><span class="badge">[^<]+</span></td><td data-label="Answer due by"><time datetime="${request.due_on}">`));
    assert.match(mine.text, /Not answered yet/);
    assert.ok(mine.text.indexOf('id="my-requests"') < mine.text.indexOf('id="held-h"'), 'the requests one follows come first on the page');
    const notified = () => server.container.knex('notifications').where({ user_id: employee.id, kind: 'dsar_update', dsar_request_id: request.id }).select('email_state', 'dsar_request_id');
    assert.equal((await notified()).length, 0);
    const progress = await privacy.client.postForm(`/privacy/requests/${request.id}/status`, { status: 'in_progress' });
    assert.ok(progress.status < 400, progress.text.slice(0, 300));
    const close = await privacy.client.postForm(`/privacy/requests/${request.id}/close`, { outcome: 'completed', reason: 'Title corrected to Staff Engineer' });
    assert.ok(close.status < 400, close.text.slice(0, 300));
    const rows = await notified();
    assert.equal(rows.length, 2, 'one notification per change');
    assert.ok(rows.every((r) => r.dsar_request_id === request.id && r.email_state === 'pending'), 'pending: the mail outbox sends it once it lands');
    const list = await employee.client.get('/notifications');
    assert.match(list.text, /One of your privacy requests changed/);
    const open = await employee.client.get(`/notifications/${(await server.container.knex('notifications').where({ user_id: employee.id, kind: 'dsar_update', dsar_request_id: request.id }).first()).id}/open`);
    assert.equal(open.location, `/privacy/me#request-${request.id}`);
    const done = await employee.client.get('/privacy/me');
    assert.match(done.text, /Done: Title corrected to Staff Engineer/);
  });

  it('when the privacy team opens a request, then it reads as cards with closing last, no id repeats, and a refused form shows its reasons on that form alone, keeping what was typed', async () => {
    const request = await server.container.services.dsar.open({ type: 'objection', user: employee.email, channel: 'email', details: 'No more newsletters' }, cliHandler('test'));
    const page = await privacy.client.get(`/privacy/requests/${request.id}`);
    assert.equal(page.status, 200);
    const cards = [...page.text.matchAll(/<h2 class="card-title" id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(cards, ['The request', 'Handle the request', 'Progress', 'Attached results', 'Notes', 'Close the request']);
    assert.match(page.text, /<p><a href="\/privacy\/requests">Back to the queue<\/a><\/p>\s*<h1>Objection request <span class="badge">Received<\/span><\/h1>/);
    const ids = [...page.text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'every id once (two forms had f-reason)');

    const extend = await privacy.client.postForm(`/privacy/requests/${request.id}/extend`, { days: '0', reason: 'x' });
    assert.equal(extend.status, 400);
    assert.match(extend.text, /<input type="number" id="f-extend-days" name="days" aria-describedby="f-extend-days-error"\s+aria-invalid="true"[^>]*value="0">/);
    assert.match(extend.text, /<input type="text" id="f-extend-reason" name="reason"[^>]*aria-invalid="true"[^>]*value="x">/);
    assert.match(extend.text, /<input type="text" id="f-close-reason" name="reason"\s+value="">/, 'the closing form is untouched');
    const refuse = await privacy.client.postForm(`/privacy/requests/${request.id}/close`, { outcome: 'rejected', reason: '' });
    assert.equal(refuse.status, 400);
    assert.match(refuse.text, /id="f-close-reason-error"/);
    assert.doesNotMatch(refuse.text, /id="f-extend-reason-error"/);
    const stored = await server.container.knex('dsar_requests').where({ id: request.id }).first();
    assert.equal(stored.due_on, request.dueOn, 'the refused extension changed nothing');
    assert.equal(stored.status, 'received', 'the refused closing changed nothing');
    await privacy.client.postForm(`/privacy/requests/${request.id}/close`, { outcome: 'completed', reason: 'Done' });
    const closed = await privacy.client.get(`/privacy/requests/${request.id}`);
    assert.doesNotMatch(closed.text, /id="close-h"|id="progress-h"/, 'a closed request offers no actions');
    assert.match(closed.text, /This request is closed/);
  });
});
