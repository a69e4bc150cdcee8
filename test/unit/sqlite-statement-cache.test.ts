import assert from 'node:assert/strict';
import { createKnex } from '../../server/db/knex.js';
import { statementCacheSize } from '../../server/db/sqlite-client.js';

describe('SQLite prepared statement cache', () => {
  const knex = createKnex({ url: 'sqlite::memory:' });
  after(() => knex.destroy());

  it('when the same query runs twice, then the second run reuses the statement and still sees new rows and bindings', async () => {
    await knex.schema.createTable('things', (t) => {
      t.string('id').primary();
      t.bigInteger('n');
    });
    let prepares = 0;
    const conn = (await knex.client.acquireConnection()) as { prepare(sql: string): unknown };
    const original = conn.prepare.bind(conn);
    conn.prepare = (sql: string) => {
      prepares += 1;
      return original(sql);
    };
    await knex.client.releaseConnection(conn);
    await knex('things').insert({ id: 'a', n: 1 });
    await knex('things').insert({ id: 'b', n: 2 });
    assert.equal(prepares, 1, 'one insert statement prepared for two inserts');
    assert.deepEqual(await knex('things').where('n', '>', 0).orderBy('id').pluck('id'), ['a', 'b']);
    assert.deepEqual(await knex('things').where('n', '>', 1).orderBy('id').pluck('id'), ['b']);
    assert.equal(prepares, 2, 'one select statement prepared for two selects');
  });

  it('when a query asked for safe integers ran before, then the next run of that statement reads plain numbers again', async () => {
    await knex('things').insert({ id: 'big', n: 2 ** 40 });
    const safe = await knex('things').select('n').where('id', 'big').options({ safeIntegers: true });
    assert.equal(typeof safe[0].n, 'bigint');
    const plain = await knex('things').select('n').where('id', 'big');
    assert.equal(plain[0].n, 2 ** 40);
  });

  it('when more distinct queries run than the cache holds, then the oldest are dropped and every query still answers', async () => {
    for (let i = 0; i < statementCacheSize + 20; i += 1) {
      const rows = await knex.raw(`select ${i} as v`);
      assert.equal(rows[0].v, i);
    }
    assert.equal((await knex.raw('select 0 as v'))[0].v, 0);
  });

  it('when a schema change happens between two runs, then the cached statement answers for the new schema', async () => {
    await knex('things').select('*').where('id', 'a');
    await knex.schema.alterTable('things', (t) => t.string('label').nullable());
    await knex('things').update({ label: 'x' }).where('id', 'a');
    const [row] = await knex('things').select('*').where('id', 'a');
    assert.equal(row.label, 'x');
  });

  it('when a query has a LIMIT, then it is written into the SQL as a number (a bound LIMIT makes SQLite 2-3x slower) and the rows are the same; OFFSET stays bound', async () => {
    const first = knex('things').where('n', '>', 0).orderBy('id').first('id');
    assert.match(first.toSQL().sql, / limit 1$/);
    assert.deepEqual(first.toSQL().bindings, [0]);
    assert.equal((await first)!.id, 'a');
    const page = knex('things').orderBy('id').limit(2).offset(1);
    assert.deepEqual(page.toSQL().toNative(), { sql: 'select * from `things` order by `id` asc limit 2 offset ?', bindings: [1] });
    assert.deepEqual(await page.pluck('id'), ['b', 'big']);
    const odd = knex('things').orderBy('id').limit('1; drop table things' as unknown as number);
    assert.match(odd.toSQL().sql, / limit 1$/, 'only the integer knex parsed reaches the SQL');
    assert.deepEqual(await odd.pluck('id'), ['a']);
  });
});
