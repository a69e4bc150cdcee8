// How long recording a batch of delivery outcomes holds SQLite's one connection (issue 24), and so
// how long a page's query can wait behind it (every query waits for the transaction to commit): the
// outbox's record() (one UPDATE per kind of outcome) against the way it recorded before (one awaited
// UPDATE per email in one transaction), in the same process, alternating rounds.
// Options: --rounds=N (default 15), --batch=N (default 200).
// Run: npm run bench -- mail-outbox-record
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { median, numberOption, opsenic, printTable, sqliteEnv, tempDir, freePort } from './support.js';
import { loadConfig } from '../server/config.js';
import { createContainer } from '../server/container.js';
import { newId } from '../server/platform/ids.js';
import { OutboxRepository, type Outcome } from '../server/components/mail/outbox.repository.js';

const args = process.argv.slice(2);
const ROUNDS = numberOption(args, 'rounds', 15);
const BATCH = numberOption(args, 'batch', 200);

/** The former record(): every outcome its own awaited UPDATE inside one transaction. */
async function recordPerRow(knex: Knex, outcomes: Outcome[]): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const o of outcomes) {
      if (o.kind !== 'sent') continue;
      await trx('email_outbox').where({ id: o.id, status: 'sending' }).update({ status: 'sent', subject: o.subject, message_id: o.messageId, data: null, attempts: o.attempts, finished_at: o.at, claimed_until: null, last_error: null });
    }
  });
}

/** How long `work` takes (the connection is held that long). */
async function measure(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export default async function run(): Promise<void> {
  const dataDir = tempDir();
  const env = sqliteEnv(dataDir, await freePort());
  await opsenic(['migrate'], env);
  const config = loadConfig({ env: { ...env, OPSENIC_DATABASE_URL: `sqlite:${path.join(dataDir, 'opsenic.sqlite')}` } });
  const c = createContainer(config);
  const knex = c.knex;
  const repo = new OutboxRepository(knex);
  const workspaceId = (await c.services.workspaces.ensurePrimary()).id;
  const batch = async (): Promise<Outcome[]> => {
    const at = Date.now();
    const rows = Array.from({ length: BATCH }, () => ({ id: newId(), workspace_id: workspaceId, user_id: null, to_address: 'bench@example.com', to_lower: 'bench@example.com', category: 'account', template: 'test', language: 'en', time_zone: null, data: '{}', subject: null, status: 'sending', attempts: 0, next_attempt_at: at, claimed_until: at + 60_000, created_at: at }));
    for (let i = 0; i < rows.length; i += 50) await knex('email_outbox').insert(rows.slice(i, i + 50));
    return rows.map((r) => ({ kind: 'sent', id: r.id, at, subject: 'Bench', messageId: `<${r.id}@bench>`, attempts: 1 }));
  };
  const perRow: number[] = [];
  const batched: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = await batch();
    const b = await batch();
    // Alternate which goes first, so neither always meets a warmer cache or a WAL checkpoint.
    if (round % 2) {
      batched.push(await measure(() => repo.record(b)));
      perRow.push(await measure(() => recordPerRow(knex, a)));
    } else {
      perRow.push(await measure(() => recordPerRow(knex, a)));
      batched.push(await measure(() => repo.record(b)));
    }
  }
  const sent = await knex('email_outbox').where({ status: 'sent' }).count<{ n: number }[]>({ n: '*' }).first();
  await c.close();
  printTable(`Recording ${BATCH} delivery outcomes on SQLite, median of ${ROUNDS} alternating rounds (${sent?.n} rows recorded sent)`, [
    { figure: 'one UPDATE per email (before)', value: `${median(perRow).toFixed(1)} ms`, aim: '' },
    { figure: 'one UPDATE per kind and 50 rows (record())', value: `${median(batched).toFixed(1)} ms`, aim: '' },
    { figure: 'connection held: before / now', value: `${(median(perRow) / median(batched)).toFixed(1)}x`, aim: '' },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
