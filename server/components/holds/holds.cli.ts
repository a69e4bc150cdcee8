// `opsenic hold add|list|release`: legal holds, which retention and erasure respect.
import { Command } from 'commander';
import { holdId, holdInput } from './holds.schema.js';
import type { LegalHold } from './holds.repository.js';
import { parseInput } from '../../platform/validation.js';
import { printJson, printRecord, printTable } from '../../platform/cli-output.js';
import { cliInitiator } from '../retention/retention.cli.js';
import type { CliRuntime } from '../../component.js';
import type { HoldsDeps } from './holds.deps.js';

const date = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
const view = (h: LegalHold) => ({ id: h.id, scope: h.userId ? 'user' : 'workspace', target: h.userId ? (h.userEmail ?? h.userId) : h.workspaceId, reason: h.reason, createdBy: h.createdBy, createdAt: date(h.createdAt), until: date(h.untilAt), releasedAt: date(h.releasedAt), releasedBy: h.releasedBy ?? '', active: h.releasedAt === null && (h.untilAt === null || h.untilAt > Date.now()) });

export function holdCommand(cli: CliRuntime<HoldsDeps>): Command {
  const hold = new Command('hold').description('Legal holds: held data is skipped by retention and by erasure.');

  hold
    .command('add')
    .description('Place a legal hold on a person (--user EMAIL) or a workspace (--workspace ID).')
    .option('--user <email>', 'the person whose data is held')
    .option('--workspace <id>', 'the workspace whose data is held')
    .requiredOption('--reason <text>', 'why (e.g. a litigation reference); shown in plans and reports')
    .option('--until <date>', 'the hold ends by itself at the end of this day (YYYY-MM-DD)')
    .option('--json', 'machine-readable output')
    .action(async (o: { user?: string; workspace?: string; reason: string; until?: string; json?: boolean }) => {
      const input = parseInput(holdInput, o);
      await cli.withContainer(async (c) => {
        const h = view(await c.services.holds.add(input, cliInitiator()));
        if (o.json) return printJson(h);
        printRecord(h);
      });
    });

  hold
    .command('list')
    .description('List holds (active and released).')
    .option('--active', 'only holds in force')
    .option('--json', 'machine-readable output')
    .action(async (o: { active?: boolean; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const holds = (await c.services.holds.list({ active: o.active })).map(view);
        if (o.json) return printJson(holds);
        printTable(holds.map((h) => ({ id: h.id, scope: h.scope, target: h.target, active: h.active ? 'yes' : 'no', until: h.until.slice(0, 10), reason: h.reason })));
      });
    });

  hold
    .command('release <id>')
    .description('Release a hold: retention and erasure apply to the data again.')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      const input = parseInput(holdId, { id });
      await cli.withContainer(async (c) => {
        const h = view(await c.services.holds.release(input.id, cliInitiator()));
        if (o.json) return printJson(h);
        printRecord(h);
      });
    });

  return hold;
}
