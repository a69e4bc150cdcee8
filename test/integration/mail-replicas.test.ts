// The outbox across replicas and without a mail server: two servers on one database never send a
// row twice; a reset request answers alike (status, body, time) for known and unknown addresses
// while SMTP is down; without SMTP, production never writes an email's content to the log.
import assert from 'node:assert/strict';
import net from 'node:net';
import pino from 'pino';
import { spawn } from 'node:child_process';
import { createDatabase, forEachDialect, tempDir } from '../support/databases.js';
import { cliEnv, cliPath } from '../support/cli.js';
import { testConfig } from '../support/server.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { TestClient, createdAccount, uniqueEmail } from '../support/http.js';
import { TestSmtp, eventually } from '../support/smtp.js';
import { resetAnswerMs } from '../../server/components/accounts/accounts.service.js';

/** A port where nothing listens: SMTP is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OPSENIC_')) env[k] = v;
  return env;
}

const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/"[^"]*nonce[^"]*"/g, '');

forEachDialect('email outbox across replicas and without SMTP', (dialect) => {
  it('when two replicas (two processes) share the database and 150 emails are queued, then each is delivered exactly once', async function () {
    this.timeout(90_000);
    const smtp = await TestSmtp.start();
    const db = await createDatabase(dialect);
    const mail = { 'mail.smtpUrl': smtp.url, 'mail.pollInterval': '50ms', 'mail.batchSize': 10, 'mail.concurrency': 4 };
    // Replica A in this process; replica B is `opsenic serve` in its own process, as a second pod would be.
    const a = await startServer(testConfig(db.url, mail));
    const b = spawn(process.execPath, [cliPath, 'serve'], {
      env: { ...cleanEnv(), ...cliEnv(db.url, tempDir('opsenic-replica-'), { OPSENIC_SERVER__PORT: '0', OPSENIC_SERVER__HOST: '127.0.0.1', OPSENIC_LOG_LEVEL: 'info', OPSENIC_MAIL__SMTP_URL: smtp.url, OPSENIC_MAIL__POLL_INTERVAL: '50ms', OPSENIC_MAIL__BATCH_SIZE: '10', OPSENIC_MAIL__CONCURRENCY: '4' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    b.stdout.on('data', (d) => (output += d));
    b.stderr.on('data', (d) => (output += d));
    try {
      await eventually(async () => output.includes('Opsenic is listening'), 30_000, 'replica B listening');
      const addresses = Array.from({ length: 150 }, (_, i) => `replica${i}-${Date.now()}@example.com`);
      // Queued in batches while both replicas poll: each takes whatever it can claim.
      for (let i = 0; i < addresses.length; i += 10) {
        await Promise.all(addresses.slice(i, i + 10).map((to) => a.container.services.mail.sendTest(to)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await eventually(async () => {
        const row = await a.container.knex('email_outbox').whereNot({ status: 'sent' }).count<{ n: number }[]>({ n: '*' }).first();
        return Number(row?.n) === 0;
      }, 60_000, 'every email sent').catch(async (error) => {
        const statuses = await a.container.knex('email_outbox').select('status', 'last_error').count({ n: '*' }).groupBy('status', 'last_error');
        throw new Error(`${error.message}: ${JSON.stringify(statuses)}\n${output.slice(-2000)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(smtp.received.length, 150, 'no email is sent twice');
      assert.equal(new Set(smtp.received.map((m) => m.headers.get('message-id'))).size, 150);
      for (const to of addresses) assert.equal(smtp.to(to).length, 1, to);
    } finally {
      b.kill('SIGTERM');
      await new Promise((resolve) => b.once('exit', resolve));
      await a.stop();
      await db.drop();
      await smtp.close();
    }
  });

  it('when SMTP is down, then a reset request answers alike for a known and an unknown address (status, page, time), and the email waits in the outbox to be retried', async function () {
    this.timeout(60_000);
    const db = await createDatabase(dialect);
    const server = await startServer(testConfig(db.url, { 'mail.smtpUrl': `smtp://127.0.0.1:${await closedPort()}`, 'mail.retryBase': '1m', 'rateLimits.passwordResetPerIp': { points: 100, window: '1h' } }));
    try {
      const { email } = await createdAccount(server.container);
      const unknown = uniqueEmail('nobody');
      const ask = async (address: string) => {
        const client = new TestClient(server.url);
        const started = performance.now();
        const reply = await client.postForm('/password/forgot', { email: address });
        return { reply, ms: performance.now() - started };
      };
      const known: number[] = [];
      const stranger: number[] = [];
      let pages: string[] = [];
      for (let i = 0; i < 6; i++) {
        const k = await ask(email);
        const u = await ask(unknown);
        assert.equal(k.reply.status, 200);
        assert.equal(u.reply.status, 200);
        pages = [withoutCsrf(k.reply.text), withoutCsrf(u.reply.text)];
        assert.equal(pages[0], pages[1], 'the same page for both');
        known.push(k.ms);
        stranger.push(u.ms);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      assert.ok(Math.min(...known, ...stranger) >= resetAnswerMs - 5, `every answer takes at least ${resetAnswerMs} ms`);
      // Interleaved requests on a shared machine jitter by tens of ms either way: the bound is what a
      // systematic difference (the account's writes, SMTP) would exceed, not the jitter.
      const tolerance = Math.max(80, 0.4 * Math.min(median(known), median(stranger)));
      assert.ok(Math.abs(median(known) - median(stranger)) < tolerance, `similar times: known ${median(known).toFixed(0)} ms, unknown ${median(stranger).toFixed(0)} ms`);
      const row = await eventually(async () => {
        const r = await server.container.knex('email_outbox').where({ to_lower: email.toLowerCase() }).whereNotNull('last_error').first();
        return r;
      }, 10_000, 'a delivery attempt');
      assert.equal(row.status, 'queued', 'a connection failure is temporary: the email waits for a retry');
      assert.match(row.last_error, /ECONNREFUSED|connect/i);
      assert.ok(Number(row.next_attempt_at) > Date.now(), 'retried later, with backoff');
    } finally {
      await server.stop();
      await db.drop();
    }
  });

  it('when production has no SMTP, then a reset link never reaches the log and the log line says how an admin prints one; in development the log shows it', async function () {
    this.timeout(60_000);
    for (const env of ['production', 'development'] as const) {
      const db = await createDatabase(dialect);
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      const server = await startServer(testConfig(db.url, { env, 'server.publicUrl': 'https://opsenic.example.com' }), { logger });
      try {
        const { email } = await createdAccount(server.container);
        await new TestClient(server.url).postForm('/password/forgot', { email });
        const row = await eventually(async () => {
          const r = await server.container.knex('email_outbox').where({ to_lower: email.toLowerCase(), template: 'password_reset' }).whereIn('status', ['sent', 'failed']).first();
          return r;
        }, 10_000, 'the reset email handled');
        const log = lines.join('\n');
        if (env === 'production') {
          assert.equal(row.status, 'failed');
          assert.match(row.last_error, /SMTP is not configured/);
          assert.doesNotMatch(log, /password\/reset\//, 'no live link in the log');
          assert.match(log, /opsenic users reset-link EMAIL/);
        } else {
          assert.equal(row.status, 'sent');
          assert.match(log, /https:\/\/opsenic\.example\.com\/password\/reset\/[A-Za-z0-9_-]{20,}/);
        }
      } finally {
        await server.stop();
        await db.drop();
      }
    }
  });
});
