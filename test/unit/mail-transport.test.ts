// The SMTP transport loads nodemailer with the first email (idle memory); closing it at shutdown
// must still leave a late email queued rather than failed for good.
import assert from 'node:assert/strict';
import { createMailTransport, isTemporaryFailure } from '../../server/platform/mailer.js';
import { createLogger } from '../../server/platform/logger.js';

describe('the SMTP mail transport', () => {
  it('when it is closed before an email is sent, then a send fails as a temporary failure (the email stays queued) and nothing is delivered', async () => {
    const transport = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:9', from: 'Opsenic <opsenic@example.com>', env: 'production' }, createLogger('silent'));
    transport.close?.();
    const failure = await transport.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failure instanceof Error, 'the send was refused');
    assert.equal(isTemporaryFailure(failure), true, 'a temporary failure: the outbox retries it later');
  });
});
