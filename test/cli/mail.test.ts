// `opsenic mail test / outbox / retry` against a real SMTP server and a real database.
import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { TestSmtp } from '../support/smtp.js';

// Each CLI run starts a process: generous timeouts on a shared machine.
forEachDialect('opsenic mail', (dialect) => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  before(async () => {
    db = await createDatabase(dialect);
    smtp = await TestSmtp.start();
    env = cliEnv(db.url, tempDir(), { OPSENIC_MAIL__SMTP_URL: smtp.url });
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
  });
  after(async () => {
    await db?.drop();
    await smtp?.close();
  });

  it('when an admin sends a test email, then it is delivered at once and listed as sent in the outbox', async () => {
    const sent = await runCli(['mail', 'test', '--to', 'ops@example.com', '--json'], { env });
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(JSON.parse(sent.stdout).status, 'sent');
    assert.equal(smtp.to('ops@example.com').length, 1);
    assert.match(smtp.to('ops@example.com')[0]!.headers.get('subject')!, /Opsenic test email/);
    const listed = await runCli(['mail', 'outbox', '--status', 'sent', '--json'], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(JSON.parse(listed.stdout).some((e: { to: string }) => e.to === 'ops@example.com'));
    const table = await runCli(['mail', 'outbox', '--recipient', 'ops@'], { env });
    assert.match(table.stdout, /ops@example\.com/);
  });

  it('when the SMTP server refuses for good, then `mail test` exits 1 with its reply; `mail retry ID` sends it once the cause is gone', async () => {
    smtp.refusals.push({ code: 550, message: 'Mailbox unavailable' });
    const failed = await runCli(['mail', 'test', '--to', 'refused@example.com'], { env });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /550.*Mailbox unavailable/);
    const rows = JSON.parse((await runCli(['mail', 'outbox', '--status', 'failed', '--json'], { env })).stdout) as Array<{ id: string; to: string }>;
    const row = rows.find((r) => r.to === 'refused@example.com')!;
    const retried = await runCli(['mail', 'retry', row.id], { env });
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, /sent/);
    assert.equal(smtp.to('refused@example.com').length, 1);
  });

  it('when the input is wrong, then one clear line names it and the exit is non-zero', async () => {
    const to = await runCli(['mail', 'test', '--to', 'not-an-address'], { env });
    assert.equal(to.code, 1);
    assert.match(to.stderr, /to: Enter an email address/);
    const status = await runCli(['mail', 'outbox', '--status', 'lost'], { env });
    assert.equal(status.code, 1);
    assert.match(status.stderr, /status: Use queued, sending, sent, failed or skipped/);
    const unknown = await runCli(['mail', 'retry', '00000000-0000-0000-0000-000000000000'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No such email/);
    const help = await runCli(['--help'], { env });
    assert.match(help.stdout, /mail\s+Outgoing email/);
  });
}, { timeoutMs: 180_000 });
