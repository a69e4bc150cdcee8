// `opsenic mail`: check the outgoing mail settings, look at the outbox, retry a failed email. These
// call the same mail service as the admin's outbox page; a test or a retry is sent from here at
// once (under the sender's lease, so never at the same time as a running server sends it).
import { Command } from 'commander';
import type { MailAppDeps } from './mail.deps.js';
import type { CliRuntime } from '../../component.js';
import { outboxJson } from './mail.routes.js';
import { CliError, printJson, printRecord, printTable } from '../../platform/cli-output.js';

/** Sends the given outbox rows now and prints where they stand; exit 1 when one failed. */
async function sendNow(c: MailAppDeps, id: string, json?: boolean): Promise<void> {
  const outcome = await c.services.mailSender.pass([id]);
  const row = await c.services.mail.find(id);
  if (json) printJson({ ...outboxJson(row), senderBusy: outcome === 'busy' });
  else {
    printRecord({ id: row.id, to: row.to, status: row.status, attempts: row.attempts, reply: row.lastError ?? '' });
    if (outcome === 'busy') process.stderr.write('note: a running server holds the sender lease; it will send this email shortly\n');
  }
  if (row.status === 'failed') throw new CliError(`the email was not delivered: ${row.lastError ?? 'unknown reason'}`);
  if (row.status === 'queued' && row.lastError) throw new CliError(`the email was not delivered yet (it will be retried): ${row.lastError}`);
}

export function mailCommand(cli: CliRuntime<MailAppDeps>): Command {
  const mail = new Command('mail').description('Outgoing email: send a test, list the outbox, retry a failed email.');

  mail
    .command('test')
    .description('Send a test email now through the configured SMTP server (or the log without SMTP).')
    .requiredOption('--to <email>', 'where to send it')
    .option('--json', 'machine-readable output')
    .action(async (o: { to: string; json?: boolean }) => {
      await cli.withContainer(async (c) => sendNow(c, await c.services.mail.sendTest(o.to), o.json));
    });

  mail
    .command('outbox')
    .description('List the newest emails of the outbox (100 unless --limit).')
    .option('--status <status>', 'queued, sending, sent, failed or skipped')
    .option('--recipient <text>', 'part of the recipient address')
    .option('--category <category>', 'an email category (account, mentions, digests, announcements...)')
    .option('--limit <n>', 'how many (1-1000)')
    .option('--json', 'machine-readable output')
    .action(async (o: { status?: string; recipient?: string; category?: string; limit?: string; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const rows = await c.services.mail.search(null, c.services.mail.parseSearch(o));
        if (o.json) return printJson(rows.map(outboxJson));
        if (!rows.length) return void process.stdout.write('no email matches\n');
        printTable(rows.map((r) => ({ id: r.id, queued: new Date(r.createdAt).toISOString(), to: r.to, category: r.category, status: r.status, attempts: r.attempts, reply: (r.lastError ?? '').slice(0, 60) })));
      });
    });

  mail
    .command('retry')
    .description('Queue a failed email again and send it now.')
    .argument('<id>', 'the outbox id (from `opsenic mail outbox --status failed`)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        await c.services.mail.retry(id);
        await sendNow(c, id, o.json);
      });
    });

  return mail;
}
