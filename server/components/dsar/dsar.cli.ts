// `opsenic dsar ...`: data subject requests from the command line, on the same services as the
// browser pages. Tables for people, --json for scripts; erase asks before destroying (or --yes).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import { DsarHeldError } from './dsar.erasure.js';
import { mentionJson, requestJson } from './dsar.json.js';
import { closeInput, extendInput, noteInput, openInput, rectifyInput, requestId, statusInput } from './dsar.schema.js';
import { cliHandler, type RequestView } from './dsar.service.js';
import { parseInput } from '../../platform/validation.js';
import { CliError, printJson, printRecord, printTable } from '../../platform/cli-output.js';
import { cliInitiator } from '../retention/retention.cli.js';
import type { CliRuntime } from '../../component.js';
import type { DsarAppDeps } from './dsar.deps.js';

const handler = () => cliHandler(cliInitiator().label);
const idOf = (id: string) => parseInput(requestId, { id }).id;

function left(r: RequestView): string {
  if (!r.open) return '';
  if (r.overdue) return `OVERDUE by ${Math.abs(r.businessDaysLeft)} business day(s)`;
  return r.businessDaysLeft === 0 ? 'due today' : `${r.businessDaysLeft} business day(s) left`;
}

function show(r: RequestView, json?: boolean): void {
  if (json) return printJson(requestJson(r));
  printRecord({
    id: r.id,
    type: r.type,
    status: r.status + (r.statusReason ? ` (${r.statusReason})` : ''),
    subject: r.subjectUserId || r.subjectEmail ? `${r.subjectName ?? ''} <${r.subjectEmail ?? ''}>`.trim() : 'erased',
    channel: r.channel,
    'filed by': r.filedByLabel,
    received: r.receivedOn,
    due: `${r.dueOn}${r.dueOn !== r.originalDueOn ? ` (first due ${r.originalDueOn})` : ''}`,
    'time left': left(r),
    assignee: r.assigneeName ?? '',
  });
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError('erasure cannot be undone: there is no terminal to ask for confirmation, so pass --yes to go ahead');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function dsarCommand(cli: CliRuntime<DsarAppDeps>): Command {
  const dsar = new Command('dsar').description('Data subject requests (access, rectification, erasure, restriction, portability, objection), due 20 business days after receipt.');

  dsar
    .command('open')
    .description('Open a request; prints its id, received day and due day (received + business days, weekends and holidays skipped).')
    .requiredOption('--type <type>', 'access, rectification, erasure, restriction, portability or objection')
    .option('--user <email>', 'the subject: the email of their account')
    .option('--email <email>', 'the subject: an email address of someone without an account')
    .option('--channel <channel>', 'how it came in: email, web, phone, letter, self_service, cli or other', 'cli')
    .option('--received <day>', 'the day it was received (YYYY-MM-DD), when not today')
    .option('--details <text>', 'what the subject asks for')
    .option('--json', 'machine-readable output')
    .action(async (o: { type: string; user?: string; email?: string; channel: string; received?: string; details?: string; json?: boolean }) => {
      const input = parseInput(openInput, { type: o.type, user: o.user, email: o.email, channel: o.channel, received: o.received, details: o.details });
      await cli.withContainer(async (c) => show(await c.services.dsar.open(input, handler()), o.json));
    });

  dsar
    .command('list')
    .description('The queue: open requests by due date with the business days left (overdue ones marked), then closed ones.')
    .option('--open', 'only open requests')
    .option('--json', 'machine-readable output')
    .action(async (o: { open?: boolean; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const list = await c.services.dsar.list(handler(), o.open ? { open: true } : {});
        if (o.json) return printJson({ requests: list.map(requestJson) });
        printTable(list.map((r) => ({ id: r.id, type: r.type, status: r.status, subject: r.subjectEmail ?? 'erased', received: r.receivedOn, due: r.dueOn, left: left(r) })));
      });
    });

  dsar
    .command('show <id>')
    .description('One request with its notes and attached results.')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const d = await c.services.dsar.detail(idOf(id), handler());
        if (o.json) return printJson({ ...requestJson(d.request), restricted: d.restricted, notes: d.notes.map((n) => ({ author: n.authorName, body: n.body, createdAt: new Date(n.createdAt).toISOString() })), results: d.results.map((r) => ({ kind: r.kind, summary: r.summary, createdAt: new Date(r.createdAt).toISOString() })) });
        show(d.request);
        if (d.restricted) process.stdout.write('processing of the subject is restricted\n');
        for (const n of d.notes) process.stdout.write(`note by ${n.authorName ?? 'cli'} at ${new Date(n.createdAt).toISOString()}: ${n.body}\n`);
        for (const r of d.results) process.stdout.write(`result ${r.kind} at ${new Date(r.createdAt).toISOString()}: ${JSON.stringify(r.summary).slice(0, 300)}\n`);
        for (const m of await c.services.dsarErasure.mentions(d.request.id, handler())) {
          process.stdout.write(`mention ${m.id} ${m.status}${m.reason ? ` (${m.reason})` : ''}: ${m.table}.${m.column} row ${m.row} (${m.kinds.join(', ')}): ${m.excerpt ?? '(the row no longer exists)'}\n`);
        }
      });
    });

  dsar
    .command('redact <id>')
    .description('Decide one mention of an erased person in content others wrote: --redact replaces each match by [redacted], --keep records why it stays (audited). The request completes when none is open.')
    .requiredOption('--mention <mentionId>', 'the mention (listed by `opsenic dsar show ID`)')
    .option('--redact', 'replace the matches in the text')
    .option('--keep <reason>', 'keep the text; the reason is recorded (never write the person\'s name in it)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { mention: string; redact?: boolean; keep?: string; json?: boolean }) => {
      if (!!o.redact === (o.keep !== undefined)) throw new CliError('choose one: --redact, or --keep "reason"', 2);
      await cli.withContainer(async (c) => {
        const outcome = await c.services.dsarErasure.decide(idOf(id), o.mention, o.redact ? { redact: true } : { keep: o.keep! }, handler());
        if (o.json) return printJson({ mention: mentionJson(outcome.mention), request: requestJson(outcome.request) });
        process.stdout.write(`mention ${outcome.mention.id}: ${outcome.mention.status}\n`);
        show(outcome.request);
      });
    });

  dsar
    .command('export <id>')
    .description('Write the export of an access or portability request (JSON, a CSV per table, an HTML summary) to a zip file.')
    .requiredOption('--out <file>', 'the zip file to write')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { out: string; json?: boolean }) => {
      const requestIdValue = idOf(id);
      const target = path.resolve(o.out);
      if (!fs.existsSync(path.dirname(target))) throw new CliError(`--out: the folder ${path.dirname(target)} does not exist`);
      await cli.withContainer(async (c) => {
        await c.services.dsar.assertExportable(requestIdValue, handler());
        // Written next to the target and renamed at the end: a failed export leaves no partial file.
        const partial = `${target}.partial-${process.pid}`;
        try {
          const summary = await c.services.dsar.export(requestIdValue, fs.createWriteStream(partial, { mode: 0o600 }), handler());
          fs.renameSync(partial, target);
          if (o.json) return printJson({ file: target, ...summary });
          printTable(summary.tables.map((t) => ({ table: t.table, rows: t.rows, categories: t.categories.join(',') })));
          process.stdout.write(`${target}: ${summary.rows} row(s), ${summary.bytes} bytes, sha256 ${summary.sha256}\n`);
        } finally {
          fs.rmSync(partial, { force: true });
        }
      });
    });

  dsar
    .command('erase <id>')
    .description('Erase the subject of an erasure request per the data map (sessions and tokens revoked, ledger entry, a fresh pseudonymous id), then verify that no table (nor, on SQLite, the file and its WAL) still holds their identifiers; the report is attached, mentions in others\' content are listed for review.')
    .option('--yes', 'do not ask for confirmation')
    .option('--override-hold', 'erase even though a legal hold protects the data (audited)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { yes?: boolean; overrideHold?: boolean; json?: boolean }) => {
      const requestIdValue = idOf(id);
      await cli.withContainer(async (c) => {
        const r = await c.services.dsar.find(requestIdValue, handler());
        if (!o.yes && !(await confirm(`Erase every personal datum of ${r.subjectEmail ?? 'this subject'}? This cannot be undone. [y/N] `))) throw new CliError('nothing was erased');
        try {
          const outcome = await c.services.dsarErasure.erase(requestIdValue, { override: o.overrideHold }, handler());
          if (o.json) return printJson({ request: requestJson(outcome.request), report: { ...outcome.report, mentionsToReview: outcome.report.mentionsToReview.map(mentionJson) }, overriddenHolds: outcome.overridden, ledgerId: outcome.ledgerId });
          show(outcome.request);
          if (outcome.overridden.length) process.stdout.write(`legal hold(s) overridden: ${outcome.overridden.join(', ')}\n`);
          process.stdout.write(`verification: ${outcome.report.columns} text column(s) of ${outcome.report.tables} table(s) searched; ${outcome.report.residue === 0 ? 'no residue' : `${outcome.report.residue} residue(s)`}\n`);
          for (const h of outcome.report.hits) process.stdout.write(`  ${h.classification}: ${h.table}.${h.column}${h.row ? ` row ${h.row}` : ''} holds the subject's ${h.kind}\n`);
          for (const f of outcome.report.files?.hits ?? []) process.stdout.write(`  ${f.classification === 'residue' ? 'residue' : 'live'}: the ${f.file} file holds the subject's ${f.kind} ${f.occurrences} time(s)\n`);
          for (const m of outcome.report.mentionsToReview) process.stdout.write(`  mention to review ${m.id}: ${m.table}.${m.column} row ${m.row} — opsenic dsar redact ${outcome.request.id} --mention ${m.id} (--redact | --keep "reason")\n`);
          process.stdout.write(`${outcome.report.limits}\n`);
          if (outcome.report.residue) process.exitCode = 3;
        } catch (error) {
          if (!(error instanceof DsarHeldError)) throw error;
          const lines = error.holds.map((h) => `  hold ${h.id} on the ${h.scope}${h.until ? ` until ${new Date(h.until).toISOString().slice(0, 10)}` : ''}, placed by ${h.placedBy}: ${h.reason}`);
          throw new CliError(`a legal hold protects this person's data, so nothing was erased:\n${lines.join('\n')}\npass --override-hold to erase anyway (audited)`);
        }
      });
    });

  dsar
    .command('rectify <id>')
    .description('Correct the subject\'s account and profile; the old and new values are attached to the request and their hashes audited.')
    .option('--first-name <text>')
    .option('--last-name <text>')
    .option('--email <email>')
    .option('--company <text>')
    .option('--title <text>')
    .option('--phone <text>')
    .option('--bio <text>')
    .option('--time-zone <zone>')
    .option('--language <en|fr>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: Record<string, string | boolean | undefined>) => {
      const { json, ...fields } = o;
      const input = parseInput(rectifyInput, fields);
      await cli.withContainer(async (c) => {
        const result = await c.services.dsar.rectify(idOf(id), input, handler());
        if (json) return printJson({ request: requestJson(result.request), changes: result.changes });
        printTable(result.changes.map((ch) => ({ field: ch.field, old: ch.old, new: ch.new })));
      });
    });

  dsar
    .command('restrict <id>')
    .description('Restrict the subject\'s processing (left out of usage analytics, insights and notifications) for a restriction or objection request; --lift ends it.')
    .option('--lift', 'lift the restriction')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { lift?: boolean; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const d = await c.services.dsar.restrict(idOf(id), { lift: o.lift }, handler());
        if (o.json) return printJson({ ...requestJson(d.request), restricted: d.restricted });
        process.stdout.write(`processing of the subject is ${d.restricted ? 'restricted' : 'no longer restricted'}\n`);
      });
    });

  dsar
    .command('close <id>')
    .description('Close a request as completed, or with --reject REASON as rejected.')
    .option('--reject <reason>', 'reject the request, with the reason given to the subject')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { reject?: string; json?: boolean }) => {
      const input = parseInput(closeInput, { outcome: o.reject !== undefined ? 'rejected' : 'completed', reason: o.reject });
      await cli.withContainer(async (c) => show(await c.services.dsar.close(idOf(id), input, handler()), o.json));
    });

  dsar
    .command('extend <id>')
    .description('Extend the due date (by business days or to a day), with the reason.')
    .requiredOption('--reason <text>', 'why the request needs more time')
    .option('--days <n>', 'business days to add')
    .option('--due <day>', 'the new due day (YYYY-MM-DD)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { reason: string; days?: string; due?: string; json?: boolean }) => {
      const input = parseInput(extendInput, o);
      await cli.withContainer(async (c) => show(await c.services.dsar.extend(idOf(id), input, handler()), o.json));
    });

  dsar
    .command('status <id> <status>')
    .description('Move an open request to verifying_identity or in_progress.')
    .option('--json', 'machine-readable output')
    .action(async (id: string, status: string, o: { json?: boolean }) => {
      const input = parseInput(statusInput, { status });
      await cli.withContainer(async (c) => show(await c.services.dsar.setStatus(idOf(id), input.status, handler()), o.json));
    });

  dsar
    .command('assign <id> [email]')
    .description('Assign a request to a privacy contact or admin (no email: unassign).')
    .option('--json', 'machine-readable output')
    .action(async (id: string, email: string | undefined, o: { json?: boolean }) => {
      await cli.withContainer(async (c) => show(await c.services.dsar.assign(idOf(id), email ?? null, handler()), o.json));
    });

  dsar
    .command('note <id> <text>')
    .description('Add a note to a request.')
    .action(async (id: string, text: string) => {
      const input = parseInput(noteInput, { body: text });
      await cli.withContainer(async (c) => {
        await c.services.dsar.note(idOf(id), input.body, handler());
        process.stdout.write('note added\n');
      });
    });

  dsar
    .command('remind')
    .description('Send the due-date reminders now (what the server does every hour; for a CronJob when dsar.remindersSchedule is off).')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const sent = await c.services.dsar.remind();
        if (o.json) return printJson({ sent });
        process.stdout.write(`${sent} reminder(s) sent\n`);
      });
    });

  return dsar;
}
