import assert from 'node:assert/strict';
import type { Express } from 'express';
import { createApp } from '../../server/app.js';
import { cookieRegistry, registeredCookieNames } from '../../server/components/cookies/cookies.registry.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient, type Reply } from '../support/http.js';

/** Every GET route template the app serves, read from its router (so new pages are crawled too). */
function getRoutes(app: Express): string[] {
  const paths = new Set<string>();
  const walk = (stack: Array<{ route?: { path: unknown; methods?: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string' && layer.route.methods?.get) paths.add(layer.route.path);
      else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
    }
  };
  walk((app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
  return [...paths];
}

const pageViews = (server: TestServer) => server.container.repositories.capture.count('analytics_page_views');

forEachDialect('cookies and consent', (dialect) => {
  let server: TestServer;
  let registered: Set<string>;
  before(async () => {
    server = await startTestServer(dialect, { 'capture.analytics.enabled': true, 'capture.devices.settings': true, 'capture.buffer.flushInterval': '20ms' });
    registered = registeredCookieNames(server.config);
  });
  after(async () => server?.close());
  const flush = () => server.container.services.capture.flush();

  it('when a visitor has not chosen yet, then the banner offers refuse and accept as equal buttons of one form, and nothing needing consent happens', async () => {
    const client = new TestClient(server.url);
    const reply = await client.get('/signin');
    assert.match(reply.text, /class="cookie-banner"/);
    const buttons = [...reply.text.matchAll(/<button type="submit" name="choice" value="(accept|reject)" class="([^"]+)">/g)];
    assert.deepEqual(buttons.map((b) => b[1]).sort(), ['accept', 'reject']);
    assert.equal(buttons[0]![2], buttons[1]![2], 'same style for both');
    assert.ok(!/<script[^>]*>[^<]/.test(reply.text) && !/ style=/.test(reply.text), 'no inline script or style (CSP)');
    assert.match(reply.text, /data-settings="off"/);
    assert.ok(!client.cookies.has('opsenic.aid'));
    await flush();
    assert.equal(await pageViews(server), 0);
  });

  it('when the visitor accepts, then the choice is kept in a cookie, a random analytics cookie not tied to the account is set, and page views are counted without any user id', async () => {
    const { client } = await signedUpClient(server.url);
    const accepted = await client.postForm('/privacy/consent', { choice: 'accept', next: '/profile' });
    assert.equal(accepted.status, 303);
    assert.equal(accepted.location, '/profile');
    assert.equal(client.cookies.get('opsenic.consent'), 'accept');
    const page = await client.get('/profile');
    assert.doesNotMatch(page.text, /class="cookie-banner"/);
    assert.match(page.text, /data-settings="on"/);
    const visitor = client.cookies.get('opsenic.aid');
    assert.match(visitor ?? '', /^[0-9a-f-]{36}$/);
    const aid = page.setCookies.find((c) => c.startsWith('opsenic.aid='))!;
    assert.match(aid, /Max-Age=33696000/);
    await client.get('/profile');
    await flush();
    const rows = await server.container.knex('analytics_page_views').where({ visitor_id: visitor });
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((r) => r.route === '/profile'));
    assert.ok(!('user_id' in rows[0]!), 'page views have no user column');
  });

  it('when the visitor changes their mind on /privacy/cookies, then the analytics cookie is removed and nothing more is counted', async () => {
    const client = new TestClient(server.url);
    await client.postForm('/privacy/consent', { choice: 'accept' });
    await client.get('/signin');
    assert.ok(client.cookies.has('opsenic.aid'));
    const settings = await client.get('/privacy/cookies');
    assert.match(settings.text, /You accepted analytics/);
    const refused = await client.postForm('/privacy/consent', { choice: 'reject' });
    assert.equal(refused.location, '/privacy/cookies?done=saved');
    assert.ok(!client.cookies.has('opsenic.aid'), 'analytics cookie removed');
    await flush();
    const before = await pageViews(server);
    await client.get('/signin');
    await flush();
    assert.equal(await pageViews(server), before);
    assert.match((await client.get('/privacy/cookies')).text, /You refused analytics/);
  });

  it('when the browser sends Global Privacy Control, then it counts as a refusal even after accepting: no banner, no analytics cookie, no device settings, and the settings page says so', async () => {
    const client = new TestClient(server.url);
    await client.postForm('/privacy/consent', { choice: 'accept' });
    await client.get('/signin');
    assert.ok(client.cookies.has('opsenic.aid'));
    const gpc = new TestClient(server.url, { 'sec-gpc': '1' });
    for (const [k, v] of client.cookies) gpc.cookies.set(k, v);
    await flush();
    const before = await pageViews(server);
    const page = await gpc.get('/signin');
    assert.ok(!gpc.cookies.has('opsenic.aid'), 'existing analytics cookie removed');
    assert.doesNotMatch(page.text, /class="cookie-banner"/);
    assert.match(page.text, /data-settings="off"/);
    const settings = await gpc.sendJson('POST', '/api/v1/telemetry/device', { screenWidth: 1280, screenHeight: 800 });
    assert.equal(settings.status, 403);
    await flush();
    assert.equal(await pageViews(server), before);
    assert.match((await gpc.get('/privacy/cookies')).text, /Global Privacy Control: we treat it as a refusal/);
    const fresh = await new TestClient(server.url, { 'sec-gpc': '1' }).get('/signin');
    assert.doesNotMatch(fresh.text, /class="cookie-banner"/, 'no banner to a GPC browser');
  });

  it('when consent is given, then the device settings endpoint stores screen size, time zone and language; without consent, or malformed, it stores nothing', async () => {
    const { client: without } = await signedUpClient(server.url);
    assert.equal((await without.sendJson('POST', '/api/v1/telemetry/device', { screenWidth: 1280, screenHeight: 800 })).status, 403);
    const { client } = await signedUpClient(server.url);
    await client.postForm('/privacy/consent', { choice: 'accept' });
    const bad = await client.sendJson('POST', '/api/v1/telemetry/device', { screenWidth: 'wide', screenHeight: 800 });
    assert.equal(bad.status, 400);
    assert.ok(bad.json().error.fields.screenWidth);
    const ok = await client.sendJson('POST', '/api/v1/telemetry/device', { screenWidth: 1280, screenHeight: 800, timeZone: 'Europe/Paris', language: 'fr-FR' });
    assert.equal(ok.status, 204);
    await flush();
    const device = await server.container.repositories.capture.findDevice(client.cookies.get('opsenic.did')!);
    assert.equal(device?.screenWidth, 1280);
    assert.equal(device?.timeZone, 'Europe/Paris');
    assert.equal(device?.language, 'fr-FR');
    const other = await server.container.repositories.capture.findDevice(without.cookies.get('opsenic.did')!);
    assert.equal(other?.screenWidth ?? null, null);
  });

  it('when the cookie policy is read, then it lists every cookie of the registry with purpose, category and duration', async () => {
    const reply = await new TestClient(server.url).get('/privacy/cookies');
    assert.equal(reply.status, 200);
    for (const entry of cookieRegistry(server.config)) assert.match(reply.text, new RegExp(`data-cookie="${entry.name.replace('.', '\\.')}"`), entry.name);
    assert.match(reply.text, /opsenic\.sid<\/code><\/td><td>Keeps you signed in/);
    assert.match(reply.text, /Strictly necessary/);
    assert.match(reply.text, /Analytics/);
    assert.match(reply.text, /Until the browser closes, or 30 days with &quot;Remember me&quot;/);
    const api = (await new TestClient(server.url).get('/api/v1/privacy/cookies')).json();
    assert.deepEqual(api.cookies.map((c: { name: string }) => c.name).sort(), [...registered].sort());
  });

  it('when anonymous visitors, members and admins use every page and the consent, sign-in and telemetry flows, then every cookie any response sets is in the registry', async () => {
    const seen = new Set<string>();
    const check = (reply: Reply, what: string) => {
      for (const line of reply.setCookies) {
        const name = line.split('=')[0]!.trim();
        seen.add(name);
        assert.ok(registered.has(name), `${what} set "${name}", which is not in the cookie registry`);
      }
    };
    const { client: member, email } = await signedUpClient(server.url);
    const { client: admin, email: adminEmail } = await signedUpClient(server.url);
    await server.container.services.accounts.setRole(adminEmail, 'admin');
    const me = (await server.container.repositories.users.findByEmail(email))!;
    const anonymous = new TestClient(server.url);
    const gpc = new TestClient(server.url, { 'sec-gpc': '1' });
    const routes = getRoutes(createApp(server.container)).filter((p) => !p.includes('signout'));
    assert.ok(routes.length > 20, `crawled routes: ${routes.length}`);
    for (const client of [anonymous, gpc, member, admin]) {
      for (const route of routes) {
        const path = route.replace(/:id\b/g, me.id).replace(/:[A-Za-z]+/g, 'x');
        check(await client.get(path), `GET ${path}`);
      }
    }
    for (const client of [anonymous, member]) {
      check(await client.postForm('/privacy/consent', { choice: 'accept' }), 'consent accept');
      check(await client.get('/'), 'GET / after consent');
      check(await client.sendJson('POST', '/api/v1/telemetry/crash', { message: 'crawl' }), 'crash report');
      check(await client.sendJson('POST', '/api/v1/telemetry/device', { screenWidth: 10, screenHeight: 10 }), 'device settings');
      check(await client.postForm('/privacy/consent', { choice: 'reject' }), 'consent reject');
    }
    const remembered = new TestClient(server.url);
    check(await remembered.postForm('/signin', { email, password: 'correct horse battery staple 42', remember: 'on' }), 'sign-in with remember me');
    check(await remembered.postForm('/signout', {}), 'sign-out');
    for (const name of ['opsenic.sid', 'opsenic.did', 'opsenic.consent', 'opsenic.aid']) assert.ok(seen.has(name), `the crawl saw ${name}`);
    assert.deepEqual(server.container.services.cookies.violations, [], 'the server-side guard saw no unregistered cookie');
  });
});
