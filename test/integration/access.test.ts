// Who may do what: every route the app declares is checked for anonymous, a member, a node member,
// a node lead, an admin and a member of another workspace against the tables in
// test/integration/access/*.access.ts. A route of the org, sections or tokens components that no
// table covers fails the suite; any other /api/v1 route must at least refuse anonymous callers.
import assert from 'node:assert/strict';
import { forEachDialect } from './../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient } from '../support/http.js';
import { createApp } from '../../server/app.js';
import { roles, type AccessCase, type AccessFixture, type Role } from './access/types.js';
import { accessCases, accessFixture, routesOf } from './access/fixture.js';

const cases = accessCases;

/** Routes that must appear in a table (the org half of issue 3 and the foundation API it documents). */
/** API routes that are public on purpose (anonymous crash/device telemetry, the cookie policy). */
const publicApi = new Set(['POST /api/v1/telemetry/crash', 'POST /api/v1/telemetry/device', 'GET /api/v1/privacy/cookies']);

// The people half of issue 3 (people pages, 1:1s, feedback, discussions, notifications, search) too.
const mustCover = /^\/(admin|privacy)(\/|$)|^\/(org|sections|tokens)(\/|$)|^\/api\/v1\/(entities|nodes|links|sections|tokens|me|users|sessions|openapi\.json|csrf-token)(\/|$)|^\/api\/v1\/people\/:id\/memberships$|^\/(people|one-on-ones|feedback|discussions|notifications|search)(\/|$)|^\/api\/v1\/(people|one-on-ones|feedback|discussions|comments|notifications|search)(\/|$)/;


forEachDialect('who may do what', (dialect) => {
  let server: TestServer;
  let f: AccessFixture;
  const clients = {} as Record<Role, TestClient>;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(dialect);
    f = await accessFixture(server);
    clients.anonymous = new TestClient(server.url);
    for (const role of roles) if (role !== 'anonymous') clients[role] = f.people[role].client;
  });
  after(async () => server?.close());

  /** Sends the case as this role; `watch` reads the stored state once the path and body are built (they may create resources), before the call. */
  async function call(role: Role, c: AccessCase, watch?: () => Promise<void>) {
    const client = clients[role];
    const url = await c.path(f);
    const body = c.body ? await c.body(f) : {};
    await watch?.();
    if (c.method === 'GET') return client.get(url, url.startsWith('/api/') ? { accept: 'application/json' } : {});
    if (c.form) return client.postForm(url, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
    return client.sendJson(c.method, url, body);
  }

  it('when the app\'s routes are listed, then every org, section, token and foundation API route has a row in an access table', () => {
    const live = routesOf(createApp(server.container));
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const missing = live.filter((r) => mustCover.test(r.route) && !covered.has(`${r.method} ${r.route}`)).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(missing, [], `routes without expectations: ${missing.join(', ')}`);
    const stale = cases.filter((c) => !live.some((r) => r.method === c.method && r.route === c.route)).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(stale, [], `rows for routes that do not exist: ${stale.join(', ')}`);
  });

  it('when the OpenAPI document is read, then every org, section, token and foundation API route is in it with its method', async () => {
    const doc = (await new TestClient(server.url).get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const live = routesOf(createApp(server.container)).filter((r) => r.route.startsWith('/api/v1/') && mustCover.test(r.route));
    const undocumented = live.filter((r) => !doc.paths[r.route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(undocumented, []);
    assert.ok(live.length > 40, `found ${live.length} API routes`);
  });

  it('when anonymous calls any other /api/v1 route, then it is refused with 401', async () => {
    const live = routesOf(createApp(server.container));
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const others = live.filter((r) => r.route.startsWith('/api/v1/') && !covered.has(`${r.method} ${r.route}`) && !publicApi.has(`${r.method} ${r.route}`));
    const anonymous = new TestClient(server.url);
    const wrong: string[] = [];
    for (const r of others) {
      const url = r.route.replace(/:[A-Za-z]+/g, '00000000-0000-0000-0000-000000000000');
      const reply = r.method === 'GET' ? await anonymous.get(url, { accept: 'application/json' }) : await anonymous.sendJson(r.method, url, {});
      if (reply.status !== 401) wrong.push(`${r.method} ${r.route} -> ${reply.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  for (const c of cases) {
    const allowed = roles.filter((_, i) => c.expect[i] === 'A');
    it(`when each role calls ${c.method} ${c.route}, then only ${allowed.length ? allowed.join(', ') : 'no one'} may`, async () => {
      assert.equal(c.expect.length, roles.length, 'one letter per role');
      // Refusals first: they must not consume what an allowed write needs.
      const order = [...roles].sort((x, y) => Number(c.expect[roles.indexOf(x)] === 'A') - Number(c.expect[roles.indexOf(y)] === 'A'));
      const wrong: string[] = [];
      for (const role of order) {
        const expected = c.expect[roles.indexOf(role)];
        let before: string | undefined;
        const reply = await call(role, c, expected === 'D' && c.state ? async () => void (before = JSON.stringify(await c.state!(f))) : undefined);
        const toSignin = (reply.status === 302 || reply.status === 303) && (reply.location ?? '').startsWith('/signin');
        const allowedReply = reply.status < 400 && !toSignin;
        const deniedReply = (reply.status >= 400 && reply.status < 500) || toSignin;
        if (expected === 'A' && !allowedReply) wrong.push(`${role}: expected allowed, got ${reply.status} ${reply.text.slice(0, 160)}`);
        if (expected === 'D' && !deniedReply) wrong.push(`${role}: expected denied, got ${reply.status}`);
        if (expected === 'D' && c.deniedStatus) {
          const exact = role === 'anonymous' ? (c.method === 'GET' && !c.route.startsWith('/api/') ? 'signin' : 401) : c.deniedStatus;
          if (exact === 'signin' ? !toSignin : reply.status !== exact) wrong.push(`${role}: expected ${exact === 'signin' ? 'the redirect to /signin' : exact}, got ${reply.status}`);
        }
        if (before !== undefined && JSON.stringify(await c.state!(f)) !== before) wrong.push(`${role}: the denied ${c.method} changed stored data`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
