// `opsenic retention show|plan|apply|history`: the same RetentionService as the scheduler and the admin pages.
import os from 'node:os';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import type { Initiator } from './ports.js';
import type { Plan } from './retention.service.js';
import type { RetentionRun } from './runs.repository.js';
import { CliError, printJson, printTable } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { RetentionDeps } from './retention.deps.js';

export function cliInitiator(): Initiator {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return { trigger: 'cli', label: `cli (os user ${user} on ${os.hostname()})` };
}

const short = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

export function printPlan(plan: Plan): void {
  const rows = plan.categories.flatMap((c) =>
    c.tables.length
      ? c.tables.map((t) => ({ category: c.category, policy: `${c.maxAge} ${c.action}`, table: t.table, action: t.kind === 'columns' ? `anonymise ${t.columns.join(',')}` : t.kind === 'accounts' ? 'purge accounts' : t.action, rows: t.rows, held: t.held, oldest: short(t.oldest), newest: short(t.newest), samples: t.sampleIds.slice(0, 3).join(' ') }))
      : [{ category: c.category, policy: `${c.maxAge} ${c.action}`, table: c.cutoff ? '(no table yet)' : '(kept forever)', action: '', rows: 0, held: 0, oldest: '', newest: '', samples: '' }],
  );
  printTable(rows);
  process.stdout.write(`\n${plan.rows} row(s) would be deleted or anonymised; ${plan.held} protected by legal holds.\n`);
  for (const h of plan.holds) process.stdout.write(`  hold ${h.id} on ${h.scope} ${h.target}${h.until ? ` until ${new Date(h.until).toISOString().slice(0, 10)}` : ''}: ${h.reason}\n`);
}

function printRun(run: RetentionRun): void {
  const lines = Object.entries(run.counts).flatMap(([category, tables]) => Object.entries(tables).map(([table, c]) => ({ category, table, action: c.action, rows: c.rows })));
  printTable(lines);
  process.stdout.write(`run ${run.id}: ${run.status}, ${lines.reduce((a, l) => a + l.rows, 0)} row(s) in ${run.durationMs ?? '?'} ms, started by ${run.actorLabel}\n`);
  for (const e of run.errors) process.stdout.write(`  error in ${e.category}/${e.table}: ${e.message}\n`);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError('retention apply deletes data: there is no terminal to ask for confirmation, so pass --yes to go ahead');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function retentionCommand(cli: CliRuntime<RetentionDeps>): Command {
  const retention = new Command('retention').description('Retention policies: show them, plan (dry run), apply, and the history of runs.');

  retention
    .command('show')
    .description('Print the policies in force (from config) and what each governs.')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const policies = c.services.retention.policies();
        if (o.json) return printJson({ policies, authoredContent: c.services.retention.authoredContentRule() });
        printTable(policies.map((p) => ({ category: p.category, maxAge: p.maxAge, action: p.action, governs: [...p.tables, ...p.columns].join(', ') || '-' })));
        process.stdout.write(`\nContent written by a person whose account is purged: ${c.services.retention.authoredContentRule()}.\n`);
      });
    });

  retention
    .command('plan')
    .description('Dry run: per category and table, what apply would delete or anonymise now. Changes nothing.')
    .option('--category <category>', 'only this retention category')
    .option('--json', 'machine-readable output')
    .action(async (o: { category?: string; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const plan = await c.services.retention.plan({ category: o.category });
        if (o.json) return printJson(plan);
        printPlan(plan);
      });
    });

  retention
    .command('apply')
    .description('Delete or anonymise what the policies say, in bounded batches. Safe to interrupt and run again.')
    .option('--category <category>', 'only this retention category')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'machine-readable output (the run report)')
    .action(async (o: { category?: string; yes?: boolean; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const service = c.services.retention;
        service.parseCategoryOption(o.category);
        if (!o.yes) {
          const plan = await service.plan({ category: o.category });
          printPlan(plan);
          if (!(await confirm(`\nDelete or anonymise ${plan.rows} row(s) now? [y/N] `))) throw new CliError('nothing was changed', 1);
        }
        let last = 0;
        const result = await service.apply({
          category: o.category,
          who: cliInitiator(),
          onProgress: (p) => {
            const t = Date.now();
            if (t - last < 500 && p.done < p.total) return;
            last = t;
            process.stderr.write(`${p.category}/${p.table}: ${p.done}/${p.total}\n`);
          },
        });
        if (result === 'tick-done') return;
        if (o.json) printJson({ ...result.run, rowsPerSecond: result.rowsPerSecond, longestTransactionMs: result.longestTransactionMs, batches: result.batches, resumed: result.resumed });
        else printRun(result.run);
        if (result.run.status !== 'completed') process.exitCode = 1;
      });
    });

  retention
    .command('history')
    .description('Past runs: who or what started them, status, rows per category, duration, errors.')
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'machine-readable output')
    .action(async (o: { limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be a whole number between 1 and 1000');
      await cli.withContainer(async (c) => {
        const runs = await c.services.retention.history(limit);
        if (o.json) return printJson(runs);
        printTable(runs.map((r) => ({ started: new Date(r.startedAt).toISOString(), status: r.status, by: r.actorLabel, category: r.category ?? 'all', rows: Object.values(r.counts).flatMap((t) => Object.values(t)).reduce((a, t) => a + t.rows, 0), held: Object.values(r.held.rows ?? {}).flatMap((t) => Object.values(t)).reduce((a, n) => a + n, 0), ms: r.durationMs ?? '', errors: r.errors.length, id: r.id })));
      });
    });

  return retention;
}
