// Issue 25's figures: the insights boards at 10,000 people with a year of activity next to the same
// boards at 100 people, in the same run.
// - each board's API (GET /api/v1/insights/{board}, workspace-wide, as an admin): p50 and p95 over
//   sequential requests on one connection (aim: p95 <= 300 ms at 10,000 people);
// - the daily snapshot job (the service's snapshot(), run in this process on the server's SQLite file
//   as the scheduler would): its time (aim <= 60 s) and its longest write transaction (aim <= 100 ms),
//   timed around every knex transaction it opens (as bench/erasure.ts does), beside what the job
//   itself reports.
// Each workspace is `opsenic demo seed --people N --history --seed 1`; the snapshot runs before the
// boards are read (their behavioural figures come from it). Figures are indicative: the CPU is shared.
// Run: npm run bench -- insights [--people=N] [--requests=N] [--limit=SECONDS] [--quick] [--profile=DIR]
// (--limit: a request slower than this ends that board's measurement, default 120 s.)
// (--profile writes a V8 CPU profile of the large server under the board requests into DIR.)
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createContainer } from '../server/container.js';
import { testConfig } from '../test/support/server.js';
import type { TestClient } from '../test/support/http.js';
import { benchAccount, freePort, numberOption, timeTransactions, opsenic, printTable, spawnServe, sqliteEnv, tempDir, textOption, verdict, type Serve } from './support.js';

const boards = ['structure', 'rhythm', 'recognition', 'knowledge', 'growth'] as const;

interface Snapshot {
  ms: number;
  transactions: number;
  longestMs: number;
  longestAt: string;
  /** What the job reports about itself. */
  reported: { rows: number; ms: number; longestWriteMs: number };
}

interface Workspace {
  people: number;
  seedSeconds: number;
  snapshot: Snapshot;
  server: Serve;
  client: TestClient;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Runs the daily snapshot job in this process, timing every write transaction it opens. */
async function timedSnapshot(databaseUrl: string): Promise<Snapshot> {
  const c = createContainer(testConfig(databaseUrl, { 'retention.schedule.enabled': false }), { logger: pino({ level: 'silent' }) });
  try {
    const knex = c.knex;
    const timing = timeTransactions(knex);
    const insights = (c.services as unknown as { insights: { snapshot(now?: Date): Promise<{ rows: number; ms: number; longestWriteMs: number }> } }).insights;
    const started = performance.now();
    const reported = await insights.snapshot();
    return { ms: performance.now() - started, transactions: timing.count, longestMs: timing.longestMs, longestAt: timing.longestAt, reported };
  } finally {
    await c.close();
  }
}

async function prepare(people: number, profileDir?: string): Promise<Workspace> {
  const dataDir = tempDir();
  // The scheduler stays off: the bench runs the snapshot itself, once, before the boards are read.
  const env = sqliteEnv(dataDir, await freePort(), { OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false', OPSENIC_LOG_LEVEL: 'warn' });
  await opsenic(['migrate'], env);
  const started = performance.now();
  await opsenic(['demo', 'seed', '--people', String(people), '--seed', '1', '--history'], env);
  const seedSeconds = (performance.now() - started) / 1000;
  const snapshot = await timedSnapshot(`sqlite:${path.join(dataDir, 'opsenic.sqlite')}`);
  const server = await spawnServe(env, [], profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  try {
    const { client, email } = await benchAccount(server.url, { firstName: 'Bench', lastName: 'Insights' });
    await opsenic(['users', 'promote', email], env);
    return { people, seedSeconds, snapshot, server, client };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

interface BoardTimes {
  p50: number;
  p95: number;
  bytes: number;
  /** The first request took longer than the limit: the board was not measured further. */
  timedOut?: boolean;
}

/**
 * Sequential requests for one board. A request slower than `limitMs` ends the board's measurement
 * (a board computed in one synchronous stretch blocks the server: it is measured last, so the others
 * are not held up behind it).
 */
async function boardTimes(w: Workspace, board: string, requests: number, limitMs: number): Promise<BoardTimes> {
  if (new URL(w.server.url).hostname !== '127.0.0.1') throw new Error('benchmarks target loopback only');
  const url = `${w.server.url}/api/v1/insights/${board}`;
  const headers = { cookie: [...w.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'application/json' };
  const get = async () => {
    const started = performance.now();
    const reply = await fetch(url, { headers, signal: AbortSignal.timeout(limitMs) });
    const text = await reply.text();
    if (reply.status !== 200) throw new Error(`${url} answered ${reply.status}: ${text.slice(0, 300)}`);
    return { ms: performance.now() - started, bytes: text.length };
  };
  let bytes = 0;
  try {
    for (let i = 0; i < 3; i += 1) bytes = (await get()).bytes; // warm-up
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    return { p50: limitMs, p95: limitMs, bytes, timedOut: true };
  }
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) times.push((await get()).ms);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

const shown = (b: BoardTimes) => (b.timedOut ? `> ${(b.p50 / 1000).toFixed(0)} s (timed out)` : `${b.p50.toFixed(1)} / ${b.p95.toFixed(1)}`);

export default async function insightsBench(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const requests = numberOption(args, 'requests', quick ? 20 : 50);
  const largePeople = numberOption(args, 'people', 10_000);
  const profileDir = textOption(args, 'profile');
  const limitMs = numberOption(args, 'limit', 120) * 1000;
  const sides: Workspace[] = [];
  const load = () => os.loadavg()[0]!.toFixed(1);
  try {
    sides.push(await prepare(100));
    sides.push(await prepare(largePeople, profileDir));
    printSnapshots(sides);
    const loadBefore = load();
    const times = new Map<string, BoardTimes>();
    // Recognition last: its flow matrix is the slowest to compute (see PERF notes in the report).
    const order = [...boards.filter((b) => b !== 'recognition'), 'recognition'];
    for (const board of order) for (const w of sides) times.set(`${board}:${w.people}`, await boardTimes(w, board, requests, limitMs));
    const [small, large] = sides as [Workspace, Workspace];
    printTable(`issue 25 insights boards, GET /api/v1/insights/{board} as an admin, ${requests} sequential requests each (load average ${loadBefore} -> ${load()} on ${os.cpus().length} cores; indicative)`, boards.map((board) => {
      const s = times.get(`${board}:${small.people}`)!;
      const l = times.get(`${board}:${large.people}`)!;
      return {
        board,
        [`${small.people} p50 / p95 (ms)`]: shown(s),
        [`${large.people} p50 / p95 (ms)`]: shown(l),
        [`${large.people} / ${small.people} p50`]: l.timedOut || s.timedOut ? '-' : (l.p50 / Math.max(0.1, s.p50)).toFixed(1),
        'size at large (kB)': Math.round(l.bytes / 1024),
        'aim p95 <= 300 ms': verdict(!l.timedOut && l.p95 <= 300),
      };
    }));
    if (profileDir) console.log(`\nCPU profile of the ${large.people}-people server: ${profileDir} (written when the server stops)`);
  } finally {
    for (const w of sides) await w.server.stop();
  }
}

function printSnapshots(sides: Workspace[]): void {
  printTable('daily snapshot job (in the bench process, SQLite, before the server starts)', sides.flatMap((w) => [
    { people: w.people, figure: 'job time', value: `${(w.snapshot.ms / 1000).toFixed(2)} s (job says ${(w.snapshot.reported.ms / 1000).toFixed(2)} s, ${w.snapshot.reported.rows} rows)`, aim: '<= 60 s', result: verdict(w.snapshot.ms <= 60_000) },
    { people: w.people, figure: 'write transactions', value: w.snapshot.transactions, aim: '(printed)', result: '-' },
    { people: w.people, figure: 'longest write transaction', value: `${w.snapshot.longestMs.toFixed(1)} ms (job says ${w.snapshot.reported.longestWriteMs.toFixed(1)} ms)`, aim: '<= 100 ms', result: verdict(w.snapshot.longestMs <= 100) },
    { people: w.people, figure: '  (opened at)', value: w.snapshot.longestAt.slice(0, 120), aim: '', result: '' },
    { people: w.people, figure: 'demo seed with history', value: `${w.seedSeconds.toFixed(1)} s`, aim: '(printed)', result: '-' },
  ]));
}

if (import.meta.url === `file://${process.argv[1]}`) await insightsBench(process.argv.slice(2));
