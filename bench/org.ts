// Issue 3's figures: the org explorer, a node page, a person page and a search under autocannon, on
// a large demo workspace (`opsenic demo seed --people 10000`: about 2,000 nodes and 100,000
// sections) next to the same pages on a 100-person workspace, in the same run.
// Aims (printed, never asserted): every p50 within 2x of the small workspace's; search p95 < 100 ms
// (autocannon reports p97.5, an upper bound of p95).
// Run: node --import tsx bench/org.ts [--people=N] [--seconds=N] [--connections=N] [--quick]
// (or npm run bench -- org). Servers run in child processes on 127.0.0.1 only.
import autocannon from 'autocannon';
import { numberOption, printTable, seededDemoServer, verdict, type Serve } from './support.js';


interface Figures {
  p50: number;
  p97_5: number;
  p99: number;
  rps: number;
  non2xx: number;
}

async function measure(url: string, cookie: string, connections: number, seconds: number): Promise<Figures> {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error('benchmarks target loopback only');
  const options = { url, connections, headers: { cookie }, duration: seconds };
  await autocannon({ ...options, duration: 1 }); // warm-up
  const r = await autocannon(options);
  return { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx };
}

interface Workspace {
  people: number;
  server: Serve;
  cookie: string;
  paths: Record<string, string>;
  seedSeconds: number;
}

async function prepare(people: number): Promise<Workspace> {
  const { server, client, seedSeconds } = await seededDemoServer(people, { firstName: 'Bench', lastName: 'Reader' });
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const teams = (await client.get('/api/v1/entities')).json().entities.find((e: { key: string }) => e.key === 'teams').id;
  const nodes = (await client.get(`/api/v1/entities/${teams}`)).json().nodes as Array<{ id: string; memberCount: number }>;
  const node = nodes.filter((n) => n.memberCount > 0)[Math.floor(nodes.length / 2) % Math.max(1, nodes.filter((n) => n.memberCount > 0).length)] ?? nodes[0]!;
  const member = (await client.get(`/api/v1/nodes/${node.id}/members`)).json().members[0];
  const paths = { 'org explorer': '/org', 'node page': `/org/nodes/${node.id}`, 'person page': `/people/${member.id}`, search: '/search?q=roadmap' };
  for (const [name, path] of Object.entries(paths)) {
    const reply = await client.get(path);
    if (reply.status !== 200) throw new Error(`${name} (${path}) answered ${reply.status}`);
  }
  return { people, server, cookie, paths, seedSeconds };
}

export default async function org(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const seconds = numberOption(args, 'seconds', quick ? 3 : 10);
  const connections = numberOption(args, 'connections', 10);
  const largePeople = numberOption(args, 'people', quick ? 2000 : 10_000);
  const small = await prepare(100);
  let large: Workspace | undefined;
  try {
    large = await prepare(largePeople);
    const rows: Array<Record<string, string | number>> = [];
    let withinTwice = true;
    let searchP97 = 0;
    for (const name of Object.keys(small.paths)) {
      const s = await measure(small.server.url + small.paths[name], small.cookie, connections, seconds);
      const l = await measure(large.server.url + large.paths[name], large.cookie, connections, seconds);
      const ratio = l.p50 / Math.max(1, s.p50);
      if (ratio > 2) withinTwice = false;
      if (name === 'search') searchP97 = l.p97_5;
      rows.push({ page: name, 'p50 small (ms)': s.p50, 'p50 large (ms)': l.p50, 'p50 ratio': ratio.toFixed(2), 'p99 small (ms)': s.p99, 'p99 large (ms)': l.p99, 'p97.5 large (ms)': l.p97_5, 'req/s large': Math.round(l.rps), 'non-2xx': s.non2xx + l.non2xx });
    }
    printTable(`issue 3 pages: ${small.people} vs ${large.people} people (seeded in ${small.seedSeconds.toFixed(1)} s and ${large.seedSeconds.toFixed(1)} s), ${connections} connections, ${seconds} s each`, rows);
    printTable('aims', [
      { aim: 'every p50 within 2x of the small workspace', result: verdict(withinTwice) },
      { aim: 'search p95 < 100 ms (p97.5 shown as its upper bound)', result: `${searchP97} ms ${verdict(searchP97 < 100)}` },
    ]);
  } finally {
    await small.server.stop();
    await large?.server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await org(process.argv.slice(2));
