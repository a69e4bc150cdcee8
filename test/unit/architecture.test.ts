// The layer rules of docs/ARCHITECTURE.md, checked with dependency-cruiser (.dependency-cruiser.cjs):
// no import cycles; server/db and server/platform import no component, no web module and not the
// composition root; no component imports the composition root (server/container.ts); migrations
// import only the stable server/db helpers meant for them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/databases.js';
import { repoRoot, violationsIn } from '../support/architecture.js';

function plantTree(files: Record<string, string>): string {
  const root = tempDir('opsenic-layers-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('architecture: layers and cycles', function () {
  this.timeout(120_000);

  it('when the sources are cruised, then no cycle and no forbidden import is found', async () => {
    assert.deepEqual(await violationsIn(repoRoot, ['server', 'cli', 'migrations']), []);
  });

  it('when a tree holds a cycle, a low layer importing a component or the web layer, and a migration importing a component, then each is reported', async () => {
    const root = plantTree({
      'server/db/low.ts': "import { page } from '../web/page.js';\nexport const low = page;\n",
      'server/platform/config.ts': "import { part } from '../components/a/a.ts';\nexport const config = part;\n",
      'server/web/page.ts': 'export const page = 1;\n',
      'server/components/a/a.ts': "import { b } from './b.ts';\nexport const part = 1;\nexport const a = () => b;\n",
      'server/components/a/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      // A cycle made only of type imports vanishes at run time: allowed.
      'server/components/t/t1.ts': "import type { T2 } from './t2.ts';\nexport interface T1 { other?: T2 }\n",
      'server/components/t/t2.ts': "import type { T1 } from './t1.ts';\nexport interface T2 { other?: T1 }\n",
      'server/db/knex.ts': 'export const dialectOfKnex = () => "sqlite";\n',
      'migrations/20990101000000_ok.ts': "import { dialectOfKnex } from '../server/db/knex.ts';\nexport const up = dialectOfKnex;\n",
      'migrations/20990101000001_bad.ts': "import { part } from '../server/components/a/a.ts';\nexport const up = part;\n",
    });
    try {
      const found = (await violationsIn(root, ['server', 'migrations'])).map((v) => `${v.rule}: ${v.from}`).sort();
      assert.deepEqual(found, [
        'db-and-platform-stay-below: server/db/low.ts',
        'db-and-platform-stay-below: server/platform/config.ts',
        'migrations-are-self-contained: migrations/20990101000001_bad.ts',
        'no-cycles: server/components/a/a.ts', // a cycle is reported once, from its first module
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('when a component imports the container, even for its type only, then it is reported; a narrow type of its own is not', async () => {
    const root = plantTree({
      'server/container.ts': "import { auditRouter } from './components/audit/audit.routes.ts';\nexport interface Container { services: { audit: string; other: string } }\nexport const routers = [auditRouter];\n",
      'server/components/audit/audit.deps.ts': 'export interface AuditDeps { services: { audit: string } }\n',
      'server/components/audit/audit.routes.ts': "import type { AuditDeps } from './audit.deps.ts';\nexport const auditRouter = (c: AuditDeps) => c.services.audit;\n",
      'server/components/wide/wide.routes.ts': "import type { Container } from '../../container.ts';\nexport const wideRouter = (c: Container) => c.services.other;\n",
      'server/components/wide/wide.cli.ts': "import { routers } from '../../container.ts';\nexport const count = routers.length;\n",
    });
    try {
      const found = (await violationsIn(root, ['server'])).map((v) => `${v.rule}: ${v.from}`).sort();
      assert.deepEqual(found, ['components-do-not-import-the-container: server/components/wide/wide.cli.ts', 'components-do-not-import-the-container: server/components/wide/wide.routes.ts']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
