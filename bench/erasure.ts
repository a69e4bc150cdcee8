// Erasing one person from a busy SQLite database (issue 18): 10,000 people, the subject with 200,000
// log rows and 2,000 content rows (comments). The erasure runs in this process (as `opsenic dsar erase`
// would) while a real server serves signed-in pages from the same file. Prints the erasure's time, its
// longest write transaction (aim <= 100 ms) and the p99 of signed-in pages during it against idle
// (aim <= 3x). Never asserts. Options: --people=N --logs=N --content=N.
// Run: npm run bench -- erasure
import crypto from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import { createContainer } from '../server/container.js';
import { declaredTables } from '../server/registry.js';
import { testConfig } from '../test/support/server.js';
import { syntheticRow } from '../test/support/retention.js';
import { freePort, load, timeTransactions, numberOption, opsenic, printTable, signedInCookie, spawnServe, sqliteEnv, tempDir, verdict } from './support.js';

const table = (name: string) => declaredTables.find((t) => t.name === name)!;

export default async function erasure(args: string[]): Promise<void> {
  const people = numberOption(args, 'people', 10_000);
  const logs = numberOption(args, 'logs', 200_000);
  const content = numberOption(args, 'content', 2_000);
  const dataDir = tempDir();
  const env = sqliteEnv(dataDir, await freePort(), { OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false', OPSENIC_LOG_LEVEL: 'warn' });
  await opsenic(['migrate'], env);
  await opsenic(['retention', 'show'], env); // creates the primary workspace
  const url = `sqlite:${path.join(dataDir, 'opsenic.sqlite')}`;
  const c = createContainer(testConfig(url, { 'retention.schedule.enabled': false }), { logger: pino({ level: 'silent' }) });
  const knex = c.knex;
  const workspaceId = (await c.services.workspaces.getPrimary()).id;
  const t0 = performance.now();
  const users = table('users');
  const ids: string[] = [];
  for (let i = 0; i < people; i += 500) {
    const batch = Array.from({ length: Math.min(500, people - i) }, (_, k) => {
      const id = crypto.randomUUID();
      ids.push(id);
      return syntheticRow(users, { workspaceId, values: { id, email: `p${i + k}@bench.example`, email_lower: `p${i + k}@bench.example`, first_name: `First${i + k}`, last_name: `Last${i + k}`, role: 'member', status: 'active' } });
    });
    await knex.batchInsert('users', batch, 100);
  }
  const subject = ids[0]!;
  const logTable = table('request_logs');
  for (let i = 0; i < logs; i += 5000) {
    const batch = Array.from({ length: Math.min(5000, logs - i) }, () => syntheticRow(logTable, { workspaceId, userId: subject, values: { id: crypto.randomUUID(), ip: '203.0.113.9', user_agent: 'BenchBrowser/1.0', route: '/people/:id' } }));
    await knex.batchInsert('request_logs', batch, 200);
  }
  const comments = table('comments');
  for (let i = 0; i < content; i += 500) {
    const batch = Array.from({ length: Math.min(500, content - i) }, (_, k) => syntheticRow(comments, { workspaceId, userId: subject, values: { id: crypto.randomUUID(), node_id: null, section_id: null, body: `comment ${i + k} about the atlas` } }));
    await knex.batchInsert('comments', batch, 100);
  }
  console.log(`seeded ${people} people, ${logs} log rows and ${content} comments of the subject in ${Math.round(performance.now() - t0)} ms`);

  // The longest write transaction of the erasure: every knex transaction it opens is timed.
  const timing = timeTransactions(knex);

  const server = await spawnServe(env);
  try {
    const cookie = await signedInCookie(server.url);
    const idle = await load({ url: `${server.url}/`, connections: 10, seconds: 5, headers: { cookie } });
    let erasureMs = 0;
    const during = load({ url: `${server.url}/`, connections: 10, seconds: 10, headers: { cookie } });
    const started = performance.now();
    await c.services.subjectErasure.erase(subject, await c.services.subjectErasure.identifiersOf(subject));
    erasureMs = performance.now() - started;
    const loaded = await during;
    printTable(`Erasing a subject with ${logs} log rows and ${content} comments among ${people} people (SQLite, secure_delete on)`, [
      { figure: 'erasure time', value: `${Math.round(erasureMs)} ms`, aim: '(printed)', result: '-' },
      { figure: 'write transactions', value: timing.count, aim: '(printed)', result: '-' },
      { figure: 'longest write transaction', value: `${timing.longestMs.toFixed(1)} ms`, aim: '<= 100 ms', result: verdict(timing.longestMs <= 100) },
      { figure: '  (opened at)', value: timing.longestAt.slice(0, 160), aim: '', result: '' },
      { figure: 'signed-in page p99 idle', value: `${idle.p99} ms`, aim: '(printed)', result: '-' },
      { figure: 'signed-in page p99 during the erasure', value: `${loaded.p99} ms`, aim: '<= 3x idle', result: verdict(loaded.p99 <= 3 * Math.max(1, idle.p99)) },
    ]);
  } finally {
    await server.stop();
    await c.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await erasure(process.argv.slice(2));
