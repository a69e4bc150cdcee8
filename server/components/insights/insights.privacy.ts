// Which groups' figures may be shown: the anonymity threshold k and complementary suppression.
// A figure about what people did is shown only for a group of at least k people. Hiding a small
// group is not enough when the whole is shown: the parent's total minus the visible children gives
// back what the hidden part did. So, within one partition (the children of the scope node, with
// the scope's total shown):
// - a group under k is hidden;
// - if exactly one group is hidden, the next smallest is hidden too (two hidden groups cannot be told apart);
// - what the parent minus the visible children leaves (the hidden groups, and the people of the
//   parent in no child, "the residual") must cover at least k people; otherwise the next smallest
//   visible group is hidden, until it does.
// When the parent itself is under k, everything is hidden.

export interface GroupSize {
  key: string;
  /** Distinct people the group's figures are computed over (restricted people already left out). */
  size: number;
}

export interface Partition {
  /** The scope's total, shown next to its children. */
  parent: GroupSize;
  children: GroupSize[];
  /** People of the parent who are in none of the children (their figures are in the total only). */
  residual: number;
}

/** The keys (parent's and children's) whose figures must be hidden. */
export function suppressedKeys(partition: Partition, k: number): Set<string> {
  const hidden = new Set<string>();
  if (partition.parent.size < k) {
    hidden.add(partition.parent.key);
    for (const c of partition.children) hidden.add(c.key);
    return hidden;
  }
  // Smallest first (ties by key, so the same input always hides the same groups).
  const visible = [...partition.children].sort((a, b) => a.size - b.size || a.key.localeCompare(b.key));
  const hideNext = () => {
    const next = visible.shift();
    if (next) hidden.add(next.key);
    return next !== undefined;
  };
  while (visible.length && visible[0]!.size < k) hideNext();
  if (hidden.size === 1) hideNext();
  const sizeOf = new Map(partition.children.map((c) => [c.key, c.size]));
  const complement = () => [...hidden].reduce((sum, key) => sum + (sizeOf.get(key) ?? 0), 0) + partition.residual;
  // Something is derivable only when the complement is not empty: hidden groups, or a residual.
  while ((hidden.size > 0 || partition.residual > 0) && complement() < k) {
    if (!hideNext()) {
      // Nothing left to hide among the children: the total itself would give the complement away.
      hidden.add(partition.parent.key);
      break;
    }
  }
  return hidden;
}

/** Values of a series with the hidden ones as null. */
export function maskValues(values: Array<number | null>, hidden: boolean): Array<number | null> {
  return hidden ? values.map(() => null) : values;
}
