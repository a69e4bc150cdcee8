// Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database created on the
// local server (OPSENIC_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) and
// dropped afterwards. Never a mock of our own storage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

const adminUrl = process.env.OPSENIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function tempDir(prefix = 'opsenic-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    dialect: 'sqlite',
    url: `sqlite:${path.join(dir, 'opsenic.sqlite')}`,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let available: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `opsenic_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    async drop() {
      await admin(async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
      });
    },
  };
}

export function createDatabase(dialect: Dialect): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

/**
 * Declares the same suite once per dialect. Where no PostgreSQL answers, the PostgreSQL suite
 * prints one line and is skipped; under CI (CI=true) it fails instead, because CI must run it.
 */
export function forEachDialect(title: string, body: (dialect: Dialect) => void, options: { timeoutMs?: number } = {}): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${dialect}]`, function () {
      if (options.timeoutMs) this.timeout(options.timeoutMs);
      if (dialect === 'postgres') {
        before(async function () {
          if (await postgresAvailable()) return;
          if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${adminUrl}: CI must run the PostgreSQL suites`);
          console.log(`    PostgreSQL not reachable at ${adminUrl}: "${title}" skipped on postgres`);
          this.skip();
        });
      }
      body(dialect);
    });
  }
}
