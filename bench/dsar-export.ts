// `npm run bench -- dsar-export [--postgres] [--rows=N] [--rounds=N]`: the access export of a subject
// with 200,000 request-log rows, written to a zip file, next to a raw SELECT of the same rows in the
// same run, the two taking turns for a few rounds (3 by default; one run of each swings by 10-20% on a
// shared machine). Prints the median times, the export's time relative to the SELECT (aim <= 2x) and
// the largest peak RSS growth during an export (aim <= 64 MB). It never asserts.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContainer, type Container } from '../server/container.js';
import { migrateLatest } from '../server/db/migrate.js';
import { loadConfig } from '../server/config.js';
import { cliHandler } from '../server/components/dsar/dsar.service.js';
import { newId } from '../server/platform/ids.js';
import { mb, median, numberOption, printTable, tempDir, verdict } from './support.js';
import { createDatabase, postgresAvailable, type Dialect } from '../test/support/databases.js';

async function seed(c: Container, userId: string, workspaceId: string, rows: number): Promise<void> {
  const chunk = c.dialect === 'sqlite' ? 50 : 1000;
  const at = Date.now();
  let done = 0;
  while (done < rows) {
    await c.knex.transaction(async (trx) => {
      for (let batch = 0; batch < 40 && done < rows; batch++) {
        const n = Math.min(chunk, rows - done);
        const values = Array.from({ length: n }, (_, i) => ({
          id: newId(),
          workspace_id: workspaceId,
          occurred_at: at - (done + i) * 1000,
          method: 'GET',
          route: '/people/:id',
          status: 200,
          duration_ms: 3.2,
          ip: '203.0.113.0',
          referrer: 'https://opsenic.example/org',
          user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
          accept_language: 'en-GB,en;q=0.9,fr;q=0.8',
          dnt: false,
          gpc: false,
          user_id: userId,
          session_hash: 'a3f1c9e2b7d84f60',
          device_id: null,
          request_id: newId(),
        }));
        await trx('request_logs').insert(values);
        done += n;
      }
    });
  }
}

/** Samples the process RSS every few milliseconds while fn runs; returns fn's time and the peak growth. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakGrowth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: performance.now() - started, peakGrowth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

export default async function bench(args: string[]): Promise<void> {
  const rows = numberOption(args, 'rows', 200_000);
  const rounds = numberOption(args, 'rounds', 3);
  const dialect: Dialect = args.includes('--postgres') ? 'postgres' : 'sqlite';
  if (dialect === 'postgres' && !(await postgresAvailable())) {
    console.log('PostgreSQL is not reachable: nothing measured');
    return;
  }
  const db = await createDatabase(dialect);
  const dir = tempDir();
  const config = loadConfig({ env: {}, overrides: { env: 'test', dataDir: dir, secretKey: 'bench-secret-key-that-is-long-enough-0123456789', 'database.url': db.url, 'log.level': 'silent', 'accounts.scrypt': { N: 1024, r: 8, p: 1 }, 'dsar.remindersSchedule': false } });
  const c = createContainer(config);
  try {
    await migrateLatest(c.knex);
    const workspace = await c.services.workspaces.ensurePrimary();
    const subject = await c.services.accounts.create({ email: 'subject@example.com', firstName: 'Sam', lastName: 'Subject', password: 'correct horse battery staple 42', role: 'member' });
    const seeded = performance.now();
    await seed(c, subject.id, workspace.id, rows);
    console.log(`seeded ${rows} request_logs rows on ${dialect} in ${Math.round(performance.now() - seeded)} ms`);
    const handler = cliHandler('bench');
    const request = await c.services.dsar.open({ type: 'access', user: subject.email, channel: 'other' }, handler);
    await c.knex('request_logs').where({ user_id: subject.id }).count({ n: '*' }); // warm the cache for both

    const file = path.join(dir, 'export.zip');
    const exports: Array<Awaited<ReturnType<typeof measured<{ rows: number }>>>> = [];
    const selects: Array<Awaited<ReturnType<typeof measured<number>>>> = [];
    for (let round = 0; round < rounds; round++) {
      exports.push(await measured(() => c.services.dsar.export(request.id, fs.createWriteStream(file), handler)));
      selects.push(await measured(async () => (await c.knex('request_logs').where({ user_id: subject.id }).select('*')).length));
    }
    const exportMs = median(exports.map((e) => e.ms));
    const selectMs = median(selects.map((s) => s.ms));
    const exportPeak = Math.max(...exports.map((e) => e.peakGrowth));
    const ratio = exportMs / selectMs;
    printTable(`access export of a subject with ${rows} log rows (${dialect}), median of ${rounds} rounds`, [
      { what: 'raw SELECT of the rows (all in memory)', time: `${Math.round(selectMs)} ms`, rounds: selects.map((s) => Math.round(s.ms)).join(' '), 'peak RSS growth': mb(Math.max(...selects.map((s) => s.peakGrowth))), rows: selects[0]!.result },
      { what: 'export: zip with JSON + CSV + summary, streamed to a file', time: `${Math.round(exportMs)} ms`, rounds: exports.map((e) => Math.round(e.ms)).join(' '), 'peak RSS growth': mb(exportPeak), rows: exports[0]!.result.rows },
    ]);
    console.log(`zip: ${mb(fs.statSync(file).size)}; export / SELECT time: ${ratio.toFixed(2)}x (aim <= 2x: ${verdict(ratio <= 2)}); export peak RSS growth ${mb(exportPeak)} (aim <= 64 MB: ${verdict(exportPeak <= 64 * 1024 * 1024)})`);
  } finally {
    await c.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
