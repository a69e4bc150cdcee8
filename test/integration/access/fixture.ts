// The situation the access matrix (access.test.ts) runs against: an admin, a member, a node member,
// a node lead and an outsider, each signed in, a node with a public and a restricted section, and
// builders of fresh resources for writes. The access matrix (access.test.ts) and the toast test, which
// sends the matrix's form rows, both run against it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../support/server.js';
import { signedInClient, strongPassword } from '../../support/http.js';
import { makeAdmin, outsider, person, type Person } from '../../support/people.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AccessCase, AccessFixture, Role } from './types.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
/** Every row of the access tables (access/*.access.ts). */
export const accessCases: AccessCase[] = (
  await Promise.all(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.access.ts'))
      .sort()
      .map(async (f) => Object.values(await import(pathToFileURL(path.join(dir, f)).href)).flat() as AccessCase[]),
  )
).flat();

/**
 * Every (method, path) the app declares. A route may be declared with several paths (an array) or
 * with a RegExp: each string of an array is a route of its own, and a RegExp is listed by its
 * source (`/^\/x$/`), so it can never match a table row or an OpenAPI path by accident and an
 * /api/v1 RegExp route still has to answer anonymous with 401.
 */
export function routesOf(app: unknown): Array<{ method: string; route: string }> {
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

/** The tables AccessFixture.snapshot compares around a denied write. */
const snapshotTables = ['users', 'invitations', 'workspaces', 'api_tokens', 'sessions', 'org_entities', 'org_nodes', 'org_memberships', 'org_links', 'org_node_editors', 'sections', 'section_revisions', 'section_grants', 'section_hidden', 'one_on_ones', 'one_on_one_meetings', 'one_on_one_items', 'one_on_one_private_notes', 'feedback', 'comments', 'comment_mentions', 'notifications', 'email_outbox'];

/** Builds the people, the node and its sections, and the builders of fresh resources. */
export async function accessFixture(server: TestServer): Promise<AccessFixture> {
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
  const f: AccessFixture = {
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
        // A notification's email columns are the sender's progress too (it runs in the background),
        // and so is a sandbox's expiry notice mark (the daily job sets it when the notice is queued).
        out[table] = rows.map((r) => JSON.stringify({ ...r, last_sign_in_at: undefined, last_used_at: undefined, ...(table === 'notifications' ? { email_state: undefined, email_attempts: undefined, delivered_at: undefined } : {}), ...(table === 'workspaces' ? { expiry_notice_for: undefined } : {}) })).sort();
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
  return f;
}
