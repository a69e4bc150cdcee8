// Who may do what: every route the app declares is checked for anonymous, a member, a node member,
// a node lead, an admin and a member of another workspace against the tables in
// test/integration/access/*.access.ts. A route of the org, sections or tokens components that no
// table covers fails the suite; any other /api/v1 route must at least refuse anonymous callers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { forEachDialect } from './../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedInClient, strongPassword } from '../support/http.js';
import { makeAdmin, outsider, person, type Person } from '../support/people.js';
import { createApp } from '../../server/app.js';
import { roles, type AccessCase, type AccessFixture, type Role } from './access/types.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'access');
const tables = await Promise.all(
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.access.ts'))
    .sort()
    .map(async (f) => Object.values(await import(pathToFileURL(path.join(dir, f)).href)).flat() as AccessCase[]),
);
const cases = tables.flat();

/** Routes that must appear in a table (the org half of issue 3 and the foundation API it documents). */
/** API routes that are public on purpose (anonymous crash/device telemetry, the cookie policy). */
const publicApi = new Set(['POST /api/v1/telemetry/crash', 'POST /api/v1/telemetry/device', 'GET /api/v1/privacy/cookies']);

// The people half of issue 3 (people pages, 1:1s, feedback, discussions, notifications, search) too.
const mustCover = /^\/(admin|privacy)(\/|$)|^\/(org|sections|tokens)(\/|$)|^\/api\/v1\/(entities|nodes|links|sections|tokens|me|users|sessions|openapi\.json|csrf-token)(\/|$)|^\/api\/v1\/people\/:id\/memberships$|^\/(people|one-on-ones|feedback|discussions|notifications|search)(\/|$)|^\/api\/v1\/(people|one-on-ones|feedback|discussions|comments|notifications|search)(\/|$)/;

/** Routes whose Express pattern is documented in a more precise form (a file name with its extension). */
const documentedAs: Record<string, string> = { '/api/v1/insights/:board/:file': '/api/v1/insights/{board}/{chart}.csv' };

/** The tables AccessFixture.snapshot compares around a denied write. */
const snapshotTables = ['users', 'invitations', 'workspaces', 'api_tokens', 'sessions', 'org_entities', 'org_nodes', 'org_memberships', 'org_links', 'org_node_editors', 'sections', 'section_revisions', 'section_grants', 'section_hidden', 'one_on_ones', 'one_on_one_meetings', 'one_on_one_items', 'one_on_one_private_notes', 'feedback', 'comments', 'comment_mentions', 'notifications', 'email_outbox'];

/** The exact status a denial letter stands for (undefined: an allowed or unchecked call). */
function exactDenial(c: AccessCase, role: Role, letter: string): 400 | 401 | 403 | 404 | undefined {
  if (letter === '0') return 400;
  if (letter === '1') return 401;
  if (letter === '3') return 403;
  if (letter === '4') return 404;
  if (letter === 'D') return role === 'anonymous' ? 401 : c.deniedStatus;
  return undefined;
}

/**
 * Every (method, path) the app declares. A route may be declared with several paths (an array) or
 * with a RegExp: each string of an array is a route of its own, and a RegExp is listed by its
 * source (`/^\/x$/`), so it can never match a table row or an OpenAPI path by accident and an
 * /api/v1 RegExp route still has to answer anonymous with 401.
 */
function routesOf(app: unknown): Array<{ method: string; route: string }> {
  const out: Array<{ method: string; route: string }> = [];
  type RoutePath = string | RegExp | Array<string | RegExp>;
  const paths = (p: RoutePath): string[] => (Array.isArray(p) ? p.flatMap(paths) : [typeof p === 'string' ? p : String(p)]);
  const walk = (stack: Array<{ route?: { path: RoutePath; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) for (const route of paths(layer.route.path)) out.push({ method: m.toUpperCase(), route });
      else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
    }
  };
  walk((app as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
  return out;
}

forEachDialect('who may do what', (dialect) => {
  let server: TestServer;
  let f: AccessFixture;
  const clients = {} as Record<Role, TestClient>;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(dialect);
    const admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    const member = await person(server, 'Mia', 'Member');
    const nodeMember = await person(server, 'Noa', 'Nodemember');
    const nodeLead = await person(server, 'Leo', 'Lead');
    const stranger = await outsider(server, 'Otto');
    const a = admin.client;
    const entities = (await a.get('/api/v1/entities')).json().entities as Array<{ id: string; key: string }>;
    const teams = entities.find((e) => e.key === 'teams')!.id;
    const products = entities.find((e) => e.key === 'products')!.id;
    const custom = (await a.sendJson('POST', '/api/v1/entities', { name: 'Circles' })).json().id;
    const node = (await a.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'Core' })).json().id;
    await a.sendJson('PUT', `/api/v1/nodes/${node}/members/${nodeLead.id}`, { role: 'lead' });
    await a.sendJson('PUT', `/api/v1/nodes/${node}/members/${nodeMember.id}`, { role: 'member' });
    const publicSection = (await a.sendJson('POST', `/api/v1/nodes/${node}/sections`, { kind: 'purpose', body: 'Why we exist', visibility: 'public' })).json().id;
    const restrictedSection = (await a.sendJson('POST', `/api/v1/nodes/${node}/sections`, { kind: 'custom', title: 'Budget', body: 'Secret numbers', visibility: 'restricted' })).json().id;
    let n = 0;
    const fresh: AccessFixture['fresh'] = {
      async person() {
        n += 1;
        const p = await person(server, `Fresh${n}`, 'Person');
        return { id: p.id, email: p.email };
      },
      async membership() {
        const p = await fresh.person();
        await a.sendJson('PUT', `/api/v1/nodes/${node}/members/${p.id}`, { role: 'member' });
        return p.id;
      },
      async editor() {
        const p = await fresh.person();
        await a.sendJson('PUT', `/api/v1/nodes/${node}/editors/${p.id}`, {});
        return p.id;
      },
      async productNode() {
        n += 1;
        return (await a.sendJson('POST', '/api/v1/nodes', { entityId: products, name: `Product ${n}` })).json().id;
      },
      async link() {
        const other = await fresh.productNode();
        return (await a.sendJson('POST', `/api/v1/nodes/${node}/links`, { nodeId: other })).json().id;
      },
      async section() {
        return (await a.sendJson('POST', `/api/v1/nodes/${node}/sections`, { kind: 'goals', body: 'Disposable', visibility: 'public' })).json().id;
      },
      async deletedSection() {
        const id = await fresh.section();
        assert.equal((await a.sendJson('DELETE', `/api/v1/sections/${id}`, {})).status, 204);
        return id;
      },
      async grant() {
        const p = await fresh.person();
        const grants = (await a.sendJson('POST', `/api/v1/sections/${restrictedSection}/grants`, { userId: p.id })).json().grants as Array<{ id: string; userId: string }>;
        return grants.find((g) => g.userId === p.id)!.id;
      },
      async leadToken() {
        return (await nodeLead.client.sendJson('POST', '/api/v1/tokens', { name: 'disposable', scope: 'read' })).json().record.id;
      },
      async hold() {
        const p = await fresh.person();
        const reply = await a.postForm('/admin/retention/holds', { user: p.email, reason: 'access matrix hold' });
        assert.ok(reply.status < 400, `hold: ${reply.status} ${reply.text.slice(0, 200)}`);
        const row = await server.container.knex('legal_holds').orderBy('created_at', 'desc').first();
        return row.id as string;
      },
      async privacyRequest() {
        const p = await fresh.person();
        const reply = await a.sendJson('POST', '/api/v1/privacy/requests', { type: 'access', user: p.email });
        assert.equal(reply.status, 201, reply.text.slice(0, 200));
        return reply.json().id as string;
      },
      async failedEmail() {
        const knex = server.container.knex;
        const admin = await knex('users').where({ id: f.people.admin.id }).first('workspace_id', 'email');
        const id = randomUUID();
        const at = Date.now();
        await knex('email_outbox').insert({ id, workspace_id: admin.workspace_id, user_id: f.people.admin.id, to_address: admin.email, to_lower: admin.email.toLowerCase(), category: 'account', template: 'test', language: 'en', time_zone: null, data: JSON.stringify({ at }), subject: 'Test', status: 'failed', attempts: 5, next_attempt_at: at, last_error: 'access matrix failure', created_at: at, finished_at: at });
        return id;
      },
      async leadSession() {
        const second = await signedInClient(server.url, nodeLead.email, strongPassword);
        const sessions = (await second.get('/api/v1/sessions')).json().sessions as Array<{ id: string; current: boolean }>;
        return sessions.find((s) => s.current)!.id;
      },
    };
    f = {
      people: { member, nodeMember, nodeLead, admin, outsider: stranger } as Record<Exclude<Role, 'anonymous'>, Person>,
      ids: { teams, products, custom, node, publicSection, restrictedSection },
      fresh,
      async stored(what) {
        const knex = server.container.knex;
        const n = async (q: ReturnType<typeof knex>) => Number((await q.count({ n: '*' }).first())?.n ?? 0);
        switch (what) {
          case 'workspaces_signup_mode':
            return (await knex('workspaces').select('id', 'signup_mode').orderBy('id')).map((r) => `${r.id}:${r.signup_mode}`);
          case 'invitations':
            return n(knex('invitations'));
          case 'users_deleted':
            return n(knex('users').where({ status: 'deleted' }));
          case 'legal_holds':
            return n(knex('legal_holds'));
          case 'legal_holds_released':
            return n(knex('legal_holds').whereNotNull('released_at'));
          case 'dsar_requests':
            return n(knex('dsar_requests'));
          case 'users_admin':
            // Who is disabled or admin, and the reset links and emails an action would have sent.
            return { users: (await knex('users').select('id', 'status', 'role').orderBy('id')).map((r) => `${r.id}:${r.status}:${r.role}`), resets: await n(knex('password_resets')), outbox: await n(knex('email_outbox')) };
          case 'memberships':
            return (await knex('org_memberships').select('node_id', 'user_id', 'role').orderBy(['node_id', 'user_id'])).map((r) => `${r.node_id}:${r.user_id}:${r.role}`);
          case 'editors':
            return (await knex('org_node_editors').select('node_id', 'user_id').orderBy(['node_id', 'user_id'])).map((r) => `${r.node_id}:${r.user_id}`);
          case 'outbox':
            return n(knex('email_outbox'));
          case 'outbox_failed':
            return (await knex('email_outbox').where({ last_error: 'access matrix failure' }).select('id', 'status', 'attempts').orderBy('id')).map((r) => `${r.id}:${r.status}:${r.attempts}`);
          case 'mail_consents':
            return (await knex('email_category_settings').select('workspace_id', 'category', 'consent').orderBy(['workspace_id', 'category'])).map((r) => `${r.workspace_id}:${r.category}:${r.consent}`);
          case 'capture_settings':
            return (await knex('capture_settings').select()).map((r) => JSON.stringify(r)).sort();
          case 'dsar_all':
            return { requests: (await knex('dsar_requests').select('id', 'status').orderBy('id')).map((r) => `${r.id}:${r.status}`), notes: await n(knex('dsar_notes')) };
        }
      },
      async snapshot() {
        const knex = server.container.knex;
        // Whole rows, except what changes by itself: a session's last use (and anonymous visitors'
        // sessions, made by any first request), the sender's progress on an email.
        const out: Record<string, string[]> = {};
        for (const table of snapshotTables) {
          const rows = table === 'sessions' ? await knex(table).whereNotNull('user_id').select('id') : table === 'email_outbox' ? await knex(table).select('id') : await knex(table).select();
          // A notification's email columns are the sender's progress too (it runs in the background).
          out[table] = rows.map((r) => JSON.stringify({ ...r, last_sign_in_at: undefined, last_used_at: undefined, ...(table === 'notifications' ? { email_state: undefined, email_attempts: undefined, delivered_at: undefined } : {}) })).sort();
        }
        return out;
      },
      async entityOrder() {
        return ((await a.get('/api/v1/entities?archived=true')).json().entities as Array<{ id: string }>).map((e) => e.id);
      },
      async sectionOrder() {
        return ((await a.get(`/api/v1/nodes/${node}/sections`)).json().sections as Array<{ id: string }>).map((s) => s.id);
      },
    };
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

  it('when the OpenAPI document is read, then every /api/v1 route the app declares is in it with its method', async () => {
    const doc = (await new TestClient(server.url).get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const live = routesOf(createApp(server.container)).filter((r) => r.route.startsWith('/api/v1/'));
    const undocumented = live.filter((r) => !doc.paths[documentedAs[r.route] ?? r.route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.route}`);
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

  it('when the tables are read, then every denial names its exact status and every write says what a denial must leave unchanged', () => {
    const vague = cases.filter((c) => /D/.test(c.expect) && !c.deniedStatus).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(vague, [], `denials without an exact status: ${vague.join(', ')}`);
    const unknownLetters = cases.filter((c) => !/^[A0134DX]+$/.test(c.expect)).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(unknownLetters, []);
    const unguarded = cases.filter((c) => c.method !== 'GET' && /[0134D]/.test(c.expect) && !c.state).map((c) => `${c.method} ${c.route}`);
    assert.deepEqual(unguarded, [], `denied writes whose effect is not checked: ${unguarded.join(', ')}`);
  });

  for (const c of cases) {
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
        if (before !== undefined && JSON.stringify(await c.state!(f)) !== before) wrong.push(`${role}: the denied ${c.method} changed stored data`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
