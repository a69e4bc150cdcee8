// The anonymity rules of the insights boards, on their own: a group under k is hidden, a lone
// hidden group takes the next smallest with it, and what the parent minus its visible children
// leaves always covers at least k people; and k itself is never configured under 3.
import assert from 'node:assert/strict';
import { suppressedKeys } from '../../server/components/insights/insights.privacy.js';
import { loadConfig } from '../../server/config.js';

const partition = (parent: number, children: Record<string, number>, residual = 0) => ({ parent: { key: 'P', size: parent }, children: Object.entries(children).map(([key, size]) => ({ key, size })), residual });
const sorted = (s: Set<string>) => [...s].sort();

describe('insights anonymity threshold and complementary suppression', () => {
  it('when every group has at least k people and nobody is outside them, then nothing is hidden', () => {
    assert.deepEqual(sorted(suppressedKeys(partition(15, { A: 5, B: 5, C: 5 }), 5)), []);
  });

  it('when exactly one group is under k, then the next smallest is hidden too', () => {
    // C (2) is under k = 3: alone it could be worked out, so D (3, the next smallest) goes with it.
    assert.deepEqual(sorted(suppressedKeys(partition(20, { A: 9, B: 6, C: 2, D: 3 }), 3)), ['C', 'D']);
  });

  it('when the hidden groups and the people outside every group add up to fewer than k, then more groups are hidden until they reach k', () => {
    // A hidden group of 1 and a hidden group of 1 (2 people) under k = 5: B (6) is hidden too.
    assert.deepEqual(sorted(suppressedKeys(partition(20, { A: 12, B: 6, C: 1, D: 1 }), 5)), ['B', 'C', 'D']);
    // No group is small, but 2 people of the parent are in none: the parent minus A and B would give them away.
    assert.deepEqual(sorted(suppressedKeys(partition(14, { A: 6, B: 6 }, 2), 5)), ['A']);
  });

  it('when the parent itself is under k, then the parent and every child are hidden', () => {
    assert.deepEqual(sorted(suppressedKeys(partition(4, { A: 2, B: 2 }), 5)), ['A', 'B', 'P']);
  });

  it('when the only child is hidden, then the parent total stays only if what it adds to the child covers k people', () => {
    assert.deepEqual(sorted(suppressedKeys(partition(6, { A: 2 }, 4), 5)), ['A']);
    assert.deepEqual(sorted(suppressedKeys(partition(6, { A: 4 }, 0), 5)), ['A', 'P']);
  });

  it('when insights.minGroupSize is under 3, then the config is refused naming the key and the reason; 3 and the default 5 are accepted', () => {
    assert.throws(() => loadConfig({ env: { OPSENIC_INSIGHTS__MIN_GROUP_SIZE: '2' } }), /insights\.minGroupSize.*at least 3/);
    assert.equal(loadConfig({ env: { OPSENIC_INSIGHTS__MIN_GROUP_SIZE: '3' } }).insights.minGroupSize, 3);
    const defaults = loadConfig({ env: {} }).insights;
    assert.deepEqual([defaults.minGroupSize, defaults.spanOfControlLimit, defaults.maxLedNodes, defaults.largeNodeSize, defaults.snapshot.schedule], [5, 8, 3, 12, '30 2 * * *']);
  });
});
