// The declared schema (each component's *.datamap.ts) must equal the live schema after all
// migrations, on both dialects: a schema change without a migration, or a column that is not
// declared (and so not covered by retention and erasure), fails here.
import assert from 'node:assert/strict';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { readLiveSchema } from '../../server/db/introspect.js';
import { declaredTables } from '../../server/registry.js';
import { createDatabase, forEachDialect } from '../support/databases.js';

forEachDialect('declared schema', (dialect) => {
  it('when every migration has run, then the live schema equals the declared tables and columns', async () => {
    const db = await createDatabase(dialect);
    const knex = createKnex({ url: db.url });
    try {
      await migrateLatest(knex);
      const live = await readLiveSchema(knex);
      const declared = Object.fromEntries(declaredTables.map((t) => [t.name, Object.fromEntries(Object.entries(t.columns).map(([name, c]) => [name, { type: c.type, nullable: c.nullable }]))]));
      const undeclaredTables = Object.keys(live).filter((t) => !declared[t]);
      assert.deepEqual(undeclaredTables, [], `tables without a declaration in a *.datamap.ts: ${undeclaredTables.join(', ')}`);
      const missingTables = Object.keys(declared).filter((t) => !live[t]);
      assert.deepEqual(missingTables, [], `declared tables that no migration creates: ${missingTables.join(', ')}`);
      for (const table of Object.keys(declared)) {
        assert.deepEqual(live[table], declared[table], `table ${table}: live columns (actual) differ from the declaration (expected)`);
      }
    } finally {
      await knex.destroy();
      await db.drop();
    }
  });

  it('when a table is declared twice or a column lacks a personal-data decision, then the declarations are rejected', () => {
    const names = declaredTables.map((t) => t.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
    for (const table of declaredTables) {
      for (const [column, decl] of Object.entries(table.columns)) {
        assert.ok(decl.personal === 'none' || (decl.personal.category && decl.personal.retention), `${table.name}.${column} must declare personal data or 'none'`);
      }
      if (table.subject !== 'none') assert.ok(table.columns[table.subject.column], `${table.name}: subject column ${table.subject.column} is not declared`);
    }
  });
});
