import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createKnex } from '../../server/db/knex.js';
import { startServer } from '../../server/main.js';
import { createDatabase, forEachDialect } from '../support/databases.js';
import { CapturingMailer, metricsHeaders, startTestServer, testConfig, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';
import { declaredTables } from '../../server/registry.js';
import { insertSynthetic } from '../support/retention.js';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

async function metricValue(server: TestServer | { container: TestServer['container'] }, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await server.container.metrics.registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return found ? Number(found.value) : 0;
}

async function adminClient(server: TestServer): Promise<{ client: TestClient; email: string }> {
  const { client, email } = await signedUpClient(server.url, { firstName: 'Ada', lastName: 'Admin' });
  await server.container.services.accounts.setRole(email, 'admin');
  return { client, email };
}

forEachDialect('capture', (dialect) => {
  describe('log data, devices, crashes and usage with the default capture config', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, {
        'capture.buffer.flushInterval': '20ms',
        'capture.crashes.maxBytes': 2048,
        'capture.crashes.rateLimit': { points: 12, window: '1m' },
      });
    });
    after(async () => server?.close());
    const flush = () => server.container.services.capture.flush();

    it('when a signed-in person requests a page, then one row records route template, status, duration, truncated IP, referrer without query, browser settings, privacy signals, user and session hash', async () => {
      const { client, email } = await signedUpClient(server.url);
      const me = await server.container.repositories.users.findByEmail(email);
      const reply = await client.get(`/people/${me!.id}?tab=secret-query`, { 'user-agent': chrome, referer: 'https://intranet.example.com/wiki/page?token=abc', 'accept-language': 'fr-FR,fr;q=0.9', dnt: '1', 'sec-gpc': '1' });
      assert.equal(reply.status, 200);
      await flush();
      const rows = await server.container.services.capture.queryLogs({ userEmail: email, route: '/people/:id' });
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.equal(row.method, 'GET');
      assert.equal(row.status, 200);
      assert.ok(row.durationMs >= 0);
      assert.equal(row.ip, '127.0.0.0');
      assert.equal(row.referrer, 'https://intranet.example.com/wiki/page');
      assert.equal(row.userAgent, chrome);
      assert.equal(row.acceptLanguage, 'fr-FR,fr;q=0.9');
      assert.equal(row.dnt, true);
      assert.equal(row.gpc, true);
      assert.equal(row.userId, me!.id);
      assert.match(row.sessionHash ?? '', /^[0-9a-f]{64}$/);
      assert.ok(row.deviceId);
      assert.ok(row.requestId);
      assert.ok(!JSON.stringify(rows).includes('secret-query'), 'the raw query string is never stored');
    });

    it('when anonymous requests, health probes, metrics and static files are served, then probes, metrics and static files are not logged and anonymous rows carry no user', async () => {
      const client = new TestClient(server.url);
      await client.get('/healthz');
      await client.get('/readyz');
      await client.get('/metrics', metricsHeaders);
      await client.get('/static/app.css');
      await client.get('/signin');
      await client.get('/no/such/page?x=1');
      await flush();
      const rows = await server.container.services.capture.queryLogs({ limit: 1000 });
      const routes = new Set(rows.map((r) => r.route));
      for (const excluded of ['/healthz', '/readyz', '/metrics']) assert.ok(!routes.has(excluded), `${excluded} must not be logged`);
      assert.ok(!rows.some((r) => r.route.startsWith('/static')));
      const signin = rows.find((r) => r.route === '/signin' && r.userId === null);
      assert.ok(signin, 'the anonymous sign-in page is logged');
      assert.equal(signin.sessionHash, null);
      assert.ok(rows.some((r) => r.route === '(unmatched)' && r.status === 404), 'an unknown path is logged as (unmatched), not as its raw URL');
    });

    it('when an anonymous visitor browses, then no device id cookie is set; when they sign in, then a random one is set once and the device type, OS and browser are recorded from its user agent', async () => {
      const email = uniqueEmail('device');
      await server.container.services.accounts.create({ email, firstName: 'Dev', lastName: 'Ice', password: strongPassword, role: 'member' });
      const client = new TestClient(server.url, { 'user-agent': iphone });
      const anonymous = await client.get('/signin');
      assert.ok(!anonymous.setCookies.some((c) => c.startsWith('opsenic.did=')), 'no device cookie before sign-in');
      assert.ok(!client.cookies.has('opsenic.did'));
      const signin = await client.postForm('/signin', { email, password: strongPassword });
      assert.equal(signin.status, 303);
      const cookie = signin.setCookies.find((c) => c.startsWith('opsenic.did='));
      assert.ok(cookie, 'device cookie set at sign-in');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)![1]);
      assert.equal(maxAge, 365 * 86_400);
      const id = client.cookies.get('opsenic.did')!;
      assert.match(id, /^[0-9a-f-]{36}$/);
      const second = await client.get('/');
      assert.ok(!second.setCookies.some((c) => c.startsWith('opsenic.did=')), 'not set again');
      await flush();
      const device = await server.container.repositories.capture.findDevice(id);
      assert.ok(device);
      assert.equal(device.deviceType, 'mobile');
      assert.match(device.os ?? '', /iOS/);
      assert.match(device.browser ?? '', /Safari/);
      assert.equal(device.userAgent, iphone);
      // The person reads the device in words in their privacy center, the same label as the admin's devices page.
      const mine = await client.get('/privacy/me');
      assert.match(mine.text, /<li>Phone · Safari 17 · iOS 17\.2<span class="meta"><time datetime="/);
      assert.match((await client.get('/privacy/me', { 'accept-language': 'fr' })).text, /<li>Téléphone · Safari 17 · iOS 17\.2<span class="meta">/);
      // Its sessions table is the security page's: relative times and the kind of session.
      assert.match(mine.text, /<tr data-session-id="[^"]+">\s*<td>Safari 17 on iOS 17\.2 <strong class="badge">This session<\/strong><\/td>\s*<td>[^<]*<\/td>\s*<td><time datetime="[^"]+" title="[^"]+">now<\/time><\/td>\s*<td>Until the browser closes<\/td>/);
      assert.match((await client.get('/security', { 'accept-language': 'fr' })).text, /<td>Safari 17 sous iOS 17\.2 <strong class="badge">/, 'the session\'s device in the reader\'s language too');
    });

    it('when clients visit without cookies, then no device cookie is set and no device row is created for them', async () => {
      await flush();
      const before = await server.container.repositories.capture.count('devices');
      for (let i = 0; i < 5; i += 1) {
        const reply = await fetch(`${server.url}/signin`);
        assert.ok(!reply.headers.getSetCookie().some((c) => c.startsWith('opsenic.did=')));
        await reply.text();
      }
      await flush();
      assert.equal(await server.container.repositories.capture.count('devices'), before);
    });

    it('when a browser reports a JavaScript error, then it is stored with the user, device and release it gives', async () => {
      const { client, email } = await signedUpClient(server.url);
      const reply = await client.sendJson('POST', '/api/v1/telemetry/crash', { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at f (app.js:1:2)', source: 'http://localhost/static/app.js', line: 1, column: 2, page: '/profile', release: '0.1.0' });
      assert.equal(reply.status, 202);
      await flush();
      const crashes = await server.container.services.capture.queryCrashes({ source: 'client' });
      const crash = crashes.find((c) => c.message === 'x is undefined');
      assert.ok(crash);
      assert.equal(crash.userEmail, email);
      assert.equal(crash.location, 'http://localhost/static/app.js:1:2');
      assert.equal(crash.route, '/profile');
      assert.ok(crash.deviceId);
    });

    it('when a crash report is malformed, breaks the schema or is too large, then it gets 400 or 413 and nothing is stored', async () => {
      const client = new TestClient(server.url);
      await flush();
      const before = await server.container.repositories.capture.count('crash_reports');
      const malformed = await client.sendJson('POST', '/api/v1/telemetry/crash', '{"message": ');
      assert.equal(malformed.status, 400);
      const missing = await client.sendJson('POST', '/api/v1/telemetry/crash', { stack: 'no message' });
      assert.equal(missing.status, 400);
      assert.ok(missing.json().error.fields.message);
      const unknown = await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'm', cookies: 'sid=1' });
      assert.equal(unknown.status, 400);
      const wrongType = await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'm', line: 'one' });
      assert.equal(wrongType.status, 400);
      assert.ok(wrongType.json().error.fields.line);
      const oversized = await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'm', stack: 'x'.repeat(4000) });
      assert.equal(oversized.status, 413);
      const huge = await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'm', stack: 'x'.repeat(200_000) });
      assert.equal(huge.status, 413);
      await flush();
      assert.equal(await server.container.repositories.capture.count('crash_reports'), before);
    });

    it('when one address sends crash reports too fast, then it gets 429 with Retry-After', async () => {
      const client = new TestClient(server.url);
      let limited;
      for (let i = 0; i < 20 && !limited; i += 1) {
        const reply = await client.sendJson('POST', '/api/v1/telemetry/crash', { message: `flood ${i}` });
        if (reply.status === 429) limited = reply;
        else assert.equal(reply.status, 202);
      }
      assert.ok(limited, 'rate limited');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });

    it('when the server meets an unexpected error, then a server crash report keeps message, stack, route, release, request id and user, and never the request body', async () => {
      const { client, email } = await adminClient(server);
      const knex = server.container.knex;
      await knex.schema.renameTable('capture_settings', 'capture_settings_away');
      let reply;
      try {
        reply = await client.postForm('/admin/usage', { enabled: 'on', note: 'BODY-SECRET-42' });
      } finally {
        await knex.schema.renameTable('capture_settings_away', 'capture_settings');
      }
      assert.equal(reply.status, 500);
      await flush();
      const crashes = await server.container.services.capture.queryCrashes({ source: 'server' });
      const crash = crashes.find((c) => c.route === 'POST /admin/usage');
      assert.ok(crash, `server crash recorded: ${JSON.stringify(crashes.map((c) => c.route))}`);
      assert.equal(crash.userEmail, email);
      assert.ok(crash.stack);
      assert.equal(crash.release, '0.1.0');
      assert.equal(crash.requestId, reply.headers.get('x-request-id'));
      assert.ok(!JSON.stringify(crash).includes('BODY-SECRET-42'), 'no request body in the report');
    });

    it('when usage is recorded, then sandboxes record it, the primary workspace only once an admin turns it on, and bad event names are refused', async () => {
      const { usage, workspaces } = server.container.services;
      const { client: admin } = await adminClient(server);
      const { email } = await signedUpClient(server.url);
      const user = (await server.container.repositories.users.findByEmail(email))!;
      const sandbox = await workspaces.createSandbox('Try-out', Date.now() + 86_400_000);
      assert.equal(await usage.record({ area: 'insight', event: 'team-health', workspaceId: sandbox.id, userId: user.id }), true);
      const primary = await workspaces.getPrimary();
      assert.equal(await usage.record({ area: 'integration', event: 'slack', workspaceId: primary.id, userId: user.id }), false);
      const page = await admin.get('/admin/usage');
      assert.match(page.text, /usage is not recorded/);
      const turnOn = await admin.postForm('/admin/usage', { enabled: 'on' });
      assert.equal(turnOn.status, 303);
      assert.equal(await usage.record({ area: 'integration', event: 'slack', workspaceId: primary.id, userId: user.id }), true);
      await assert.rejects(usage.record({ area: 'insight', event: 'Not Valid!', workspaceId: primary.id }), /validation/i);
      await assert.rejects(usage.record({ area: 'nope' as never, event: 'x', workspaceId: primary.id }), /validation/i);
      await server.container.services.capture.flush();
      const rows = await server.container.knex('usage_events').select('*');
      assert.ok(rows.some((r) => r.workspace_id === sandbox.id && r.event === 'team-health' && r.area === 'insight' && r.user_id === user.id));
      assert.equal(rows.filter((r) => r.event === 'slack').length, 1);
      const summary = await admin.get('/admin/usage');
      assert.match(summary.text, /team-health/);
      const member = await signedUpClient(server.url);
      assert.equal((await member.client.postForm('/admin/usage', { enabled: 'off' })).status, 403);
      await admin.postForm('/admin/usage', { enabled: 'off' });
    });

    it('when an admin browses log data, devices and crash reports, then filters apply; members are refused; bad filters get 400 naming the field', async () => {
      const { client: admin } = await adminClient(server);
      const { client: member, email } = await signedUpClient(server.url);
      await member.get('/profile');
      await flush();
      const logs = await admin.get(`/admin/logs?user=${encodeURIComponent(email)}&since=1d`);
      assert.equal(logs.status, 200);
      assert.match(logs.text, /GET \/<wbr>profile/);
      assert.match(logs.text, new RegExp(email.replace(/\./g, '\\.')));
      const api = await admin.get(`/api/v1/admin/logs?user=${encodeURIComponent(email)}&route=/profile`, { accept: 'application/json' });
      assert.equal(api.status, 200);
      assert.ok(api.json().logs.every((l: { userEmail: string; route: string }) => l.userEmail === email && l.route === '/profile'));
      const bad = await admin.get('/admin/logs?since=last-tuesday');
      assert.equal(bad.status, 400);
      assert.match(bad.text, /id="f-since-error"/);
      const unknownUser = await admin.get(`/admin/logs?user=${encodeURIComponent(uniqueEmail('nobody'))}`);
      assert.equal(unknownUser.status, 404);
      // Reached from the admin area's Activity tab, whose own tabs lead to log data.
      assert.match((await admin.get('/admin')).text, /href="\/admin\/usage"/);
      assert.match((await admin.get('/admin/usage')).text, /<nav class="tabs" aria-label="Activity">[\s\S]*href="\/admin\/logs"/);
      const devices = await admin.get('/admin/devices');
      assert.equal(devices.status, 200);
      assert.match(devices.text, /id="device-rows"/);
      const deviceIds = (await server.container.knex('devices').select('id')).map((d: { id: string }) => d.id);
      assert.ok(deviceIds.length > 0 && deviceIds.every((id) => !devices.text.includes(id)), 'a device is shown by its kind, browser and system, not its cookie id');
      assert.doesNotMatch(devices.text, /<td>(desktop|mobile|tablet)\b/, 'the kind in words, as the person reads it in their privacy center');
      const crashes = await admin.get('/admin/crashes?source=client');
      assert.equal(crashes.status, 200);
      assert.match(crashes.text, /x is undefined/);
      assert.equal((await admin.get('/admin/crashes?source=elsewhere')).status, 400);
      for (const path of ['/admin/logs', '/admin/devices', '/admin/crashes', '/admin/usage']) assert.equal((await member.get(path)).status, 403, path);
      assert.equal((await member.get('/api/v1/admin/logs')).status, 403);
    });

    it('when a log row belongs to a person whose account is gone, then the log names a former member, never their id', async () => {
      const { client: admin, email } = await adminClient(server);
      const workspaceId = (await server.container.knex('users').where({ email }).first()).workspace_id as string;
      const gone = crypto.randomUUID();
      const requestLogs = declaredTables.find((t) => t.name === 'request_logs')!;
      assert.ok(await insertSynthetic(server.container.knex, requestLogs, { workspaceId, userId: gone, values: { method: 'GET', route: '/gone-person-route', status: 200 } }));
      const logs = await admin.get('/admin/logs?route=/gone-person-route');
      assert.match(logs.text, /<code>GET \/<wbr>gone-person-route<\/code>[\s\S]*?<td>a former member<\/td>/);
      assert.ok(!logs.text.includes(gone), 'the id is not shown');
    });

    it('when anyone opens /privacy, then each category shows whether it is on, what is recorded, its retention period and who can see it', async () => {
      const reply = await new TestClient(server.url).get('/privacy');
      assert.equal(reply.status, 200);
      for (const category of ['account', 'log', 'device', 'crash', 'usage']) assert.match(reply.text, new RegExp(`data-category="${category}" data-on="on"`), category);
      assert.match(reply.text, /IP address: truncated/);
      assert.match(reply.text, /request_logs/);
      // Records and fields in words first, their codes after them for an auditor: no row starts with a code.
      assert.match(reply.text, /<th scope="row">The pages and requests your browser made \(request log\)<code class="code-note">request_logs<\/code><\/th>/, 'a record heads its row');
      assert.doesNotMatch(reply.text, /<t[dh][^>]*><code>|<li><code>/, 'no record or field named by its code alone');
      assert.match(reply.text, /data-retention="log">Deleted after 90 days \(retention category “Request log”\)/, 'the period and the category in words, not "90d" and "log"');
      assert.match(reply.text, /the admins of this deployment only/);
    });

    it('when the OpenAPI document is read, then the crash endpoint is listed', async () => {
      const doc = (await new TestClient(server.url).get('/api/v1/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/telemetry/crash']?.post);
      assert.ok(doc.paths['/api/v1/telemetry/crash'].post.responses['413']);
    });
  });

  describe('parts switched off in config', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, {
        'capture.logs.ip': 'full',
        'capture.logs.exclude': [],
        'capture.logs.referrer': false,
        'capture.logs.userAgent': false,
        'capture.logs.privacySignals': false,
        'capture.devices.enabled': false,
        'capture.crashes.client': false,
        'capture.logs.user': false,
        'retention.policies.log': { maxAge: '30d' },
      });
    });
    after(async () => server?.close());

    it('when parts are off, then those columns stay empty, no device cookie is set, probes are logged when not excluded, and the crash endpoint is closed', async () => {
      const { client } = await signedUpClient(server.url);
      const reply = await client.get('/profile', { referer: 'https://x.example.com/', 'user-agent': chrome, dnt: '1' });
      assert.ok(!client.cookies.has('opsenic.did'));
      assert.ok(!reply.setCookies.some((c) => c.startsWith('opsenic.did=')));
      await client.get('/healthz');
      assert.equal((await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'm' })).status, 404);
      await server.container.services.capture.flush();
      const rows = await server.container.services.capture.queryLogs({ limit: 100 });
      const profile = rows.find((r) => r.route === '/profile')!;
      assert.ok(profile);
      assert.equal(profile.ip, '127.0.0.1');
      assert.equal(profile.referrer, null);
      assert.equal(profile.userAgent, null);
      assert.equal(profile.dnt, null);
      assert.equal(profile.userId, null);
      assert.equal(profile.sessionHash, null);
      assert.ok(rows.some((r) => r.route === '/healthz'));
      assert.equal(await server.container.repositories.capture.count('devices'), 0);
    });

    it('when nothing was recorded, then the page says so; when filters hide every row, then it offers to clear them', async () => {
      const { client: admin } = await adminClient(server);
      const devices = await admin.get('/admin/devices');
      assert.equal(devices.status, 200);
      assert.match(devices.text, /<div class="empty">[\s\S]*?<strong>Nothing recorded yet<\/strong><\/div>/, 'devices are off: none recorded');
      const logs = await admin.get('/admin/logs?route=/nowhere-at-all');
      assert.match(logs.text, /<div class="empty">[\s\S]*?<strong>Nothing matches<\/strong><p>No row matches these filters\.<\/p><a class="button primary" href="\/admin\/logs">Clear the filters<\/a><\/div>/);
      const french = await admin.get('/admin/crashes?until=2001-01-01', { 'accept-language': 'fr' });
      assert.match(french.text, /<strong>Aucun résultat<\/strong><p>Aucune ligne ne correspond à ces filtres\.<\/p><a class="button primary" href="\/admin\/crashes">Effacer les filtres<\/a>/);
      for (const page of [devices, logs, french]) assert.doesNotMatch(page.text, /<ul class="nav">/, 'the admin area\'s tabs link these pages: no second list of the same links');
    });

    it('when /privacy is read, then it shows what is off and the retention period from the config', async () => {
      const reply = await new TestClient(server.url).get('/privacy');
      assert.match(reply.text, /data-category="device" data-on="off"/);
      assert.match(reply.text, /IP address: recorded in full/);
      assert.match(reply.text, /Referrer \(origin and path, never the query string\): off/);
      assert.match(reply.text, /data-retention="log">Deleted after 30 days \(retention category “Request log”\)/);
      assert.match((await new TestClient(server.url).get('/privacy', { 'accept-language': 'fr' })).text, /data-retention="log">Supprimé après 30\sjours \(catégorie de conservation « Journal des requêtes »\)/);
    });
  });

  describe('graceful stop and an unavailable database', () => {
    it('when the server stops normally, then every buffered log row is written first', async () => {
      const server = await startTestServer(dialect, { 'capture.buffer.flushInterval': '1h', 'capture.buffer.batchSize': 5000, 'capture.buffer.maxRows': 100_000 });
      let stopped = false;
      try {
        const client = new TestClient(server.url);
        for (let i = 0; i < 40; i += 1) await client.get('/signin');
        assert.equal(await server.container.repositories.capture.count('request_logs'), 0, 'nothing written yet: the interval is an hour');
        await server.stop();
        stopped = true;
        const knex = createKnex({ url: server.db.url });
        try {
          const row = await knex('request_logs').where({ route: '/signin' }).count({ n: '*' }).first();
          assert.equal(Number(row!.n), 40);
        } finally {
          await knex.destroy();
        }
      } finally {
        if (!stopped) await server.stop();
        await server.db.drop();
      }
    });

    it('when the database cannot take log rows for long, then the buffer stays bounded, drops are counted in a metric and logged, and writing resumes afterwards', async () => {
      const db = await createDatabase(dialect);
      const lines: string[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
      const config = testConfig(db.url, { 'capture.buffer.maxRows': 20, 'capture.buffer.batchSize': 5, 'capture.buffer.flushInterval': '20ms', 'log.level': 'warn' });
      const server = await startServer(config, { logger, mailTransport: new CapturingMailer() });
      try {
        const knex = server.container.knex;
        const logs = server.container.services.capture.logs;
        await server.container.services.capture.flush();
        await knex.schema.renameTable('request_logs', 'request_logs_away');
        const client = new TestClient(server.url);
        let maxSeen = 0;
        for (let i = 0; i < 60; i += 1) {
          const reply = await client.get('/signin');
          assert.equal(reply.status, 200, 'pages keep working while logs cannot be written');
          maxSeen = Math.max(maxSeen, logs.buffered);
        }
        await new Promise((r) => setTimeout(r, 100));
        assert.ok(maxSeen <= 20, `buffer bounded (saw ${maxSeen})`);
        const dropped = await metricValue(server, 'opsenic_capture_dropped_total', { stream: 'logs', reason: 'buffer_full' });
        assert.ok(dropped >= 40, `dropped counted: ${dropped}`);
        assert.ok(lines.some((l) => /logs rows dropped/.test(l)), 'drops are logged');
        const metrics = await new TestClient(server.url).get('/metrics', metricsHeaders);
        assert.match(metrics.text, /opsenic_capture_dropped_total\{stream="logs",reason="buffer_full"\} \d+/);
        await knex.schema.renameTable('request_logs_away', 'request_logs');
        // A retry that started before the table came back may still fail once, and an empty buffer
        // can mean a batch is on its way: wait until the rows are there (or the retries give up).
        let written = 0;
        for (let i = 0; i < 100; i += 1) {
          await server.container.services.capture.flush();
          written = await server.container.repositories.capture.count('request_logs');
          if (written >= 15 && logs.buffered === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(written >= 15 && written <= 20, `the buffered rows were written: ${written}`);
      } finally {
        await server.stop();
        await db.drop();
      }
    });
  });
});

forEachDialect('capture bulk insert', (dialect) => {
  it('when one batch holds more rows than SQLite accepts in a compound statement, then every row lands, booleans and nulls intact', async () => {
    const db = await createDatabase(dialect);
    const knex = createKnex({ url: db.url });
    try {
      const { migrateLatest } = await import('../../server/db/migrate.js');
      const { CaptureRepository } = await import('../../server/components/capture/capture.repository.js');
      const { timeOrderedId } = await import('../../server/components/capture/time-ordered-id.js');
      await migrateLatest(knex);
      const repo = new CaptureRepository(knex);
      const rows = Array.from({ length: 4_321 }, (_, i) => ({ id: timeOrderedId(), workspaceId: null, occurredAt: 1_700_000_000_000 + i, method: 'GET', route: '/x', status: 200, durationMs: 1.25, ip: null, referrer: null, userAgent: 'ua', acceptLanguage: null, dnt: i % 2 === 0, gpc: null, userId: null, sessionHash: null, deviceId: null, requestId: null }));
      await repo.insertLogs(rows);
      assert.equal(await repo.count('request_logs'), 4_321);
      const [first] = await repo.queryLogs({ limit: 1, until: 1_700_000_000_001 });
      assert.equal(first!.dnt, true);
      assert.equal(first!.gpc, null);
      assert.equal(first!.durationMs, 1.25);
    } finally {
      await knex.destroy();
      await db.drop();
    }
  });
});
