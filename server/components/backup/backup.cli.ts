import fs from 'node:fs';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import { BackupUnavailableError } from './backup.service.js';
import { cliActor } from '../audit/audit.service.js';
import { ledgerToJson, readLedgerFile } from '../privacy/ledger-file.js';
import type { LedgerEntry } from '../privacy/erasure.service.js';
import { CliError, printJson, printRecord } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { BackupDeps } from './backup.deps.js';

/** Asks on the terminal; without a terminal the caller must have passed --yes. */
async function confirm(question: string, expected: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError('refusing to restore without confirmation: run it in a terminal, or pass --yes', 2);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`${question}\nType "${expected}" to continue: `)).trim() === expected;
  } finally {
    rl.close();
  }
}

function unavailable<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (error instanceof BackupUnavailableError) throw new CliError(`${error.message}.\n\n${error.procedure}`, 69);
    throw error;
  });
}

function ledgerOption(file: string | undefined): LedgerEntry[] | undefined {
  if (file === undefined) return undefined;
  if (!fs.existsSync(file)) throw new CliError(`--ledger: ${file} does not exist`, 2);
  return readLedgerFile(file);
}

export function backupCommand(cli: CliRuntime<BackupDeps>): Command {
  const backup = new Command('backup').description('Back up and restore the database; restores re-apply erasures made since the backup.').exitOverride();

  backup
    .command('create')
    .description('Write a consistent backup while the server runs (SQLite: online backup API; PostgreSQL: pg_dump custom format).')
    .requiredOption('--out <file>', 'the backup file to create (never overwritten)')
    .option('--json', 'machine-readable output')
    .action(async (o: { out: string; json?: boolean }) => {
      await cli.withContainer((c) =>
        unavailable(async () => {
          const result = await c.services.backup.create(o.out, cliActor);
          if (o.json) return printJson(result);
          printRecord({ file: result.file, database: result.dialect, bytes: result.bytes, duration: `${result.durationMs} ms` });
        }),
      );
    });

  backup
    .command('restore <file>')
    .description('Replace the whole database with a backup (asks first), migrate it, then erase again everyone erased since. Stop the server (every replica) first.')
    .option('--yes', 'do not ask for confirmation')
    .option('--ledger <file>', 'also re-apply an erasure ledger exported with `opsenic erasure export` (when the live database was lost)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { yes?: boolean; ledger?: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`, 2);
      const extraLedger = ledgerOption(o.ledger);
      await cli.withContainer((c) =>
        unavailable(async () => {
          const info = await c.services.backup.inspect(file);
          if (!o.yes && !(await confirm(`This replaces EVERY row of the ${c.dialect} database with the backup ${info.file} (${info.bytes} bytes, written ${info.takenAt}).`, 'restore'))) {
            throw new CliError('restore cancelled: nothing was changed', 1);
          }
          const result = await c.services.backup.restore(file, cliActor, { extraLedger, onProgress: (step) => (o.json ? undefined : process.stderr.write(`… ${step}\n`)) });
          if (o.json) return printJson(result);
          printRecord({ restored: result.file, database: result.dialect, migrationsApplied: result.migrationsApplied.length, ledgerEntriesMerged: result.ledgerEntriesMerged, subjectsErasedAgain: result.subjectsErasedAgain, duration: `${result.durationMs} ms` });
        }),
      );
    });

  return backup;
}

export function erasureCommand(cli: CliRuntime<BackupDeps>): Command {
  const erasure = new Command('erasure').description('The erasure ledger: who was erased (opaque ids and times only), kept so restores do not bring them back.').exitOverride();

  erasure
    .command('export')
    .description('Write the erasure ledger to a file (do this before restoring a backup by hand).')
    .requiredOption('--out <file>', 'the file to create')
    .action(async (o: { out: string }) => {
      await cli.withContainer(async (c) => {
        const entries = await c.services.erasure.entries();
        try {
          fs.writeFileSync(o.out, ledgerToJson(entries), { flag: 'wx' });
        } catch (error) {
          throw new CliError(`--out: cannot create ${o.out}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists' : (error as Error).message}`, 2);
        }
        process.stdout.write(`${entries.length} ledger entries written to ${o.out}\n`);
      });
    });

  erasure
    .command('reapply')
    .description('Erase again every subject in the ledger (after a restore), merging an exported ledger first when given.')
    .option('--ledger <file>', 'a ledger written by `opsenic erasure export`')
    .action(async (o: { ledger?: string }) => {
      const extra = ledgerOption(o.ledger);
      await cli.withContainer(async (c) => {
        const merged = extra ? await c.services.erasure.merge(extra) : 0;
        const done = await c.services.erasure.reapply();
        await c.services.audit.record(cliActor, 'privacy.ledger.reapply', { details: { merged, subjects: done } });
        process.stdout.write(`${merged} ledger entries merged; ${done} subjects erased again\n`);
      });
    });

  erasure
    .command('compact')
    .description('Rewrite every table an erasure touches so that no erased row survives in its files: PostgreSQL VACUUM FULL (an exclusive lock on each table while it is rewritten: choose a quiet time), SQLite VACUUM.')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const started = Date.now();
        const tables = await c.services.erasure.compact();
        await c.services.audit.record(cliActor, 'privacy.erasure.compact', { details: { tables: tables.length, durationMs: Date.now() - started } });
        if (o.json) return printJson({ dialect: c.dialect, tables, durationMs: Date.now() - started });
        process.stdout.write(c.dialect === 'postgres' ? `VACUUM FULL of ${tables.length} table(s): ${tables.join(', ')}\n` : 'VACUUM of the database file, then its WAL checkpointed and truncated\n');
      });
    });

  return erasure;
}
