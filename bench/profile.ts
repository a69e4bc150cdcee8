// `npm run bench -- profile [--path=/] [--demo=N] [--seconds=10] [--top=40] [--children=NAME] [--callers=NAME]`:
// where a signed-in page's CPU goes. Starts the real server with --cpu-prof on a fresh SQLite file,
// loads the page as a fresh account (50 connections), or with --demo=N on a demo organization of N
// people as its person in the most teams (a fresh account's pages are empty: Home's section
// rendering, 45% of a busy Home, never showed without it), and sums the profile: self time by package
// and by function, inclusive time by function, and, for a function whose "name file" starts with
// NAME, what it calls or who calls it. Start-up is in the profile too (a few per cent at 10 s).
// Not a bench with an aim: a tool for finding what to make faster (bench/README "Profiling").
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, load, numberOption, opsenic, printTable, seedDemoWithBusiestPerson, signedInCookie, spawnServe, sqliteEnv, tempDir, textOption } from './support.js';
import { signedInClient, strongPassword } from '../test/support/http.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "function file:line", with node_modules and the compile cache shortened. */
function keyOf(node: ProfileNode): string {
  const file = (node.callFrame.url || '(native)').replace(/.*node_modules\/\.cache\/[^/]+\/[^/]+\//, '').replace(/.*node_modules\//, 'nm/');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber}`;
}

function packageOf(node: ProfileNode): string {
  if (!node.callFrame.url) return `(native) ${node.callFrame.functionName}`;
  const file = node.callFrame.url.replace(/.*node_modules\/\.cache\/[^/]+\/[^/]+\//, '').replace(/.*node_modules\//, 'nm/');
  if (!file.startsWith('nm/')) return file.startsWith('server/') ? 'server (ours)' : file;
  const parts = file.split('/');
  return parts.slice(0, parts[1]!.startsWith('@') ? 3 : 2).join('/');
}

export default async function profile(args: string[]): Promise<void> {
  const page = textOption(args, 'path') ?? '/';
  if (!page.startsWith('/')) {
    console.error(`bench profile: --path must be a path on the server, starting with / (got "${page}")`);
    process.exitCode = 2;
    return;
  }
  const seconds = numberOption(args, 'seconds', 10);
  const topN = numberOption(args, 'top', 40);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opsenic-profile-'));
  const demoPeople = numberOption(args, 'demo', 0);
  const env = sqliteEnv(tempDir(), await freePort());
  await opsenic(['migrate'], env);
  const busiest = demoPeople > 0 ? await seedDemoWithBusiestPerson(env, demoPeople) : undefined;
  const server = await spawnServe(env, [], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  let figures;
  try {
    const cookie = busiest
      ? [...(await signedInClient(server.url, busiest.email, strongPassword)).cookies].map(([k, v]) => `${k}=${v}`).join('; ')
      : await signedInCookie(server.url);
    figures = await load({ url: `${server.url}${page}`, connections: 50, seconds, headers: { cookie }, pid: server.process.pid });
  } finally {
    await server.stop(); // the profile is written as the server exits
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile was written to ${dir}`);
  const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;

  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const inclusiveOf = new Map<number, number>();
  const inclusive = (id: number): number => {
    const known = inclusiveOf.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const sum = (self.get(id) ?? 0) + (node.children ?? []).reduce((a, c) => a + inclusive(c), 0);
    inclusiveOf.set(id, sum);
    return sum;
  };
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([what, t]) => ({ share: `${((100 * t) / total).toFixed(1)}%`, what }));

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of p.nodes) {
    const t = self.get(node.id) ?? 0;
    add(byPackage, packageOf(node), t);
    add(byFunction, keyOf(node), t);
  }
  // Inclusive: a function counted once per stack, however often it recurses.
  const byInclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): void => {
    const node = byId.get(id)!;
    const key = keyOf(node);
    const first = !onStack.has(key);
    if (first) {
      add(byInclusive, key, inclusive(id));
      onStack.add(key);
    }
    for (const child of node.children ?? []) walk(child, onStack);
    if (first) onStack.delete(key);
  };
  walk(p.nodes[0]!.id, new Set());

  if (busiest) console.log(`as the demo organization's person in the most teams (${busiest.teams}), ${demoPeople} people`);
  console.log(`${page}: ${Math.round(figures.requestsPerSecond)} req/s, server CPU ${Math.round((figures.cpuMsPerRequest ?? NaN) * 1000)} µs a request (main thread ${Math.round((figures.mainThreadCpuMsPerRequest ?? NaN) * 1000)}), non-2xx ${figures.non2xx} (profiled, so slower than the bench)`);
  printTable('Self time by package', rows(byPackage));
  printTable('Self time by function', rows(byFunction));
  printTable('Inclusive time by function (middleware includes what runs after it)', rows(byInclusive));

  const children = textOption(args, 'children');
  if (children) {
    const called = new Map<string, number>();
    for (const node of p.nodes.filter((n) => keyOf(n).startsWith(children))) {
      add(called, '(self)', self.get(node.id) ?? 0);
      for (const child of node.children ?? []) add(called, keyOf(byId.get(child)!), inclusive(child));
    }
    printTable(`What ${children} calls`, rows(called));
  }
  const callers = textOption(args, 'callers');
  if (callers) {
    const parentOf = new Map<number, number>();
    for (const node of p.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const chains = new Map<string, number>();
    for (const node of p.nodes.filter((n) => keyOf(n).startsWith(callers))) {
      const chain: string[] = [];
      for (let at = parentOf.get(node.id); at !== undefined && chain.length < 5; at = parentOf.get(at)) chain.push(keyOf(byId.get(at)!));
      add(chains, chain.join(' < '), inclusive(node.id));
    }
    printTable(`Who calls ${callers}`, rows(chains));
  }
}
