// Email outbox benchmark (issue 24): 20,000 activity emails queued by 20,000 events (mentions
// recorded through the notifications service, each in its own transaction, as a comment does)
// and delivered by the real server (`opsenic serve`, one sender) to a local SMTP server
// (smtp-server). Figures: the queueing rate, the delivery rate (aim >= 200 emails/s on SQLite with
// one sender) and the p99 of a signed-in page while the outbox drains, next to idle (aim <= 2x).
// The SMTP server holds every delivery until a drain starts: the delivery rate is measured from
// opening the gate to the last email accepted, with nothing else running; then a quarter as many
// emails are queued and the page is loaded in alternating windows, idle (gate closed, the queue
// waiting) and draining (gate open), each draining window compared with the idle one before it.
// Options: --emails=N (default 20000), --seconds=N (each load window, default 3), --pairs=N (idle and
// draining windows, default 12; the rest of the queue is then delivered without load).
// Run: npm run bench -- mail-outbox [--emails=2000]. SQLite only (the aim is stated for SQLite).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { freePort, load, median, numberOption, opsenic, printTable, signedInCookie, spawnServe, sqliteEnv, tempDir, verdict, type LoadResult } from './support.js';
import { loadConfig } from '../server/config.js';
import { createContainer } from '../server/container.js';
import { newId } from '../server/platform/ids.js';

const args = process.argv.slice(2);
const EMAILS = numberOption(args, 'emails', 20_000);
const WINDOW = numberOption(args, 'seconds', 3);
const PAIRS = numberOption(args, 'pairs', 12);
const RECIPIENTS = 200;

export default async function run(): Promise<void> {
  // The local SMTP server: counts what it accepts; holds each MAIL FROM until `open()`.
  let accepted = 0;
  let firstAt = 0;
  let lastAt = 0;
  // Deliveries wait at MAIL FROM while the gate is closed.
  let gateOpen = false;
  const waiting: Array<() => void> = [];
  const release = () => {
    gateOpen = true;
    for (const go of waiting.splice(0)) go();
  };
  const hold = () => {
    gateOpen = false;
  };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom: (_a, _s, callback) => (gateOpen ? callback() : void waiting.push(() => callback())),
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted++;
        lastAt = performance.now();
        if (accepted === 1) firstAt = lastAt;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  const dataDir = tempDir();
  const port = await freePort();
  const env = sqliteEnv(dataDir, port, { OPSENIC_MAIL__SMTP_URL: smtpUrl, OPSENIC_LOG_LEVEL: 'warn', OPSENIC_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}` });
  await opsenic(['migrate'], env);
  // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' profiles the server (written when it stops).
  const server = await spawnServe(env, [], process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []);
  try {
    const cookie = await signedInCookie(server.url);

    // The events, from this process on the same SQLite file (a second writer, as a CLI would be):
    // 200 colleagues, one comment each is mentioned in, 20,000 mention events.
    const config = loadConfig({ env: { ...env, OPSENIC_DATABASE_URL: `sqlite:${path.join(dataDir, 'opsenic.sqlite')}` } });
    const c = createContainer(config); // its sender is never started: this process only writes events
    const knex = c.knex;
    const workspaceId = (await c.services.workspaces.getPrimary()).id;
    const at = Date.now();
    const users = Array.from({ length: RECIPIENTS + 1 }, (_, i) => ({ id: newId(), workspace_id: workspaceId, email: `bench${i}@example.com`, email_lower: `bench${i}@example.com`, first_name: 'Bench', last_name: `Person ${i}`, password_hash: null, role: 'member', status: 'active', created_at: at, updated_at: at }));
    await knex.batchInsert('users', users, 100);
    const actor = users[0]!.id;
    const entityId = newId();
    const nodeId = newId();
    await knex('org_entities').insert({ id: entityId, workspace_id: workspaceId, system_key: null, name: 'Bench', position: 99, archived_at: null, created_at: at, updated_at: at });
    await knex('org_nodes').insert({ id: nodeId, workspace_id: workspaceId, entity_id: entityId, parent_id: null, name: 'Bench team', description: null, position: 0, archived_at: null, created_at: at, updated_at: at });
    const commentId = newId();
    await knex('comments').insert({ id: commentId, workspace_id: workspaceId, node_id: nodeId, section_id: null, author_id: actor, body: 'Hello all', created_at: at, updated_at: at, edited_at: null });
    const queue = async (count: number) => {
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const recipient = users[1 + (i % RECIPIENTS)]!.id;
        await knex.transaction((trx) => c.services.notifications.record(trx, { workspaceId, kind: 'mention', actorId: actor, recipients: [recipient], commentId }));
      }
      return performance.now() - started;
    };
    const drained = async (target: number) => {
      const deadline = performance.now() + 900_000;
      while (accepted < target && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    // Phase 1, the delivery rate: the whole queue waits, then the gate opens; nothing else runs.
    const queueMs = await queue(EMAILS);
    const drainStarted = performance.now();
    release();
    await drained(EMAILS);
    const drainMs = lastAt - drainStarted;
    const delivered = accepted;
    const firstMs = firstAt - drainStarted;
    const rate = delivered / (drainMs / 1000);

    // Phase 2, the page while the outbox drains, in alternating 3 s windows: the gate closed (the
    // queue waits, the sender is idle: the baseline) then open (the sender delivers), and so on
    // until every email is in. Each draining window is compared with the idle one just before it,
    // so both see the same machine: on a shared machine the load moves by several times within a
    // minute, and one idle figure taken before a long drain compared a quiet moment with the worst.
    hold();
    const second = Math.round(EMAILS / 4);
    await queue(second);
    await load({ url: `${server.url}/`, headers: { cookie }, connections: 10, seconds: 2, warmup: 0 }); // warm-up
    const idles: LoadResult[] = [];
    const drains: LoadResult[] = [];
    const windows: string[] = [];
    let drainingMs = 0;
    let drainedUnderLoad = 0;
    while (accepted < EMAILS + second && idles.length < PAIRS) {
      hold();
      idles.push(await load({ url: `${server.url}/`, headers: { cookie }, connections: 10, seconds: WINDOW, warmup: 0 }));
      const before = accepted;
      const opened = performance.now();
      release();
      drains.push(await load({ url: `${server.url}/`, headers: { cookie }, connections: 10, seconds: WINDOW, warmup: 0 }));
      drainingMs += performance.now() - opened;
      drainedUnderLoad += accepted - before;
      windows.push(`${idles.at(-1)!.p99}/${drains.at(-1)!.p99}ms:${accepted - before}`);
    }
    release();
    // Idle p99 / draining p99 (ms) and the emails accepted in each pair of windows.
    console.log(`windows (idle/draining p99: emails): ${windows.join(' ')}`);
    const secondRate = drainedUnderLoad / (drainingMs / 1000);
    await drained(EMAILS + second);
    await c.close();
    const ratios = drains.map((d, i) => d.p99 / Math.max(1, idles[i]!.p99));
    const medianRatio = median(ratios);
    const idleMedian = median(idles.map((l) => l.p99));
    const drainMedian = median(drains.map((l) => l.p99));
    const idleWorst = Math.max(...idles.map((l) => l.p99));
    const drainWorst = Math.max(...drains.map((l) => l.p99));
    const weighted = (ls: LoadResult[]) => ls.reduce((n, l) => n + l.p99 * l.total, 0) / Math.max(1, ls.reduce((n, l) => n + l.total, 0));

    printTable(`Email outbox, SQLite, one sender: ${EMAILS} mention emails to ${RECIPIENTS} people`, [
      { figure: 'events queued (one transaction each)', value: `${(EMAILS / (queueMs / 1000)).toFixed(0)} events/s (${(queueMs / 1000).toFixed(1)} s)`, aim: '' },
      { figure: 'emails delivered', value: `${delivered} of ${EMAILS} in ${(drainMs / 1000).toFixed(1)} s (first after ${(firstMs / 1000).toFixed(2)} s)`, aim: '' },
      { figure: 'delivery rate', value: `${rate.toFixed(0)} emails/s`, aim: `>= 200 ${verdict(rate >= 200)}` },
      { figure: 'delivery rate under page load', value: `${secondRate.toFixed(0)} emails/s (${drainedUnderLoad} emails in ${drains.length} open windows)`, aim: '' },
      { figure: 'GET / p99, median window: idle / draining', value: `${idleMedian} ms / ${drainMedian} ms (${idles.length} pairs of ${WINDOW} s)`, aim: `<= ${2 * idleMedian} ms ${verdict(drainMedian <= 2 * idleMedian)}` },
      { figure: 'GET / p99, draining / idle just before (median)', value: `${medianRatio.toFixed(2)}x`, aim: `<= 2x ${verdict(medianRatio <= 2)}` },
      { figure: 'GET / p99, worst window: idle / draining', value: `${idleWorst} ms / ${drainWorst} ms`, aim: `<= ${2 * idleWorst} ms ${verdict(drainWorst <= 2 * idleWorst)}` },
      { figure: 'GET / p99, request-weighted: idle / draining', value: `${weighted(idles).toFixed(0)} ms / ${weighted(drains).toFixed(0)} ms`, aim: `<= ${(2 * weighted(idles)).toFixed(0)} ms ${verdict(weighted(drains) <= 2 * weighted(idles))}` },
    ]);
  } finally {
    release();
    await server.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
