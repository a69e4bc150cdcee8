// `opsenic audit` and `opsenic backup` as real child processes, on both dialects: verification names
// the tampered entry; a backup taken while the server serves requests restores to the same data; a
// person erased after the backup was taken stays erased after the restore; bad input is refused.
import { ledgerKeyOf } from '../../server/components/privacy/ledger-key.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { createContainer, type Container } from '../../server/container.js';
import { cliActor } from '../../server/components/audit/audit.service.js';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli as runCliWithTimeout } from '../support/cli.js';

// The machine is shared and loaded: give each child process room.
const runCli = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) => runCliWithTimeout(args, { ...options, timeoutMs: 300_000 });
import { startTestServer, testConfig, type TestServer } from '../support/server.js';
import { signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';

/** Every table's rows, sorted, except the audit log (which a restore appends to) and knex's lock. */
async function snapshot(knex: Knex): Promise<Record<string, unknown[]>> {
  const skip = new Set(['audit_entries', 'audit_chain', 'audit_actors', 'knex_migrations_lock']);
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (await knex.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r: { name: string }) => r.name)
      : (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)).map((r: { name: string }) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const table of tables.filter((t) => !skip.has(t)).sort()) {
    const rows = await knex(table).select();
    // A job lock's lease times are the running server's clock (the outbox sender takes and frees
    // its lease every few hundred ms), not data: the locks are compared by name.
    if (table === 'job_locks') out[table] = rows.map((r) => String(r.name)).sort();
    else out[table] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  }
  return out;
}

forEachDialect('opsenic audit and backup', (dialect) => {

  describe('audit', function () {
    this.timeout(600_000);
    let db: TestDatabase;
    let env: Record<string, string>;
    let c: Container;
    let knex: Knex;
    let pristine: Array<Record<string, unknown>>;
    before(async () => {
      db = await createDatabase(dialect);
      env = cliEnv(db.url, tempDir());
      c = createContainer(testConfig(db.url));
      await migrateLatest(c.knex);
      await c.services.workspaces.ensurePrimary();
      for (const name of ['ada', 'grace', 'edsger', 'barbara']) {
        await c.services.accounts.create({ email: `${name}@example.com`, firstName: name, lastName: 'Test', password: strongPassword, role: 'member' }, undefined, cliActor);
      }
      knex = c.knex;
      pristine = await knex('audit_entries').select().orderBy('seq');
    });
    // Each test tampers with the table: put the genuine rows back afterwards.
    afterEach(async () => {
      await knex.transaction(async (trx) => {
        await trx('audit_entries').delete();
        await trx('audit_entries').insert(pristine);
      });
    });
    after(async () => {
      await c?.close();
      await db?.drop();
    });

    it('when nothing was tampered with, then `audit verify` exits 0 and counts the entries', async () => {
      const result = await runCli(['audit', 'verify'], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /audit log intact: 4 entries \(#1 to #4\)/);
    });

    it('when an entry is updated in SQL, then `audit verify` exits non-zero naming exactly that entry', async () => {
      const target = await knex('audit_entries').where({ seq: 2 }).first();
      await knex('audit_entries').where({ seq: 2 }).update({ action: 'users.promote' });
      const result = await runCli(['audit', 'verify'], { env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`broken at entry #2 \\(id ${target.id}\\).*altered`));
    });

    it('when an entry is deleted in SQL, then `audit verify` names the missing entry', async () => {
      await knex('audit_entries').where({ seq: 3 }).delete();
      const result = await runCli(['audit', 'verify', '--json'], { env });
      assert.equal(result.code, 1);
      const json = JSON.parse(result.stdout);
      assert.equal(json.ok, false);
      assert.equal(json.problem.seq, 3);
      assert.equal(json.problem.kind, 'removed');
    });

    it('when two entries are swapped in SQL, then `audit verify` names the first moved entry', async () => {
      const moved = await knex('audit_entries').where({ seq: 3 }).first();
      await knex.transaction(async (trx) => {
        await trx('audit_entries').where({ seq: 2 }).update({ seq: 1000 });
        await trx('audit_entries').where({ seq: 3 }).update({ seq: 2 });
        await trx('audit_entries').where({ seq: 1000 }).update({ seq: 3 });
      });
      const result = await runCli(['audit', 'verify'], { env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`broken at entry #2 \\(id ${moved.id}\\).*reordered`));
    });

    it('when the log is exported as JSON lines or CSV, then every entry is there with its identity resolved', async () => {
      const jsonl = await runCli(['audit', 'export'], { env });
      assert.equal(jsonl.code, 0, jsonl.stderr);
      const lines = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.seq), [1, 2, 3, 4]);
      assert.ok(lines.every((l) => l.action === 'users.create' && l.actorKind === 'cli' && l.targetType === 'user'));
      const csv = await runCli(['audit', 'export', '--format', 'csv', '--since', '2000-01-01'], { env });
      assert.equal(csv.code, 0, csv.stderr);
      const rows = csv.stdout.trim().split('\r\n');
      assert.equal(rows[0], 'seq,id,at,action,actor_kind,actor_id,actor_email,actor_name,actor_erased,workspace_id,target_type,target_id,details,prev_hash,hash');
      assert.equal(rows.length, 5);
      const future = await runCli(['audit', 'export', '--since', '2999-01-01T00:00:00Z'], { env });
      assert.equal(future.code, 0);
      assert.equal(future.stdout, '');
    });

    it('when --since is not a date or --format is unknown, then export refuses with a clear message and a non-zero exit', async () => {
      for (const since of ['yesterday', '2026-02-31', '2026-13-01']) {
        const bad = await runCli(['audit', 'export', '--since', since], { env });
        assert.equal(bad.code, 2, since);
        assert.match(bad.stderr, /--since: .* is not a date; use YYYY-MM-DD/);
        assert.equal(bad.stdout, '');
      }
      const format = await runCli(['audit', 'export', '--format', 'xml'], { env });
      assert.equal(format.code, 2);
      assert.match(format.stderr, /'xml' is invalid\. Allowed choices are jsonl, csv/);
    });
  });

  describe('backup', function () {
    this.timeout(900_000);
    let server: TestServer | undefined;
    let dir: string;
    let env: Record<string, string>;

    beforeEach(async () => {
      server = await startTestServer(dialect);
      dir = tempDir('opsenic-backup-');
      env = cliEnv(server.db.url, server.config.dataDir);
    });
    afterEach(async () => {
      if (server) await server.close();
      server = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('when a backup is created while the server serves requests, then it is consistent and restoring a backup gives back the same data', async function () {
            const s = server!;
      const before = await signedUpClient(s.url);
      // Writes keep coming while the backup runs.
      let load = true;
      let writes = 0;
      const writer = (async () => {
        while (load) {
          await signedUpClient(s.url);
          writes += 1;
        }
      })();
      const during = await runCli(['backup', 'create', '--out', path.join(dir, 'during.bak'), '--json'], { env });
      load = false;
      await writer;
      assert.equal(during.code, 0, during.stderr);
      assert.ok(writes > 0, 'requests were served during the backup');
      assert.equal(JSON.parse(during.stdout).dialect, dialect);

      // A quiet moment: the backup must equal the live data exactly. The rows capture still holds
      // in memory from the load (log rows, device sightings) are written first, or a timed flush
      // between the backup and the snapshot would add rows the backup cannot have.
      await s.container.services.capture.flush();
      const quiet = path.join(dir, 'quiet.bak');
      const auditBefore = await s.container.knex('audit_entries').select('seq', 'hash').orderBy('seq');
      const taken = await runCli(['backup', 'create', '--out', quiet], { env });
      assert.equal(taken.code, 0, taken.stderr);
      const expected = await snapshot(s.container.knex);

      // Change things after the backup, then stop the server and restore.
      await signedUpClient(s.url);
      await s.container.services.accounts.setRole(before.email, 'admin');
      await s.container.knex('sessions').delete();
      await s.stop();

      const restored = await runCli(['backup', 'restore', quiet, '--yes', '--json'], { env });
      assert.equal(restored.code, 0, restored.stderr);
      const knex = createKnex({ url: s.db.url });
      try {
        assert.deepEqual(await snapshot(knex), expected);
        const audit = await knex('audit_entries').select('seq', 'hash', 'action').orderBy('seq');
        assert.deepEqual(audit.slice(0, auditBefore.length).map((r) => ({ seq: Number(r.seq), hash: r.hash })), auditBefore.map((r) => ({ seq: Number(r.seq), hash: r.hash })));
        assert.equal(audit[audit.length - 1].action, 'backup.restore');
      } finally {
        await knex.destroy();
      }
      assert.equal((await runCli(['audit', 'verify'], { env })).code, 0);

      // The backup taken under load restores too, holds everyone signed up before it started, and verifies.
      const underLoad = await runCli(['backup', 'restore', path.join(dir, 'during.bak'), '--yes'], { env });
      assert.equal(underLoad.code, 0, underLoad.stderr);
      const users = JSON.parse((await runCli(['users', 'list', '--json'], { env })).stdout) as Array<{ email: string }>;
      assert.ok(users.some((u) => u.email === before.email));
      const verify = await runCli(['audit', 'verify'], { env });
      assert.equal(verify.code, 0, verify.stderr);
      await s.db.drop();
      server = undefined;
    });

    it('when a person is erased after the backup was taken, then they are still erased after the restore', async function () {
            const s = server!;
      const adaEmail = uniqueEmail('ada');
      const ada = await s.container.services.accounts.create({ email: adaEmail, firstName: 'Ada', lastName: 'Lovelace', password: strongPassword, role: 'member' });
      const bob = await s.container.services.accounts.create({ email: uniqueEmail('bob'), firstName: 'Bob', lastName: 'Stays', password: strongPassword, role: 'member' });
      await s.container.services.audit.record({ kind: 'user', userId: ada.id }, 'users.reset_link');
      const file = path.join(dir, 'before-erasure.bak');
      assert.equal((await runCli(['backup', 'create', '--out', file], { env })).code, 0);

      await s.container.services.erasure.erase(ada.id, cliActor);
      const erasedNow = await s.container.knex('users').where({ email_lower: adaEmail.toLowerCase() }).first();
      assert.equal(erasedNow, undefined, 'erasure removed the email');
      await s.stop();

      const restored = await runCli(['backup', 'restore', file, '--yes', '--json'], { env });
      assert.equal(restored.code, 0, restored.stderr);
      const result = JSON.parse(restored.stdout);
      assert.equal(result.ledgerEntriesMerged, 1);
      assert.equal(result.subjectsErasedAgain, 1);

      const knex = createKnex({ url: s.db.url });
      try {
        const adaRow = await knex('users').where({ id: ada.id }).first();
        assert.ok(!adaRow || (adaRow.email !== adaEmail && adaRow.first_name !== 'Ada' && adaRow.last_name !== 'Lovelace'), 'no personal data of Ada in her row');
        assert.equal(await knex('users').where({ email_lower: adaEmail.toLowerCase() }).first(), undefined);
        assert.equal((await knex('audit_actors').where({ email: adaEmail }).orWhere({ user_id: ada.id })).length, 0, 'her audit identity is gone');
        assert.equal((await knex('users').where({ id: bob.id }).first()).first_name, 'Bob', 'others are untouched');
        assert.equal((await knex('erasure_ledger').where({ subject_id: ledgerKeyOf(ada.id) })).length, 1);
        assert.equal((await knex('users').where({ id: ada.id })).length, 0, 'her pseudonymous account has a fresh id');
      } finally {
        await knex.destroy();
      }
      const verify = await runCli(['audit', 'verify'], { env });
      assert.equal(verify.code, 0, verify.stderr);
      await s.db.drop();
      server = undefined;
    });

    it('when the PostgreSQL client tools are not installed, then backup create prints the manual procedure and exits non-zero', async function () {
      if (dialect !== 'postgres') return this.skip();
      const out = path.join(dir, 'no-tools.bak');
      const result = await runCli(['backup', 'create', '--out', out], { env: { ...env, PATH: '/nonexistent' } });
      assert.equal(result.code, 69);
      assert.match(result.stderr, /pg_dump is not installed/);
      assert.match(result.stderr, /pg_dump --format=custom/);
      assert.match(result.stderr, /opsenic erasure export/);
      assert.equal(fs.existsSync(out), false);
    });

    it('when the backup file is missing, is not a backup, or the output exists, then the command refuses with a clear message and changes nothing', async function () {
            const missing = await runCli(['backup', 'restore', path.join(dir, 'nope.bak'), '--yes'], { env });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such file/);
      const junk = path.join(dir, 'junk.bak');
      fs.writeFileSync(junk, 'hello, I am not a database');
      const notBackup = await runCli(['backup', 'restore', junk, '--yes'], { env });
      assert.equal(notBackup.code, 1);
      assert.match(notBackup.stderr, /not an Opsenic backup/);
      const exists = await runCli(['backup', 'create', '--out', junk], { env });
      assert.equal(exists.code, 1);
      assert.match(exists.stderr, /exists already/);
      assert.equal(fs.readFileSync(junk, 'utf8'), 'hello, I am not a database');
      const noDir = await runCli(['backup', 'create', '--out', path.join(dir, 'missing', 'x.bak')], { env });
      assert.equal(noDir.code, 1);
      assert.match(noDir.stderr, /folder of the backup file does not exist/);
      const noOut = await runCli(['backup', 'create'], { env });
      assert.equal(noOut.code, 2);
      assert.match(noOut.stderr, /--out <file>/);
      const good = path.join(dir, 'good.bak');
      assert.equal((await runCli(['backup', 'create', '--out', good], { env })).code, 0);
      const unconfirmed = await runCli(['backup', 'restore', good], { env });
      assert.equal(unconfirmed.code, 2);
      assert.match(unconfirmed.stderr, /pass --yes/);
    });
  });
});
