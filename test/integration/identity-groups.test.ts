// Groups mapped to roles and org nodes (oidc.groupMappings), on both dialects: the groups claim of a
// real oidc-provider is stored with the identity link, shown to admins, and applied at each sign-in
// (granted, then taken back when the group goes); a role an admin gave by hand is kept; SCIM group
// membership applies the same mapping.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedInClient, strongPassword, TestClient, uniqueEmail } from '../support/http.js';
import { IdpBrowser, startTestIdp, type TestIdp } from '../support/oidc.js';
import { cliActor } from '../../server/components/audit/audit.service.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

forEachDialect('single sign-on groups mapped to roles and nodes', (dialect) => {
  let idp: TestIdp;
  let server: TestServer;
  let scimToken: string;
  let engineeringId: string;
  const adminEmail = uniqueEmail('handmade-admin');

  async function scim(method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' }, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    server = await startTestServer(dialect, {
      'oidc.providers': { acme: idp.proxiedConfig({ newAccounts: 'auto', linkVerifiedEmail: true }) },
      'oidc.groupMappings': [
        { group: 'opsenic-admins', role: 'admin' },
        { group: 'privacy-team', role: 'privacy' },
        { group: 'engineering', nodes: ['Engineering'] },
      ],
    });
    await server.container.services.accounts.create({ firstName: 'Hand', lastName: 'Made', email: adminEmail, password: strongPassword, role: 'admin' });
    scimToken = (await server.container.services.scimTokens.create('groups', cliActor)).token;
    engineeringId = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering' })).body.id;
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  async function signIn(subject: string, email: string, groups: string[]) {
    idp.accounts.set(subject, { email, email_verified: true, given_name: 'Gail', family_name: 'Groups', groups });
    idp.loginAs(subject);
    const client = new TestClient(server.url);
    const start = await client.get('/auth/oidc/acme');
    const callback = await new IdpBrowser().followToRp(start.location!, server.url);
    const reply = await client.get(callback.slice(server.url.length));
    assert.equal(reply.location, '/', reply.text.slice(0, 300));
    return (await server.container.repositories.users.findByEmail(email))!;
  }

  const isMember = async (nodeId: string, userId: string) => Boolean(await server.container.knex('org_memberships').where({ node_id: nodeId, user_id: userId }).first());

  it('when the groups claim names mapped groups, then the link stores them, the role and node follow at each sign-in, and admins see the groups', async () => {
    const subject = `groups-${Date.now()}`;
    const email = uniqueEmail('grouped');
    const first = await signIn(subject, email, ['opsenic-admins', 'engineering', 'unmapped']);
    assert.equal(first.role, 'admin');
    assert.equal(await isMember(engineeringId, first.id), true);
    const link = await server.container.knex('identity_links').where({ subject }).first();
    assert.deepEqual(JSON.parse(link.groups), ['opsenic-admins', 'engineering', 'unmapped']);

    const admin = await signedInClient(server.url, adminEmail, strongPassword);
    const page = await admin.get('/admin');
    assert.equal(page.status, 200);
    assert.match(page.text, /id="sso-groups"/);
    assert.ok(page.text.includes('opsenic-admins, engineering, unmapped'));

    const second = await signIn(subject, email, ['privacy-team']);
    assert.equal(second.role, 'privacy', 'the admin role the mapping granted went with its group');
    assert.equal(await isMember(engineeringId, first.id), false, 'the node membership too');
    const third = await signIn(subject, email, []);
    assert.equal(third.role, 'member');
  });

  it('when a hand-made admin signs in with a group mapped to a lower role, then they stay admin', async () => {
    const subject = `handmade-${Date.now()}`;
    await signIn(subject, adminEmail, ['privacy-team']);
    assert.equal((await server.container.repositories.users.findByEmail(adminEmail))?.role, 'admin');
  });

  it('when SCIM adds a person to a mapped group and removes them, then the same mapping grants and takes back the role', async () => {
    const email = uniqueEmail('scim-grouped');
    const user = (await scim('POST', '/Users', { schemas: [USER], userName: email, name: { givenName: 'Sam', familyName: 'Scim' } })).body;
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'opsenic-admins', members: [{ value: user.id }] })).body;
    assert.equal((await server.container.repositories.users.findById(user.id))?.role, 'admin');
    const removed = await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }] });
    assert.equal(removed.status, 200);
    assert.equal((await server.container.repositories.users.findById(user.id))?.role, 'member');
    await scim('PATCH', `/Groups/${engineeringId}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] });
    assert.equal(await isMember(engineeringId, user.id), true);
  });
});
