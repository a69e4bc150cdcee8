// No 500 for anything a client sends, on both dialects: every operation of the OpenAPI document gets
// malformed variants (broken JSON, JSON that is not an object, text/plain, an empty PATCH, path
// parameters that are too long, injections or traversal, required fields of the wrong type) and
// must answer below 500 and leave every stored row as it was.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedUpClient } from '../support/http.js';

/** Tables that change by design on any request (logs, counters, token use, sessions, the device last seen). */
// job_locks: the outbox sender's lease is renewed on its own clock, whatever the requests do.
const VOLATILE = /^(rate_limits|sessions|job_locks|api_tokens|devices|audit_entries|audit_actors|request_logs|crash_reports|device_reports|usage_.*|capture_.*|.*_logs?|knex_migrations.*)$/;

async function snapshot(knex: Knex, dialect: string): Promise<Record<string, string>> {
  const tables: string[] =
    dialect === 'postgres'
      ? (await knex('information_schema.tables').where({ table_schema: 'public' }).select('table_name')).map((r: { table_name: string }) => r.table_name)
      : (await knex('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').select('name')).map((r: { name: string }) => r.name);
  const hashes: Record<string, string> = {};
  for (const table of tables.filter((t) => !VOLATILE.test(t)).sort()) {
    const rows = await knex(table).select('*');
    hashes[table] = crypto.createHash('sha256').update(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())).digest('hex');
  }
  return hashes;
}

type Operation = { method: string; path: string; op: { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string }>; required?: string[]; $ref?: string } }> } } };

const BAD_IDS = ['x'.repeat(5000), "1' or '1'='1", '..%2F..%2Fetc%2Fpasswd', '%00', '-1', '9999999999999999999999'];

forEachDialect('API fuzzing from the OpenAPI document', (dialect) => {
  let server: TestServer;
  let token: string;
  let operations: Operation[];

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect);
    const { client, email } = await signedUpClient(server.url);
    await server.container.services.accounts.setRole(email, 'admin');
    token = (await client.sendJson('POST', '/api/v1/tokens', { name: 'fuzz', scope: 'write' })).json().token;
    const doc = (await client.get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, Operation['op']>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
    assert.ok(operations.length > 20, `the document lists the operations (${operations.length})`);
  });
  after(async () => server?.close());

  async function send(method: string, path: string, body?: string, contentType = 'application/json') {
    const response = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType } : {}) }, body });
    await response.arrayBuffer();
    return response.status;
  }

  it('when every operation gets malformed bodies and path parameters, then none answers 5xx and no stored row changes', async function () {
    this.timeout(300_000);
    const before = await snapshot(server.container.knex, dialect);
    const failures: string[] = [];
    for (const { method, path, op } of operations) {
      const hasParams = /\{[^}]+\}/.test(path);
      const paths = hasParams ? BAD_IDS.map((bad) => path.replace(/\{[^}]+\}/g, encodeURIComponent(bad).replace(/%25/g, '%'))) : [path];
      const bodies: Array<[string | undefined, string?]> = method === 'GET' || method === 'DELETE' ? [[undefined]] : [[undefined], ['{'], ['[]'], ['"text"'], ['null'], ['12'], ['hello', 'text/plain'], ['<a/>', 'application/xml']];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema?.properties) {
        // Every declared field with a value of the wrong type at once.
        const wrong = Object.fromEntries(Object.entries(schema.properties).map(([name, p]) => [name, p.type === 'string' ? { nested: [1, 2] } : 'not-a-' + (p.type ?? 'value')]));
        bodies.push([JSON.stringify(wrong)]);
      }
      for (const target of paths) {
        // Paths with real ids would be valid: only malformed ids are sent to GET/DELETE of an item.
        if (!hasParams && (method === 'DELETE')) continue;
        for (const [body, type] of bodies) {
          const status = await send(method, target, body, type);
          if (status >= 500) failures.push(`${method} ${target.slice(0, 80)} ${type ?? ''} ${String(body).slice(0, 40)} -> ${status}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    const after = await snapshot(server.container.knex, dialect);
    assert.deepEqual(Object.keys(after).filter((t) => after[t] !== before[t]), [], 'no stored row changed');
  });

  it('when the CSRF token is asked with a bearer token, or a body comes as text/plain, or a PATCH is empty, then the answer is 400 or 415 with the reason', async () => {
    const csrf = await fetch(`${server.url}/api/v1/csrf-token`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(csrf.status, 400);
    assert.match((await csrf.json()).error.message, /needs no CSRF token/);
    const plain = await fetch(`${server.url}/api/v1/me`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: '{"firstName":"X"}' });
    assert.equal(plain.status, 415);
    assert.match((await plain.json()).error.message, /application\/json/);
    const empty = await fetch(`${server.url}/api/v1/me`, { method: 'PATCH', headers: { authorization: `Bearer ${token}` } });
    assert.equal(empty.status, 400);
    assert.match((await empty.json()).error.message, /empty/);
    const emptyObject = await fetch(`${server.url}/api/v1/me`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(emptyObject.status, 400);
  });

  it('when /metrics is asked on the main port without the metrics token, then 401; with it, the counters', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.config.metrics.bearerToken}` } });
    assert.equal(ok.status, 200);
  });
});

forEachDialect('/metrics off by default on the main port', (dialect) => {
  let server: TestServer;
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect, { 'metrics.bearerToken': undefined });
  });
  after(async () => server?.close());

  it('when neither metrics.port nor a metrics token is set, then /metrics on the main port is not there', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
  });
});
