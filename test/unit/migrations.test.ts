// Migrations are frozen once released (docs/ARCHITECTURE.md, "Migrations"): they import nothing of
// the repository but the stable helpers in server/db/ meant for them, and their content never
// changes (migrations/released.sha256, as Ghost's schema integrity test pins its schema).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/databases.js';
import { checksumViolations, forbiddenImports, readReleased, sha256Of } from '../support/migration-rules.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrationsDir = path.join(repoRoot, 'migrations');
const releasedList = path.join(migrationsDir, 'released.sha256');

/** A directory inside the repository (so relative imports resolve as in migrations/) holding planted files. */
function plantedMigrations(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(repoRoot, 'migrations-planted-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('migration rules', () => {
  it('when the migrations are read, then none imports anything from the repository but the stable server/db helpers', () => {
    assert.deepEqual(forbiddenImports(migrationsDir, repoRoot), []);
  });

  it('when a migration imports a component, the web layer or an unlisted db file, then the import guard names each', () => {
    const dir = plantedMigrations({
      '20990101000000_ok.ts': "import type { Knex } from 'knex';\nimport { dialectOfKnex } from '../server/db/knex.js';\n",
      '20990101000001_component.ts': "import { searchSources } from '../server/components/search/search.sources.js';\n",
      '20990101000002_db.ts': "import { fullTextSearch } from '../server/db/fulltext.js';\nconst later = () => import('../server/web/html.js');\n",
    });
    try {
      assert.deepEqual(forbiddenImports(dir, repoRoot), [
        '20990101000001_component.ts imports ../server/components/search/search.sources.js',
        '20990101000002_db.ts imports ../server/db/fulltext.js',
        '20990101000002_db.ts imports ../server/web/html.js',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the migrations are compared with migrations/released.sha256, then none changed, none is unlisted and none is missing', () => {
    const violations = checksumViolations(migrationsDir, readReleased(releasedList));
    assert.deepEqual(violations.changed, [], `released migrations must never change; write a new migration instead: ${violations.changed.join(', ')}`);
    assert.deepEqual(violations.unlisted, [], `add a line for each new migration: sha256sum migrations/<file> >> migrations/released.sha256 (${violations.unlisted.join(', ')})`);
    assert.deepEqual(violations.missing, [], 'a released migration was deleted or renamed');
  });

  it('when a listed migration is edited or a new one has no line, then the checksum guard reports them', () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, '20990101000000_released.ts'), 'export async function up() {}\n');
      const released = new Map([['20990101000000_released.ts', sha256Of(path.join(dir, '20990101000000_released.ts'))]]);
      assert.deepEqual(checksumViolations(dir, released), { changed: [], unlisted: [], missing: [] });
      fs.appendFileSync(path.join(dir, '20990101000000_released.ts'), '// a later edit\n');
      fs.writeFileSync(path.join(dir, '20990102000000_new.ts'), 'export async function up() {}\n');
      assert.deepEqual(checksumViolations(dir, released), { changed: ['20990101000000_released.ts'], unlisted: ['20990102000000_new.ts'], missing: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
