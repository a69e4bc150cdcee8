// `opsenic demo seed --history` (issue 25): a year of activity the insights boards and their
// benchmark rely on, deterministic for a seed, with the headcounts still right after the leavers left.
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { forEachDialect, tempDir } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { cliEnv, runCli } from '../support/cli.js';
import { assertHeadcountsEqualRecount } from '../support/org-recount.js';
import { seedDemo } from '../../server/components/demo/demo.seed.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 1);
const monthOf = (at: unknown) => new Date(Number(at)).toISOString().slice(0, 7);

forEachDialect('demo seed with a year of history', (dialect) => {
  let server: TestServer;
  let knex: Knex;
  let a: string;
  let b: string;
  let report: Record<string, number>;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(dialect);
    knex = server.container.knex;
    const { workspaces, org } = server.container.services;
    a = (await workspaces.createSandbox('History A', Date.now() + DAY)).id;
    b = (await workspaces.createSandbox('History B', Date.now() + DAY)).id;
    report = await seedDemo(knex, org, { workspaceId: a, people: 120, seed: 4, now, history: true });
    await seedDemo(knex, org, { workspaceId: b, people: 120, seed: 4, now, history: true });
  });
  after(async () => server?.close());

  const count = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' }).first()) as { n: number | string }).n);
  const users = (workspaceId: string) => knex('users').where({ workspace_id: workspaceId });
  const meetings = (workspaceId: string) => knex('one_on_one_meetings').where({ workspace_id: workspaceId });

  it('when seeded with history, then a fifth of the people joined during the year and some non-leads left (accounts deleted during the year), their memberships removed', async () => {
    assert.equal(report.people, 120);
    const joiners = await count(users(a).where('created_at', '>', now - 365 * DAY));
    assert.equal(joiners, report.joiners);
    assert.ok(joiners >= 12 && joiners <= 40, `joiners: ${joiners}`);
    const leavers = await users(a).whereNot({ status: 'active' }).select('id', 'status', 'deleted_at');
    assert.equal(leavers.length, report.leavers);
    assert.ok(leavers.length >= 2, `leavers: ${leavers.length}`);
    assert.equal(await count(knex('org_memberships').whereIn('user_id', leavers.map((l) => l.id))), 0);
    for (const l of leavers) {
      assert.equal(l.status, 'deleted');
      assert.ok(Number(l.deleted_at) > now - 366 * DAY && Number(l.deleted_at) < now, 'left during the year');
    }
    assert.ok(new Set(leavers.map((l) => monthOf(l.deleted_at))).size >= 2, 'leavers in several months');
    // Memberships start when the account does.
    const early = await knex('org_memberships as m').join('users as u', 'u.id', 'm.user_id').where('m.workspace_id', a).whereRaw('m.created_at < u.created_at');
    assert.equal(early.length, 0);
  });

  it('when seeded with history, then 1:1 pairs met over the year at their cadences, some lapsed, with action items open for various ages', async () => {
    const held = await meetings(a).select('one_on_one_id', 'held_on');
    assert.equal(held.length, report.meetings);
    assert.ok(new Set(held.map((m) => monthOf(m.held_on))).size >= 12, 'meetings in every month of the year');
    const lastByPair = new Map<string, number>();
    for (const m of held) lastByPair.set(m.one_on_one_id, Math.max(lastByPair.get(m.one_on_one_id) ?? 0, Number(m.held_on)));
    const last = [...lastByPair.values()];
    assert.ok(last.filter((t) => t >= now - 14 * DAY).length > last.length / 3, 'most pairs met in the last two weeks');
    assert.ok(last.some((t) => t < now - 30 * DAY), 'some pairs have not met for a month');
    const open = await knex('one_on_one_items as i').join('one_on_one_meetings as m', 'm.id', 'i.meeting_id').where({ 'i.workspace_id': a, 'i.kind': 'action_item', 'i.done': false }).select('m.held_on');
    assert.ok(open.some((o) => Number(o.held_on) > now - 14 * DAY), 'recent open action items');
    assert.ok(open.some((o) => Number(o.held_on) < now - 90 * DAY), 'action items open for months');
    assert.ok(await count(knex('one_on_one_items').where({ workspace_id: a, kind: 'action_item', done: true })) > open.length, 'most action items done');
  });

  it('when seeded with history, then feedback spans the year with the Values tagged, discussions go back months, and sign-ins are mostly recent', async () => {
    const feedback = await knex('feedback').where({ workspace_id: a }).select('created_at');
    assert.equal(feedback.length, report.feedback);
    assert.ok(new Set(feedback.map((f) => monthOf(f.created_at))).size >= 12);
    const values = await knex('feedback_values').where({ workspace_id: a }).distinct('value');
    assert.ok(values.length >= 3, `values tagged: ${values.length}`);
    assert.ok(await count(knex('comments').where({ workspace_id: a }).where('created_at', '<', now - 180 * DAY)) > 0);
    const active = await users(a).where({ status: 'active' }).select('last_sign_in_at');
    const recent = active.filter((u) => u.last_sign_in_at !== null && Number(u.last_sign_in_at) > now - 14 * DAY).length;
    assert.ok(recent > active.length / 2 && recent < active.length, `recent sign-ins: ${recent} of ${active.length}`);
  });

  it('when seeded with history, then node sections were revised over the year and about a quarter went stale (no update for 90 days)', async () => {
    const sections = await knex('sections').where({ workspace_id: a }).whereNotNull('node_id').select('id', 'revision', 'updated_at', 'created_at');
    const stale = sections.filter((s) => Number(s.updated_at) < now - 90 * DAY).length;
    assert.ok(stale > sections.length / 10 && stale < sections.length / 2, `stale: ${stale} of ${sections.length}`);
    const revisions = await knex('section_revisions as r').join('sections as s', 's.id', 'r.section_id').where('s.workspace_id', a).whereNotNull('s.node_id').groupBy('r.section_id').select('r.section_id').max({ top: 'r.number' }).count({ n: '*' });
    const byId = new Map((revisions as Array<{ section_id: string; top: number | string; n: number | string }>).map((r) => [r.section_id, r]));
    for (const s of sections) {
      assert.equal(Number(byId.get(s.id)!.top), Number(s.revision), 'the section names its latest revision');
      assert.equal(Number(byId.get(s.id)!.n), Number(s.revision), 'one row per revision');
    }
    assert.ok(sections.some((s) => Number(s.revision) > 3));
  });

  it('when seeded with history, then nobody does anything before their account exists or after they left', async () => {
    const feedbackBeforeJoining = await knex('feedback as f').join('users as g', 'g.id', 'f.giver_id').join('users as r', 'r.id', 'f.recipient_id').where('f.workspace_id', a).where((q) => q.whereRaw('f.created_at < g.created_at').orWhereRaw('f.created_at < r.created_at')).select('f.id');
    // The people half (the last 90 days, outside this history) draws its dates without looking at accounts.
    const recentOnly = await knex('feedback').whereIn('id', feedbackBeforeJoining.map((f) => f.id)).where('created_at', '<', now - 90 * DAY);
    assert.equal(recentOnly.length, 0);
    const meetingBeforeJoining = await knex('one_on_one_meetings as m').join('one_on_ones as o', 'o.id', 'm.one_on_one_id').join('users as pa', 'pa.id', 'o.person_a_id').join('users as pb', 'pb.id', 'o.person_b_id').where('m.workspace_id', a).where((q) => q.whereRaw('m.held_on < pa.created_at').orWhereRaw('m.held_on < pb.created_at')).select('m.id');
    assert.equal(meetingBeforeJoining.length, 0);
    const leavers = (await users(a).where({ status: 'deleted' }).select('id')).map((u) => u.id as string);
    assert.equal(await count(knex('one_on_ones').where((q) => q.whereIn('person_a_id', leavers).orWhereIn('person_b_id', leavers))), 0);
    assert.equal(await count(knex('feedback as f').join('users as u', 'u.id', 'f.giver_id').whereIn('u.id', leavers).whereRaw('f.created_at > u.deleted_at')), 0);
  });

  it('when the same seed fills two workspaces with history, then they hold the same year', async () => {
    const year = async (workspaceId: string) => ({
      statuses: (await users(workspaceId).select('status', 'created_at', 'last_sign_in_at')).map((u) => JSON.stringify(u)).sort(),
      meetings: (await meetings(workspaceId).select('held_on')).map((m) => Number(m.held_on)).sort((x, y) => x - y),
      feedback: (await knex('feedback').where({ workspace_id: workspaceId }).select('created_at', 'visibility')).map((f) => JSON.stringify(f)).sort(),
      sections: (await knex('sections').where({ workspace_id: workspaceId }).select('revision', 'updated_at')).map((s) => JSON.stringify(s)).sort(),
    });
    const [ya, yb] = [await year(a), await year(b)];
    assert.deepEqual(ya, yb);
    assert.ok(ya.meetings.length > 100);
  });

  it('when the leavers left, then every node’s stored headcounts equal a recount', async () => {
    await assertHeadcountsEqualRecount(knex);
  });

  it('when `opsenic demo seed --history` runs twice on one workspace, then the second run is refused with a clear message and changes nothing', async function () {
    this.timeout(120_000);
    const { workspaces } = server.container.services;
    const c = (await workspaces.createSandbox('History C', Date.now() + DAY)).id;
    const env = cliEnv(server.db.url, tempDir());
    const first = await runCli(['demo', 'seed', '--workspace', c, '--people', '30', '--history', '--json'], { env });
    assert.equal(first.code, 0, first.stderr);
    const seeded = JSON.parse(first.stdout);
    assert.equal(seeded.people, 30);
    assert.ok(seeded.meetings > 0 && seeded.leavers >= 0 && seeded.joiners >= 0);
    const before = await count(users(c));
    const again = await runCli(['demo', 'seed', '--workspace', c, '--people', '30', '--history'], { env });
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already holds demo data/);
    assert.equal(await count(users(c)), before);
  });
});
