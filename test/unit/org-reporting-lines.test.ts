// The people chart's reporting lines (derived in memory from memberships, leads and links): solid to
// the first lead, dotted to a second, up to the nearest lead above, and loops between leads cut so
// that everyone can be reached from a top.
import assert from 'node:assert/strict';
import { reportingLines } from '../../server/components/org/org.chart.service.js';

const node = (id: string, parentId: string | null, rank: number, entityId = 'teams') => ({ id, parentId, entityId, name: id, rank });

describe('people chart reporting lines', () => {
  it('when two leads each lead a node under the other\'s, then the loop is cut and the person where it closes reports through a link', () => {
    const nodes = [node('dept', null, 0, 'departments'), node('g1', null, 1), node('g2', null, 2), node('a', 'g2', 3), node('b', 'g1', 4)];
    const memberships = [
      { userId: 'boss', nodeId: 'dept', role: 'lead' as const },
      { userId: 'gus', nodeId: 'g1', role: 'lead' as const },
      { userId: 'gus', nodeId: 'a', role: 'lead' as const },
      { userId: 'hal', nodeId: 'g2', role: 'lead' as const },
      { userId: 'hal', nodeId: 'b', role: 'lead' as const },
      { userId: 'wes', nodeId: 'a', role: 'member' as const },
    ];
    const graph = reportingLines(nodes, memberships, [{ from: 'g1', to: 'dept' }, { from: 'g2', to: 'dept' }]);
    // Every chain of managers ends at the top, without a loop.
    for (const person of ['gus', 'hal', 'wes']) {
      const seen = new Set<string>();
      let at: string | undefined = person;
      while (at && !seen.has(at)) {
        seen.add(at);
        at = graph.manager.get(at)?.id;
      }
      assert.equal(at, undefined, `${person}'s chain ends`);
      assert.ok(seen.has('boss'), `${person} reaches the top: ${[...seen].join(' > ')}`);
    }
    assert.equal(graph.manager.get('wes')?.id, 'gus');
    assert.ok([...graph.manager.values()].some((m) => m.kind === 'cross'));
  });
});
