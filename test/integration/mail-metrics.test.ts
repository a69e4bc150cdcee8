// The outbox's metrics as Prometheus scrapes them (/metrics with the bearer token), on both
// dialects with the real SMTP server: emails by status, the age of the oldest one waiting, and the
// delivery outcomes, after queueing, sending, retrying and failing mail.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { metricsHeaders, type TestServer } from '../support/server.js';
import { startWithSmtp } from '../support/mail-server.js';
import { TestSmtp, eventually } from '../support/smtp.js';
import { uniqueEmail } from '../support/http.js';

/** One sample of a metric (labels written as Prometheus prints them), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

forEachDialect('email outbox metrics', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  before(async () => {
    smtp = await TestSmtp.start();
    // Retries far apart: a refused email stays queued while the test reads the metrics.
    server = await startWithSmtp(dialect, smtp.url, { 'mail.retryBase': '1h' });
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  // The gauges are read from the database at most once a second: each check waits for a fresh read.
  const metrics = async () => {
    const reply = await fetch(`${server.url}/metrics`, { headers: metricsHeaders });
    assert.equal(reply.status, 200);
    return reply.text();
  };
  const until = (what: string, check: (text: string) => boolean) => eventually(async () => {
    const text = await metrics();
    return check(text) && text;
  }, 8000, what);
  const status = (text: string, s: string) => sample(text, 'opsenic_mail_outbox_emails', `{status="${s}"}`);
  const oldestAge = (text: string) => sample(text, 'opsenic_mail_outbox_oldest_queued_age_seconds');

  it('when nothing was queued, then every status reads 0 and no email is waiting', async () => {
    const text = await metrics();
    for (const s of ['queued', 'sending', 'sent', 'failed', 'skipped']) assert.equal(status(text, s), 0, s);
    assert.equal(oldestAge(text), 0);
  });

  it('when an email waits while the sender is stopped, then it counts as queued and the age of the oldest grows; once sent, it counts as sent, the age is back to 0 and the delivery is counted', async () => {
    await server.container.services.mailSender.stop();
    const to = uniqueEmail('metrics-queued');
    await server.container.services.mail.sendTest(to);
    const waiting = await until('one queued email with an age', (t) => status(t, 'queued') === 1 && (oldestAge(t) ?? 0) > 0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await until('a fresh read', (t) => (oldestAge(t) ?? 0) > oldestAge(waiting)!);
    assert.ok(oldestAge(later)! >= 1, `the oldest queued email is over a second old (${oldestAge(later)})`);
    assert.equal(status(later, 'sent'), 0);

    server.container.services.mailSender.start();
    await smtp.waitFor(to);
    const sent = await until('the email counted as sent', (t) => status(t, 'sent') === 1 && status(t, 'queued') === 0);
    assert.equal(oldestAge(sent), 0);
    assert.equal(sample(sent, 'opsenic_mail_deliveries_total', '{outcome="sent",category="account"}'), 1);
  });

  it('when the SMTP server refuses for now (451) and then for good (550), then one email waits for its retry (queued, retried counted) and the other counts as failed', async () => {
    smtp.refusals.push({ code: 451, message: 'Try again later' });
    const later = uniqueEmail('metrics-retry');
    await server.container.services.mail.sendTest(later);
    // Waiting for its retry, an hour away: queued again.
    const retried = await until('a retried email back in the queue', (t) => sample(t, 'opsenic_mail_deliveries_total', '{outcome="retried",category="account"}') === 1 && status(t, 'queued') === 1);
    assert.ok((oldestAge(retried) ?? 0) > 0);

    smtp.refusals.push({ code: 550, message: 'No such user here' });
    await server.container.services.mail.sendTest(uniqueEmail('metrics-failed'));
    const failed = await until('a failed email', (t) => status(t, 'failed') === 1 && sample(t, 'opsenic_mail_deliveries_total', '{outcome="failed",category="account"}') === 1);
    assert.equal(status(failed, 'sending'), 0);
    assert.equal(status(failed, 'sent'), 1, 'the earlier email is still counted as sent');
    assert.equal(status(failed, 'queued'), 1);
  });
});
