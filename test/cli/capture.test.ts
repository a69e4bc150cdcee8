import assert from 'node:assert/strict';
import { forEachDialect, tempDir } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient } from '../support/http.js';

// The server records real requests and a crash, stops (flushing its buffers), then the real CLI reads them.
forEachDialect('opsenic logs and crashes', (dialect) => {
  describe('logs query and crashes list', function () {
    // Each CLI run is a real child process (several seconds on a busy machine).
    this.timeout(180_000);
    let server: TestServer;
    let env: Record<string, string>;
    let email: string;
    before(async () => {
      server = await startTestServer(dialect);
      const signedUp = await signedUpClient(server.url);
      email = signedUp.email;
      await signedUp.client.get('/profile', { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0' });
      await signedUp.client.sendJson('POST', '/api/v1/telemetry/crash', { name: 'TypeError', message: 'boom, "quoted"', page: '/profile' });
      await new TestClient(server.url).get('/signin');
      await server.stop();
      env = cliEnv(server.db.url, tempDir());
    });
    after(async () => server?.db.drop());

    it('when logs are queried for one user since a date as JSON, then only that user\'s rows come back, newest first, with ISO times', async () => {
      const result = await runCli(['logs', 'query', '--user', email.toUpperCase(), '--since', '2020-01-01', '--json'], { env });
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as Array<{ userEmail: string; route: string; occurredAt: string }>;
      assert.ok(rows.length >= 2);
      assert.ok(rows.every((r) => r.userEmail === email));
      assert.ok(rows.some((r) => r.route === '/profile'));
      assert.ok(rows.every((r) => /^\d{4}-\d{2}-\d{2}T/.test(r.occurredAt)));
      const times = rows.map((r) => r.occurredAt);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    it('when logs are exported as CSV or shown as a table, then the CSV has a header and quoted fields and the table a line per request', async () => {
      const csv = await runCli(['logs', 'query', '--csv', '--since', '1d'], { env });
      assert.equal(csv.code, 0, csv.stderr);
      const lines = csv.stdout.trim().split('\r\n');
      assert.match(lines[0]!, /^occurredAt,method,route,status,durationMs,userEmail/);
      assert.ok(lines.some((l) => l.includes(',GET,/profile,200,')));
      assert.ok(lines.some((l) => l.includes('"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"') || l.includes('Firefox/120.0')));
      const table = await runCli(['logs', 'query', '--route', '/signin'], { env });
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^TIME\s+REQUEST\s+STATUS/);
      assert.match(table.stdout, /GET \/signin\s+200/);
    });

    it('when a filter is wrong, then the command names it and exits non-zero', async () => {
      const badDate = await runCli(['logs', 'query', '--since', 'last tuesday'], { env });
      assert.equal(badDate.code, 1);
      assert.match(badDate.stderr, /since: Use a date such as 2026-01-31/);
      const unknown = await runCli(['logs', 'query', '--user', 'nobody@example.com'], { env });
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /No account has this email/);
      const both = await runCli(['logs', 'query', '--json', '--csv'], { env });
      assert.equal(both.code, 1);
      assert.match(both.stderr, /--json or --csv/);
      const badSource = await runCli(['crashes', 'list', '--source', 'moon'], { env });
      assert.equal(badSource.code, 1);
      assert.match(badSource.stderr, /source/);
    });

    it('when crashes are listed, then the browser report appears as JSON and in the table', async () => {
      const json = await runCli(['crashes', 'list', '--json'], { env });
      assert.equal(json.code, 0, json.stderr);
      const crashes = JSON.parse(json.stdout) as Array<{ message: string; source: string; userEmail: string }>;
      const crash = crashes.find((c) => c.message === 'boom, "quoted"');
      assert.ok(crash);
      assert.equal(crash.source, 'client');
      assert.equal(crash.userEmail, email);
      const table = await runCli(['crashes', 'list', '--source', 'client'], { env });
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /client\s+TypeError: boom/);
    });
  });
});
