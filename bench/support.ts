// Shared helpers for the benchmarks in bench/. Benchmarks print figures; they never assert and never
// fail CI. Every target is on the loopback interface; every load run is bounded in time.
//
//   const app = await spawnServe({ env });            // the real `node cli/opsenic.mjs serve`
//   const hello = await spawnHello();                  // a bare Express "hello" in its own process
//   const r = await load({ url: hello.url, connections: 50, seconds: 10 });
//   printTable('title', [{ name: 'x', value: 1 }]);
//   await app.stop(); await hello.stop();
//
// Servers under load run in child processes, so the load generator (autocannon, in this process)
// does not share an event loop with them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { signedInClient, strongPassword, uniqueEmail, type TestClient } from '../test/support/http.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function tempDir(prefix = 'opsenic-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in bytes (Linux /proc/<pid>/status VmRSS). */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, all threads) a process has used, in milliseconds, from /proc/<pid>/stat.
 * CPU time per request moves less than req/s when other work shares the machine (but it moves).
 * With `thread`, that one thread's time (the main thread's id is the pid).
 */
export function cpuMsOf(pid: number, thread?: number): number | undefined {
  try {
    const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}
const clockTicks = 100; // USER_HZ on Linux

/** The median (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Child {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

/** Polls url until it answers 200; returns the milliseconds waited. Throws after timeoutMs or if the child exits. */
export async function waitFor200(url: string, child: ChildProcess, timeoutMs = 30_000, started = performance.now()): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before ${url} answered 200`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** The OPSENIC_* environment of a server on a SQLite database in dataDir. */
export function sqliteEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPSENIC_ENV: 'production',
    OPSENIC_HOST: '127.0.0.1',
    OPSENIC_PORT: String(port),
    OPSENIC_DATA_DIR: dataDir,
    OPSENIC_DATABASE_URL: `sqlite:${path.join(dataDir, 'opsenic.sqlite')}`,
    OPSENIC_SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef',
    ...extra,
  };
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OPSENIC_')));
  return { ...base, NODE_ENV: 'production', ...env };
}

/**
 * Runs `node cli/opsenic.mjs <args>` to completion (e.g. migrate); throws on a non-zero exit. `root`
 * is the checkout to run (another one to compare with: bench/compare.ts).
 */
export async function opsenic(args: string[], env: Record<string, string>, root = repoRoot, stdin?: string): Promise<string> {
  const child = spawn(process.execPath, ['cli/opsenic.mjs', ...args], { cwd: root, env: childEnv(env), stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (stdin !== undefined) child.stdin!.end(stdin);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`opsenic ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`);
  return output;
}

export interface Serve extends Child {
  /** Milliseconds from spawn to the first /readyz 200. */
  readyMs: number;
}

/**
 * Spawns the real `node cli/opsenic.mjs serve` and waits for /readyz 200. Its JSON log goes to
 * /dev/null (the server still formats every line, as in production). nodeArgs go before the script
 * (e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to profile the server under load); root is the
 * checkout to run (default: this one).
 */
export async function spawnServe(env: Record<string, string>, args: string[] = [], nodeArgs: string[] = [], root = repoRoot): Promise<Serve> {
  const port = Number(env.OPSENIC_PORT);
  if (!port) throw new Error('spawnServe needs OPSENIC_PORT');
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, 'cli/opsenic.mjs', 'serve', ...args], { cwd: root, env: childEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    const readyMs = await waitFor200(`${url}/readyz`, child, 60_000, started);
    serving.set(url, { env, root });
    return { url, process: child, readyMs, stop: stopper(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
}

/** A bare Express app answering "hello" on GET /, in its own process: the baseline. */
export async function spawnHello(): Promise<Child> {
  const port = await freePort();
  const code = `import express from 'express';
const app = express();
app.get('/', (req, res) => { res.send('hello'); });
app.listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, env: childEnv({}), stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(`${url}/`, child, 15_000);
  return { url, process: child, stop: stopper(child) };
}

export interface LoadOptions {
  url: string;
  /** The server's pid: its CPU time per request is measured too. */
  pid?: number;
  connections?: number;
  seconds?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  body?: string;
  /** Seconds of unmeasured load first (JIT, caches, connection pools). Default 2. */
  warmup?: number;
}

export interface LoadResult {
  url: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU milliseconds per request during the measured run (when pid was given). */
  cpuMsPerRequest?: number;
  /**
   * The same for the server's main thread alone: the thread that serves requests, so the figure that
   * bounds throughput when it has a core to itself (helper threads such as the SQLite insert thread
   * run beside it).
   */
  mainThreadCpuMsPerRequest?: number;
}

/** autocannon, bounded in time, against a loopback URL. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const host = new URL(options.url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new Error(`benchmarks target loopback only, not ${host}`);
  const base = {
    url: options.url,
    connections: options.connections ?? 50,
    method: options.method ?? 'GET',
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
  const warmup = options.warmup ?? 2;
  if (warmup > 0) await autocannon({ ...base, duration: warmup });
  const cpuBefore = options.pid ? cpuMsOf(options.pid) : undefined;
  const mainBefore = options.pid ? cpuMsOf(options.pid, options.pid) : undefined;
  const result = await autocannon({ ...base, duration: options.seconds ?? 10 });
  const cpuAfter = options.pid ? cpuMsOf(options.pid) : undefined;
  const mainAfter = options.pid ? cpuMsOf(options.pid, options.pid) : undefined;
  const perRequest = (before?: number, after?: number) => (before !== undefined && after !== undefined && result.requests.total ? (after - before) / result.requests.total : undefined);
  return {
    cpuMsPerRequest: perRequest(cpuBefore, cpuAfter),
    mainThreadCpuMsPerRequest: perRequest(mainBefore, mainAfter),
    url: options.url,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Prints rows as an aligned text table under a title. */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  if (!rows.length) return console.log('  (nothing measured)');
  const columns = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => '  ' + values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

/** "ok" when the figure meets its aim, "MISSED" otherwise: printed, never asserted. */
export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

/** The value of `--name=value` among a bench's arguments, or undefined. */
export function textOption(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** A positive number given as `--name=N`, else the fallback. */
export function numberOption(args: string[], name: string, fallback: number): number {
  const value = Number(textOption(args, name) ?? NaN);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Signs a new user up on a running server and checks that GET / is then their home page; returns
 * the Cookie header (session and device cookies) that makes every request that signed-in browser.
 */
/** The env and checkout of each server spawnServe started, by URL: its accounts are made by its own CLI. */
const serving = new Map<string, { env: Record<string, string>; root: string }>();

/**
 * A member account on a server spawnServe started, made as an admin would (`opsenic users create`,
 * the password on stdin: sign-up by the form now waits for an emailed link), and a client signed in
 * to it through the sign-in form.
 */
export async function benchAccount(url: string, name: { firstName: string; lastName: string }): Promise<{ client: TestClient; email: string }> {
  const server = serving.get(url);
  if (!server) throw new Error(`no server of this bench runs at ${url}`);
  const email = uniqueEmail('bench');
  await opsenic(['users', 'create', '--email', email, '--first-name', name.firstName, '--last-name', name.lastName, '--password-stdin'], server.env, server.root, `${strongPassword}\n`);
  return { client: await signedInClient(url, email, strongPassword), email };
}

export async function signedInCookie(url: string, name: { firstName: string; lastName: string } = { firstName: 'Bench', lastName: 'Mark' }): Promise<string> {
  const { client } = await benchAccount(url, name);
  const check = await client.get('/');
  if (check.status !== 200 || !check.text.includes(name.firstName)) throw new Error(`GET / with the session cookie answered ${check.status}, not the signed-in home page`);
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** One side of a paired comparison: a server config (extra OPSENIC_* env) and the checkout it runs. */
export interface Side {
  env?: Record<string, string>;
  /** The checkout to run (default: this one). */
  root?: string;
}

export interface SignedInServer {
  server: Serve;
  /** Session and device cookies of a signed-up user: every request is the same signed-in browser. */
  cookie: string;
}

/** A real server on a fresh SQLite file, with a user signed up and the home page checked. */
export async function signedInServer(side: Side): Promise<SignedInServer> {
  const env = sqliteEnv(tempDir(), await freePort(), side.env);
  await opsenic(['migrate'], env, side.root);
  const server = await spawnServe(env, [], [], side.root);
  try {
    return { server, cookie: await signedInCookie(server.url) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export interface PairOptions {
  rounds: number;
  seconds: number;
  connections: number;
  /** The signed-in page loaded (default /). */
  page?: string;
}

export interface PairResult {
  a: LoadResult[];
  b: LoadResult[];
  /** Median over rounds of b req/s / a req/s. */
  ratio: number;
  /** Median over rounds of a main-thread CPU per request / b's (above 1: b is cheaper). */
  mainThreadRatio: number;
}

/**
 * One fresh process pair, a and b, loaded in short alternating rounds (a, b, b, a, ...: drift lands on
 * both alike); which one starts first is given, so callers alternate it between pairs (a start order
 * that favours one side must not always favour the same one). Two identical servers differ by up to
 * 15% here: a process's own bias stays inside one pair, and callers take the median over pairs.
 */
export async function measurePair(a: Side, b: Side, options: PairOptions, aFirst: boolean): Promise<PairResult> {
  const started: SignedInServer[] = [];
  try {
    const [first, second] = aFirst ? [a, b] : [b, a];
    started.push(await signedInServer(first));
    started.push(await signedInServer(second));
    const [serverA, serverB] = aFirst ? started : [started[1]!, started[0]!];
    const run = (t: SignedInServer, warmup: number) =>
      load({ url: `${t.server.url}${options.page ?? '/'}`, connections: options.connections, seconds: options.seconds, warmup, headers: { cookie: t.cookie }, pid: t.server.process.pid });
    // Each server is warmed up once (JIT, caches, helper threads); rounds then start straight away.
    await run(serverA!, 2);
    await run(serverB!, 2);
    const result: PairResult = { a: [], b: [], ratio: NaN, mainThreadRatio: NaN };
    for (let i = 0; i < options.rounds; i += 1) {
      if (i % 2) {
        result.b.push(await run(serverB!, 0.5));
        result.a.push(await run(serverA!, 0.5));
      } else {
        result.a.push(await run(serverA!, 0.5));
        result.b.push(await run(serverB!, 0.5));
      }
    }
    result.ratio = median(result.b.map((r, i) => r.requestsPerSecond / result.a[i]!.requestsPerSecond));
    result.mainThreadRatio = median(result.b.map((r, i) => result.a[i]!.mainThreadCpuMsPerRequest! / r.mainThreadCpuMsPerRequest!));
    return result;
  } finally {
    for (const s of started) await s.server.stop();
  }
}

/** CPU milliseconds per request over several runs, weighted by their request counts. */
export function cpuPerRequest(runs: LoadResult[], f: (r: LoadResult) => number | undefined): number {
  const total = runs.reduce((n, r) => n + r.total, 0);
  return runs.reduce((n, r) => n + (f(r) ?? NaN) * r.total, 0) / total;
}

/**
 * A server on a fresh SQLite file holding the demo organization of `people` (seeded with a fixed seed,
 * so two runs compare the same organization), and a signed-up reader's client.
 */
export async function seededDemoServer(people: number, reader: { firstName: string; lastName: string }): Promise<{ server: Serve; client: TestClient; seedSeconds: number }> {
  const dataDir = tempDir();
  const env = sqliteEnv(dataDir, await freePort());
  await opsenic(['migrate'], env);
  const started = performance.now();
  await opsenic(['demo', 'seed', '--people', String(people), '--seed', '1'], env);
  const seedSeconds = (performance.now() - started) / 1000;
  const server = await spawnServe(env);
  const { client } = await benchAccount(server.url, reader);
  return { server, client, seedSeconds };
}

interface ReadOnlyDatabase {
  prepare(sql: string): { get(): unknown };
  close(): void;
}

/**
 * A demo organization of `people` on a migrated SQLite environment, and its person in the most
 * teams with a password set: whose pages show what a fresh bench account's empty ones never do
 * (their teams, 1:1s, feedback, their teams' sections). Sign in with signedInClient(url, email, strongPassword).
 */
export async function seedDemoWithBusiestPerson(env: Record<string, string>, people: number): Promise<{ email: string; teams: number }> {
  await opsenic(['demo', 'seed', '--people', String(people), '--seed', '1'], env);
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean }) => ReadOnlyDatabase;
  const db = new Database(path.join(env.OPSENIC_DATA_DIR!, 'opsenic.sqlite'), { readonly: true });
  try {
    const busiest = db.prepare('select u.email, count(*) as teams from org_memberships m join users u on u.id = m.user_id group by u.id order by teams desc, u.email limit 1').get() as { email: string; teams: number };
    await opsenic(['users', 'set-password', busiest.email, '--password-stdin'], env, undefined, `${strongPassword}\n`);
    return busiest;
  } finally {
    db.close();
  }
}

/**
 * Times every transaction this knex opens from now on: how many, the longest, and which product
 * code opened it (the first frames of server/). Write transactions hold SQLite's one writer, so the
 * longest is what other requests may wait behind.
 */
export function timeTransactions(knex: Knex): { readonly count: number; readonly longestMs: number; readonly longestAt: string } {
  const figures = { count: 0, longestMs: 0, longestAt: '' };
  const original = knex.transaction.bind(knex) as (fn: (trx: Knex.Transaction) => Promise<unknown>) => Promise<unknown>;
  const timed = async (fn: (trx: Knex.Transaction) => Promise<unknown>) => {
    const where = (new Error().stack ?? '').split('\n').filter((l) => l.includes('/server/')).slice(0, 2).map((l) => l.trim().replace(/^at /, '').replace(/\(?\/.*\/server\//, 'server/').replace(/\)$/, '')).join(' < ');
    return original(async (trx) => {
      const started = performance.now();
      try {
        return await fn(trx);
      } finally {
        const ms = performance.now() - started;
        if (ms > figures.longestMs) [figures.longestMs, figures.longestAt] = [ms, where];
        figures.count += 1;
      }
    });
  };
  Object.defineProperty(knex, 'transaction', { value: timed, configurable: true, writable: true });
  return figures;
}
