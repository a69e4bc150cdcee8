import fs from 'node:fs';
import { Command, Option } from 'commander';
import { csvHeader, csvLine, jsonLine, parseDate } from './audit.format.js';
import { CliError, printJson } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { AuditDeps } from './audit.deps.js';

export function auditCommand(cli: CliRuntime<AuditDeps>): Command {
  const audit = new Command('audit').description('Check and export the tamper-evident audit log.').exitOverride(); // usage errors exit 2, like the top-level program

  audit
    .command('verify')
    .description('Check the whole hash chain; names the first entry that was altered, removed or reordered (exit 1 when broken).')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const result = await c.services.audit.verify();
        if (o.json) printJson(result);
        else if (result.ok) process.stdout.write(`audit log intact: ${result.entries} entries (#${result.firstSeq} to #${result.lastSeq}), last hash ${result.lastHash}\n`);
        if (!result.ok) {
          if (o.json) process.exitCode = 1;
          else throw new CliError(`audit log broken at entry #${result.problem!.seq}${result.problem!.id ? ` (id ${result.problem!.id})` : ''}: ${result.problem!.message}`);
        }
      });
    });

  audit
    .command('export')
    .description('Write audit entries, oldest first, as JSON lines or CSV (identities resolved; erased people show as empty).')
    .option('--since <date>', 'only entries at or after this date (YYYY-MM-DD, UTC) or ISO 8601 timestamp')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: { since?: string; format: 'jsonl' | 'csv'; out?: string }) => {
      const since = o.since === undefined ? 0 : parseDate(o.since);
      if (since === undefined) throw new CliError(`--since: "${o.since}" is not a date; use YYYY-MM-DD (UTC) or an ISO 8601 timestamp such as 2026-01-31T12:00:00Z`, 2);
      const out = o.out ? fs.createWriteStream(o.out, { flags: 'wx' }) : process.stdout;
      if (o.out) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).once('open', () => resolve()).once('error', (e) => reject(new CliError(`--out: cannot create ${o.out}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists' : e.message}`))));
      const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
      let count = 0;
      try {
        await cli.withContainer(async (c) => {
          if (o.format === 'csv') await write(csvHeader());
          for await (const entry of c.services.audit.exportSince(since)) {
            await write(o.format === 'csv' ? csvLine(entry) : jsonLine(entry));
            count += 1;
          }
        });
      } finally {
        if (o.out) await new Promise<void>((resolve) => (out as fs.WriteStream).end(() => resolve()));
      }
      if (o.out) process.stderr.write(`${count} entries written to ${o.out}\n`);
    });

  return audit;
}
