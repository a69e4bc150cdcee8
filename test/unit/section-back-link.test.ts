// The way back from a section's pages (issue 22): "your page" is decided first and reads no name.
import assert from 'node:assert/strict';
import { sectionBackLink, sectionPagePath } from '../../server/components/sections/section-back-link.js';

describe('the way back from a section', () => {
  const reader = { id: 'me', workspaceId: 'w1' };
  const names = () => {
    const asked: Array<{ workspaceId: string; nodeId: string | null; personId: string | null }> = [];
    return { asked, ownerName: async (workspaceId: string, s: { nodeId: string | null; personId: string | null }) => (asked.push({ workspaceId, nodeId: s.nodeId, personId: s.personId }), 'Some Owner') };
  };

  it('when the section is on the reader\'s own page, then it leads to "your page" without reading a name', async () => {
    const repo = names();
    assert.deepEqual(await sectionBackLink(repo, reader, { id: 's1', nodeId: null, personId: 'me' }), { path: '/people/me#section-s1', own: true });
    assert.equal(repo.asked.length, 0);
  });

  it('when the section is on a colleague\'s page or a node, then it is named by a read in the reader\'s workspace', async () => {
    const repo = names();
    assert.deepEqual(await sectionBackLink(repo, reader, { id: 's2', nodeId: null, personId: 'lea' }), { path: '/people/lea#section-s2', name: 'Some Owner' });
    assert.deepEqual(await sectionBackLink(repo, reader, { id: 's3', nodeId: 'n1', personId: null }), { path: '/org/nodes/n1#section-s3', name: 'Some Owner' });
    assert.deepEqual(repo.asked, [{ workspaceId: 'w1', nodeId: null, personId: 'lea' }, { workspaceId: 'w1', nodeId: 'n1', personId: null }]);
  });

  it('when a section is placed, then its path scrolls to it on its node\'s or person\'s page', () => {
    assert.equal(sectionPagePath({ id: 'x', nodeId: 'n', personId: null }), '/org/nodes/n#section-x');
    assert.equal(sectionPagePath({ id: 'x', nodeId: null, personId: 'p' }), '/people/p#section-x');
  });
});
