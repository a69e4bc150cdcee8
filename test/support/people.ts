// Helpers for the people-half suites (1:1s, feedback, discussions, notifications, search): signed-up
// colleagues, a member of another workspace, and org facts (nodes, memberships, sections) written
// straight into the real database so each suite states exactly the situation it tests.
import type { TestServer } from './server.js';
import { TestClient, createdAccount, signedInClient, signedUpClient, strongPassword, uniqueEmail } from './http.js';
import { newId } from '../../server/platform/ids.js';

export interface Person {
  client: TestClient;
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export async function person(server: TestServer, firstName = 'Grace', lastName = 'Hopper'): Promise<Person> {
  const email = uniqueEmail(firstName.toLowerCase());
  // Through the sign-up form and its emailed link; a server whose mail goes to a real SMTP server
  // (no capturing mailer) gets the account from the accounts service and signs in through the form.
  const client = server.mailer
    ? (await signedUpClient(server.url, { firstName, lastName, email })).client
    : await signedInClient(server.url, (await createdAccount(server.container, { firstName, lastName, email })).email, strongPassword);
  const me = (await client.get('/api/v1/me')).json();
  return { client, id: me.id, email, firstName, lastName };
}

/** A signed-in member of another workspace (a sandbox). */
export async function outsider(server: TestServer, firstName = 'Otto'): Promise<Person> {
  const p = await person(server, firstName, 'Outside');
  const sandbox = await server.container.services.workspaces.createSandbox(`Sandbox ${newId().slice(0, 6)}`, Date.now() + 86_400_000);
  await server.container.knex('users').where({ id: p.id }).update({ workspace_id: sandbox.id });
  return p;
}

export async function makeAdmin(server: TestServer, p: Person): Promise<void> {
  await server.container.knex('users').where({ id: p.id }).update({ role: 'admin' });
}

async function workspaceOf(server: TestServer, userId: string): Promise<string> {
  return (await server.container.knex('users').where({ id: userId }).first()).workspace_id;
}

/** A node (in a fresh entity) with its leads and members. */
export async function node(server: TestServer, o: { name: string; leads?: Person[]; members?: Person[]; description?: string; workspaceOf?: Person }): Promise<string> {
  const knex = server.container.knex;
  const someone = o.workspaceOf ?? o.leads?.[0] ?? o.members?.[0];
  const workspaceId = someone ? await workspaceOf(server, someone.id) : (await server.container.services.workspaces.getPrimary()).id;
  const at = Date.now();
  const entityId = newId();
  await knex('org_entities').insert({ id: entityId, workspace_id: workspaceId, system_key: null, name: `Entity ${o.name}`, position: 99, archived_at: null, created_at: at, updated_at: at });
  const nodeId = newId();
  await knex('org_nodes').insert({ id: nodeId, workspace_id: workspaceId, entity_id: entityId, parent_id: null, name: o.name, description: o.description ?? null, position: 0, archived_at: null, created_at: at, updated_at: at });
  const rows = [...(o.leads ?? []).map((p) => ({ p, role: 'lead' })), ...(o.members ?? []).map((p) => ({ p, role: 'member' }))];
  for (const { p, role } of rows) await knex('org_memberships').insert({ id: newId(), workspace_id: workspaceId, node_id: nodeId, user_id: p.id, role, created_at: at });
  return nodeId;
}

/** A section of a node or of a person page. */
export async function section(server: TestServer, o: { nodeId?: string; personId?: string; title: string; body: string; visibility: 'public' | 'restricted'; kind?: string }): Promise<string> {
  const knex = server.container.knex;
  const workspaceId = o.nodeId ? (await knex('org_nodes').where({ id: o.nodeId }).first()).workspace_id : await workspaceOf(server, o.personId!);
  const at = Date.now();
  const id = newId();
  await knex('sections').insert({ id, workspace_id: workspaceId, node_id: o.nodeId ?? null, person_id: o.personId ?? null, kind: o.kind ?? 'custom', title: o.title, body: o.body, visibility: o.visibility, position: 0, revision: 1, created_by: null, updated_by: null, created_at: at, updated_at: at });
  await knex('section_revisions').insert({ id: newId(), workspace_id: workspaceId, section_id: id, number: 1, title: o.title, body: o.body, visibility: o.visibility, author_id: null, created_at: at });
  return id;
}

/** Counts rows of a table matching a filter (to prove a refused request changed nothing). */
export async function count(server: TestServer, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await server.container.knex(table).where(where).count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
