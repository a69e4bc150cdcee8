// SCIM and single sign-on together, on both dialects: the provisioning sequences Okta, Entra ID and
// OneLogin send (their documented PATCH shapes, RFC 7644 §3.5.2 and their quirks), each followed by
// the provisioned person's first sign-in through the same provider (a real oidc-provider), which
// links the account by externalId/subject or by email, with or without email_verified.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, uniqueEmail } from '../support/http.js';
import { IdpBrowser, startTestIdp, type TestAccount, type TestIdp } from '../support/oidc.js';
import { cliActor } from '../../server/components/audit/audit.service.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

forEachDialect('SCIM sequences of Okta, Entra ID and OneLogin, then single sign-on', (dialect) => {
  let idp: TestIdp;
  let server: TestServer;
  const tokens: Record<string, string> = {};

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    // newAccounts refuse: a sign-in that works here can only be the link to the provisioned account.
    const provider = (displayName: string) => idp.proxiedConfig({ displayName, newAccounts: 'refuse' });
    server = await startTestServer(dialect, { 'oidc.providers': { okta: provider('Okta'), entra: provider('Entra ID'), onelogin: provider('OneLogin') } });
    for (const id of ['okta', 'entra', 'onelogin']) tokens[id] = (await server.container.services.scimTokens.create(`${id} provisioning`, cliActor, id)).token;
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  async function scim(provider: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[provider]}`, accept: 'application/scim+json', ...(body ? { 'content-type': 'application/scim+json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function ok(provider: string, method: string, path: string, body?: unknown) {
    const reply = await scim(provider, method, path, body);
    assert.ok(reply.status >= 200 && reply.status < 300, `${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async function signIn(provider: string, subject: string, account: TestAccount) {
    idp.accounts.set(subject, account);
    idp.loginAs(subject);
    const client = new TestClient(server.url);
    const start = await client.get(`/auth/oidc/${provider}`);
    const callback = await new IdpBrowser().followToRp(start.location!, server.url);
    return { client, reply: await client.get(callback.slice(server.url.length)) };
  }

  const link = (userId: string) => server.container.knex('identity_links').where({ user_id: userId }).first();

  it('when a SCIM token is created for a provider that is not configured, then it is refused and nothing is stored', async () => {
    const before = await server.container.knex('scim_tokens').count({ n: '*' }).first();
    await assert.rejects(server.container.services.scimTokens.create('typo', cliActor, 'okat'), /unknownProvider/);
    assert.deepEqual(await server.container.knex('scim_tokens').count({ n: '*' }).first(), before);
  });

  it('when Okta provisions a user and pushes a group (rename with op replace and value {id, displayName}), then the person\'s first Okta sign-in links by subject', async () => {
    const email = uniqueEmail('okta');
    const oktaId = `00u${Date.now().toString(36)}`;
    const none = await ok('okta', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
    assert.equal(none.totalResults, 0);
    const user = await ok('okta', 'POST', '/Users', { schemas: [USER], userName: email, name: { givenName: 'Kim', familyName: 'Okta' }, emails: [{ primary: true, value: email, type: 'work' }], displayName: 'Kim Okta', locale: 'en-US', externalId: oktaId, groups: [], password: 'an-initial-password', active: true });
    await ok('okta', 'GET', `/Users/${user.id}`);
    await ok('okta', 'PUT', `/Users/${user.id}`, { schemas: [USER], id: user.id, userName: email, name: { givenName: 'Kimberly', familyName: 'Okta' }, emails: [{ primary: true, value: email, type: 'work' }], externalId: oktaId, active: true });
    const group = await ok('okta', 'POST', '/Groups', { schemas: [GROUP], displayName: `Okta pushed ${Date.now()}`, members: [] });
    const renamed = await scim('okta', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: group.id, displayName: 'Okta renamed' } }] });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.displayName, 'Okta renamed');
    const otherId = await scim('okta', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: 'another-id', displayName: 'x' } }] });
    assert.equal(otherId.status, 400, 'a different id is read-only');
    await ok('okta', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id, display: email }] }] });
    assert.deepEqual((await ok('okta', 'GET', `/Groups/${group.id}`)).members.map((m: { value: string }) => m.value), [user.id]);
    await ok('okta', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }] });
    await ok('okta', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id, display: email }] }] });

    const { reply } = await signIn('okta', oktaId, { email, email_verified: true, given_name: 'Kimberly', family_name: 'Okta' });
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
    assert.equal(reply.location, '/');
    const linked = await link(user.id);
    assert.equal(linked.subject, oktaId);
    assert.equal(linked.linked_by, 'scim');
  });

  it('when Entra ID provisions a user (enterprise extension, addresses, roles) and a group, then the first Entra sign-in links by email although email_verified is absent and the subject is pairwise', async () => {
    const upn = uniqueEmail('entra');
    const none = await ok('entra', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${upn}"`)}`);
    assert.equal(none.totalResults, 0);
    const user = await ok('entra', 'POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      externalId: 'kentra',
      userName: upn,
      active: true,
      addresses: [{ primary: true, type: 'work', formatted: '1 Microsoft Way', streetAddress: '1 Microsoft Way', locality: 'Redmond', postalCode: '98052', country: 'US' }],
      displayName: 'Kai Entra',
      emails: [{ primary: true, type: 'work', value: upn }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Kai Entra', familyName: 'Entra', givenName: 'Kai' },
      phoneNumbers: [{ primary: true, type: 'work', value: '+1 555 0101' }],
      roles: [],
      title: 'Engineer',
      [ENTERPRISE]: { employeeNumber: '42', department: 'R&D', manager: { value: 'someone' } },
    });
    await ok('entra', 'PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '2 Microsoft Way' },
        { op: 'Add', path: 'roles', value: [{ value: 'reader' }] },
        { op: 'Replace', path: 'displayName', value: 'Kai E.' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Research' },
        { op: 'Replace', path: 'active', value: 'True' },
      ],
    });
    const group = await ok('entra', 'POST', '/Groups', { schemas: [GROUP], externalId: 'entra-sec-group', displayName: `Entra group ${Date.now()}`, members: [] });
    await ok('entra', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }] });
    await ok('entra', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'displayName', value: 'Entra renamed' }] });
    await ok('entra', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: user.id }] }] });
    await ok('entra', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }] });

    const pairwise = `pairwise-${Date.now().toString(36)}`;
    const { reply } = await signIn('entra', pairwise, { email: upn, given_name: 'Kai', family_name: 'Entra' });
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
    assert.equal(reply.location, '/');
    const linked = await link(user.id);
    assert.equal(linked.subject, pairwise);
    assert.equal(linked.linked_by, 'scim');
  });

  it('when OneLogin provisions a user (PUT updates) and manages a group, then the first OneLogin sign-in links by subject with email_verified false', async () => {
    const email = uniqueEmail('onelogin');
    const oneloginId = String(Date.now()).slice(-8);
    const user = await ok('onelogin', 'POST', '/Users', { schemas: [USER], userName: email, externalId: oneloginId, name: { givenName: 'Olu', familyName: 'Login' }, emails: [{ value: email, primary: true }], active: true });
    await ok('onelogin', 'PUT', `/Users/${user.id}`, { schemas: [USER], id: user.id, userName: email, externalId: oneloginId, name: { givenName: 'Olu', familyName: 'Login-Smith' }, emails: [{ value: email, primary: true }], phoneNumbers: [{ value: '', type: 'work' }], active: true });
    const group = await ok('onelogin', 'POST', '/Groups', { schemas: [GROUP], displayName: `OneLogin role ${Date.now()}` });
    await ok('onelogin', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id, display: email }] }] });
    await ok('onelogin', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: user.id, display: email }] }] });
    await ok('onelogin', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { displayName: 'OneLogin renamed' } }] });
    assert.equal((await ok('onelogin', 'GET', `/Groups/${group.id}`)).displayName, 'OneLogin renamed');

    const { reply } = await signIn('onelogin', oneloginId, { email, email_verified: false, given_name: 'Olu', family_name: 'Login-Smith' });
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
    assert.equal(reply.location, '/');
    assert.equal((await link(user.id)).linked_by, 'scim');
  });

  it('when a provider signs in someone another provider\'s token provisioned, then that account is not linked through it', async () => {
    const email = uniqueEmail('cross');
    const user = await ok('okta', 'POST', '/Users', { schemas: [USER], userName: email, externalId: `00ucross${Date.now()}`, name: { givenName: 'Cross', familyName: 'Over' }, emails: [{ value: email, primary: true }], active: true });
    const { reply } = await signIn('onelogin', `unrelated-${Date.now()}`, { email, email_verified: false });
    assert.equal(reply.status, 403, 'OneLogin did not provision this account, and its email is unverified');
    assert.equal(await link(user.id), undefined);
  });
});
