// SQLite's search indexes and existing databases (issue 18): a database made before FTS5's
// `secure-delete` whose index still holds a deleted person's terms in old segments and freed pages is
// converted by the migration (secure-delete on, index rebuilt, one VACUUM): afterwards this test's own
// byte search of the file finds the name no more, and a later delete leaves nothing either.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { closeBulkInsert } from '../../server/db/bulk-insert.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => {
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
  close(): void;
};

const NAME = 'Wolfgramm';
const countIn = (file: string, needle: string) => {
  if (!fs.existsSync(file)) return 0;
  const bytes = fs.readFileSync(file);
  let n = 0;
  for (const form of [needle, needle.toLowerCase()]) for (let at = bytes.indexOf(form); at !== -1; at = bytes.indexOf(form, at + 1)) n += 1;
  return n;
};

describe('FTS5 secure-delete on SQLite, and the migration that converts existing databases', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let file: string;
  before(async () => {
    db = await createSqliteDatabase();
    file = db.url.slice('sqlite:'.length);
    const knex = createKnex({ url: db.url });
    await migrateLatest(knex);
    await closeBulkInsert(knex);
    await knex.destroy();
  });
  after(() => db?.drop());

  it('when a database from before the migration holds a deleted person in its index, then the migration leaves no byte of them', async () => {
    // Make the file what an older install has: FTS5 without secure-delete, connections without secure_delete.
    const raw = new Database(file);
    const workspace = (raw.prepare(`SELECT id FROM workspaces LIMIT 1`).all() as Array<{ id: string }>)[0]?.id;
    if (!workspace) raw.prepare(`INSERT INTO workspaces (id, name, kind, created_at) VALUES (?, 'w', 'primary', 0)`).run(crypto.randomUUID());
    const ws = (raw.prepare(`SELECT id FROM workspaces LIMIT 1`).all() as Array<{ id: string }>)[0]!.id;
    raw.pragma('secure_delete = OFF');
    for (const name of ['nodes', 'sections', 'people', 'comments']) raw.exec(`INSERT INTO search_fts_${name} (search_fts_${name}, rank) VALUES ('secure-delete', 0)`);
    raw.prepare(`DELETE FROM knex_migrations WHERE name LIKE '20261206010100%'`).run();
    const id = crypto.randomUUID();
    raw.prepare(`INSERT INTO users (id, workspace_id, email, email_lower, first_name, last_name, role, status, created_at, updated_at) VALUES (?, ?, 'w@example.com', 'w@example.com', 'Ilse', ?, 'member', 'active', 0, 0)`).run(id, ws, NAME);
    for (let i = 0; i < 30; i++) raw.prepare(`INSERT INTO users (id, workspace_id, email, email_lower, first_name, last_name, role, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'Other', ?, 'member', 'active', 0, 0)`).run(crypto.randomUUID(), ws, `o${i}@example.com`, `o${i}@example.com`, `Person${i}`);
    raw.prepare(`DELETE FROM users WHERE id = ?`).run(id);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    assert.ok(countIn(file, NAME) > 0, 'the old file still holds the deleted name (what the migration must fix)');

    const knex = createKnex({ url: db.url });
    try {
      const applied = await migrateLatest(knex);
      assert.deepEqual(applied.filter((m) => m.startsWith('20261206010100')), ['20261206010100_fts_secure_delete']);
      for (const name of ['nodes', 'sections', 'people', 'comments']) {
        const config = (await knex.raw(`SELECT v FROM search_fts_${name}_config WHERE k = 'secure-delete'`)) as Array<{ v: number }>;
        assert.equal(config[0]?.v, 1);
      }
      await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      assert.equal(countIn(file, NAME), 0, 'no byte of the deleted name after the migration');
      // From now on a delete leaves nothing behind either.
      const again = crypto.randomUUID();
      await knex('users').insert({ id: again, workspace_id: (await knex('workspaces').first()).id, email: 'x@example.com', email_lower: 'x@example.com', first_name: 'Ilse', last_name: NAME, role: 'member', status: 'active', created_at: 0, updated_at: 0 });
      await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      assert.ok(countIn(file, NAME) > 0);
      await knex('users').where({ id: again }).delete();
      await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      assert.equal(countIn(file, NAME), 0, 'a delete with secure_delete and FTS5 secure-delete leaves no byte');
      assert.equal(countIn(`${file}-wal`, NAME), 0);
    } finally {
      await knex.destroy();
    }
  });
});
