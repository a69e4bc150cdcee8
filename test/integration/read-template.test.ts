// ReadTemplate: a read built with knex once per shape, run with each call's values.
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { closeReadConnection } from '../../server/db/read-connection.js';
import { ReadTemplate } from '../../server/db/read-template.js';
import { createDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';

forEachDialect('read templates', (dialect) => {
  let db: TestDatabase;
  let knex: Knex;

  before(async () => {
    db = await createDatabase(dialect);
    knex = createKnex({ url: db.url });
    await knex.schema.createTable('things', (t) => {
      t.string('id').primary();
      t.string('owner');
      t.bigInteger('n');
      t.boolean('flag');
    });
    await knex('things').insert([
      { id: 'a', owner: 'ann', n: 1, flag: true },
      { id: 'b', owner: 'ann', n: 2 ** 40, flag: false },
      { id: 'c', owner: 'bob', n: 3, flag: true },
    ]);
  });
  after(async () => {
    closeReadConnection(knex);
    await knex?.destroy();
    await db?.drop();
  });

  it('when a template runs with other values, then each call reads the rows of its own values, the same as knex builds them', async () => {
    let builds = 0;
    const owned = new ReadTemplate<{ owner: string; above: number }>('test.owned', (k, v) => {
      builds += 1;
      return k('things').where('owner', v.owner).andWhere('n', '>', v.above).andWhere('flag', true).select('id', 'n').orderBy('id');
    });
    for (const [owner, above] of [['ann', 0], ['bob', 0], ['ann', 5], ['nobody', 0]] as const) {
      const rows = await owned.rows(knex, { owner, above });
      const expected = await knex('things').where('owner', owner).andWhere('n', '>', above).andWhere('flag', true).select('id', 'n').orderBy('id');
      assert.deepEqual(rows.map((r) => [r.id, Number(r.n)]), expected.map((r) => [r.id, Number(r.n)]), `${owner} above ${above}`);
    }
    assert.equal(builds, 1, 'built once for one shape');
  });

  it('when the shape changes, then each shape is built once and keeps its own SQL', async () => {
    const shapes: string[] = [];
    const listed = new ReadTemplate<{ owner: string }, { limit: number; onlyFlagged: boolean }>('test.listed', (k, v, shape) => {
      shapes.push(JSON.stringify(shape));
      const q = k('things').where('owner', v.owner).select('id').orderBy('id').limit(shape.limit);
      if (shape.onlyFlagged) q.where('flag', true);
      return q;
    });
    assert.deepEqual((await listed.rows(knex, { owner: 'ann' }, { limit: 1, onlyFlagged: false })).map((r) => r.id), ['a']);
    assert.deepEqual((await listed.rows(knex, { owner: 'ann' }, { limit: 5, onlyFlagged: false })).map((r) => r.id), ['a', 'b']);
    assert.deepEqual((await listed.rows(knex, { owner: 'ann' }, { limit: 5, onlyFlagged: true })).map((r) => r.id), ['a']);
    assert.deepEqual((await listed.rows(knex, { owner: 'bob' }, { limit: 5, onlyFlagged: true })).map((r) => r.id), ['c']);
    assert.equal(shapes.length, 3, 'three shapes, three builds');
  });

  it('when a value is written into the SQL text or changed before binding, then the template refuses to run', async () => {
    const written = new ReadTemplate<{ owner: string }>('test.written', (k, v) => k('things').whereRaw(`owner = '${v.owner}'`).select('id'));
    await assert.rejects(written.rows(knex, { owner: 'ann' }), /written into the SQL/);
    const changed = new ReadTemplate<{ owner: string }>('test.changed', (k, v) => k('things').where('owner', 'like', `%${v.owner}%`).select('id'));
    await assert.rejects(changed.rows(knex, { owner: 'ann' }), /changed before it is bound/);
  });

  it('when a value holds SQL, then it is bound as a value and matches nothing', async () => {
    const owned = new ReadTemplate<{ owner: string }>('test.injection', (k, v) => k('things').where('owner', v.owner).select('id'));
    assert.deepEqual(await owned.rows(knex, { owner: "ann' or '1'='1" }), []);
    assert.equal(Number((await knex('things').count({ n: '*' }))[0]!.n), 3, 'nothing changed');
  });
});
