// `opsenic insights`: take the daily snapshot now, or show a board (as an admin of the primary
// workspace sees it) for people or, with --json, for scripts. Same service as the API.
import { Command } from 'commander';
import type { CliRuntime } from '../../component.js';
import type { InsightsDeps } from './insights.deps.js';
import { CliError, printJson, printTable } from '../../platform/cli-output.js';
import { isBoardId, type InsightsViewer } from './insights.service.js';
import { boardIds, type Board } from './insights.types.js';

function printBoard(board: Board): void {
  const scope = board.scope.kind === 'workspace' ? 'workspace' : `node ${board.scope.name} (${board.scope.nodeId})`;
  process.stdout.write(`${board.title}: ${scope}, ${board.period.from} to ${board.period.to}, k=${board.k}${board.snapshotAt ? `, snapshot of ${board.snapshotAt}` : ''}\n${board.sentence}\n`);
  for (const chart of board.charts) {
    process.stdout.write(`\n${chart.title} (${chart.unit})${chart.suppressed ? ' [groups under k hidden: -]' : ''}\n`);
    printTable(chart.categories.map((category, i) => ({ '': category, ...Object.fromEntries(chart.series.map((s) => [s.name, s.values[i] ?? '-'])) })));
  }
  for (const list of board.lists) {
    process.stdout.write(`\n${list.title} (${list.rows.length})\n`);
    if (list.rows.length) printTable(list.rows.map((r) => Object.fromEntries(list.columns.map((c, i) => [c, r.cells[i]]))));
  }
}

export function insightsCommand(cli: CliRuntime<InsightsDeps>): Command {
  const insights = new Command('insights').description('Insights boards: take the daily snapshot now, show a board.');

  insights
    .command('snapshot')
    .description('Compute the behavioural aggregates of every workspace now (what the daily job does); prints the rows written and the time taken.')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const result = await c.services.insights.snapshot();
        if (o.json) printJson(result);
        else process.stdout.write(`snapshot of ${result.day}: ${result.rows} rows in ${result.ms} ms (longest write transaction ${result.longestWriteMs} ms)\n`);
      });
    });

  insights
    .command('show')
    .description(`Show a board of the primary workspace as an admin sees it: ${boardIds.join(', ')}.`)
    .argument('<board>', `one of ${boardIds.join(', ')}`)
    .option('--node <id>', 'the node whose subtree the board covers (default: the whole workspace)')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD; default: 12 months ago)')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD; default: today)')
    .option('--json', 'machine-readable output (the API\'s Board JSON)')
    .action(async (board: string, o: { node?: string; from?: string; to?: string; json?: boolean }) => {
      if (!isBoardId(board)) throw new CliError(`unknown board "${board}": use one of ${boardIds.join(', ')}`, 2);
      await cli.withContainer(async (c) => {
        const workspace = await c.services.workspaces.getPrimary();
        const viewer: InsightsViewer = { id: '', workspaceId: workspace.id, role: 'admin', language: 'en' };
        const result = await c.services.insights.board(viewer, board, { nodeId: o.node, from: o.from, to: o.to });
        if (o.json) printJson(result);
        else printBoard(result);
      });
    });

  return insights;
}
