// `opsenic logs query` and `opsenic crashes list`: the same capture service admins use in the browser.
import { Command } from 'commander';
import { parseInput } from '../../platform/validation.js';
import { crashFilterInput, logFilterInput } from './capture.schema.js';
import { CliError, printJson, printTable } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { CaptureDeps } from './capture.deps.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** RFC 4180 CSV: quotes around every field that needs them, doubled inner quotes. */
export function toCsv(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

const logColumns = ['occurredAt', 'method', 'route', 'status', 'durationMs', 'userEmail', 'userId', 'ip', 'referrer', 'userAgent', 'acceptLanguage', 'dnt', 'gpc', 'sessionHash', 'deviceId', 'requestId', 'id'];

export function logsCommand(cli: CliRuntime<CaptureDeps>): Command {
  const logs = new Command('logs').description('Request log data (what the server records per request).');
  logs
    .command('query')
    .description('List request log rows, newest first.')
    .option('--user <email>', 'only requests made by this account')
    .option('--since <date>', 'from this date: YYYY-MM-DD, ISO 8601, or an age such as 24h or 7d')
    .option('--until <date>', 'before this date (same forms as --since)')
    .option('--route <template>', 'only this route template, e.g. /people/:id')
    .option('--status <code>', 'only this HTTP status')
    .option('--limit <n>', 'at most this many rows (default 100, at most 10000)')
    .option('--json', 'machine-readable JSON')
    .option('--csv', 'CSV with a header row')
    .action(async (o: { user?: string; since?: string; until?: string; route?: string; status?: string; limit?: string; json?: boolean; csv?: boolean }) => {
      if (o.json && o.csv) throw new CliError('choose one output format: --json or --csv');
      const input = parseInput(logFilterInput, { user: o.user, since: o.since, until: o.until, route: o.route, status: o.status, limit: o.limit });
      await cli.withContainer(async (c) => {
        const rows = (await c.services.capture.queryLogs({ userEmail: input.user, since: input.since, until: input.until, route: input.route, status: input.status, limit: input.limit ?? 100 })).map((r) => ({ ...r, occurredAt: iso(r.occurredAt) }));
        if (o.json) return printJson(rows);
        if (o.csv) return void process.stdout.write(toCsv(rows, logColumns));
        printTable(
          rows.map((r) => ({ time: r.occurredAt, request: `${r.method} ${r.route}`, status: r.status, ms: r.durationMs.toFixed(1), user: r.userEmail ?? '', ip: r.ip ?? '' })),
        );
      });
    });
  return logs;
}

export function crashesCommand(cli: CliRuntime<CaptureDeps>): Command {
  const crashes = new Command('crashes').description('Crash reports: browser JavaScript errors and unexpected server errors.');
  crashes
    .command('list')
    .description('List crash reports, newest first.')
    .option('--source <source>', 'client (browser) or server')
    .option('--since <date>', 'from this date: YYYY-MM-DD, ISO 8601, or an age such as 24h or 7d')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'machine-readable JSON')
    .action(async (o: { source?: string; since?: string; limit?: string; json?: boolean }) => {
      const input = parseInput(crashFilterInput, { source: o.source, since: o.since, limit: o.limit });
      await cli.withContainer(async (c) => {
        const rows = (await c.services.capture.queryCrashes({ source: input.source, since: input.since, limit: input.limit ?? 100 })).map((r) => ({ ...r, occurredAt: iso(r.occurredAt) }));
        if (o.json) return printJson(rows);
        printTable(rows.map((r) => ({ time: r.occurredAt, source: r.source, error: `${r.name ?? 'Error'}: ${r.message.split('\n')[0]!.slice(0, 80)}`, route: r.route ?? '', user: r.userEmail ?? '', release: r.release ?? '' })));
      });
    });
  return crashes;
}
