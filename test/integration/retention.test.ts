// Retention on both dialects: every table-driven category (whatever tables declare it, so tables
// added later are covered too), deleted accounts, sandbox workspaces, legal holds, run reports,
// the plan changing nothing, one scheduled tick across replicas, metrics.
import assert from 'node:assert/strict';
import { createContainer } from '../../server/container.js';
import { declaredTables } from '../../server/registry.js';
import { cutoffOf, parseMaxAge, retentionCategories } from '../../server/components/retention/policies.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, testConfig, type TestServer } from '../support/server.js';
import { strongPassword, uniqueEmail } from '../support/http.js';
import { DAY, exists, insertSynthetic } from '../support/retention.js';
import { startRetentionScheduler } from '../../server/components/retention/retention.scheduler.js';

const SPECIAL = new Set(['deleted_accounts', 'sandbox_workspaces', 'audit']);
const who = { trigger: 'cli' as const, label: 'test' };

forEachDialect('retention', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect, { 'retention.schedule.enabled': false });
  });
  after(async () => server?.close());

  const c = () => server.container;
  const person = async (role: 'member' | 'admin' = 'member') => c().services.accounts.create({ email: uniqueEmail('ret'), firstName: 'Rita', lastName: 'Tention', password: strongPassword, role });
  const daysOf = (maxAge: string) => {
    const at = Date.now();
    return (at - cutoffOf(parseMaxAge(maxAge)!, at)!) / DAY;
  };

  it('when a plan is made, then it lists every category and changes nothing', async () => {
    const before = await c().knex('sessions').count({ n: '*' }).first();
    const plan = await c().services.retention.plan();
    assert.deepEqual(plan.categories.map((x) => x.category), [...retentionCategories]);
    const after = await c().knex('sessions').count({ n: '*' }).first();
    assert.equal(Number(after!.n), Number(before!.n));
    assert.equal(await c().knex('retention_runs').count({ n: '*' }).first().then((r) => Number(r!.n)), 0);
  });

  it('when an unknown category is asked for, then plan and apply refuse with a field message and change nothing', async () => {
    await assert.rejects(c().services.retention.plan({ category: 'nonsense' }), (e: { fields?: Record<string, string> }) => e.fields?.category === 'retention.unknownCategory');
    await assert.rejects(c().services.retention.apply({ category: 'nonsense', who }), (e: { fields?: Record<string, string> }) => e.fields?.category === 'retention.unknownCategory');
    assert.equal(await c().knex('retention_runs').count({ n: '*' }).first().then((r) => Number(r!.n)), 0);
  });

  it('when a table-driven category is applied, then older rows go, younger and held rows stay, and the report counts them (every declared table)', async function () {
    this.timeout(120_000);
    const ws = await c().services.workspaces.getPrimary();
    const heldPerson = await person();
    const freePerson = await person();
    await c().services.holds.add({ user: heldPerson.email, reason: 'litigation 2026-17' }, who);
    const now = Date.now();
    const exercised: string[] = [];
    const skipped: string[] = [];
    for (const category of retentionCategories) {
      if (SPECIAL.has(category)) continue;
      const policy = c().services.retention.policies().find((p) => p.category === category)!;
      if (policy.maxAge === 'forever') continue;
      const days = daysOf(policy.maxAge);
      const tables = declaredTables.filter((t) => t.retention?.category === category && !t.retention.via);
      for (const table of tables) {
        const key = table.key ?? 'id';
        if (!table.columns[key]) continue;
        const subject = table.subject === 'none' ? undefined : table.subject.column;
        const old = await insertSynthetic(c().knex, table, { workspaceId: ws.id, userId: subject ? freePerson.id : undefined, age: now - (days + 2) * DAY });
        const young = await insertSynthetic(c().knex, table, { workspaceId: ws.id, userId: subject ? freePerson.id : undefined, age: now - Math.max(days - 2, days / 2) * DAY });
        const held = subject ? await insertSynthetic(c().knex, table, { workspaceId: ws.id, userId: heldPerson.id, age: now - (days + 2) * DAY }) : undefined;
        if (!old || !young) {
          skipped.push(table.name);
          continue;
        }
        const plan = await c().services.retention.plan({ category });
        const tablePlan = plan.categories[0]!.tables.find((t) => t.table === table.name)!;
        assert.ok(tablePlan.rows >= 1, `${category}/${table.name}: the plan counts the old row`);
        assert.ok(tablePlan.sampleIds.includes(old), `${category}/${table.name}: the old row is among the samples`);
        if (held) assert.ok(tablePlan.held >= 1, `${category}/${table.name}: the plan counts the held row`);
        const result = await c().services.retention.apply({ category, who });
        assert.ok(result !== 'tick-done');
        assert.equal(result.run.status, 'completed', JSON.stringify(result.run.errors));
        assert.equal(await exists(c().knex, table, old), false, `${category}/${table.name}: the old row is gone`);
        assert.equal(await exists(c().knex, table, young), true, `${category}/${table.name}: the young row stays`);
        if (held) {
          assert.equal(await exists(c().knex, table, held), true, `${category}/${table.name}: the held row stays`);
          assert.ok((result.run.held.rows[category]?.[table.name] ?? 0) >= 1, `${category}/${table.name}: the report shows the held row`);
          assert.ok(result.run.held.holds.some((h) => h.reason === 'litigation 2026-17'));
        }
        assert.ok((result.run.counts[category]?.[table.name]?.rows ?? 0) >= 1, `${category}/${table.name}: the report counts the removed row`);
        exercised.push(`${category}/${table.name}`);
      }
    }
    assert.ok(exercised.includes('sessions/sessions') && exercised.includes('invitations/invitations') && exercised.includes('retention_reports/retention_runs'), `exercised: ${exercised.join(', ')}; skipped: ${skipped.join(', ')}`);
    console.log(`      exercised ${exercised.join(', ')}${skipped.length ? `; not insertable synthetically: ${skipped.join(', ')}` : ''}`);
  });

  it('when deleted accounts pass their grace period, then they are purged to "Former member xxxx", authored content stays anonymised, held and recent ones stay', async () => {
    const ws = await c().services.workspaces.getPrimary();
    const old = await person();
    const recent = await person();
    const held = await person();
    for (const u of [old, recent, held]) await c().services.accountDeletion.deleteByAdmin(u, who);
    await c().knex('users').whereIn('id', [old.id, held.id]).update({ deleted_at: Date.now() - 40 * DAY });
    await c().knex('users').where({ id: recent.id }).update({ deleted_at: Date.now() - 5 * DAY });
    await c().services.holds.add({ user: held.email, reason: 'works council dispute' }, who);
    const comments = declaredTables.find((t) => t.name === 'comments');
    const comment = comments ? await insertSynthetic(c().knex, comments, { workspaceId: ws.id, userId: old.id, values: { body: 'What Rita wrote' } }) : undefined;

    const plan = await c().services.retention.plan({ category: 'deleted_accounts' });
    const users = plan.categories[0]!.tables[0]!;
    assert.ok(users.sampleIds.includes(old.id) && !users.sampleIds.includes(recent.id) && !users.sampleIds.includes(held.id));
    assert.ok(users.held >= 1);

    const result = await c().services.retention.apply({ category: 'deleted_accounts', who });
    assert.ok(result !== 'tick-done' && result.run.status === 'completed', JSON.stringify(result !== 'tick-done' && result.run.errors));
    assert.ok(result.run.counts.deleted_accounts!.users!.rows >= 1);
    // The purge is the same erasure as a data subject request's: the pseudonymous account has a fresh id.
    assert.equal(await c().repositories.users.findById(old.id), undefined, 'no row keeps the old id');
    const authorId = comment ? (await c().knex('comments').where({ id: comment }).first()).author_id : undefined;
    const purged = authorId ? await c().repositories.users.findById(authorId) : undefined;
    assert.ok(purged, 'the comment points at the pseudonymous account');
    assert.notEqual(purged!.id, old.id);
    assert.equal(purged!.firstName, 'Former');
    assert.match(purged!.lastName, /^member [0-9a-f]{4}$/);
    assert.equal(purged!.status, 'deleted');
    assert.equal(purged!.phone, null);
    assert.doesNotMatch(purged!.email, /example\.com/);
    assert.equal((await c().repositories.users.findById(recent.id))!.email, recent.email);
    assert.equal((await c().repositories.users.findById(held.id))!.email, held.email);
    if (comment) {
      const row = await c().knex('comments').where({ id: comment }).first();
      assert.equal(row.author_id, purged!.id, 'the comment still points at its (now anonymous) author');
      assert.equal(row.body, 'What Rita wrote');
    }
    // Idempotent: a second run finds nothing more to do for that person.
    const again = await c().services.retention.plan({ category: 'deleted_accounts' });
    assert.ok(!again.categories[0]!.tables[0]!.sampleIds.includes(old.id));
  });

  it('when sandbox workspaces expired longer ago than the policy, then they go with their rows; recent and held sandboxes stay', async () => {
    const make = async (expiredDaysAgo: number) => {
      const id = crypto.randomUUID();
      await c().knex('workspaces').insert({ id, kind: 'sandbox', name: `sandbox ${id.slice(0, 4)}`, expires_at: Date.now() - expiredDaysAgo * DAY, created_at: Date.now() - 90 * DAY });
      await c().knex('invitations').insert({ id: crypto.randomUUID(), workspace_id: id, email: 'x@example.com', email_lower: 'x@example.com', role: 'member', token_hash: crypto.randomUUID(), created_at: Date.now(), expires_at: Date.now() + DAY });
      return id;
    };
    const old = await make(40);
    const recent = await make(3);
    const held = await make(40);
    await c().services.holds.add({ workspace: held, reason: 'regulator inquiry' }, who);
    const result = await c().services.retention.apply({ category: 'sandbox_workspaces', who });
    assert.ok(result !== 'tick-done' && result.run.status === 'completed');
    assert.equal(await c().knex('workspaces').where({ id: old }).first(), undefined);
    assert.equal(await c().knex('invitations').where({ workspace_id: old }).first(), undefined);
    assert.ok(await c().knex('workspaces').where({ id: recent }).first());
    assert.ok(await c().knex('workspaces').where({ id: held }).first());
    assert.equal(result.run.held.rows.sandbox_workspaces?.workspaces, 1);
  });

  it('when a hold is released, then the next run removes what it protected', async () => {
    const p = await person();
    await c().services.accountDeletion.deleteByAdmin(p, who);
    await c().knex('users').where({ id: p.id }).update({ deleted_at: Date.now() - 40 * DAY });
    const hold = await c().services.holds.add({ user: p.email, reason: 'short hold' }, who);
    await c().services.retention.apply({ category: 'deleted_accounts', who });
    assert.equal((await c().repositories.users.findById(p.id))!.firstName, 'Rita');
    await c().services.holds.release(hold.id, who);
    await c().services.retention.apply({ category: 'deleted_accounts', who });
    assert.equal(await c().repositories.users.findById(p.id), undefined, 'purged, under a fresh pseudonymous id');
    assert.equal(await c().repositories.users.findByEmail(p.email), undefined);
    assert.ok(await c().services.erasure.entryOf(p.id), 'in the erasure ledger');
  });

  it('when most of a log expires, some of it written after young rows and some held, then exactly the unheld expired rows go', async () => {
    // A large expiring share takes the physical walk over the span where expired rows lie: its
    // first and last rows, a late-written expired row behind young ones, and held rows inside it.
    const ws = await c().services.workspaces.getPrimary();
    const heldPerson = await person();
    await c().services.holds.add({ user: heldPerson.email, reason: 'litigation 2026-31' }, who);
    await c().knex('request_logs').delete();
    const now = Date.now();
    const row = (i: number, age: number, userId: string | null) => ({ id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, workspace_id: ws.id, occurred_at: now - age * DAY, method: 'GET', route: '/', status: 200, duration_ms: 1, user_id: userId });
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => row(i, 120, i % 10 === 0 ? heldPerson.id : null)), // expired, 6 held
      ...Array.from({ length: 30 }, (_, i) => row(100 + i, 10, null)), // young
      row(200, 95, null), // expired, written last
    ];
    for (let i = 0; i < rows.length; i += 20) await c().knex('request_logs').insert(rows.slice(i, i + 20));
    const result = await c().services.retention.apply({ category: 'log', who });
    assert.ok(result !== 'tick-done');
    assert.equal(result.run.counts.log?.request_logs?.rows, 55);
    const left = await c().knex('request_logs').select('id', 'user_id', 'occurred_at');
    assert.equal(left.length, 36);
    assert.equal(left.filter((r) => r.user_id === heldPerson.id).length, 6, 'the held rows stay');
    assert.equal(left.filter((r) => Number(r.occurred_at) > now - 90 * DAY).length, 30, 'the young rows stay');
    assert.ok(!left.some((r) => r.id.endsWith('000000000200')), 'the expired row written last is gone');
  });

  it('when holds are given bad input, then each is refused with a field message and nothing is stored', async () => {
    const { holdInput } = await import('../../server/components/holds/holds.schema.js');
    const { parseInput } = await import('../../server/platform/validation.js');
    const count = async () => Number((await c().knex('legal_holds').count({ n: '*' }).first())!.n);
    const before = await count();
    assert.throws(() => parseInput(holdInput, { reason: 'no target' }), (e: { fields?: Record<string, string> }) => e.fields?.user === 'holds.oneTarget');
    assert.throws(() => parseInput(holdInput, { user: 'a@example.com', reason: 'x', until: '2020-01-01' }), (e: { fields?: Record<string, string> }) => e.fields?.until === 'holds.untilInPast' && e.fields?.reason === 'holds.reasonTooShort');
    assert.throws(() => parseInput(holdInput, { user: 'a@example.com', reason: 'valid reason', until: '31/12/2030' }), (e: { fields?: Record<string, string> }) => e.fields?.until === 'holds.badDate');
    await assert.rejects(c().services.holds.add({ user: 'nobody@example.com', reason: 'valid reason' }, who), (e: { fields?: Record<string, string> }) => e.fields?.user === 'holds.unknownUser');
    assert.equal(await count(), before);
  });

  it('when two replicas fire the same scheduled tick, then exactly one runs it', async () => {
    const replica = createContainer(testConfig(server.db.url, { 'retention.schedule.enabled': false }));
    try {
      const a = startRetentionScheduler(c().services.retention, server.config.retention, c().logger, { schedule: false });
      const b = startRetentionScheduler(replica.services.retention, replica.config.retention, replica.logger, { schedule: false });
      const before = Number((await c().knex('retention_runs').count({ n: '*' }).first())!.n);
      const tick = new Date(Date.now() + 3600_000);
      const results = await Promise.all([a.tick(tick), b.tick(tick)]);
      const ran = results.filter((r) => typeof r === 'object');
      assert.equal(ran.length, 1, `results: ${results.map((r) => (typeof r === 'object' ? 'ran' : r)).join(', ')}`);
      assert.equal(Number((await c().knex('retention_runs').count({ n: '*' }).first())!.n), before + 1);
      // The same tick later (a replica whose clock lags) does not run again.
      assert.equal(await b.tick(tick), 'tick-done');
      await a.stop();
      await b.stop();
    } finally {
      await replica.close();
    }
  });

  it('when metrics are scraped, then they show the last run time, rows per category and failures', async () => {
    const ws = await c().services.workspaces.getPrimary();
    await insertSynthetic(c().knex, declaredTables.find((t) => t.name === 'sessions')!, { workspaceId: ws.id, age: Date.now() - 60 * DAY });
    await c().services.retention.apply({ who });
    const text = await server.container.metrics.registry.metrics();
    assert.match(text, /opsenic_retention_last_run_timestamp_seconds [1-9]/);
    assert.match(text, /opsenic_retention_last_run_rows\{category="sessions"\} 1/);
    assert.match(text, /opsenic_retention_failed_runs 0/);
  });

  it('when the history is read, then every run shows who started it, its status and counts', async () => {
    const runs = await c().services.retention.history();
    assert.ok(runs.length >= 3);
    const ours = runs.filter((r) => r.actorLabel === 'test');
    assert.ok(ours.length >= 3);
    assert.ok(ours.every((r) => r.status === 'completed' && r.trigger === 'cli' && r.finishedAt! >= r.startedAt && typeof r.counts === 'object'));
  });
});
