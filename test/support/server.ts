// Starts the real server on a fresh database with a test config, and captures outgoing mail.
import { loadConfig } from '../../server/config.js';
import type { Config } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/main.js';
import type { Mail, Mailer } from '../../server/platform/mailer.js';
import { createDatabase, tempDir, type Dialect, type TestDatabase } from './databases.js';

export class CapturingMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
  last(to?: string): Mail | undefined {
    return [...this.sent].reverse().find((m) => !to || m.to === to);
  }
}

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
      ...overrides,
    },
  });
}

export interface TestServer extends RunningServer {
  db: TestDatabase;
  mailer: CapturingMailer;
  config: Config;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

export async function startTestServer(dialect: Dialect, overrides: Record<string, unknown> = {}, db?: TestDatabase): Promise<TestServer> {
  const database = db ?? (await createDatabase(dialect));
  const config = testConfig(database.url, overrides);
  const mailer = new CapturingMailer();
  const server = await startServer(config, { mailer });
  return {
    ...server,
    db: database,
    mailer,
    config,
    async close() {
      await server.stop();
      if (!db) await database.drop();
    },
  };
}
