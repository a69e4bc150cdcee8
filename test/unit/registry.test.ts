// The one list of components (server/registry.ts): it names every folder under server/components/,
// and where two of the routers it mounts in sequence can be entered by the same path, the one mounted
// first is a deliberate, reviewed choice (the order they had in server/app.ts before the registry).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { components, componentRouters } from '../../server/registry.js';
import { createContainer } from '../../server/container.js';
import { reachOf } from '../../server/web/router-reach.js';
import { buildOrder } from '../../server/build-order.js';
import { createSqliteDatabase } from '../support/databases.js';
import { testConfig } from '../support/server.js';
import { repoRoot } from '../support/architecture.js';

/** Pairs of routers (first mounted -> second) that some path could enter both of; no reach = entered by every path. */
export function sharedPaths(routers: Router[], names: string[]): string[] {
  const reaches = routers.map((r) => reachOf(r));
  const found: string[] = [];
  const entered = (reach: NonNullable<ReturnType<typeof reachOf>>, p: string) => reach.exact.has(p) || reach.prefixes.some((prefix) => p.startsWith(prefix));
  for (let i = 0; i < reaches.length; i++) {
    for (let j = i + 1; j < reaches.length; j++) {
      const a = reaches[i];
      const b = reaches[j];
      if (!a || !b) {
        found.push(`${names[i]} -> ${names[j]}: middleware enters every path`);
        continue;
      }
      const clash = [...a.exact].find((p) => entered(b, p)) ?? [...b.exact].find((p) => entered(a, p)) ?? a.prefixes.find((p) => b.prefixes.some((q) => p.startsWith(q) || q.startsWith(p)));
      if (clash) found.push(`${names[i]} -> ${names[j]}: ${clash}`);
    }
  }
  return found;
}

describe('the registry of components', () => {
  it('when the folders under server/components are listed, then each has exactly one descriptor in the list, named as its folder', () => {
    const folders = fs.readdirSync(path.join(repoRoot, 'server/components')).sort();
    assert.deepEqual(components.map((c) => c.name).sort(), folders);
  });

  it('when the routers of the registry are built, then only the reviewed pairs can be entered by the same path, mounted in the reviewed order', async () => {
    const db = await createSqliteDatabase();
    const c = createContainer(testConfig(db.url));
    try {
      const routers = componentRouters.map((router) => router(c));
      assert.ok(routers.length >= 20, 'the routers are there');
      // Routes under the same fixed start (/api/v1/people/:id/...): the first mounted is tried first.
      // A new pair fails here: mount it deliberately (its place in server/registry.ts) and add it.
      assert.deepEqual(sharedPaths(routers, componentRouters.map((r) => r.name)), [
        // /admin/users/:id/delete (accounts) and /admin/users/:id/<action> (admin, issue 22): no path answers both.
        'deletionRouter -> adminUsersRouter: /admin/users/',
        'orgRouter -> sectionsRouter: /api/v1/nodes/',
        // The org router answers /api/v1/people/chart before the people router's /api/v1/people/:id.
        'orgRouter -> peopleRouter: /api/v1/people/chart',
        'orgRouter -> feedbackRouter: /api/v1/people/chart',
        'peopleRouter -> feedbackRouter: /api/v1/people/',
      ]);
    } finally {
      await c.close();
      await db.drop();
    }
  });

  it('when two routers answer the same path or one has middleware of its own, then the overlap check reports them', () => {
    const a = Router();
    a.get('/things/:id', (_req, res) => void res.end());
    const b = Router();
    b.get('/things/7', (_req, res) => void res.end());
    const c = Router();
    c.get('/other', (_req, res) => void res.end());
    const d = Router();
    d.use((_req, _res, next) => next());
    assert.deepEqual(sharedPaths([a, b, c], ['a', 'b', 'c']), ['a -> b: /things/7']);
    assert.deepEqual(sharedPaths([c, d], ['c', 'd']), ['c -> d: middleware enters every path']);
  });

  it('when services name the components they build after, then they are built in list order except that each waits for those', () => {
    const build = () => ({});
    const names = (list: Parameters<typeof buildOrder>[0]) => buildOrder(list).map((c) => c.name);
    assert.deepEqual(names([{ name: 'a', services: { after: ['c'], build } }, { name: 'b' }, { name: 'c', services: { build } }]), ['b', 'c', 'a']);
    assert.deepEqual(names(components), names(components), 'deterministic');
    assert.throws(() => buildOrder([{ name: 'a', services: { after: ['b'], build } }, { name: 'b', services: { after: ['a'], build } }]), /cycle among: a, b/);
    assert.throws(() => buildOrder([{ name: 'a', services: { after: ['nowhere'], build } }]), /not in the registry/);
  });
});
