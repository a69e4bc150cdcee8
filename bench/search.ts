// `npm run bench -- search [--people=10000] [--db=sqlite|postgres]`: the search part of the issue-3
// benchmark. Seeds a 100-person and a large (default 10,000-person) demo workspace with the real
// `demo seed`, then times the search service as a member of each (a mix of names, common words,
// rare words and two-word queries), printing p50/p95/p99 next to each other. Aim: p95 under 100 ms
// on the large workspace. Prints figures; never asserts.
import { loadConfig } from '../server/config.js';
import { createContainer, type Container } from '../server/container.js';
import { migrateLatest } from '../server/db/migrate.js';
import { seedDemo } from '../server/components/demo/demo.seed.js';
import { actorOfUser } from '../server/components/policy/actor.js';
import { printTable, tempDir, textOption } from './support.js';
import pg from 'pg';
import path from 'node:path';
import fs from 'node:fs';

const queries = ['payments', 'onboarding', 'customer', 'goals', 'the', 'we ship', 'quarterly review', 'anna', 'martin', 'atlas', 'security audit', 'zzzq'];


const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function database(kind: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'postgres') {
    const name = `opsenic_bench_search_${label}_${process.pid}`;
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      url: `postgres://postgres@127.0.0.1:5432/${name}`,
      async drop() {
        const a = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = tempDir();
  return { url: `sqlite:${path.join(dir, 'bench.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function measure(c: Container, samples: number): Promise<{ p50: number; p95: number; p99: number; n: number }> {
  const members = await c.knex('users').where({ role: 'member', status: 'active' }).orderBy('id').limit(200);
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const user = members[(i * 37) % members.length];
    const actor = actorOfUser({ ...user, id: user.id, workspaceId: user.workspace_id, role: user.role });
    const started = performance.now();
    await c.services.search.search(actor, { q: queries[i % queries.length]! });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), p99: percentile(times, 0.99), n: times.length };
}

export default async function run(args: string[]): Promise<void> {
  const people = Number(textOption(args, 'people') ?? '10000');
  const kind = textOption(args, 'db') ?? 'sqlite';
  const rows: Array<Record<string, string | number>> = [];
  for (const size of [100, people]) {
    const db = await database(kind, String(size));
    const config = loadConfig({ env: {}, overrides: { dataDir: tempDir('opsenic-bench-data-'), secretKey: 'bench-secret-key-that-is-long-enough-0123456789', 'database.url': db.url, 'log.level': 'silent' } });
    const c = createContainer(config);
    try {
      await migrateLatest(c.knex);
      const workspace = await c.services.workspaces.ensurePrimary('Bench');
      const started = performance.now();
      await seedDemo(c.knex, c.services.org, { workspaceId: workspace.id, people: size, seed: 1 });
      if (kind === 'postgres') await c.knex.raw('VACUUM ANALYZE');
      const seeded = (performance.now() - started) / 1000;
      await measure(c, 24); // warm caches
      const m = await measure(c, 240);
      rows.push({ workspace: `${size} people`, db: kind, seedSeconds: Number(seeded.toFixed(1)), searches: m.n, p50ms: m.p50, p95ms: m.p95, p99ms: m.p99, aim: size === people ? (m.p95 < 100 ? 'ok (p95 < 100 ms)' : 'MISSED (p95 >= 100 ms)') : '' });
    } finally {
      await c.close();
      await db.drop();
    }
  }
  printTable(`search service, ${queries.length} queries in rotation, members of the workspace`, rows);
}
