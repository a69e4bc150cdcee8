// The real server on a fresh database, sending through a real SMTP server (test/support/smtp.ts) as
// it does in production, with short retry and poll times so the mail suites wait little.
import pino from 'pino';
import { createDatabase, type Dialect, type TestDatabase } from './databases.js';
import { testConfig, type TestServer } from './server.js';
import { startServer } from '../../server/main.js';

export async function startWithSmtp(dialect: Dialect, smtpUrl: string | undefined, overrides: Record<string, unknown> = {}, logLines?: string[], db?: TestDatabase): Promise<TestServer> {
  const database = db ?? (await createDatabase(dialect));
  const config = testConfig(database.url, { ...(smtpUrl ? { 'mail.smtpUrl': smtpUrl } : {}), 'mail.from': 'Opsenic <opsenic@example.com>', 'mail.retryBase': '100ms', 'mail.pollInterval': '100ms', ...overrides });
  const logger = logLines ? pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) : undefined;
  const server = await startServer(config, logger ? { logger } : {});
  return { ...server, db: database, config, mailer: undefined as never, async close() { await server.stop(); if (!db) await database.drop(); } };
}
