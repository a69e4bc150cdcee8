import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient } from '../support/http.js';

forEachDialect('personal access tokens and the OpenAPI document', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  async function createToken(client: TestClient, scope: 'read' | 'write'): Promise<{ token: string; id: string }> {
    const reply = await client.sendJson('POST', '/api/v1/tokens', { name: `script ${scope}`, scope });
    assert.equal(reply.status, 201, reply.text);
    return { token: reply.json().token, id: reply.json().record.id };
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('when a token is created in the browser, then it is shown once and only its hash is stored', async () => {
    const { client, email } = await signedUpClient(server.url);
    const reply = await client.postForm('/tokens', { name: 'weekly report', scope: 'read', expiresInDays: '30' });
    assert.equal(reply.status, 201);
    const token = /id="new-token">([^<]+)</.exec(reply.text)![1]!;
    assert.match(token, /^opsenic_pat_/);
    const later = await client.get('/tokens');
    assert.equal(later.status, 200);
    assert.match(later.text, /weekly report/);
    assert.ok(!later.text.includes(token), 'the token is never shown again');
    const user = await server.container.repositories.users.findByEmail(email);
    const rows = await server.container.knex('api_tokens').where({ user_id: user!.id });
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].token_hash, token);
    assert.ok(!JSON.stringify(rows).includes(token.slice(12)));
  });

  it('when a script sends a bearer token, then it acts as its owner without a session or CSRF token', async () => {
    const { client, email } = await signedUpClient(server.url);
    const { token } = await createToken(client, 'write');
    const script = new TestClient(server.url);
    const me = await script.get('/api/v1/me', bearer(token));
    assert.equal(me.status, 200);
    assert.equal(me.json().email, email);
    const patched = await script.sendJson('PATCH', '/api/v1/me', { title: 'Engineer' }, { csrf: false, headers: bearer(token) });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json().title, 'Engineer');
    assert.equal(script.cookies.size, 0, 'no session cookie is created for a token request');
  });

  it('when a read-scoped token tries to write, then 403 and nothing changes', async () => {
    const { client, email } = await signedUpClient(server.url);
    const { token } = await createToken(client, 'read');
    const script = new TestClient(server.url);
    assert.equal((await script.get('/api/v1/me', bearer(token))).status, 200);
    const reply = await script.sendJson('PATCH', '/api/v1/me', { title: 'Hacker' }, { csrf: false, headers: bearer(token) });
    assert.equal(reply.status, 403);
    assert.match(reply.json().error.message, /read-only/);
    assert.equal((await server.container.repositories.users.findByEmail(email))!.title, null);
  });

  it('when a cookie session writes without a CSRF token, then it is still refused', async () => {
    const { client } = await signedUpClient(server.url);
    const reply = await client.sendJson('PATCH', '/api/v1/me', { title: 'x' }, { csrf: false });
    assert.equal(reply.status, 403);
  });

  it('when a token is revoked, unknown or malformed, then the API answers 401', async () => {
    const { client } = await signedUpClient(server.url);
    const { token, id } = await createToken(client, 'read');
    const revoked = await client.sendJson('DELETE', `/api/v1/tokens/${id}`, {});
    assert.equal(revoked.status, 200);
    assert.equal(revoked.json().active, false);
    const script = new TestClient(server.url);
    assert.equal((await script.get('/api/v1/me', bearer(token))).status, 401);
    assert.equal((await script.get('/api/v1/me', bearer('opsenic_pat_madeup'))).status, 401);
    assert.equal((await script.get('/api/v1/me', { authorization: 'Basic abc' })).status, 401);
  });

  it('when a token tries to manage tokens, or someone revokes another person\'s token, then it is refused', async () => {
    const a = await signedUpClient(server.url);
    const b = await signedUpClient(server.url);
    const { token, id } = await createToken(a.client, 'write');
    const script = new TestClient(server.url);
    assert.equal((await script.sendJson('POST', '/api/v1/tokens', { name: 'more', scope: 'write' }, { csrf: false, headers: bearer(token) })).status, 403);
    assert.equal((await b.client.sendJson('DELETE', `/api/v1/tokens/${id}`, {})).status, 404);
    assert.equal((await script.get('/api/v1/me', bearer(token))).status, 200);
  });

  it('when the token input is bad, then 400 names the field and nothing is created', async () => {
    const { client, email } = await signedUpClient(server.url);
    const reply = await client.sendJson('POST', '/api/v1/tokens', { name: '', scope: 'admin', expiresInDays: 9999 });
    assert.equal(reply.status, 400);
    assert.deepEqual(Object.keys(reply.json().error.fields).sort(), ['expiresInDays', 'name', 'scope']);
    const user = await server.container.repositories.users.findByEmail(email);
    assert.equal((await server.container.repositories.apiTokens.listForUser(user!.id)).length, 0);
  });

  it('when the OpenAPI document is fetched, then it is OpenAPI 3.1 and describes the foundation and token endpoints with bearer auth', async () => {
    const reply = await new TestClient(server.url).get('/api/v1/openapi.json');
    assert.equal(reply.status, 200);
    const doc = reply.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/me', '/api/v1/users/{id}', '/api/v1/sessions', '/api/v1/sessions/{id}', '/api/v1/csrf-token', '/api/v1/tokens', '/api/v1/tokens/{id}']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.ok(doc.paths['/api/v1/me'].patch.requestBody);
    assert.ok(doc.paths['/api/v1/sessions/{id}'].delete);
    assert.equal(doc.components.securitySchemes.bearerToken.scheme, 'bearer');
  });
});
