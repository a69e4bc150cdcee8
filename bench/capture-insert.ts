// Bulk insert of log rows through the capture path (issue 4): CaptureService.log() -> the bounded
// buffer -> batched multi-row INSERTs, as the request middleware uses it. 1,000,000 rows on SQLite
// (aim >= 50,000 rows/s) and the PostgreSQL figure when a server answers. Prints, never asserts.
// Options: --rows=N (default 1000000), --batch=N (rows per INSERT batch, default: the config's 500).
// Run: node --import tsx bench/capture-insert.ts [--rows=200000]   (or npm run bench -- capture-insert);
// BENCH_DIALECTS=sqlite (or postgres) measures one dialect only.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createContainer } from '../server/container.js';
import { migrateLatest } from '../server/db/migrate.js';
import { testConfig } from '../test/support/server.js';
import { createDatabase, postgresAvailable, type Dialect } from '../test/support/databases.js';
import { captureIp } from '../server/components/capture/ip.js';
import { numberOption, printTable, verdict } from './support.js';
import { sqliteSecurity } from '../server/db/sqlite-client.js';


const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
];
const routes = ['/', '/profile', '/people/:id', '/org/nodes/:id', '/api/v1/me', '/security'];

async function run(dialect: Dialect, rows: number, batch: number | undefined) {
  const db = await createDatabase(dialect);
  const overrides: Record<string, unknown> = { 'capture.buffer.maxRows': 100_000 };
  if (batch) overrides['capture.buffer.batchSize'] = batch;
  const config = testConfig(db.url, overrides);
  const c = createContainer(config, { logger: pino({ level: 'silent' }) });
  try {
    await migrateLatest(c.knex);
    await c.services.workspaces.ensurePrimary();
    const capture = c.services.capture;
    const users = Array.from({ length: 200 }, () => crypto.randomUUID());
    const workspaceId = (await c.services.workspaces.getPrimary()).id;
    const high = config.capture.buffer.batchSize * 20;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < rows; i += 1) {
      const signedIn = i % 3 !== 0;
      capture.log({
        workspaceId,
        occurredAt: Date.now(),
        method: i % 10 === 0 ? 'POST' : 'GET',
        route: routes[i % routes.length]!,
        status: i % 50 === 0 ? 404 : 200,
        durationMs: (i % 97) / 7,
        ip: captureIp(`203.0.${(i >> 8) & 255}.${i & 255}`, 'truncated'),
        referrer: i % 4 === 0 ? 'https://intranet.example.com/wiki' : null,
        userAgent: agents[i % agents.length]!,
        acceptLanguage: 'en-GB,en;q=0.9',
        dnt: false,
        gpc: i % 11 === 0,
        userId: signedIn ? users[i % users.length]! : null,
        sessionHash: signedIn ? '9f2c'.padEnd(64, 'a') : null,
        deviceId: users[(i * 7) % users.length]!,
        requestId: crypto.randomUUID(),
      });
      // The bench produces rows faster than any server would: when the writer lags, wait for it to
      // catch up below the mark (it writes in the background meanwhile, as it does in the server).
      while (capture.logs.buffered >= high) await new Promise((resolve) => setTimeout(resolve, 1));
      // A server logs one row per request, each its own event: yield now and then as it does, so the
      // writer's replies are handled while rows keep coming.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await capture.flush();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const stored = await c.repositories.capture.count('request_logs');
    const dropped = (await c.metrics.registry.getSingleMetric('opsenic_capture_dropped_total')?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
    return { seconds, cpuSeconds, stored, dropped, batchSize: config.capture.buffer.batchSize };
  } finally {
    await c.close();
    await db.drop();
  }
}

export default async function captureInsert(args: string[]): Promise<void> {
  const rows = numberOption(args, 'rows', 1_000_000);
  const batch = args.some((a) => a.startsWith('--batch=')) ? numberOption(args, 'batch', 500) : undefined;
  const results: Array<Record<string, string | number>> = [];
  const secureDelete: Array<Record<string, string | number>> = [];
  for (const dialect of (process.env.BENCH_DIALECTS?.split(',') ?? ['sqlite', 'postgres']) as Dialect[]) {
    if (dialect === 'postgres' && !(await postgresAvailable())) {
      results.push({ database: 'postgres', rows: 0, 'batch size': '-', seconds: '-', 'rows/s': 'PostgreSQL not reachable', 'rows per CPU-s': '-', dropped: '-', aim: '-', result: '-' });
      continue;
    }
    const r = await run(dialect, rows, batch);
    const rate = r.stored / r.seconds;
    if (dialect === 'sqlite') {
      // The same run with PRAGMA secure_delete off (every product connection runs it on): its cost.
      sqliteSecurity.secureDelete = false;
      const off = await run(dialect, rows, batch).finally(() => (sqliteSecurity.secureDelete = true));
      const offRate = off.stored / off.seconds;
      const ratio = offRate / rate;
      secureDelete.push({ 'secure_delete': 'on', 'rows/s': Math.round(rate) }, { 'secure_delete': 'off', 'rows/s': Math.round(offRate) }, { 'secure_delete': 'cost (off rows/s ÷ on rows/s)', 'rows/s': `${ratio.toFixed(3)} (aim <= 1.10: ${verdict(ratio <= 1.1)})` });
    }
    results.push({
      database: dialect,
      rows: r.stored,
      'batch size': r.batchSize,
      seconds: r.seconds.toFixed(1),
      'rows/s': Math.round(rate),
      // This process's CPU, all threads (for SQLite the whole write path: the inserts run on their
      // own thread, in parallel with the rest, so this is a cost figure, not a rate to hold to the aim).
      'rows per CPU-s': Math.round(r.stored / r.cpuSeconds),
      dropped: r.dropped,
      aim: dialect === 'sqlite' ? '>= 50000 rows/s' : '(printed)',
      result: dialect === 'sqlite' ? verdict(rate >= 50_000) : '-',
    });
  }
  const [load1] = os.loadavg();
  if (load1! > os.cpus().length / 2) console.log(`note: load average ${load1!.toFixed(1)} on ${os.cpus().length} cores: wall-clock figures understate what the machine can do`);
  printTable(`Log rows through the capture path (CaptureService.log -> bounded buffer -> batched INSERT), ${rows} rows`, results);
  if (secureDelete.length) printTable(`SQLite with secure_delete on (the product) and off, same run, ${rows} rows`, secureDelete);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  await captureInsert(process.argv.slice(2));
  process.exit(0);
}
