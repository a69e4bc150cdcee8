// Restores that keep erasures and refuse what they cannot restore (issue 18), on both dialects: a backup
// from a newer schema or of the other database kind is refused and nothing changes; `backup restore
// --ledger` and `opsenic erasure reapply --ledger` erase again someone erased after the backup even
// when the live ledger was lost; a PostgreSQL restore that fails halfway leaves the database as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { migrateLatest } from '../../server/db/migrate.js';
import { sqliteRestore } from '../../server/db/backup.js';
import { createContainer, type Container } from '../../server/container.js';
import { cliActor } from '../../server/components/audit/audit.service.js';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { testConfig } from '../support/server.js';
import { strongPassword, uniqueEmail } from '../support/http.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { prepare(sql: string): { run(...p: unknown[]): unknown }; close(): void };

forEachDialect(
  'restore keeps erasures',
  (dialect) => {
    let db: TestDatabase;
    let dir: string;
    let env: Record<string, string>;
    let c: Container;
    const file = (name: string) => path.join(dir, name);

    before(async () => {
      db = await createDatabase(dialect);
      dir = tempDir('opsenic-restore-');
      env = cliEnv(db.url, dir);
      c = createContainer(testConfig(db.url));
      await migrateLatest(c.knex);
      await c.services.workspaces.ensurePrimary();
    });
    after(async () => {
      await c?.close();
      await db?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('when a backup comes from a newer schema or is of the other database kind, then restore refuses and changes nothing', async () => {
      const marker = await c.services.accounts.create({ email: uniqueEmail('marker'), firstName: 'Mark', lastName: 'Er', password: strongPassword, role: 'member' }, undefined, cliActor);
      const newer = file('newer.bak');
      if (dialect === 'sqlite') {
        await c.services.backup.create(newer, cliActor);
        const copy = new Database(newer);
        copy.prepare(`INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('29991231000000_from_the_future', 99, 0)`).run();
        copy.close();
      } else {
        await c.knex('knex_migrations').insert({ name: '29991231000000_from_the_future', batch: 99, migration_time: new Date() });
        await c.services.backup.create(newer, cliActor);
        await c.knex('knex_migrations').where({ name: '29991231000000_from_the_future' }).delete();
      }
      await c.knex('users').where({ id: marker.id }).delete();
      const refused = await runCli(['backup', 'restore', newer, '--yes'], { env });
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /newer Opsenic version/);
      assert.equal((await c.knex('users').where({ id: marker.id })).length, 0, 'nothing was restored');

      const other = file('other-kind.bak');
      fs.writeFileSync(other, dialect === 'sqlite' ? Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(200, 1)]) : Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200)]));
      const wrong = await runCli(['backup', 'restore', other, '--yes'], { env });
      assert.equal(wrong.code, 1, wrong.stderr);
      assert.match(wrong.stderr, /other database kind/);
    });

    it('when the live ledger was lost, then `backup restore --ledger` and `erasure reapply --ledger` erase again the person erased after the backup, under a fresh id', async () => {
      const email = uniqueEmail('lost-ledger');
      const person = await c.services.accounts.create({ email, firstName: 'Lorna', lastName: 'Ledgerlost', password: strongPassword, role: 'member' }, undefined, cliActor);
      const backup = file('before-erasure.bak');
      await c.services.backup.create(backup, cliActor);
      await c.services.subjectErasure.erase(person.id, await c.services.subjectErasure.identifiersOf(person.id));
      const ledgerFile = file('ledger.json');
      const exported = await runCli(['erasure', 'export', '--out', ledgerFile], { env });
      assert.equal(exported.code, 0, exported.stderr);
      assert.ok(!fs.readFileSync(ledgerFile, 'utf8').includes(person.id), 'the exported ledger holds digests, not ids');
      const lose = async () => c.knex('erasure_ledger').delete();

      // The live ledger is lost; the restore without --ledger brings Lorna back...
      await lose();
      const back = await runCli(['backup', 'restore', backup, '--yes', '--json'], { env });
      assert.equal(back.code, 0, back.stderr);
      assert.equal((await c.knex('users').where({ email_lower: email.toLowerCase() })).length, 1, 'without the ledger she is back');
      // ...with it she is erased again.
      await lose();
      const restored = await runCli(['backup', 'restore', backup, '--yes', '--json', '--ledger', ledgerFile], { env });
      assert.equal(restored.code, 0, restored.stderr);
      assert.equal(JSON.parse(restored.stdout).subjectsErasedAgain, 1);
      assert.equal((await c.knex('users').where({ email_lower: email.toLowerCase() })).length, 0);
      assert.equal((await c.knex('users').where({ id: person.id })).length, 0, 'a fresh pseudonymous id');

      // A restore done by hand, then `opsenic erasure reapply --ledger`.
      await lose();
      if (dialect === 'sqlite') {
        await c.close();
        await sqliteRestore(backup, db.url.slice('sqlite:'.length));
        c = createContainer(testConfig(db.url));
      } else {
        const manual = spawnSync('sh', ['-c', `pg_restore --no-owner --no-privileges --file=- '${backup}' | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -c 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public' -f - '${db.url}'`], { encoding: 'utf8' });
        assert.equal(manual.status, 0, manual.stderr);
      }
      assert.equal((await c.knex('users').where({ email_lower: email.toLowerCase() })).length, 1, 'the manual restore brought her back');
      const reapplied = await runCli(['erasure', 'reapply', '--ledger', ledgerFile], { env });
      assert.equal(reapplied.code, 0, reapplied.stderr);
      assert.match(reapplied.stdout, /1 subjects erased again/);
      assert.equal((await c.knex('users').where({ email_lower: email.toLowerCase() })).length, 0);
      assert.equal((await c.knex('users').where({ id: person.id })).length, 0);
      const bad = file('bad-ledger.json');
      fs.writeFileSync(bad, '{"kind":"something else"}');
      const refused = await runCli(['erasure', 'reapply', '--ledger', bad], { env });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /ledger file cannot be read/);
    });

    it('when a PostgreSQL restore fails halfway, then the database is as it was', async function () {
      if (dialect !== 'postgres') return this.skip();
      const good = file('halfway.bak');
      await c.services.backup.create(good, cliActor);
      const marker = await c.services.accounts.create({ email: uniqueEmail('after'), firstName: 'Still', lastName: 'Here', password: strongPassword, role: 'member' }, undefined, cliActor);
      const users = Number((await c.knex('users').count({ n: '*' }).first())!.n);
      // The archive's table of contents is intact (inspect passes), its data is cut off.
      const bytes = fs.readFileSync(good);
      const cut = file('cut.bak');
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      const result = await runCli(['backup', 'restore', cut, '--yes'], { env });
      assert.notEqual(result.code, 0, result.stdout);
      assert.match(result.stderr, /nothing was changed|damaged/);
      assert.equal(Number((await c.knex('users').count({ n: '*' }).first())!.n), users);
      assert.ok(await c.knex('users').where({ id: marker.id }).first(), 'the row written after the backup is still there');
    });
  },
  { timeoutMs: 180_000 },
);
