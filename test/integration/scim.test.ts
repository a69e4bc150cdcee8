// SCIM 2.0 at /scim/v2 on both dialects: the examples of RFC 7643 / 7644, an Entra-ID-style
// provisioning sequence, the SCIM error format for bad filters, paths and values, bearer tokens
// (SCIM tokens only, hashed, revocable), concurrent PATCHes of one group, and the audit trail.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedUpClient, uniqueEmail } from '../support/http.js';
import { cliActor } from '../../server/components/audit/audit.service.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface ScimReply {
  status: number;
  body: any;
  headers: Headers;
}

forEachDialect('SCIM 2.0 provisioning', (dialect) => {
  let server: TestServer;
  let token: string;

  async function scim(method: string, path: string, body?: unknown, bearer: string | null = token): Promise<ScimReply> {
    const response = await fetch(`${server.url}/scim/v2${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), accept: 'application/scim+json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  function assertScimError(reply: ScimReply, status: number, scimType?: string): void {
    assert.equal(reply.status, status, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.schemas, [ERROR]);
    assert.equal(reply.body.status, String(status));
    if (scimType) assert.equal(reply.body.scimType, scimType, reply.body.detail);
    assert.equal(typeof reply.body.detail, 'string');
  }

  const newUser = async (userName = uniqueEmail('scim'), extra: Record<string, unknown> = {}) => {
    const reply = await scim('POST', '/Users', { schemas: [USER], userName, name: { givenName: 'Test', familyName: 'Person' }, ...extra });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body as { id: string; userName: string };
  };

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect);
    token = (await server.container.services.scimTokens.create('test IdP', cliActor)).token;
  });
  after(async () => server?.close());

  it('when the discovery endpoints are read, then ServiceProviderConfig, Schemas and ResourceTypes describe what is supported', async () => {
    const spc = await scim('GET', '/ServiceProviderConfig');
    assert.equal(spc.status, 200);
    assert.match(spc.headers.get('content-type')!, /application\/scim\+json/);
    assert.equal(spc.body.patch.supported, true);
    assert.equal(spc.body.bulk.supported, false);
    assert.equal(spc.body.filter.supported, true);
    assert.equal(spc.body.authenticationSchemes[0].type, 'oauthbearertoken');
    const schemas = await scim('GET', '/Schemas');
    assert.deepEqual(schemas.body.Resources.map((s: { id: string }) => s.id).sort(), [GROUP, USER]);
    const userSchema = await scim('GET', `/Schemas/${USER}`);
    assert.ok(userSchema.body.attributes.some((a: { name: string }) => a.name === 'userName'));
    const types = await scim('GET', '/ResourceTypes');
    assert.deepEqual(types.body.Resources.map((r: { endpoint: string }) => r.endpoint).sort(), ['/Groups', '/Users']);
    assert.equal((await scim('GET', '/ResourceTypes/User')).body.schema, USER);
  });

  it('when there is no token, a personal access token or a revoked token, then 401 in the SCIM error format; a SCIM token does not open the JSON API', async () => {
    assertScimError(await scim('GET', '/Users', undefined, null), 401);
    const { client } = await signedUpClient(server.url);
    const pat = (await client.sendJson('POST', '/api/v1/tokens', { name: 'script', scope: 'write' })).json().token;
    assertScimError(await scim('GET', '/Users', undefined, pat), 401);
    const api = await fetch(`${server.url}/api/v1/tokens`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.status, 401);
    const spare = await server.container.services.scimTokens.create('spare', cliActor);
    assert.equal((await scim('GET', '/Users', undefined, spare.token)).status, 200);
    await server.container.services.scimTokens.revoke(spare.record.id, cliActor);
    assertScimError(await scim('GET', '/Users', undefined, spare.token), 401);
    const row = await server.container.knex('scim_tokens').where({ id: spare.record.id }).first();
    assert.notEqual(row.token_hash, spare.token, 'only the hash is stored');
    assert.ok(!JSON.stringify(row).includes(spare.token));
  });

  it('when the RFC 7644 §3.3 example creates bjensen, then 201 with Location and meta, and the RFC 7643 §8.2 full representation is accepted', async () => {
    const created = await scim('POST', '/Users', { schemas: [USER], userName: 'bjensen', externalId: 'bjensen', name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.userName, 'bjensen');
    assert.equal(created.body.externalId, 'bjensen');
    assert.equal(created.body.name.givenName, 'Barbara');
    assert.equal(created.body.meta.resourceType, 'User');
    assert.equal(created.headers.get('location'), created.body.meta.location);
    assert.equal(created.body.meta.location, `${server.url}/scim/v2/Users/${created.body.id}`);
    assert.equal(created.body.active, true);
    assertScimError(await scim('POST', '/Users', { schemas: [USER], userName: 'BJENSEN' }), 409, 'uniqueness');

    const full = await scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      externalId: '701985',
      userName: 'bjensen@example.com',
      name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane', honorificPrefix: 'Ms.', honorificSuffix: 'III' },
      displayName: 'Babs Jensen',
      nickName: 'Babs',
      profileUrl: 'https://login.example.com/bjensen',
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }],
      addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA', primary: true }],
      phoneNumbers: [{ value: '555-555-5555', type: 'work' }, { value: '555-555-4444', type: 'mobile' }],
      ims: [{ value: 'someaimhandle', type: 'aim' }],
      photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      userType: 'Employee',
      title: 'Tour Guide',
      preferredLanguage: 'en-US',
      locale: 'en-US',
      timezone: 'America/Los_Angeles',
      active: true,
      password: 't1meMa$heen',
      groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', $ref: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides' }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
      [ENTERPRISE]: { employeeNumber: '701984', costCenter: '4130', organization: 'Universal Studios', division: 'Theme Park', department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' } },
      meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z', version: 'W/"3694e05e9dff591"', location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646' },
    });
    assert.equal(full.status, 201, JSON.stringify(full.body));
    assert.deepEqual(full.body.emails, [{ value: 'bjensen@example.com', type: 'work', primary: true }]);
    assert.equal(full.body.title, 'Tour Guide');
    assert.equal(full.body.timezone, 'America/Los_Angeles');
    assert.equal(full.body.preferredLanguage, 'en');
    assert.deepEqual(full.body.phoneNumbers, [{ value: '555-555-5555', type: 'work', primary: true }]);
    assert.deepEqual(full.body.groups, [], 'groups is read-only: the body\'s groups are ignored');
    assert.notEqual(full.body.meta.created, '2010-01-23T04:56:22Z');
    const user = await server.container.repositories.users.findByEmail('bjensen@example.com');
    assert.equal(user?.passwordHash, null, 'a provisioned password is never stored');
  });

  it('when users are listed with the RFC filter examples and pagination, then the filters run in the database and pages are 1-based', async () => {
    const marker = `pg${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await newUser(`${marker}.${i}@example.com`, { title: i === 0 ? 'Lead' : undefined }));
    const eq = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${marker.toUpperCase()}.3@EXAMPLE.COM"`)}`);
    assert.equal(eq.status, 200);
    assert.deepEqual(eq.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    assert.equal(eq.body.totalResults, 1);
    assert.equal(eq.body.Resources[0].id, made[3]!.id);
    const sw = await scim('GET', `/Users?filter=${encodeURIComponent(`userName sw "${marker}"`)}&startIndex=2&count=2`);
    assert.equal(sw.body.totalResults, 5);
    assert.equal(sw.body.startIndex, 2);
    assert.equal(sw.body.itemsPerPage, 2);
    assert.deepEqual(sw.body.Resources.map((r: { id: string }) => r.id), [made[1]!.id, made[2]!.id]);
    const last = await scim('GET', `/Users?filter=${encodeURIComponent(`userName sw "${marker}"`)}&startIndex=5&count=10`);
    assert.deepEqual(last.body.Resources.map((r: { id: string }) => r.id), [made[4]!.id]);
    const count0 = await scim('GET', `/Users?filter=${encodeURIComponent(`userName sw "${marker}"`)}&count=0`);
    assert.equal(count0.body.totalResults, 5);
    assert.equal(count0.body.Resources.length, 0);
    const combined = `userName sw "${marker}" and (title pr or emails[type eq "work" and value co "${marker}.4"]) and not (active eq false)`;
    const complex = await scim('GET', `/Users?filter=${encodeURIComponent(combined)}`);
    assert.deepEqual(complex.body.Resources.map((r: { id: string }) => r.id).sort(), [made[0]!.id, made[4]!.id].sort());
    const modified = await scim('GET', `/Users?filter=${encodeURIComponent(`meta.lastModified gt "2011-05-13T04:42:34Z" and userName sw "${marker}"`)}`);
    assert.equal(modified.body.totalResults, 5);
    const projected = await scim('GET', `/Users/${made[0]!.id}?attributes=userName`);
    assert.deepEqual(Object.keys(projected.body).sort(), ['id', 'schemas', 'userName']);
    const search = await scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `userName sw "${marker}"`, startIndex: 1, count: 1 });
    assert.equal(search.body.totalResults, 5);
    assert.equal(search.body.Resources.length, 1);
  });

  it('when a filter is malformed or names an unknown attribute, then 400 invalidFilter; unknown attributes and bad values in bodies are 400 invalidValue, unknown PATCH paths 400 invalidPath', async () => {
    for (const filter of ['userName eq', 'userName equals "x"', 'userName eq "unterminated', '(userName eq "x"', 'userName eq x', 'shoeSize eq "42"', 'userName eq "x" and', 'active eq "yes"', 'meta.lastModified gt "yesterday"']) {
      assertScimError(await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
    }
    assertScimError(await scim('GET', `/Groups?filter=${encodeURIComponent('owner eq "x"')}`), 400, 'invalidFilter');
    assertScimError(await scim('POST', '/Users', { schemas: [USER], userName: uniqueEmail(), shoeSize: 42 }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', { schemas: [USER], userName: uniqueEmail(), active: 'maybe' }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', { schemas: [USER], userName: uniqueEmail(), timezone: 'Mars/Olympus' }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', { schemas: [USER] }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', { userName: uniqueEmail() }), 400, 'invalidSyntax');
    assertScimError(await scim('POST', '/Users', '{"schemas": ['), 400, 'invalidSyntax');
    const user = await newUser();
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'shoeSize', value: 42 }] }), 400, 'invalidPath');
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'name[givenName eq "x"]', value: 'y' }] }), 400, 'invalidPath');
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[type eq "work"', value: 'y' }] }), 400, 'invalidPath');
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'explode', path: 'active', value: true }] }), 400, 'invalidSyntax');
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'remove' }] }), 400, 'noTarget');
    assertScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'userName' }] }), 400, 'mutability');
    assertScimError(await scim('GET', '/Users/00000000-0000-0000-0000-000000000000'), 404);
    assertScimError(await scim('GET', '/Users?count=lots'), 400, 'invalidValue');
    assertScimError(await scim('GET', '/Nothing'), 404);
    const unchanged = await scim('GET', `/Users/${user.id}`);
    assert.equal(unchanged.body.userName, user.userName, 'a refused PATCH changes nothing');
  });

  it('when Entra ID provisions a password account, then PATCH active "False" disables it and ends its sessions, other PATCHes update it, and DELETE starts the deletion lifecycle', async () => {
    const { client, email } = await signedUpClient(server.url, { firstName: 'Grace', lastName: 'Hopper' });
    assert.equal((await client.get('/profile')).status, 200);
    // Entra looks the person up first.
    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    assert.equal(found.body.totalResults, 1);
    const id = found.body.Resources[0].id as string;
    const patched = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'externalId', value: '0f2c6b1e-entra-object-id' },
        { op: 'Replace', path: 'name.givenName', value: 'Grace B.' },
        { op: 'Add', path: 'title', value: 'Rear Admiral' },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
        { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Navy' },
        { op: 'Replace', value: { displayName: 'Grace B. Hopper', preferredLanguage: 'fr-FR' } },
      ],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.externalId, '0f2c6b1e-entra-object-id');
    assert.equal(patched.body.name.givenName, 'Grace B.');
    assert.equal(patched.body.title, 'Rear Admiral');
    assert.deepEqual(patched.body.phoneNumbers, [{ value: '+1 555 0100', type: 'work', primary: true }]);
    assert.equal(patched.body.preferredLanguage, 'fr');
    const byExternalId = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "0f2c6b1e-entra-object-id"')}`);
    assert.equal(byExternalId.body.Resources[0].id, id);

    const disabled = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.active, false);
    assert.equal((await server.container.repositories.users.findById(id))?.status, 'disabled');
    assert.equal(Number((await server.container.knex('sessions').where({ user_id: id }).count({ n: '*' }).first())?.n), 0, 'every session ended');
    assert.equal((await client.get('/profile')).status, 302, 'the browser is signed out');
    const enabled = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    assert.equal(enabled.body.active, true);

    const replaced = await scim('PUT', `/Users/${id}`, { schemas: [USER], userName: email, externalId: '0f2c6b1e-entra-object-id', name: { givenName: 'Grace', familyName: 'Hopper' }, emails: [{ value: email, type: 'work', primary: true }], active: true });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.name.givenName, 'Grace');
    assert.equal(replaced.body.title, undefined, 'PUT replaces: a title left out is cleared');

    const deleted = await scim('DELETE', `/Users/${id}`);
    assert.equal(deleted.status, 204);
    const account = await server.container.repositories.users.findById(id);
    assert.equal(account?.status, 'deleted');
    assert.ok(account?.deletedAt);
    assertScimError(await scim('GET', `/Users/${id}`), 404);
    // User targets are stored as the person's opaque audit id.
    const actor = await server.container.knex('audit_actors').where({ user_id: id }).first('id');
    const actions = (await server.container.knex('audit_entries').where({ target_id: actor.id }).select('action')).map((r) => r.action);
    for (const action of ['scim.user.patch', 'scim.user.replace', 'scim.user.delete', 'users.disable', 'users.enable', 'users.delete']) assert.ok(actions.includes(action), `${action} audited`);
  });

  it('when the RFC group examples run (create Tour Guides, add, remove by filter, replace, remove all), then the org node and its memberships follow', async () => {
    const babs = await newUser();
    const mandy = await newUser();
    const created = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Tour Guides', externalId: 'tg-1', members: [{ value: babs.id, $ref: `${server.url}/scim/v2/Users/${babs.id}`, display: 'Babs Jensen' }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const groupId = created.body.id as string;
    assert.deepEqual(created.body.members.map((m: { value: string }) => m.value), [babs.id]);
    const node = await server.container.knex('org_nodes as n').join('org_entities as e', 'e.id', 'n.entity_id').where('n.id', groupId).first('n.name', 'e.system_key');
    assert.deepEqual({ ...node }, { name: 'Tour Guides', system_key: 'teams' });
    assert.equal((await scim('GET', `/Users/${babs.id}`)).body.groups[0].value, groupId);

    const add = await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ display: 'Mandy Pepperidge', $ref: `${server.url}/scim/v2/Users/${mandy.id}`, value: mandy.id }] }] });
    assert.equal(add.status, 200, JSON.stringify(add.body));
    assert.deepEqual(add.body.members.map((m: { value: string }) => m.value).sort(), [babs.id, mandy.id].sort());
    const remove = await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${babs.id}"]` }] });
    assert.deepEqual(remove.body.members.map((m: { value: string }) => m.value), [mandy.id]);
    const replace = await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: babs.id }] }, { op: 'replace', path: 'displayName', value: 'Tour Guides (West)' }] });
    assert.deepEqual(replace.body.members.map((m: { value: string }) => m.value), [babs.id]);
    assert.equal(replace.body.displayName, 'Tour Guides (West)');
    const all = await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] });
    assert.equal(all.body.members.length, 0);
    const filtered = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "tour guides (west)"')}&excludedAttributes=members`);
    assert.equal(filtered.body.totalResults, 1);
    assert.equal(filtered.body.Resources[0].members, undefined);
    assertScimError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Ghosts', members: [{ value: '00000000-0000-0000-0000-000000000000' }] }), 400, 'invalidValue');
    assertScimError(await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'owner', value: 'x' }] }), 400, 'invalidPath');
    const put = await scim('PUT', `/Groups/${groupId}`, { schemas: [GROUP], displayName: 'Tour Guides', members: [{ value: mandy.id }] });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body.members.map((m: { value: string }) => m.value), [mandy.id]);
    assert.equal((await scim('DELETE', `/Groups/${groupId}`)).status, 204);
    assertScimError(await scim('GET', `/Groups/${groupId}`), 404);
    const audited = await server.container.knex('audit_entries').where({ target_id: groupId }).select('action');
    assert.deepEqual(audited.map((r) => r.action), ['scim.group.create', 'scim.group.patch', 'scim.group.patch', 'scim.group.patch', 'scim.group.patch', 'scim.group.replace', 'scim.group.delete']);
  });

  it('when Entra ID adds and removes members with its PATCH dialect, then memberships follow', async () => {
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Entra ${Date.now()}`, externalId: 'entra-group', members: [] })).body;
    const a = await newUser();
    const b = await newUser();
    const added = await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: a.id }, { value: b.id }] }] });
    assert.equal(added.body.members.length, 2);
    const removed = await scim('PATCH', `/Groups/${group.id}?excludedAttributes=members`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: a.id }] }] });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.members, undefined);
    const members = (await scim('GET', `/Groups/${group.id}`)).body.members.map((m: { value: string }) => m.value);
    assert.deepEqual(members, [b.id]);
    const byMember = await scim('GET', `/Groups?filter=${encodeURIComponent(`members eq "${b.id}"`)}`);
    assert.deepEqual(byMember.body.Resources.map((g: { id: string }) => g.id), [group.id]);
  });

  it('when two PATCHes of the same group arrive at the same time, then both are applied', async () => {
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Concurrent ${Date.now()}` })).body;
    const people = await Promise.all(Array.from({ length: 6 }, () => newUser()));
    const patches = await Promise.all(people.map((p) => scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: p.id }] }] })));
    for (const reply of patches) assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const members = (await scim('GET', `/Groups/${group.id}`)).body.members.map((m: { value: string }) => m.value).sort();
    assert.deepEqual(members, people.map((p) => p.id).sort());
    const [r1, r2] = await Promise.all([
      scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${people[0]!.id}"]` }] }),
      scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${people[1]!.id}"]` }] }),
    ]);
    assert.equal(r1.status, 200);
    assert.equal(r2.status, 200);
    const left = (await scim('GET', `/Groups/${group.id}`)).body.members.map((m: { value: string }) => m.value).sort();
    assert.deepEqual(left, people.slice(2).map((p) => p.id).sort());
  });
});
