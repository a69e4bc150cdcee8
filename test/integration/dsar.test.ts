// Data subject requests on both dialects: a subject with data in every category, the export (every
// category, others' content only where the subject can read it), erasure with its verification,
// legal holds, restriction, rectification, reminders, the queue, the privacy center, bad input.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { declaredTables } from '../../server/registry.js';
import type { TableDeclaration } from '../../server/db/declare.js';
import { DsarHeldError } from '../../server/components/dsar/dsar.erasure.js';
import { ledgerKeyOf } from '../../server/components/privacy/ledger-key.js';
import { cliHandler, type Handler } from '../../server/components/dsar/dsar.service.js';
import { forEachDialect } from '../support/databases.js';
import { metricsHeaders, startTestServer, type TestServer } from '../support/server.js';
import { signedInClient, signedUpClient, strongPassword, TestClient, uniqueEmail } from '../support/http.js';
import { syntheticRow } from '../support/retention.js';
import { exportedRows, readZip } from '../support/zip.js';

const table = (name: string): TableDeclaration => declaredTables.find((t) => t.name === name)!;
const cli: Handler = cliHandler('test');
const SUBJECT_IP = '203.0.113.77';
const OTHER_IP = '198.51.100.9';

/** Reads a zip served over HTTP. */
async function download(client: TestClient, path: string): Promise<{ status: number; files: Map<string, Buffer>; headers: Headers }> {
  const response = await fetch(client.baseUrl + path, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, redirect: 'manual' });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, files: response.status === 200 ? readZip(body) : new Map() };
}

forEachDialect(
  'data subject requests',
  (dialect) => {
    let server: TestServer;
    let workspaceId: string;
    const c = () => server.container;
    const ids: Record<string, string> = {};
    let subjectEmail: string;
    let otherEmail: string;
    let subjectClient: TestClient;
    let privacyClient: TestClient;
    let adminClient: TestClient;
    let memberClient: TestClient;

    const insert = async (name: string, values: Record<string, unknown>, userId: string | null = null) => {
      const row = syntheticRow(table(name), { workspaceId, userId, values });
      await c().knex(name).insert(row);
      return row;
    };
    const countWhere = async (name: string, where: Record<string, unknown>) => Number((await c().knex(name).where(where).count({ n: '*' }).first())!.n);

    before(async () => {
      server = await startTestServer(dialect, { 'dsar.remindersSchedule': false, 'retention.schedule.enabled': false, 'log.level': process.env.DSAR_TEST_LOG ?? 'silent' });
      workspaceId = (await c().services.workspaces.getPrimary()).id;
      const adminEmail = uniqueEmail('dsar-admin');
      await c().services.accounts.create({ email: adminEmail, firstName: 'Ada', lastName: 'Admin', password: strongPassword, role: 'admin' });
      adminClient = await signedInClient(server.url, adminEmail, strongPassword);
      const privacyEmail = uniqueEmail('dsar-privacy');
      await c().services.accounts.create({ email: privacyEmail, firstName: 'Paz', lastName: 'Privacy', password: strongPassword, role: 'member' });
      await c().services.accounts.setRole(privacyEmail, 'privacy');
      privacyClient = await signedInClient(server.url, privacyEmail, strongPassword);
      ids.privacy = (await c().repositories.users.findByEmail(privacyEmail))!.id;

      // The subject and another person, signed up through the real forms (sessions, request logs, audit).
      const subject = await signedUpClient(server.url, { firstName: 'Zelda', lastName: 'Quarrington' });
      subjectClient = subject.client;
      subjectEmail = subject.email;
      const other = await signedUpClient(server.url, { firstName: 'Bruno', lastName: 'Otherwise' });
      memberClient = other.client;
      otherEmail = other.email;
      ids.subject = (await c().repositories.users.findByEmail(subjectEmail))!.id;
      ids.other = (await c().repositories.users.findByEmail(otherEmail))!.id;
      await c().repositories.users.update(ids.subject!, { title: 'Cartographer', phone: '+33 1 23 45 67 89' });
      const Z = ids.subject!;
      const B = ids.other!;

      // Log, device, crash, usage (distinct addresses: the test client is 127.0.0.1 for everyone).
      for (let i = 0; i < 3; i++) await insert('request_logs', { id: crypto.randomUUID(), ip: SUBJECT_IP, route: '/people/:id', user_agent: 'Firefox', user_id: Z }, Z);
      await insert('request_logs', { id: crypto.randomUUID(), ip: SUBJECT_IP, route: '/signin', user_id: null });
      for (let i = 0; i < 2; i++) await insert('request_logs', { id: crypto.randomUUID(), ip: OTHER_IP, route: '/org', user_id: B }, B);
      await insert('sessions', { id: crypto.randomUUID(), sid_hash: crypto.randomUUID(), ip: SUBJECT_IP, user_agent: 'Firefox', data: '{}', expires_at: Date.now() + 86_400_000 }, Z);
      await insert('devices', { id: crypto.randomUUID(), browser: 'Firefox', os: 'Linux', user_id: Z }, Z);
      await insert('devices', { id: crypto.randomUUID(), browser: 'Safari', os: 'macOS', user_id: B }, B);
      await insert('crash_reports', { id: crypto.randomUUID(), message: 'TypeError in the org chart', user_id: Z }, Z);
      await insert('usage_events', { id: crypto.randomUUID(), area: 'insight', event: 'team-health', user_id: Z }, Z);
      await insert('usage_events', { id: crypto.randomUUID(), area: 'insight', event: 'team-health', user_id: B }, B);
      await insert('api_tokens', { id: crypto.randomUUID(), name: 'laptop script', token_hash: crypto.randomUUID(), token_prefix: 'ops_', scope: 'read' }, Z);

      // Org: a node the subject belongs to, and a restricted one they do not.
      const entity = await c().knex('org_entities').where({ workspace_id: workspaceId }).first();
      const node = await insert('org_nodes', { id: crypto.randomUUID(), entity_id: entity.id, name: 'Cartography', parent_id: null });
      const secret = await insert('org_nodes', { id: crypto.randomUUID(), entity_id: entity.id, name: 'Board', parent_id: null });
      await insert('org_memberships', { id: crypto.randomUUID(), node_id: node.id, role: 'member' }, Z);
      await insert('org_memberships', { id: crypto.randomUUID(), node_id: secret.id, role: 'member' }, B);

      // Content: feedback both ways, a section on the subject's page, comments, a 1:1 with private notes.
      ids.feedbackReceived = (await insert('feedback', { id: crypto.randomUUID(), giver_id: B, body: 'Great maps this quarter', visibility: 'private' }, Z)).id as string;
      ids.feedbackGiven = (await insert('feedback', { id: crypto.randomUUID(), giver_id: Z, recipient_id: B, body: 'Thanks for the review', visibility: 'private' })).id as string;
      ids.feedbackUnrelated = (await insert('feedback', { id: crypto.randomUUID(), giver_id: B, recipient_id: ids.privacy!, body: 'Public praise', visibility: 'public' })).id as string;
      await insert('sections', { id: crypto.randomUUID(), node_id: null, kind: 'about', title: 'About Zelda', body: 'Leads the atlas project', visibility: 'restricted', position: 0, revision: 1, created_by: B }, Z);
      const restrictedSection = await insert('sections', { id: crypto.randomUUID(), node_id: secret.id, person_id: null, kind: 'custom', title: 'Board notes', body: 'Confidential', visibility: 'restricted', position: 0, revision: 1, created_by: B });
      ids.commentMine = (await insert('comments', { id: crypto.randomUUID(), node_id: node.id, section_id: null, body: 'My own comment' }, Z)).id as string;
      ids.commentVisible = (await insert('comments', { id: crypto.randomUUID(), node_id: node.id, section_id: null, body: 'Ask the cartographer' }, B)).id as string;
      ids.commentHidden = (await insert('comments', { id: crypto.randomUUID(), node_id: null, section_id: restrictedSection.id, body: 'Board talk' }, B)).id as string;
      await insert('comment_mentions', { comment_id: ids.commentVisible! }, Z);
      await insert('comment_mentions', { comment_id: ids.commentHidden! }, Z);
      const oneOnOne = await insert('one_on_ones', { id: crypto.randomUUID(), person_a_id: B, person_b_id: Z, created_by: B });
      const meeting = await insert('one_on_one_meetings', { id: crypto.randomUUID(), one_on_one_id: oneOnOne.id, shared_notes: 'Roadmap review', created_by: B });
      await insert('one_on_one_items', { id: crypto.randomUUID(), meeting_id: meeting.id, kind: 'action', body: 'Send the atlas draft', owner_id: Z, done: false, author_id: B, position: 0 });
      ids.noteMine = (await insert('one_on_one_private_notes', { id: crypto.randomUUID(), meeting_id: meeting.id, body: 'Ask for a raise' }, Z)).id as string;
      ids.noteTheirs = (await insert('one_on_one_private_notes', { id: crypto.randomUUID(), meeting_id: meeting.id, body: 'Consider the raise' }, B)).id as string;
      await insert('notifications', { id: crypto.randomUUID(), kind: 'feedback', actor_id: B, feedback_id: ids.feedbackReceived!, email_state: 'pending', email_attempts: 0 }, Z);
    });
    after(async () => server?.close());

    it('when a request is opened, then its due date is the received day plus 20 business days and the step is audited', async () => {
      const r = await c().services.dsar.open({ type: 'access', user: subjectEmail, channel: 'email', received: '2026-03-02' }, cli);
      assert.equal(r.receivedOn, '2026-03-02');
      assert.equal(r.dueOn, '2026-03-30');
      assert.equal(r.status, 'received');
      assert.equal(r.subjectUserId, ids.subject!);
      const entries = await c().knex('audit_entries').where({ action: 'dsar.open', target_id: r.id });
      assert.equal(entries.length, 1);
      assert.ok(!entries[0].details.includes(subjectEmail), 'no email in the chained entry');
      ids.accessRequest = r.id;
    });

    it('when the export of an access request is downloaded, then it holds every category of the subject, as JSON, CSV per table and an HTML summary', async () => {
      const { status, files, headers } = await download(privacyClient, `/privacy/requests/${ids.accessRequest!}/export`);
      assert.equal(status, 200);
      assert.match(headers.get('content-type') ?? '', /application\/zip/);
      const data = JSON.parse(files.get('data.json')!.toString('utf8'));
      const tables = data.tables as Record<string, { columns: string[]; rows: unknown[][]; categories: string[]; rule: string }>;
      const present = new Set(Object.values(tables).filter((t) => t.rows.length).flatMap((t) => t.categories));
      for (const category of ['account', 'profile', 'content', 'log', 'device', 'crash', 'usage', 'audit', 'security']) assert.ok(present.has(category), `category ${category} is in the export`);
      const users = exportedRows(data, 'users');
      assert.equal(users[0]!.email, subjectEmail);
      assert.equal(users[0]!.title, 'Cartographer');
      assert.ok(!tables.users!.columns.includes('password_hash'), 'the password hash is withheld');
      const logs = exportedRows(data, 'request_logs');
      assert.equal(logs.filter((r) => r.ip === SUBJECT_IP).length, 3);
      assert.ok(logs.every((r) => r.user_id === ids.subject!), 'no one else\'s log rows');
      assert.deepEqual(exportedRows(data, 'feedback').map((r) => r.id).sort(), [ids.feedbackReceived!, ids.feedbackGiven!].sort());
      assert.ok(tables.audit_entries!.rows.length >= 1);
      assert.ok(files.get('csv/users.csv')!.toString('utf8').startsWith('id,workspace_id,email'));
      assert.equal(files.get('csv/request_logs.csv')!.toString('utf8').trim().split('\r\n').length, tables.request_logs!.rows.length + 1);
      const summary = files.get('summary.html')!.toString('utf8');
      assert.match(summary, /feedback you received and feedback you gave/);
      assert.match(summary, /Zelda Quarrington/);
      const results = await c().knex('dsar_results').where({ request_id: ids.accessRequest!, kind: 'export' });
      assert.equal(results.length, 1);
      assert.equal(JSON.parse(results[0].summary).sha256.length, 64);
    });

    it('when others wrote content about the subject, then the export has it only where the subject can already read it', async () => {
      const subject = { userId: ids.subject!, email: subjectEmail, workspaceId, role: 'member', name: 'Zelda Quarrington' };
      const rowsOf = async (name: string) => c().knex(name).where(c().services.dsar['exporter'].condition(table(name), subject)!).select(`${name}.id`);
      const comments = (await rowsOf('comments')).map((r: { id: string }) => r.id).sort();
      assert.deepEqual(comments, [ids.commentMine!, ids.commentVisible!].sort(), 'the comment on a section the subject cannot read is left out');
      const notes = (await rowsOf('one_on_one_private_notes')).map((r: { id: string }) => r.id);
      assert.deepEqual(notes, [ids.noteMine!], 'the other participant\'s private note is left out');
      const feedback = (await rowsOf('feedback')).map((r: { id: string }) => r.id);
      assert.ok(!feedback.includes(ids.feedbackUnrelated!), 'public feedback about someone else is not the subject\'s');
      assert.equal((await rowsOf('one_on_one_meetings')).length, 1);
      assert.equal((await rowsOf('one_on_one_items')).length, 1);
    });

    it('when an employee opens the privacy center, then it shows their data, downloads it (filing a completed access request) and files a correction request', async () => {
      const pageReply = await subjectClient.get('/privacy/me');
      assert.equal(pageReply.status, 200);
      assert.match(pageReply.text, /request_logs/);
      assert.match(pageReply.text, /href="\/privacy\/cookies"/);
      assert.match(pageReply.text, /href="\/security"/);
      const { status, files } = await download(subjectClient, '/privacy/me/export');
      assert.equal(status, 200);
      const data = JSON.parse(files.get('data.json')!.toString('utf8'));
      assert.equal(exportedRows(data, 'users')[0]!.id, ids.subject!);
      const self = await c().knex('dsar_requests').where({ subject_user_id: ids.subject!, channel: 'self_service', type: 'access' });
      assert.equal(self.length, 1);
      assert.equal(self[0].status, 'completed');
      const reply = await subjectClient.postForm('/privacy/me/requests', { type: 'rectification', details: 'My title is wrong' });
      assert.equal(reply.status, 303);
      const filed = await c().knex('dsar_requests').where({ subject_user_id: ids.subject!, type: 'rectification' }).first();
      assert.equal(filed.channel, 'self_service');
      assert.equal(filed.details, 'My title is wrong');
      ids.rectification = filed.id;
      const bad = await subjectClient.postForm('/privacy/me/requests', { type: 'teleportation' });
      assert.equal(bad.status, 400);
      assert.equal(await countWhere('dsar_requests', { subject_user_id: ids.subject!, type: 'rectification' }), 1);
    });

    it('when a member who is neither privacy contact nor admin asks for the queue, then they are refused', async () => {
      assert.equal((await memberClient.get('/privacy/requests')).status, 403);
      assert.equal((await memberClient.get(`/privacy/requests/${ids.accessRequest!}/export`)).status, 403);
      assert.equal((await memberClient.get('/api/v1/privacy/requests', { accept: 'application/json' })).status, 403);
    });

    it('when a rectification is made, then the account changes, the old and new values are attached and only their hashes are audited', async () => {
      const result = await c().services.dsar.rectify(ids.rectification!, { title: 'Chief Cartographer' }, cli);
      assert.deepEqual(result.changes, [{ field: 'title', old: 'Cartographer', new: 'Chief Cartographer' }]);
      assert.equal((await c().repositories.users.findById(ids.subject!))!.title, 'Chief Cartographer');
      const entry = await c().knex('audit_entries').where({ action: 'dsar.rectify', target_id: ids.rectification! }).first();
      assert.ok(entry && !entry.details.includes('Cartographer'));
      assert.match(entry.details, /oldSha256/);
      await assert.rejects(c().services.dsar.rectify(ids.rectification!, { title: 'Chief Cartographer' }, cli), (e: { fields?: Record<string, string> }) => e.fields?._ === 'dsar.errors.nothingToChange');
    });

    it('when processing is restricted, then the subject gets no notifications and no usage analytics until it is lifted', async () => {
      const r = await c().services.dsar.open({ type: 'restriction', user: subjectEmail, channel: 'email' }, cli);
      await c().services.dsar.restrict(r.id, {}, cli);
      const before = await countWhere('notifications', { user_id: ids.subject! });
      await c().knex.transaction((trx) => c().services.notifications.record(trx, { workspaceId, kind: 'feedback', actorId: ids.other!, recipients: [ids.subject!, ids.privacy!], feedbackId: ids.feedbackReceived! }));
      assert.equal(await countWhere('notifications', { user_id: ids.subject! }), before);
      assert.equal(await countWhere('notifications', { user_id: ids.privacy!, feedback_id: ids.feedbackReceived! }), 1);
      assert.ok(await c().services.dsar.isRestricted(ids.subject!));
      await c().services.usage.setPrimaryEnabled(workspaceId, true);
      assert.equal(await c().services.usage.record({ area: 'insight', event: 'restriction-check', workspaceId, userId: ids.subject! }), false, 'no usage analytics of a restricted person');
      assert.equal(await c().services.usage.record({ area: 'insight', event: 'restriction-check', workspaceId, userId: ids.other! }), true);
      await c().services.dsar.restrict(r.id, { lift: true }, cli);
      await c().knex.transaction((trx) => c().services.notifications.record(trx, { workspaceId, kind: 'feedback', actorId: ids.other!, recipients: [ids.subject!], feedbackId: ids.feedbackReceived! }));
      assert.equal(await countWhere('notifications', { user_id: ids.subject! }), before + 1);
      assert.equal(await c().services.usage.record({ area: 'insight', event: 'restriction-check', workspaceId, userId: ids.subject! }), true, 'recorded again once lifted');
      await c().services.usage.setPrimaryEnabled(workspaceId, false);
      await c().services.dsar.close(r.id, { outcome: 'completed' }, cli);
    });

    it('when a request is due within 5 and then 1 business days, then the privacy contacts are reminded once each, in the app', async () => {
      const today = c().services.dsar.today();
      const received = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
      // Received 25 calendar days ago: at most 5 business days remain (or it is already overdue).
      const r = await c().services.dsar.open({ type: 'objection', email: 'walk-in@example.org', channel: 'letter', received: received(25) }, cli);
      assert.ok(r.businessDaysLeft <= 5, `${r.businessDaysLeft} business days left on ${today}`);
      const first = await c().services.dsar.remind();
      assert.ok(first >= 1);
      assert.equal(await c().services.dsar.remind(), 0, 'a reminder is sent once');
      const notes = await c().knex('notifications').where({ dsar_request_id: r.id });
      assert.ok(notes.some((n: { user_id: string }) => n.user_id === ids.privacy!), 'the privacy contact is reminded');
      const list = await privacyClient.get('/notifications');
      assert.match(list.text, /data subject request is due soon/);
      const open = await privacyClient.get(`/notifications/${notes.find((n: { user_id: string }) => n.user_id === ids.privacy!).id}/open`);
      assert.equal(open.location, `/privacy/requests/${r.id}`);
      await c().services.dsar.close(r.id, { outcome: 'rejected', reason: 'identity not confirmed' }, cli);
    });

    it('when the queue is shown, then open requests come by due date with business days left and overdue ones stand out; the metric counts them', async () => {
      const overdue = await c().services.dsar.open({ type: 'access', email: 'late@example.org', channel: 'email', received: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10) }, cli);
      assert.ok(overdue.overdue);
      const reply = await privacyClient.get('/privacy/requests');
      assert.equal(reply.status, 200);
      assert.match(reply.text, new RegExp(`class="dsar-overdue" data-request-id="${overdue.id}"`));
      const json = (await privacyClient.get('/api/v1/privacy/requests', { accept: 'application/json' })).json().requests as Array<{ dueOn: string; closedAt: string | null }>;
      const open = json.filter((r) => !r.closedAt).map((r) => r.dueOn);
      assert.deepEqual(open, [...open].sort());
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: metricsHeaders })).text();
      assert.match(metrics, /opsenic_dsar_overdue_requests [1-9]/);
      assert.match(metrics, /opsenic_dsar_open_requests [1-9]/);
      await c().services.dsar.close(overdue.id, { outcome: 'completed' }, cli);
    });

    it('when input is bad (unknown subject, both subjects, closed request, wrong type, unknown id), then the refusal is clear and nothing changes', async () => {
      const before = await countWhere('dsar_requests', {});
      await assert.rejects(c().services.dsar.open({ type: 'access', user: 'nobody@example.com', channel: 'email' }, cli), (e: { fields?: Record<string, string> }) => e.fields?.user === 'dsar.errors.unknownSubject');
      const bad = await privacyClient.sendJson('POST', '/api/v1/privacy/requests', { type: 'access', user: subjectEmail, email: 'x@example.com' });
      assert.equal(bad.status, 400);
      assert.ok(bad.json().error.fields.subject);
      const badType = await privacyClient.sendJson('POST', '/api/v1/privacy/requests', { type: 'deletion', user: subjectEmail });
      assert.equal(badType.status, 400);
      assert.ok(badType.json().error.fields.type);
      assert.equal(await countWhere('dsar_requests', {}), before);
      const closed = await c().services.dsar.open({ type: 'access', user: subjectEmail, channel: 'email' }, cli);
      await c().services.dsar.close(closed.id, { outcome: 'completed' }, cli);
      const snapshot = await c().knex('dsar_requests').where({ id: closed.id }).first();
      await assert.rejects(c().services.dsar.close(closed.id, { outcome: 'rejected', reason: 'again' }, cli), (e: Error) => e.message === 'dsar.errors.closed');
      const exportClosed = await privacyClient.get(`/privacy/requests/${closed.id}/export`);
      assert.equal(exportClosed.status, 409);
      assert.deepEqual(await c().knex('dsar_requests').where({ id: closed.id }).first(), snapshot);
      await assert.rejects(c().services.dsarErasure.erase(ids.accessRequest!, {}, cli), (e: Error) => e.message === 'dsar.errors.wrongType');
      assert.equal((await privacyClient.get(`/privacy/requests/${crypto.randomUUID()}`)).status, 404);
      assert.equal((await privacyClient.get('/privacy/requests/not-a-uuid')).status, 404);
    });

    it('when the subject is under a legal hold, then erasure without an admin override is refused, says what is held and why, and changes nothing', async () => {
      const r = await c().services.dsar.open({ type: 'erasure', user: subjectEmail, channel: 'email' }, cli);
      ids.erasure = r.id;
      const hold = await c().services.holds.add({ user: subjectEmail, reason: 'Litigation 2026-041 (employment tribunal)' }, { trigger: 'cli', label: 'test' });
      // A second hold placed in the browser: stored as "admin <id>", shown by the admin's name.
      const adminId = (await adminClient.get('/api/v1/me')).json().id as string;
      const placed = await c().services.holds.add({ user: subjectEmail, reason: 'Audit 7' }, { trigger: 'admin', label: `admin ${adminId}`, userId: adminId });
      const countsBefore = { users: await countWhere('users', { id: ids.subject! }), logs: await countWhere('request_logs', { user_id: ids.subject!, ip: SUBJECT_IP }), sessions: await countWhere('sessions', { user_id: ids.subject! }), audit: await countWhere('audit_entries', {}) };
      await assert.rejects(c().services.dsarErasure.erase(r.id, {}, cli), (e: unknown) => e instanceof DsarHeldError && e.holds.some((x) => x.reason.includes('Litigation 2026-041')));
      const page = await privacyClient.postForm(`/privacy/requests/${r.id}/erase`, {});
      assert.equal(page.status, 409);
      assert.match(page.text, /Litigation 2026-041/);
      assert.match(page.text, /Audit 7 — Ada Admin/);
      assert.ok(!page.text.includes(adminId), 'no id on the page');
      const override = await privacyClient.postForm(`/privacy/requests/${r.id}/erase`, { override: 'yes' });
      assert.equal(override.status, 403, 'a privacy contact may not override a hold');
      const json = await privacyClient.sendJson('POST', `/api/v1/privacy/requests/${r.id}/erase`, {});
      assert.equal(json.status, 409);
      assert.deepEqual(json.json().error.holds.map((x: { id: string }) => x.id).sort(), [hold.id, placed.id].sort());
      assert.deepEqual({ users: await countWhere('users', { id: ids.subject! }), logs: await countWhere('request_logs', { user_id: ids.subject!, ip: SUBJECT_IP }), sessions: await countWhere('sessions', { user_id: ids.subject! }), audit: await countWhere('audit_entries', {}) }, countsBefore);
      assert.equal((await c().repositories.users.findById(ids.subject!))!.status, 'active');
      await c().services.holds.release(hold.id, { trigger: 'cli', label: 'test' });
      await c().services.holds.release(placed.id, { trigger: 'cli', label: 'test' });
    });

    it('when the subject is erased, then sessions and tokens go, the ledger records them, verification finds no residue, and other people and the audit chain are intact', async () => {
      // The snapshot of the other person includes what capture still buffers (the erasure writes it out).
      await c().services.capture.flush();
      const other = {
        user: await c().knex('users').where({ id: ids.other! }).first(),
        logs: await countWhere('request_logs', { user_id: ids.other!, ip: OTHER_IP }),
        devices: await countWhere('devices', { user_id: ids.other! }),
        usage: await countWhere('usage_events', { user_id: ids.other!, event: 'team-health' }),
        feedback: await c().knex('feedback').where({ id: ids.feedbackUnrelated! }).first(),
        note: await c().knex('one_on_one_private_notes').where({ id: ids.noteTheirs! }).first(),
      };
      const reply = await adminClient.sendJson('POST', `/api/v1/privacy/requests/${ids.erasure!}/erase`, {});
      assert.equal(reply.status, 200, reply.text);
      const outcome = reply.json();
      assert.equal(outcome.report.residue, 0, JSON.stringify(outcome.report.hits));
      assert.ok(outcome.report.columns > 50, 'every text column of every table was searched');
      assert.equal(outcome.request.status, 'completed');
      assert.equal(outcome.request.subject.email, null);
      assert.ok(outcome.ledgerId);
      assert.ok(await c().knex('erasure_ledger').where({ subject_id: ledgerKeyOf(ids.subject!) }).first());
      assert.equal(await countWhere('erasure_ledger', { subject_id: ids.subject! }), 0, 'the ledger keeps a digest, never the id');
      assert.equal(await countWhere('sessions', { user_id: ids.subject! }), 0);
      assert.equal(await countWhere('api_tokens', { user_id: ids.subject! }), 0);
      assert.equal(await countWhere('users', { id: ids.subject! }), 0, 'the account row lives on under a fresh id');
      assert.equal(await countWhere('users', { email_lower: subjectEmail }), 0);
      // Unattributed log rows from the subject's address lost the address; nothing else of theirs is left.
      assert.equal(await countWhere('request_logs', { ip: SUBJECT_IP }), 0);
      assert.equal((await c().knex('dsar_results').where({ request_id: ids.erasure!, kind: 'erasure_report' })).length, 1);
      assert.equal(await countWhere('dsar_results', { kind: 'rectification' }), 0, 'old values kept by a rectification go with the subject');
      // Someone else's data is untouched.
      assert.deepEqual(await c().knex('users').where({ id: ids.other! }).first(), other.user);
      assert.equal(await countWhere('request_logs', { user_id: ids.other!, ip: OTHER_IP }), other.logs, 'the seeded log rows of the other person (captured requests arrive in the background)');
      assert.equal(await countWhere('devices', { user_id: ids.other! }), other.devices);
      assert.equal(await countWhere('usage_events', { user_id: ids.other!, event: 'team-health' }), other.usage);
      assert.deepEqual(await c().knex('feedback').where({ id: ids.feedbackUnrelated! }).first(), other.feedback);
      assert.deepEqual(await c().knex('one_on_one_private_notes').where({ id: ids.noteTheirs! }).first(), other.note);
      assert.equal((await signedInClient(server.url, otherEmail, strongPassword).then((cl) => cl.get('/privacy/me'))).status, 200);
      const verify = await c().services.audit.verify();
      assert.ok(verify.ok, JSON.stringify(verify.problem));
      // The erased subject can no longer sign in, and a second erasure is refused as closed.
      await assert.rejects(signedInClient(server.url, subjectEmail, strongPassword));
      await assert.rejects(c().services.dsarErasure.erase(ids.erasure!, {}, cli), (e: Error) => e.message === 'dsar.errors.closed');
    });
  },
  { timeoutMs: 60_000 },
);
