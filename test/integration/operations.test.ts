import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createDatabase, forEachDialect, tempDir } from '../support/databases.js';
import { metricsHeaders, startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient, strongPassword } from '../support/http.js';
import { cliEnv, cliPath, runCli } from '../support/cli.js';
import { freePort } from '../support/oidc.js';
import { verifyPassword } from '../../server/components/accounts/password.js';

forEachDialect('operations', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  it('when probed, then /healthz is up, /readyz is ready and /metrics speaks Prometheus', async () => {
    const client = new TestClient(server.url);
    assert.deepEqual((await client.get('/healthz')).json(), { status: 'ok' });
    assert.deepEqual((await client.get('/readyz')).json(), { status: 'ready' });
    const metrics = await client.get('/metrics', metricsHeaders);
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /opsenic_http_request_duration_seconds_bucket/);
    assert.match(metrics.text, /opsenic_process_resident_memory_bytes/);
    assert.equal(client.cookies.size, 0, 'probes create no session');
  });

  it('when a request carries an X-Request-Id, then the response echoes it; otherwise one is made', async () => {
    const client = new TestClient(server.url);
    assert.equal((await client.get('/healthz', { 'x-request-id': 'abc12345-trace' })).headers.get('x-request-id'), 'abc12345-trace');
    assert.match((await client.get('/healthz')).headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('when a page or an API path does not exist, then a readable 404 page or a JSON 404', async () => {
    const client = new TestClient(server.url);
    const page = await client.get('/no/such/page');
    assert.equal(page.status, 404);
    assert.match(page.text, /Page not found/);
    const api = await client.get('/api/v1/nothing-here');
    assert.equal(api.status, 404);
    assert.equal(api.json().error.code, 'not_found');
  });

  it('when a body is too large or malformed JSON, then 413 or 400, never 500', async () => {
    const { client } = await signedUpClient(server.url);
    const big = await client.sendJson('PATCH', '/api/v1/me', { bio: 'x'.repeat(200_000) });
    assert.equal(big.status, 413);
    const malformed = await client.sendJson('PATCH', '/api/v1/me', '{"bio": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json().error.code, 'malformed_body');
  });

  it('when a JSON write comes without the CSRF header, then 403 and nothing changes', async () => {
    const { client } = await signedUpClient(server.url);
    const reply = await client.sendJson('PATCH', '/api/v1/me', { title: 'Pirate' }, { csrf: false });
    assert.equal(reply.status, 403);
    assert.equal((await client.get('/api/v1/me')).json().title, null);
  });

  it('when served behind a TLS proxy that is trusted, then HSTS is sent and cookies are Secure', async () => {
    const proxied = await startTestServer(dialect, { 'server.trustProxy': true });
    try {
      const client = new TestClient(proxied.url, { 'x-forwarded-proto': 'https' });
      const reply = await client.get('/signin');
      assert.match(reply.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.match(reply.setCookies.join(), /Secure/);
      const plain = await new TestClient(proxied.url).get('/signin');
      assert.equal(plain.headers.get('strict-transport-security'), null);
    } finally {
      await proxied.close();
    }
  });

  it('when a page or an API answer is served, then no browser or proxy may store it; static files may be cached', async () => {
    const { client } = await signedUpClient(server.url);
    for (const path of ['/', '/profile', '/api/v1/sessions', '/signin']) {
      const reply = await (path === '/signin' ? new TestClient(server.url) : client).get(path);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.headers.get('cache-control'), 'no-store', path);
      assert.equal(reply.headers.get('etag'), null, path);
    }
    const css = await new TestClient(server.url).get('/static/app.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('cache-control') ?? '', /max-age=3600/);
    assert.ok(css.headers.get('etag'));
  });

  it('when every page is served, then the CSP forbids inline scripts and styles', async () => {
    const reply = await new TestClient(server.url).get('/signin');
    const csp = reply.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(reply.text, /<script>(?!<\/script>)|style="|onclick=/);
  });

  it('when the scrypt parameters change, then a stored hash is upgraded at the next sign-in', async () => {
    const db = await createDatabase(dialect);
    const first = await startTestServer(dialect, { 'accounts.scrypt': { N: 1024, r: 8, p: 1 } }, db);
    const { email } = await signedUpClient(first.url);
    await first.stop();
    const second = await startTestServer(dialect, { 'accounts.scrypt': { N: 2048, r: 8, p: 1 }, secretKey: first.config.secretKey }, db);
    try {
      const before = await second.container.repositories.users.findByEmail(email);
      assert.match(before!.passwordHash!, /^scrypt\$1024\$/);
      const client = new TestClient(second.url);
      assert.equal((await client.postForm('/signin', { email, password: strongPassword })).status, 303);
      const after = await second.container.repositories.users.findByEmail(email);
      assert.match(after!.passwordHash!, /^scrypt\$2048\$8\$1\$/);
      assert.ok(await verifyPassword(strongPassword, after!.passwordHash!));
    } finally {
      await second.close();
      await db.drop();
    }
  });

  it('when no admin exists, then /setup opens only with the logged one-time token, and closes once used', async () => {
    const fresh = await startTestServer(dialect);
    try {
      const token = (fresh.container.services.firstAdmin as unknown as { token: string }).token;
      assert.ok(token, 'a setup token is issued while no admin exists');
      const client = new TestClient(fresh.url);
      assert.equal((await client.get('/setup')).status, 403);
      assert.equal((await client.get('/setup?token=wrong')).status, 403);
      assert.equal((await client.get(`/setup?token=${token}`)).status, 200);
      const created = await client.postForm('/setup', { token, firstName: 'Root', lastName: 'Admin', email: 'root@example.com', password: strongPassword });
      assert.equal(created.status, 303);
      assert.equal((await fresh.container.repositories.users.findByEmail('root@example.com'))!.role, 'admin');
      assert.equal((await new TestClient(fresh.url).get(`/setup?token=${token}`)).status, 403);
    } finally {
      await fresh.close();
    }
  });

  it('when the database fails under a signed-in page, then a generic 500 that leaks nothing', async () => {
    const broken = await startTestServer(dialect);
    const { client } = await signedUpClient(broken.url);
    await broken.container.knex.destroy();
    try {
      const page = await client.get('/');
      assert.equal(page.status, 500);
      assert.match(page.text, /Something went wrong/);
      assert.doesNotMatch(page.text, /at \w+ \(|node_modules|knex|SELECT|Error:/i);
      const api = await client.get('/api/v1/me');
      assert.equal(api.status, 500);
      assert.deepEqual(Object.keys(api.json().error).sort(), ['code', 'message', 'requestId']);
      const ready = await client.get('/readyz');
      assert.equal(ready.status, 503);
    } finally {
      await broken.stop().catch(() => {});
      await broken.db.drop();
    }
  });
});

describe('readiness with pending migrations [postgres]', () => {
  it('when PostgreSQL has not been migrated, then /readyz is 503 with the reason, and 200 after `opsenic migrate`', async function () {
    const { postgresAvailable } = await import('../support/databases.js');
    if (!(await postgresAvailable())) {
      if (process.env.CI) throw new Error('PostgreSQL must be reachable in CI');
      return this.skip();
    }
    this.timeout(120_000);
    const db = await createDatabase('postgres');
    const server = await startTestServer('postgres', { 'database.migrateOnStart': 'auto' }, db);
    try {
      const before = await new TestClient(server.url).get('/readyz');
      assert.equal(before.status, 503);
      assert.match(before.json().reason, /migration\(s\) pending: run `opsenic migrate`/);
      const migrated = await runCli(['migrate'], { env: cliEnv(db.url, tempDir()) });
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.equal((await new TestClient(server.url).get('/readyz')).status, 200);
      assert.ok(await server.container.repositories.workspaces.findPrimary(), 'the primary workspace is created once the schema is current');
    } finally {
      await server.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('when SIGTERM arrives during a request, then the request completes, new connections are refused and the process exits 0', async function () {
    this.timeout(120_000);
    const db = await createDatabase('sqlite');
    // A port the system just handed out: a random one could be an ephemeral port already in use.
    const port = await freePort();
    const child = spawn(process.execPath, [cliPath, 'serve'], { env: { ...process.env, ...cliEnv(db.url, tempDir(), { OPSENIC_PORT: String(port), OPSENIC_HOST: '127.0.0.1', OPSENIC_LOG_LEVEL: 'info' }) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let logs = '';
    child.stdout.on('data', (d) => (logs += d));
    child.stderr.on('data', (d) => (logs += d)); // a failed start says why in the assertion
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !/Opsenic is listening/.test(logs); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(logs, /Opsenic is listening/);
      // A slow upload: headers and half the body now, the rest after SIGTERM.
      const [head, tail] = ['email=a%40example.com&pass', 'word=x12345'];
      const response = new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/signin', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(head.length + tail.length) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(head);
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(tail), 300);
        }, 200);
      });
      const status = await response;
      assert.equal(status, 403, 'the in-flight request was answered (403: it carried no CSRF token)');
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'new connections are refused while draining');
      assert.equal(await exited, 0);
      assert.match(logs, /"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });
});
