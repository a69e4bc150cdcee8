import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { bulkInsert, closeBulkInsert } from '../../server/db/bulk-insert.js';
import { createDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDialect('bulk inserts (on SQLite: on the insert thread)', (dialect) => {
  let db: TestDatabase;
  let knex: Knex;

  before(async () => {
    db = await createDatabase(dialect);
    knex = createKnex({ url: db.url });
    await knex.schema.createTable('entries', (t) => {
      t.string('id', 36).primary();
      t.string('label').nullable();
      t.boolean('flag').nullable();
      t.bigInteger('at').notNullable();
    });
  });
  after(async () => {
    await closeBulkInsert(knex);
    await knex?.destroy();
    await db?.drop();
  });
  beforeEach(() => knex('entries').delete());

  it('when rows are inserted, then all of them are there once the call resolves, booleans and nulls as given', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => [`id-${i}`, i % 2 ? `label ${i}` : null, i % 3 === 0, 1_700_000_000_000 + i]);
    await bulkInsert(knex, 'entries', ['id', 'label', 'flag', 'at'], rows);
    const stored = await knex('entries').orderBy('at').select('id', 'label', 'flag', 'at');
    assert.equal(stored.length, 1200);
    assert.deepEqual(stored[3], { id: 'id-3', label: 'label 3', flag: dialect === 'sqlite' ? 1 : true, at: 1_700_000_000_003 });
    assert.equal(stored[4]!.label, null);
    assert.equal(stored.filter((r) => Boolean(r.flag)).length, 400);
  });

  it('when one row of a batch cannot be stored, then the call fails with the database code and no row of that batch is stored', async () => {
    await bulkInsert(knex, 'entries', ['id', 'at'], [['taken', 1]]);
    await assert.rejects(
      bulkInsert(knex, 'entries', ['id', 'at'], [['fresh-1', 2], ['taken', 3], ['fresh-2', 4]]),
      (error: Error & { code?: string }) => {
        assert.match(String(error.code), dialect === 'sqlite' ? /^SQLITE_CONSTRAINT/ : /^23505$/);
        return true;
      },
    );
    assert.deepEqual((await knex('entries').select('id')).map((r) => r.id), ['taken']);
  });

  it('when a table is created after a first insert found none, then the next insert finds it', async () => {
    await assert.rejects(bulkInsert(knex, 'later', ['id'], [['a']]), /later/);
    await knex.schema.createTable('later', (t) => t.string('id').primary());
    try {
      await bulkInsert(knex, 'later', ['id'], [['a']]);
      assert.deepEqual(await knex('later').select('id'), [{ id: 'a' }]);
    } finally {
      await knex.schema.dropTable('later');
    }
  });

  it('when an insert commits between a read and a write of a transaction, then that transaction still commits, and so does the insert', async () => {
    let pending: Promise<void> | undefined;
    await knex.transaction(async (trx) => {
      assert.equal(Number((await trx('entries').count({ n: '*' }).first())!.n), 0);
      pending = bulkInsert(knex, 'entries', ['id', 'at'], [['from-insert', 1]]);
      await sleep(150); // time enough for the insert to commit, if it did not have to wait
      await trx('entries').insert({ id: 'from-transaction', at: 2 });
    });
    await pending;
    assert.deepEqual((await knex('entries').orderBy('at').select('id')).map((r) => r.id), ['from-insert', 'from-transaction']);
  });
});
