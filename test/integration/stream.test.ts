import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { streamRows } from '../../server/db/stream.js';
import { createDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';

forEachDialect('streaming a large result page by page', (dialect) => {
  let db: TestDatabase;
  let knex: Knex;

  before(async () => {
    db = await createDatabase(dialect);
    knex = createKnex({ url: db.url });
    await knex.schema.createTable('numbers', (t) => {
      t.integer('n').primary();
      t.string('label');
    });
    for (let i = 0; i < 2500; i += 500) await knex('numbers').insert(Array.from({ length: 500 }, (_, k) => ({ n: i + k, label: `n${i + k}` })));
  });
  after(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  it('when a result spans several pages, then every row comes once, in pages of at most the page size, as arrays in column order', async () => {
    const seen: number[] = [];
    let pages = 0;
    for await (const page of streamRows(knex, knex('numbers').select('n', 'label').orderBy('n'), 300)) {
      pages += 1;
      assert.ok(page.rows.length <= 300);
      assert.deepEqual(page.columns, ['n', 'label']);
      for (const [n, label] of page.rows) {
        assert.equal(label, `n${n}`);
        seen.push(Number(n));
      }
    }
    assert.equal(pages, 9);
    assert.deepEqual(seen, Array.from({ length: 2500 }, (_, i) => i));
  });

  it('when the consumer stops after the first page, then the stream closes cleanly and the database answers the next query', async () => {
    for await (const page of streamRows(knex, knex('numbers').select('n'), 100)) {
      assert.equal(page.rows.length, 100);
      break;
    }
    const counted = await knex('numbers').count({ c: '*' }).first();
    assert.equal(Number(counted?.c), 2500);
    await knex('numbers').insert({ n: 99_999, label: 'after' });
    assert.equal((await knex('numbers').where({ n: 99_999 }).first()).label, 'after');
  });
});
