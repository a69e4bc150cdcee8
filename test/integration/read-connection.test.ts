// readRows: the signed-in request's read, on SQLite's reader connection and through knex elsewhere.
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { closeReadConnection, readRows } from '../../server/db/read-connection.js';
import { createDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';

forEachDialect('reads on the reader connection', (dialect) => {
  let db: TestDatabase;
  let knex: Knex;
  const sql = 'select id, n, flag from things where n > ? order by id';

  before(async () => {
    db = await createDatabase(dialect);
    knex = createKnex({ url: db.url });
    await knex.schema.createTable('things', (t) => {
      t.string('id').primary();
      t.bigInteger('n');
      t.boolean('flag');
    });
  });
  after(async () => {
    closeReadConnection(knex);
    await knex?.destroy();
    await db?.drop();
  });
  beforeEach(() => knex('things').delete());

  it('when rows were written through knex, then the next read sees them, the same rows as knex reads', async () => {
    await knex('things').insert([{ id: 'a', n: 1, flag: true }, { id: 'b', n: 2 ** 40, flag: false }]);
    const rows = await readRows(knex, sql, [0]);
    assert.deepEqual(rows.map((r) => r.id), ['a', 'b']);
    assert.equal(rows[1]!.n, 2 ** 40, 'epoch-sized integers read as numbers');
    const viaKnex = await knex('things').select('id', 'n', 'flag').where('n', '>', 0).orderBy('id');
    assert.deepEqual(rows.map((r) => [r.id, r.n, Boolean(r.flag)]), viaKnex.map((r) => [r.id, r.n, Boolean(r.flag)]));
    await knex('things').where({ id: 'a' }).delete();
    assert.deepEqual((await readRows(knex, sql, [0])).map((r) => r.id), ['b'], 'a delete shows at once');
  });

  it('when a transaction has not committed yet, then the read sees the rows as they were, and its writes once committed', async () => {
    await knex('things').insert({ id: 'a', n: 1, flag: true });
    const trx = await knex.transaction();
    try {
      await trx('things').insert({ id: 'uncommitted', n: 5, flag: true });
      assert.deepEqual((await readRows(knex, sql, [0])).map((r) => r.id), ['a']);
      await trx.commit();
    } catch (error) {
      await trx.rollback();
      throw error;
    }
    assert.deepEqual((await readRows(knex, sql, [0])).map((r) => r.id), ['a', 'uncommitted']);
  });

  it('when a boolean is bound, then it matches as knex would bind it', async () => {
    await knex('things').insert([{ id: 'a', n: 1, flag: true }, { id: 'b', n: 2, flag: false }]);
    const rows = await readRows(knex, 'select id from things where flag = ? order by id', [true]);
    assert.deepEqual(rows.map((r) => r.id), ['a']);
  });

  if (dialect === 'sqlite') {
    it('when the SQL tries to write, then the reader refuses and nothing changes', async () => {
      await knex('things').insert({ id: 'a', n: 1, flag: true });
      await assert.rejects(readRows(knex, 'delete from things where n > ? returning id', [0]), /readonly|read-only|read only/i);
      assert.equal((await knex('things').count<{ c: number }[]>({ c: '*' }))[0]!.c, 1);
    });
  }

  it('when its knex is destroyed, then a read fails as any query would, and the reader is closed', async () => {
    const other = createKnex({ url: db.url });
    assert.equal((await readRows(other, 'select count(*) as c from things where n > ?', [-1])).length, 1);
    await other.destroy();
    await assert.rejects(readRows(other, 'select count(*) as c from things where n > ?', [-1]));
  });
});
