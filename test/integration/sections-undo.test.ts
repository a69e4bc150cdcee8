// Undoing a section delete brings back the same section, whole: its revision history, grants,
// discussion and search entry (the delete is soft, sections.deleted_at). Undoing an edit restores
// the previous revision as a new one, so the history keeps every step. Meanwhile nobody reads a
// deleted section, and the deleted_sections retention policy removes it for good once it is old.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, makeAdmin, node, person, type Person } from '../support/people.js';

forEachDialect('section undo keeps the history', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let lead: Person;
  let reader: Person;
  let nodeId: string;

  before(async () => {
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    lead = await person(server, 'Lea', 'Lead');
    reader = await person(server, 'Rita', 'Reader');
    nodeId = await node(server, { name: 'People Ops', leads: [lead] });
  });
  after(async () => server?.close());

  /** A restricted section with three revisions, a grant to the reader and a comment. */
  async function writtenSection(word: string): Promise<string> {
    const id = (await lead.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'custom', title: `Plan ${word}`, body: `First ${word}`, visibility: 'restricted' })).json().id as string;
    for (const body of [`Second ${word}`, `Third ${word}`]) assert.equal((await lead.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body })).status, 200);
    assert.equal((await lead.client.sendJson('POST', `/api/v1/sections/${id}/grants`, { userId: reader.id })).status, 201);
    assert.equal((await lead.client.sendJson('POST', `/api/v1/discussions/section/${id}`, { body: `A comment on ${word}` })).status, 201);
    return id;
  }
  const revisions = async (who: Person, id: string) => (await who.client.get(`/api/v1/sections/${id}/revisions`)).json().revisions?.map((r: { number: number; body: string }) => `${r.number}:${r.body}`);
  const searchIds = async (who: Person, q: string) => (((await who.client.get(`/api/v1/search?q=${q}&kind=sections`)).json().results.sections ?? []) as Array<{ id: string }>).map((r) => r.id);
  const sectionIds = async (who: Person) => ((await who.client.get(`/api/v1/nodes/${nodeId}/sections`)).json().sections as Array<{ id: string }>).map((s) => s.id);

  it('when a section is deleted and the delete undone from the toast, then it is back with its revisions, grant, discussion and search entry', async () => {
    const id = await writtenSection('zephyrine');
    const before = await revisions(lead, id);
    assert.equal(before.length, 3);
    assert.deepEqual(await searchIds(reader, 'zephyrine'), [id]);

    const deleted = await lead.client.postForm(`/sections/${id}/delete`, {});
    assert.equal(deleted.status, 303);
    const page = await lead.client.get(deleted.location!);
    assert.match(page.text, /data-toast/);
    assert.match(page.text, new RegExp(`action="/sections/${id}/undelete"`), 'the toast offers the undo');
    // Gone for every reader, everywhere, meanwhile.
    for (const who of [lead, reader, admin]) {
      assert.ok(!(await sectionIds(who)).includes(id));
      assert.equal((await who.client.get(`/api/v1/sections/${id}`)).status, 404);
      assert.equal((await who.client.get(`/sections/${id}/history`)).status, 404);
      assert.deepEqual(await searchIds(who, 'zephyrine'), []);
    }
    assert.equal((await reader.client.get(`/api/v1/discussions/section/${id}`)).status, 404);

    const undone = await lead.client.postForm(`/sections/${id}/undelete`, {});
    assert.equal(undone.status, 303);
    assert.match((await lead.client.get(undone.location!)).text, /is back, with its history/);
    assert.deepEqual(await revisions(lead, id), before);
    assert.ok((await sectionIds(reader)).includes(id), 'the grant still lets the reader read it');
    assert.deepEqual(await searchIds(reader, 'zephyrine'), [id]);
    const thread = (await reader.client.get(`/api/v1/discussions/section/${id}`)).json().comments as Array<{ body: string }>;
    assert.deepEqual(thread.map((c) => c.body), ['A comment on zephyrine']);
  });

  it('when someone who may not edit the section tries the undo, or the section is not deleted, then nothing changes', async () => {
    const id = await writtenSection('quillwort');
    assert.equal((await lead.client.postForm(`/sections/${id}/undelete`, {})).status, 404, 'a live section has no delete to undo');
    await lead.client.postForm(`/sections/${id}/delete`, {});
    assert.equal((await reader.client.postForm(`/sections/${id}/undelete`, {})).status, 403, 'the grantee reads but may not edit');
    const stranger = await person(server, 'Sam', 'Stranger');
    assert.equal((await stranger.client.postForm(`/sections/${id}/undelete`, {})).status, 404, 'unreadable: as if it never existed');
    assert.ok(!(await sectionIds(lead)).includes(id));
  });

  it('when an edit is undone from its toast, then the previous text is back as a new revision and the history keeps every step', async () => {
    const id = await writtenSection('marigold');
    const saved = await lead.client.postForm(`/sections/${id}/edit`, { title: 'Plan marigold', body: 'Fourth marigold', visibility: 'restricted' });
    assert.equal(saved.status, 303);
    const toast = (await lead.client.get(saved.location!)).text;
    assert.match(toast, /The section Plan marigold was saved/);
    const undo = /<form method="post" action="(\/sections\/[^"]+\/restore)">.*?name="revision" value="(\d+)"/s.exec(toast);
    assert.ok(undo, 'the toast offers the undo');
    assert.equal(undo[2], '3');
    assert.equal((await lead.client.postForm(undo[1]!, { revision: undo[2]! })).status, 303);
    assert.deepEqual(await revisions(lead, id), ['5:Third marigold', '4:Fourth marigold', '3:Third marigold', '2:Second marigold', '1:First marigold']);
  });

  it('when the deleted_sections policy runs, then sections deleted longer ago than its age are gone with all that hung on them, and recent deletes can still be undone', async () => {
    const old = await writtenSection('oldtimer');
    const recent = await writtenSection('newcomer');
    const live = await writtenSection('survivor');
    await lead.client.postForm(`/sections/${old}/delete`, {});
    await lead.client.postForm(`/sections/${recent}/delete`, {});
    await server.container.knex('sections').where({ id: old }).update({ deleted_at: Date.now() - 31 * 86_400_000 });

    const plan = await server.container.services.retention.plan({ category: 'deleted_sections' });
    const tables = plan.categories[0]!.tables;
    assert.deepEqual(tables.map((t) => `${t.table}:${t.rows}`), ['sections:1']);
    assert.deepEqual(tables[0]!.sampleIds, [old]);
    const result = await server.container.services.retention.apply({ category: 'deleted_sections', who: { trigger: 'cli', label: 'test' } });
    assert.ok(result !== 'tick-done');
    assert.equal(result.run.status, 'completed');

    assert.equal(await count(server, 'sections', { id: old }), 0);
    for (const table of ['section_revisions', 'section_grants', 'comments']) assert.equal(await count(server, table, { section_id: old }), 0, `${table} of the purged section`);
    assert.equal(await count(server, 'section_revisions', { section_id: recent }), 3);
    assert.equal(await count(server, 'section_revisions', { section_id: live }), 3);
    assert.equal((await lead.client.postForm(`/sections/${recent}/undelete`, {})).status, 303);
    assert.ok((await sectionIds(lead)).includes(recent));
  });
});
