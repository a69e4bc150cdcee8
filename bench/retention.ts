// Retention purge benchmark (issue 5). 2,000,000 request log rows, 1,000,000 of them expired:
// `opsenic retention apply --category log` (the real CLI, batched) next to one monolithic DELETE of
// the same rows on a copy of the same data, in the same run; rows/s; the longest single write
// transaction; p99 of authenticated page requests during the purge vs idle. The apply runs twice,
// each on its own copy: alone, under the same conditions as the monolithic DELETE (the time ratio
// and the rows/s aim), and while the server is loaded (the p99 aim; its rows/s is printed too: on
// this 2-core machine the load takes a core from the purge). SQLite, then PostgreSQL when a server
// answers. Prints figures and the aims; never asserts.
// Options: --rows=N (default 2000000; half expire), --seconds=N (idle load window, default 10).
// Run: node --import tsx bench/retention.ts [--rows=200000]; BENCH_DIALECTS=sqlite (or postgres) for one.
import crypto from 'node:crypto';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import pg from 'pg';
import { freePort, load, numberOption, opsenic, printTable, repoRoot, signedInCookie, spawnServe, sqliteEnv, tempDir, verdict, type Serve } from './support.js';
import { postgresAvailable } from '../test/support/databases.js';
import { runCli } from '../test/support/cli.js';
import { timeOrderedId } from '../server/components/capture/time-ordered-id.js';

const DAY = 86_400_000;

// better-sqlite3 directly (prepared statements) for fast seeding; the minimal shape used here.
interface Sqlite {
  pragma(sql: string): unknown;
  prepare(sql: string): { run(...values: unknown[]): { changes: number }; get(...values: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  exec(sql: string): void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Sqlite;
const args = process.argv.slice(2);
const ROWS = numberOption(args, 'rows', 2_000_000);
const SECONDS = numberOption(args, 'seconds', 10);
const adminUrl = process.env.OPSENIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const routes = ['/', '/profile', '/people/:id', '/api/v1/me', '/security'];
const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';

/**
 * Row i, in the order a log is written (oldest first): the first half expired (200 down to 100
 * days old, beyond the 90d log policy), the second half young (80 days old down to now). Ids are
 * time-ordered UUIDs (v7) of the row's time, as the capture component writes them.
 */
function ageOf(i: number): number {
  const half = ROWS / 2;
  return i < half ? 200 * DAY - (i * 100 * DAY) / half : 80 * DAY - ((i - half) * 80 * DAY) / half;
}
function rowValues(i: number, now: number, workspaceId: string): unknown[] {
  const age = Math.round(ageOf(i));
  return [timeOrderedId(now - age), workspaceId, now - age, 'GET', routes[i % routes.length], 200, 3.5, '203.0.113.0', null, agent, 'en', 0, 0, null, null, null, crypto.randomUUID()];
}
const columns = ['id', 'workspace_id', 'occurred_at', 'method', 'route', 'status', 'duration_ms', 'ip', 'referrer', 'user_agent', 'accept_language', 'dnt', 'gpc', 'user_id', 'session_hash', 'device_id', 'request_id'];

/** What one `retention apply` run reports of itself. */
interface ApplyFigures {
  purgeMs: number;
  rowsPerSecond: number;
  longestTxMs: number;
  batches: number;
}

interface Figures {
  rows: number;
  monolithicMs: number;
  /** The apply alone on its own copy (the same conditions as the monolithic DELETE). */
  alone: ApplyFigures;
  /** The apply while the server is loaded. */
  loaded: ApplyFigures;
  wallMs: number;
  idleP99: number;
  purgeP99: number;
  requestsDuringPurge: number;
  errors: number;
}

const applyArgs = ['retention', 'apply', '--category', 'log', '--yes', '--json'];

function applyFiguresOf(report: { durationMs: number; rowsPerSecond: number; longestTransactionMs: number; batches: number }): ApplyFigures {
  return { purgeMs: report.durationMs, rowsPerSecond: report.rowsPerSecond, longestTxMs: report.longestTransactionMs, batches: report.batches };
}

/** Runs the real CLI apply while autocannon loads an authenticated page; returns the report and the latencies. */
async function purgeUnderLoad(env: Record<string, string>, url: string, cookie: string) {
  const started = performance.now();
  const child = spawn(process.execPath, ['cli/opsenic.mjs', ...applyArgs], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // Load only once the purge has started deleting (its first progress line), until it exits.
  await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
  let result!: autocannon.Result;
  let instance: { stop(): void } | undefined;
  const finished = new Promise<void>((resolve) => {
    instance = autocannon({ url: `${url}/`, connections: 10, duration: 3600, headers: { cookie } }, (_error, r) => {
      result = r;
      resolve();
    });
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - started;
  instance!.stop();
  await finished;
  if (code !== 0) throw new Error(`retention apply exited with ${code}: ${stderr.slice(-2000)}`);
  return { report: JSON.parse(stdout), wallMs, p99: result.latency.p99, requests: result.requests.total, errors: result.errors + result.non2xx };
}

/** Runs the real CLI apply with nothing else running; returns what it reports. */
async function purgeAlone(env: Record<string, string>): Promise<ApplyFigures> {
  const run = await runCli(applyArgs, { env, timeoutMs: 600_000 });
  if (run.code !== 0) throw new Error(`retention apply exited with ${run.code}: ${run.stderr.slice(-2000)}`);
  return applyFiguresOf(JSON.parse(run.stdout));
}

async function signIn(server: Serve): Promise<string> {
  return signedInCookie(server.url);
}

async function sqlite(): Promise<Figures> {
  const dataDir = tempDir();
  const env = sqliteEnv(dataDir, await freePort(), { OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false', OPSENIC_LOG_LEVEL: 'warn' });
  await opsenic(['migrate'], env);
  await opsenic(['retention', 'show'], env); // creates the primary workspace
  const file = path.join(dataDir, 'opsenic.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const workspaceId = (db.prepare(`SELECT id FROM workspaces WHERE kind = 'primary'`).get() as { id: string }).id;
  const insert = db.prepare(`INSERT INTO request_logs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const now = Date.now();
  const t0 = performance.now();
  for (let start = 0; start < ROWS; start += 50_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ROWS, start + 50_000); i++) insert.run(...rowValues(i, now, workspaceId));
    })();
  }
  console.log(`sqlite: ${ROWS} rows inserted in ${Math.round(performance.now() - t0)} ms`);
  const copy = path.join(dataDir, 'copy.sqlite');
  db.exec(`VACUUM INTO '${copy}'`);
  const aloneCopy = path.join(dataDir, 'alone.sqlite');
  db.exec(`VACUUM INTO '${aloneCopy}'`);
  const offCopy = path.join(dataDir, 'secure-delete-off.sqlite');
  db.exec(`VACUUM INTO '${offCopy}'`);
  db.close();

  // What secure_delete (on in every product connection) costs this purge: the same monolithic DELETE
  // on two identical copies, one connection with it on, one with it off.
  const timedDelete = (file: string, secure: boolean) => {
    const d = new Database(file);
    d.pragma('journal_mode = WAL');
    d.pragma('synchronous = NORMAL');
    d.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    const t = performance.now();
    d.prepare('DELETE FROM request_logs WHERE occurred_at < ?').run(Date.now() - 90 * DAY);
    const ms = performance.now() - t;
    d.close();
    return ms;
  };
  const offMs = timedDelete(offCopy, false);

  // The monolithic DELETE, on the copy.
  const mono = new Database(copy);
  mono.pragma('journal_mode = WAL');
  mono.pragma('synchronous = NORMAL');
  mono.pragma('secure_delete = ON');
  const cutoff = Date.now() - 90 * DAY;
  const m0 = performance.now();
  const removed = mono.prepare('DELETE FROM request_logs WHERE occurred_at < ?').run(cutoff).changes;
  const monolithicMs = performance.now() - m0;
  mono.close();
  const ratio = monolithicMs / offMs;
  printTable('SQLite: the same DELETE of the expired rows with secure_delete on (the product) and off', [
    { 'secure_delete': 'on', ms: Math.round(monolithicMs) },
    { 'secure_delete': 'off', ms: Math.round(offMs) },
    { 'secure_delete': 'cost (on ms ÷ off ms)', ms: `${ratio.toFixed(3)} (aim <= 1.10: ${verdict(ratio <= 1.1)})` },
  ]);
  const alone = await purgeAlone({ ...env, OPSENIC_DATABASE_URL: `sqlite:${aloneCopy}` });

  const server = await spawnServe(env);
  try {
    const cookie = await signIn(server);
    const idle = await load({ url: `${server.url}/`, connections: 10, seconds: SECONDS, headers: { cookie } });
    const purge = await purgeUnderLoad(env, server.url, cookie);
    return figures(removed, monolithicMs, alone, purge, idle.p99);
  } finally {
    await server.stop();
  }
}

async function postgres(): Promise<Figures> {
  const name = `opsenic_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const copyUrl = new URL(adminUrl);
  copyUrl.pathname = `/${name}_copy`;
  const aloneUrl = new URL(adminUrl);
  aloneUrl.pathname = `/${name}_alone`;
  const env = { ...sqliteEnv(tempDir(), await freePort(), { OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false', OPSENIC_LOG_LEVEL: 'warn' }), OPSENIC_DATABASE_URL: url.toString() };
  try {
    await opsenic(['migrate'], env);
    await opsenic(['retention', 'show'], env);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const t0 = performance.now();
    const now = Date.now();
    // Generated in the server: the same shape as the SQLite rows, ids time-ordered (v7 layout: the
    // row's milliseconds in the first 48 bits, then random bits).
    await client.query(
      `INSERT INTO request_logs (${columns.join(', ')})
       SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 2, 3) || '-' || substr(r, 20), w_id, at,
              'GET', '/profile', 200, 3.5, '203.0.113.0', NULL, $4, 'en', false, false, NULL, NULL, NULL, gen_random_uuid()::text
         FROM (SELECT lpad(to_hex(at), 12, '0') AS h, gen_random_uuid()::text AS r, at, w_id
                 FROM (SELECT $1::bigint - CASE WHEN g <= $2 / 2 THEN 200 * $3::bigint - (g * 100 * $3::bigint) / ($2 / 2) ELSE 80 * $3::bigint - ((g - $2 / 2) * 80 * $3::bigint) / ($2 / 2) END AS at, w.id AS w_id
                         FROM generate_series(1, $2) AS g, (SELECT id FROM workspaces WHERE kind = 'primary') AS w) AS rows) AS ids`,
      [now, ROWS, DAY, agent],
    );
    await client.query('VACUUM ANALYZE request_logs');
    await client.end();
    console.log(`postgres: ${ROWS} rows inserted in ${Math.round(performance.now() - t0)} ms`);
    await admin.query(`CREATE DATABASE ${name}_copy TEMPLATE ${name}`);
    await admin.query(`CREATE DATABASE ${name}_alone TEMPLATE ${name}`);

    const mono = new pg.Client({ connectionString: copyUrl.toString() });
    await mono.connect();
    const m0 = performance.now();
    const removed = (await mono.query('DELETE FROM request_logs WHERE occurred_at < $1', [Date.now() - 90 * DAY])).rowCount ?? 0;
    const monolithicMs = performance.now() - m0;
    await mono.end();
    const alone = await purgeAlone({ ...env, OPSENIC_DATABASE_URL: aloneUrl.toString() });

    const server = await spawnServe(env);
    try {
      const cookie = await signIn(server);
      const idle = await load({ url: `${server.url}/`, connections: 10, seconds: SECONDS, headers: { cookie } });
      const purge = await purgeUnderLoad(env, server.url, cookie);
      return figures(removed, monolithicMs, alone, purge, idle.p99);
    } finally {
      await server.stop();
    }
  } finally {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ($1, $2, $3) AND pid <> pg_backend_pid()', [name, `${name}_copy`, `${name}_alone`]);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_copy`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_alone`);
    await admin.end();
  }
}

function figures(removed: number, monolithicMs: number, alone: ApplyFigures, purge: Awaited<ReturnType<typeof purgeUnderLoad>>, idleP99: number): Figures {
  const rows = Object.values(purge.report.counts.log ?? {}).reduce((a: number, t) => a + (t as { rows: number }).rows, 0);
  if (rows !== removed) console.log(`note: apply removed ${rows} rows, the monolithic DELETE ${removed}`);
  return { rows, monolithicMs, alone, loaded: applyFiguresOf(purge.report), wallMs: purge.wallMs, idleP99, purgeP99: purge.p99, requestsDuringPurge: purge.requests, errors: purge.errors };
}

function print(dialect: string, f: Figures): void {
  const ratio = f.alone.purgeMs / f.monolithicMs;
  const p99Ratio = f.purgeP99 / Math.max(f.idleP99, 1);
  const longest = Math.max(f.alone.longestTxMs, f.loaded.longestTxMs);
  printTable(`retention apply vs monolithic DELETE, ${dialect} (${f.rows} of ${ROWS} rows expired; aims printed, never asserted)`, [
    { figure: 'monolithic DELETE (one transaction, copy of the data, nothing else running)', measured: `${Math.round(f.monolithicMs)} ms (${Math.round((f.rows * 1000) / f.monolithicMs)} rows/s)`, aim: '-', result: '-' },
    { figure: 'retention apply alone (its own copy), engine time', measured: `${f.alone.purgeMs} ms in ${f.alone.batches} batches`, aim: '-', result: '-' },
    { figure: 'retention apply alone / monolithic time', measured: `${ratio.toFixed(2)}x`, aim: '<= 2.0x', result: verdict(ratio <= 2) },
    { figure: 'retention apply alone rows/s', measured: f.alone.rowsPerSecond, aim: dialect === 'sqlite' ? '>= 300000' : '-', result: dialect === 'sqlite' ? verdict(f.alone.rowsPerSecond >= 300_000) : '-' },
    { figure: 'retention apply under page load, engine time', measured: `${f.loaded.purgeMs} ms in ${f.loaded.batches} batches (${f.loaded.rowsPerSecond} rows/s)`, aim: '-', result: '-' },
    { figure: 'longest single write transaction of apply (either run)', measured: `${longest} ms`, aim: '<= 100 ms', result: verdict(longest <= 100) },
    { figure: 'longest single write transaction of the monolithic DELETE', measured: `${Math.round(f.monolithicMs)} ms`, aim: '-', result: '-' },
    { figure: 'CLI wall time under load (process start to exit)', measured: `${Math.round(f.wallMs)} ms`, aim: '-', result: '-' },
    { figure: 'p99 of GET / (signed in), idle', measured: `${f.idleP99} ms`, aim: '-', result: '-' },
    { figure: `p99 of GET / (signed in), during the purge (${f.requestsDuringPurge} requests, ${f.errors} errors)`, measured: `${f.purgeP99} ms (${p99Ratio.toFixed(2)}x idle)`, aim: '<= 3x idle', result: verdict(p99Ratio <= 3) },
  ]);
}

const dialects = process.env.BENCH_DIALECTS?.split(',') ?? ['sqlite', 'postgres'];
if (dialects.includes('sqlite')) print('sqlite', await sqlite());
if (!dialects.includes('postgres')) console.log('PostgreSQL not asked for (BENCH_DIALECTS)');
else if (await postgresAvailable()) print('postgres', await postgres());
else console.log(`PostgreSQL not reachable at ${adminUrl}: its figures are skipped`);
