// Password reset mail through a real SMTP server (smtp-server), as nodemailer sends it in production.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createDatabase } from '../support/databases.js';
import { testConfig } from '../support/server.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { TestClient, signedUpClient } from '../support/http.js';

describe('email through SMTP', () => {
  it('when SMTP is configured and a reset is asked, then the SMTP server receives the single-use link', async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk) => (data += chunk));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const db = await createDatabase('sqlite');
    let server: RunningServer | undefined;
    try {
      server = await startServer(testConfig(db.url, { 'mail.smtpUrl': `smtp://127.0.0.1:${port}`, 'mail.from': 'Opsenic <opsenic@example.com>' }));
      const { email } = await signedUpClient(server.url);
      const reply = await new TestClient(server.url).postForm('/password/forgot', { email });
      assert.equal(reply.status, 200);
      assert.equal(received.length, 1);
      assert.match(received[0]!, new RegExp(`To: ${email}`));
      assert.match(received[0]!, /Subject: Reset your Opsenic password/);
      assert.match(received[0]!.replace(/=\r?\n/g, ''), /\/password\/reset\/[A-Za-z0-9_-]{20,}/);
    } finally {
      await server?.stop();
      await db.drop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
