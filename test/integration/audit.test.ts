// The audit log on both dialects: the chain verifies after many (and concurrent) appends, tampering
// with the table in SQL is detected at exactly the first bad entry, and erasing a person's identity
// leaves the chain valid.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createContainer, type Container } from '../../server/container.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { cliActor, userActor } from '../../server/components/audit/audit.service.js';
import { createDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';
import { fastScrypt, testConfig } from '../support/server.js';
import { strongPassword, uniqueEmail } from '../support/http.js';
import type { AuditAction } from '../../server/components/audit/audit-actions.js';

async function migratedContainer(db: TestDatabase): Promise<Container> {
  const c = createContainer(testConfig(db.url));
  await migrateLatest(c.knex);
  await c.services.workspaces.ensurePrimary();
  return c;
}

async function appendMany(c: Container, n: number, prefix = 'test.append'): Promise<void> {
  for (let i = 0; i < n; i++) await c.services.audit.append({ action: prefix as AuditAction, actorKind: 'system', details: { i } });
}

forEachDialect('audit log', (dialect) => {
  let db: TestDatabase;
  let c: Container;

  beforeEach(async () => {
    db = await createDatabase(dialect);
    c = await migratedContainer(db);
  });
  afterEach(async () => {
    await c.close();
    await db.drop();
  });

  it('when many entries are appended, then the chain verifies with gap-free sequence numbers', async () => {
    await appendMany(c, 120);
    const result = await c.services.audit.verify(50);
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.entries, 120);
    assert.equal(result.lastSeq, 120);
  });

  it('when entries are appended concurrently from this process and two other processes, then every entry is chained once and the chain verifies', async function () {
    this.timeout(120_000);
    const child = (label: string) =>
      new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'test/support/audit-append.ts', db.url, '30', label], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += d));
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`appender ${label} exited ${code}: ${stderr}`))));
      });
    const local = Promise.all(Array.from({ length: 30 }, (_, i) => c.services.audit.append({ action: 'test.concurrent' as AuditAction, actorKind: 'system', details: { from: 'here', i } })));
    await Promise.all([child('a'), child('b'), local]);
    const result = await c.services.audit.verify();
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.entries, 90);
    const seqs = (await c.knex('audit_entries').select('seq').orderBy('seq')).map((r) => Number(r.seq));
    assert.deepEqual(seqs, Array.from({ length: 90 }, (_, i) => i + 1));
  });

  it('when a field of an entry is updated in SQL, then verify names that entry as altered', async () => {
    await appendMany(c, 10);
    await c.knex('audit_entries').where({ seq: 4 }).update({ details: JSON.stringify({ i: 999 }) });
    const result = await c.services.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.problem!.seq, 4);
    assert.equal(result.problem!.kind, 'altered');
  });

  it('when an entry is deleted in SQL, then verify names the missing entry', async () => {
    await appendMany(c, 10);
    await c.knex('audit_entries').where({ seq: 6 }).delete();
    const result = await c.services.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.problem!.seq, 6);
    assert.equal(result.problem!.kind, 'removed');
  });

  it('when the last entry is deleted in SQL, then verify names it as missing', async () => {
    await appendMany(c, 10);
    await c.knex('audit_entries').where({ seq: 10 }).delete();
    const result = await c.services.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.problem!.seq, 10);
  });

  it("when two entries' sequence numbers are swapped in SQL, then verify names the first of them as reordered", async () => {
    await appendMany(c, 10);
    const third = await c.knex('audit_entries').where({ seq: 3 }).first();
    await c.knex.transaction(async (trx) => {
      await trx('audit_entries').where({ seq: 3 }).update({ seq: -3 });
      await trx('audit_entries').where({ seq: 7 }).update({ seq: 3 });
      await trx('audit_entries').where({ seq: -3 }).update({ seq: 7 });
    });
    const result = await c.services.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.problem!.seq, 3);
    assert.equal(result.problem!.kind, 'reordered');
    assert.notEqual(result.problem!.id, third.id, 'the entry now at #3 is the one moved there');
  });

  it("when a person's identity is erased, then the audit log no longer shows it and the chain still verifies", async () => {
    const user = await c.services.accounts.create({ email: uniqueEmail('ada'), firstName: 'Ada', lastName: 'Lovelace', password: strongPassword, role: 'admin' });
    await c.services.audit.record(userActor(user), 'users.promote', { target: { type: 'user', id: user.id } });
    await c.services.audit.record(cliActor, 'users.demote', { target: { type: 'user', id: user.id } });
    const before = await c.services.audit.search({}, 1, 10);
    assert.ok(before.entries.some((e) => e.actorEmail === user.email));
    await c.services.audit.forgetUser(user.id);
    const after = await c.services.audit.search({}, 1, 10);
    assert.equal(after.entries.length, 3, 'users.create, users.promote, users.demote');
    assert.ok(after.entries.every((e) => e.actorEmail === null && e.actorName === null && e.actorUserId === null));
    assert.ok(after.entries.find((e) => e.action === 'users.promote')!.actorErased);
    const stored = JSON.stringify(await c.knex('audit_entries').select());
    assert.ok(!stored.includes(user.id) && !stored.includes(user.email), 'chained rows hold neither the user id nor the email');
    assert.equal((await c.services.audit.verify()).ok, true);
  });

  it('when old entries are purged, then the remaining chain still verifies from its new start', async () => {
    await appendMany(c, 12);
    const removed = await c.services.audit.purgeOlderThan(Date.now() + 1, { batchSize: 5, maxBatches: 1 });
    assert.equal(removed, 5);
    const result = await c.services.audit.verify();
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.firstSeq, 6);
    assert.equal(result.entries, 7);
  });
});

void fastScrypt;
