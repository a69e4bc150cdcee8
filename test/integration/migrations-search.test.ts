// The search migration was rewritten once to hold its full-text sources itself instead of importing
// them from the search component. It must still run exactly the SQL it ran when it was released:
// the fixture holds the statements recorded from the released version (commit 9018be2) on both
// dialects, and any difference in text, bindings or order fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachDialect } from '../support/databases.js';
import { recordMigrationStatements, type RecordedStatements } from '../support/migration-statements.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const migration = path.resolve(here, '../../migrations/20261129150200_search.ts');
const released = JSON.parse(fs.readFileSync(path.join(here, 'fixtures/search-migration-statements.json'), 'utf8')) as Record<string, RecordedStatements>;

forEachDialect('the released search migration', (dialect) => {
  it('when its down() and up() run on a migrated database, then they send byte for byte the statements the released version sent', async () => {
    const recorded = await recordMigrationStatements(dialect, migration);
    assert.ok(released[dialect]!.up.length > 0, 'the fixture holds statements');
    assert.deepEqual(recorded.up, released[dialect]!.up);
    assert.deepEqual(recorded.down, released[dialect]!.down);
  });
});
