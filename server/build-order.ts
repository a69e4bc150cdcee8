// The order in which the composition root builds the components' services: the registry's order,
// except that a component waits for those its factory names in `after`. Deterministic, so the
// registrations made while building (erasers, metrics) always happen in the same order.
import type { Component } from './component.js';

type Built = Pick<Component<never, never>, 'name' | 'services'>;

export function buildOrder<C extends Built>(components: readonly C[]): C[] {
  const names = new Set(components.map((c) => c.name));
  for (const c of components) {
    for (const name of c.services?.after ?? []) if (!names.has(name)) throw new Error(`component ${c.name} builds after "${name}", which is not in the registry`);
  }
  const done = new Set<string>();
  const order: C[] = [];
  while (order.length < components.length) {
    // The first component, in list order, whose `after` components are all built.
    const next = components.find((c) => !done.has(c.name) && (c.services?.after ?? []).every((name) => done.has(name)));
    if (!next) throw new Error(`the services' \`after\` lists form a cycle among: ${components.filter((c) => !done.has(c.name)).map((c) => c.name).join(', ')}`);
    done.add(next.name);
    order.push(next);
  }
  return order;
}
