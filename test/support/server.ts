// Starts the real server on a fresh database with a test config, and captures outgoing mail.
import { loadConfig } from '../../server/config.js';
import type { Config } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/main.js';
import type { Mail, MailTransport } from '../../server/platform/mailer.js';
import { createDatabase, tempDir, type Dialect, type TestDatabase } from './databases.js';

/** Receives what the outbox sender delivers, instead of SMTP. */
export class CapturingMailer implements MailTransport {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
  last(to?: string): Mail | undefined {
    return [...this.sent].reverse().find((m) => !to || m.to === to);
  }
  /** The outbox sends outside the request: waits (up to 5 s) for an email to `to` beyond the first `after` ones. */
  async waitFor(to: string, after = 0): Promise<Mail> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.sent.filter((m) => m.to === to);
      if (found.length > after) return found[found.length - 1]!;
      if (Date.now() > deadline) throw new Error(`no email to ${to} within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The metrics bearer token of test servers (/metrics on the main port needs one). */
export const testMetricsToken = 'test-metrics-token-0123456789';
export const metricsHeaders = { authorization: `Bearer ${testMetricsToken}` };

/** Cheap scrypt parameters: the suite creates hundreds of hashes. Production keeps OWASP's. */
export const fastScrypt = { N: 1024, r: 8, p: 1 };

export function testConfig(databaseUrl: string, overrides: Record<string, unknown> = {}): Config {
  return loadConfig({
    env: {},
    overrides: {
      env: 'test',
      dataDir: tempDir('opsenic-data-'),
      secretKey: 'test-secret-key-that-is-long-enough-0123456789',
      'server.host': '127.0.0.1',
      'server.port': 0,
      'server.shutdownTimeout': '2s',
      'database.url': databaseUrl,
      'database.migrateOnStart': 'always',
      'log.level': 'silent',
      'accounts.scrypt': fastScrypt,
      // The outbox sender is woken by each email; the poll only catches retries that come due.
      'mail.pollInterval': '200ms',
      'metrics.bearerToken': testMetricsToken,
      // Suites sign up many people from 127.0.0.1; the limit itself is tested with its own setting.
      'rateLimits.signupPerIp': { points: 100_000, window: '1h' },
      ...overrides,
    },
  });
}

/** The test mailer of each running test server, by its URL (sign-up helpers follow the emailed link). */
const mailersByUrl = new Map<string, CapturingMailer>();

export function testMailerAt(url: string): CapturingMailer | undefined {
  return mailersByUrl.get(url);
}

export interface TestServer extends RunningServer {
  db: TestDatabase;
  mailer: CapturingMailer;
  config: Config;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

export async function startTestServer(dialect: Dialect, overrides: Record<string, unknown> = {}, db?: TestDatabase, options: Omit<Parameters<typeof startServer>[1] & object, 'mailTransport'> = {}): Promise<TestServer> {
  const database = db ?? (await createDatabase(dialect));
  const config = testConfig(database.url, overrides);
  const mailer = new CapturingMailer();
  const server = await startServer(config, { ...options, mailTransport: mailer });
  mailersByUrl.set(server.url, mailer);
  return {
    ...server,
    db: database,
    mailer,
    config,
    async close() {
      mailersByUrl.delete(server.url);
      await server.stop();
      if (!db) await database.drop();
    },
  };
}
