import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { seedDemo } from '../../server/components/demo/demo.seed.js';

forEachDialect('demo seed', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  async function snapshot(workspaceId: string) {
    const knex = server.container.knex;
    // Sorted here, not in SQL: collations differ between dialects and ignore punctuation.
    const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r)).sort();
    const people = await knex('users').where({ workspace_id: workspaceId }).select('email_lower', 'first_name', 'last_name', 'title');
    const nodes = await knex('org_nodes as n').join('org_entities as e', 'e.id', 'n.entity_id').where('n.workspace_id', workspaceId).select('e.system_key', 'n.name', 'n.position');
    const sections = await knex('sections').where({ workspace_id: workspaceId }).select('kind', 'title', 'body', 'visibility', 'position');
    return { people: sorted(people.map((p) => ({ ...p, email_lower: String(p.email_lower).split('@')[0] }))), nodes: sorted(nodes), sections: sorted(sections) };
  }

  it('when the same seed fills two workspaces, then they hold the same organization; another seed gives another one', async () => {
    const { workspaces, org } = server.container.services;
    const a = await workspaces.createSandbox('Demo A', Date.now() + 86_400_000);
    const b = await workspaces.createSandbox('Demo B', Date.now() + 86_400_000);
    const c = await workspaces.createSandbox('Demo C', Date.now() + 86_400_000);
    const now = Date.UTC(2026, 10, 1);
    const report = await seedDemo(server.container.knex, org, { workspaceId: a.id, people: 40, seed: 5, now });
    await seedDemo(server.container.knex, org, { workspaceId: b.id, people: 40, seed: 5, now });
    await seedDemo(server.container.knex, org, { workspaceId: c.id, people: 40, seed: 6, now });
    assert.equal(report.people, 40);
    assert.ok(report.nodes! >= 10, `nodes: ${report.nodes}`);
    assert.ok(report.sections! > report.nodes! * 5);
    assert.ok(report.oneOnOnes! > 0 && report.feedback! > 0 && report.comments! > 0);
    const [sa, sb, sc] = [await snapshot(a.id), await snapshot(b.id), await snapshot(c.id)];
    assert.deepEqual(sa.people, sb.people);
    assert.deepEqual(sa.nodes, sb.nodes);
    assert.deepEqual(sa.sections, sb.sections);
    assert.notDeepEqual(sa.people, sc.people);
  });

  it('when the demo is seeded, then every entity has nodes with leads, teams link to departments and products, and some sections are restricted', async () => {
    const { workspaces, org } = server.container.services;
    const w = await workspaces.createSandbox('Demo D', Date.now() + 86_400_000);
    await seedDemo(server.container.knex, org, { workspaceId: w.id, people: 60, seed: 1 });
    const knex = server.container.knex;
    const perEntity = await knex('org_nodes as n').join('org_entities as e', 'e.id', 'n.entity_id').where('n.workspace_id', w.id).groupBy('e.system_key').select('e.system_key').count({ n: '*' });
    assert.deepEqual(perEntity.map((r) => (r as { system_key: string }).system_key).sort(), ['departments', 'offices', 'products', 'projects', 'teams']);
    const leaderless = await knex('org_nodes as n').where('n.workspace_id', w.id).whereNotExists((q) => q.select(knex.raw('1')).from('org_memberships as m').whereRaw('m.node_id = n.id').andWhere('m.role', 'lead')).count({ n: '*' }).first();
    assert.equal(Number(leaderless!.n), 0);
    const restricted = await knex('sections').where({ workspace_id: w.id, visibility: 'restricted' }).count({ n: '*' }).first();
    assert.ok(Number(restricted!.n) > 0);
    const links = await knex('org_links').where({ workspace_id: w.id }).count({ n: '*' }).first();
    assert.ok(Number(links!.n) > 0);
    await assert.rejects(seedDemo(knex, org, { workspaceId: w.id, people: 10, seed: 1 }), /demo.alreadySeeded/);
    await assert.rejects(seedDemo(knex, org, { workspaceId: '00000000-0000-0000-0000-000000000000', people: 10, seed: 1 }), /demo.workspaceNotFound/);
  });

  describe('a demo organization of 120 people (the screenshot tour\'s)', () => {
    let workspaceId: string;
    before(async () => {
      const { workspaces, org } = server.container.services;
      workspaceId = (await workspaces.createSandbox('Demo E', Date.now() + 86_400_000)).id;
      await seedDemo(server.container.knex, org, { workspaceId, people: 120, seed: 1 });
    });

    it('when the organization is drawn, then the chief executive and the heads of departments form the leadership team, and none of them leads a delivery team or an office', async () => {
      const knex = server.container.knex;
      const leads = await knex('org_memberships as m')
        .join('org_nodes as n', 'n.id', 'm.node_id')
        .join('org_entities as e', 'e.id', 'n.entity_id')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'm.workspace_id': workspaceId })
        .select('m.user_id', 'm.role', 'n.name', 'n.parent_id', 'e.system_key', 'u.title');
      const ceo = leads.find((r) => r.name === 'Company' && r.role === 'lead')!;
      assert.equal(ceo.title, 'Chief Executive Officer');
      const company = (await knex('org_nodes').where({ workspace_id: workspaceId, name: 'Company' }).first('id')).id;
      const heads = new Set(leads.filter((r) => r.system_key === 'departments' && r.parent_id === company && r.role === 'lead').map((r) => r.user_id));
      assert.ok(heads.size >= 3, `department heads: ${heads.size}`);
      const leadership = leads.filter((r) => r.name === 'Leadership Team');
      assert.deepEqual(leadership.filter((r) => r.role === 'lead').map((r) => r.user_id), [ceo.user_id], 'the chief executive leads it');
      assert.deepEqual(new Set(leadership.filter((r) => r.role === 'member').map((r) => r.user_id)), heads, 'the heads of departments are its members');
      const executives = new Set([ceo.user_id, ...heads]);
      const elsewhere = leads.filter((r) => executives.has(r.user_id) && r.role === 'lead' && (r.system_key === 'offices' || (r.system_key === 'teams' && r.name !== 'Leadership Team')));
      assert.deepEqual(elsewhere, [], 'no executive leads a delivery team or an office');
      const teamsOfExecutives = leads.filter((r) => executives.has(r.user_id) && r.system_key === 'teams' && r.name !== 'Leadership Team');
      assert.deepEqual(teamsOfExecutives, [], 'nor is a member of one');
    });

    it('when people read each other\'s pages, then their own sections differ: no text is shared by more than three people', async () => {
      const rows = await server.container.knex('sections').where({ workspace_id: workspaceId }).whereNotNull('person_id').select('person_id', 'kind', 'title', 'body');
      assert.ok(rows.length > 120 * 5, `person sections: ${rows.length}`);
      const owners = new Map<string, Set<string>>();
      for (const r of rows) {
        const text = `${r.kind}|${r.title}|${r.body}`;
        owners.set(text, (owners.get(text) ?? new Set()).add(r.person_id));
      }
      const [text, most] = [...owners].map(([t, who]) => [t, who.size] as const).sort((a, b) => b[1] - a[1])[0]!;
      assert.ok(most <= 3, `${most} people share "${text}"`);
      assert.doesNotMatch(rows.map((r) => r.body).join('\n'), /\{\{\w+\}\}/, 'every placeholder is filled');
    });

    it('when the demo\'s people discuss, then they do it in their own nodes: mentions and replies reach people who may read them, and most people with a team have some', async () => {
      const knex = server.container.knex;
      const told = await knex('notifications as n')
        .join('comments as c', 'c.id', 'n.comment_id')
        .leftJoin('sections as s', 's.id', 'c.section_id')
        .where('n.workspace_id', workspaceId)
        .whereIn('n.kind', ['mention', 'reply'])
        .select('n.kind', 'n.user_id', 'c.author_id', knex.raw('coalesce(c.node_id, s.node_id) as node_id'));
      assert.ok(told.some((r) => r.kind === 'reply') && told.some((r) => r.kind === 'mention'), 'both kinds are seeded');
      const memberships = await knex('org_memberships').where({ workspace_id: workspaceId }).select('node_id', 'user_id');
      const inNode = new Set(memberships.map((m) => `${m.node_id}|${m.user_id}`));
      const outsiders = told.filter((r) => !inNode.has(`${r.node_id}|${r.user_id}`) || r.user_id === r.author_id);
      assert.deepEqual(outsiders, [], 'each one is told to another person of the node the comment is in');
      const withTeam = new Set(memberships.map((m) => m.user_id));
      const withInbox = new Set(told.map((r) => r.user_id));
      assert.ok(withInbox.size >= withTeam.size / 2, `${withInbox.size} of ${withTeam.size} people have a mention or a reply`);
    });

    it('when a word finds many comments, then they read as different people: no remark (its mention aside) is repeated more than a few times, and every placeholder is filled', async () => {
      const bodies = (await server.container.knex('comments').where({ workspace_id: workspaceId }).select('body')).map((r) => String(r.body).replace(/ @\S+$/, ''));
      assert.ok(bodies.length >= 200, `comments: ${bodies.length}`);
      const counts = new Map<string, number>();
      for (const b of bodies) counts.set(b, (counts.get(b) ?? 0) + 1);
      const [text, most] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      assert.ok(most <= bodies.length / 20, `"${text}" is written ${most} times of ${bodies.length}`);
      assert.doesNotMatch(bodies.join('\n'), /\{\w+\}/);
    });
  });
});
