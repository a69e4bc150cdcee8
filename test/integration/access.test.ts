// Who may do what: every route the app declares is checked for anonymous, a member, a node member,
// a node lead, an admin and a member of another workspace against the tables in
// test/integration/access/*.access.ts. A route of the org, sections or tokens components that no
// table covers fails the suite; any other /api/v1 route must at least refuse anonymous callers.
import assert from 'node:assert/strict';
import { forEachDialect } from './../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient } from '../support/http.js';
import { createApp } from '../../server/app.js';
import { accessCases, accessFixture, routesOf } from './access/fixture.js';
import { roles, type AccessCase, type AccessFixture, type Role } from './access/types.js';

/** API routes that are public on purpose (anonymous crash/device telemetry, the cookie policy). */
const publicApi = new Set(['POST /api/v1/telemetry/crash', 'POST /api/v1/telemetry/device', 'GET /api/v1/privacy/cookies']);

/**
 * Routes that must appear in a table: the org half of issue 3 and the foundation API it documents,
 * the people half (people pages, 1:1s, feedback, discussions, notifications, search), admin and privacy.
 */
const mustCover = /^\/(admin|privacy)(\/|$)|^\/(org|sections|tokens)(\/|$)|^\/api\/v1\/(entities|nodes|links|sections|tokens|me|users|sessions|openapi\.json|csrf-token)(\/|$)|^\/api\/v1\/people\/:id\/memberships$|^\/(people|one-on-ones|feedback|discussions|notifications|search)(\/|$)|^\/api\/v1\/(people|one-on-ones|feedback|discussions|comments|notifications|search)(\/|$)/;

/** Routes whose Express pattern is documented in a more precise form (a file name with its extension). */
const documentedAs: Record<string, string> = { '/api/v1/insights/:board/:file': '/api/v1/insights/{board}/{chart}.csv' };

/** The exact status a denial letter stands for (undefined: an allowed or unchecked call). */
function exactDenial(c: AccessCase, role: Role, letter: string): 400 | 401 | 403 | 404 | undefined {
  if (letter === '0') return 400;
  if (letter === '1') return 401;
  if (letter === '3') return 403;
  if (letter === '4') return 404;
  if (letter === 'D') return role === 'anonymous' ? 401 : c.deniedStatus;
  return undefined;
}

/** For a whole-table snapshot: which tables changed, with a row that came or went (a failure says where to look). */
function changedTables(before: string, after: string): string {
  const [b, a] = [JSON.parse(before), JSON.parse(after)] as Array<Record<string, unknown>>;
  if (!b || !a || typeof b !== 'object' || Array.isArray(b)) return '';
  const changes = Object.keys(a)
    .filter((table) => JSON.stringify(a[table]) !== JSON.stringify(b[table]))
    .map((table) => {
      const [was, is] = [b[table], a[table]] as string[][];
      const came = is?.find((row) => !was?.includes(row));
      const went = was?.find((row) => !is?.includes(row));
      return `${table} (${came ? `new ${came.slice(0, 300)}` : ''}${went ? ` gone ${went.slice(0, 300)}` : ''})`;
    });
  return changes.length ? `: ${changes.join('; ')}` : '';
}

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
    const covered = new Set(accessCases.map((c) => `${c.method} ${c.route}`));
    const missing = live.filter((r) => mustCover.test(r.route) && !covered.has(`${r.method} ${r.route}`)).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(missing, [], `routes without expectations: ${missing.join(', ')}`);
    const stale = accessCases.filter((c) => !live.some((r) => r.method === c.method && r.route === c.route)).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(stale, [], `rows for routes that do not exist: ${stale.join(', ')}`);
  });

  it('when the OpenAPI document is read, then every /api/v1 route the app declares is in it with its method', async () => {
    const doc = (await new TestClient(server.url).get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const live = routesOf(createApp(server.container)).filter((r) => r.route.startsWith('/api/v1/'));
    const undocumented = live.filter((r) => !doc.paths[documentedAs[r.route] ?? r.route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(undocumented, []);
    assert.ok(live.length > 40, `found ${live.length} API routes`);
  });

  it('when anonymous calls any other /api/v1 route, then it is refused with 401', async () => {
    const live = routesOf(createApp(server.container));
    const covered = new Set(accessCases.map((c) => `${c.method} ${c.route}`));
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

  it('when the tables are read, then every denial names its exact status and every write says what a denial must leave unchanged', () => {
    const vague = accessCases.filter((c) => /D/.test(c.expect) && !c.deniedStatus).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(vague, [], `denials without an exact status: ${vague.join(', ')}`);
    const unknownLetters = accessCases.filter((c) => !/^[A0134DX]+$/.test(c.expect)).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(unknownLetters, []);
    const unguarded = accessCases.filter((c) => c.method !== 'GET' && /[0134D]/.test(c.expect) && !c.state).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(unguarded, [], `denied writes whose effect is not checked: ${unguarded.join(', ')}`);
  });

  for (const c of accessCases) {
    const allowed = roles.filter((_, i) => c.expect[i] === 'A');
    it(`when each role calls ${c.method} ${c.route}, then only ${allowed.length ? allowed.join(', ') : 'no one'} may`, async () => {
      assert.equal(c.expect.length, roles.length, 'one letter per role');
      // Refusals first: they must not consume what an allowed write needs.
      const order = [...roles].sort((x, y) => Number(c.expect[roles.indexOf(x)] === 'A') - Number(c.expect[roles.indexOf(y)] === 'A'));
      const wrong: string[] = [];
      for (const role of order) {
        const expected = c.expect[roles.indexOf(role)] ?? '';
        const exact = exactDenial(c, role, expected);
        const denied = exact !== undefined;
        let before: string | undefined;
        const reply = await call(role, c, denied && c.state ? async () => void (before = JSON.stringify(await c.state!(f))) : undefined);
        const toSignin = (reply.status === 302 || reply.status === 303) && (reply.location ?? '').startsWith('/signin');
        const allowedReply = reply.status < 400 && !toSignin;
        if (process.env.ACCESS_DUMP) console.log(`DUMP ${c.method} ${c.route} ${role} ${toSignin ? 'signin' : reply.status}`);
        if (expected === 'A' && !allowedReply) wrong.push(`${role}: expected allowed, got ${reply.status} ${reply.text.slice(0, 160)}`);
        if (denied) {
          // A page GET by anonymous is refused by the redirect to /signin; everything else by its exact status.
          const signinExpected = exact === 401 && c.method === 'GET' && !c.route.startsWith('/api/');
          if (signinExpected ? !toSignin : reply.status !== exact) wrong.push(`${role}: expected ${signinExpected ? 'the redirect to /signin' : exact}, got ${toSignin ? 'the redirect to /signin' : reply.status}`);
        }
        if (before !== undefined) {
          const after = JSON.stringify(await c.state!(f));
          if (after !== before) wrong.push(`${role}: the denied ${c.method} changed stored data${changedTables(before, after)}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }
});
