// `opsenic demo seed`: a believable, deterministic organization for sandboxes, screenshots and
// benchmarks (people, org entities and nodes, leads, sections, 1:1s, feedback, discussions), with
// --history a year of it (demo.history.ts).
import { Command } from 'commander';
import { z } from 'zod';
import { seedDemo } from './demo.seed.js';
import { parseInput } from '../../platform/validation.js';
import { printJson, printRecord } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { DemoDeps } from './demo.deps.js';

const seedInput = z.object({
  workspace: z.string().trim().min(1, 'errors.required').max(36, 'demo.workspaceNotFound').optional(),
  people: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(2, 'at least 2').max(50_000, 'at most 50000'),
  seed: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'at least 0').max(2 ** 31, 'too large'),
});

export function demoCommand(cli: CliRuntime<DemoDeps>): Command {
  const demo = new Command('demo').description('Demo data for sandboxes, screenshots and benchmarks.');
  demo
    .command('seed')
    .description('Fill a workspace with a believable organization; the same --seed gives the same data.')
    .option('--workspace <id>', 'the workspace to fill (default: the primary workspace)')
    .option('--people <n>', 'how many people (2-50000); about one node per five people', '100')
    .option('--seed <s>', 'seed of the generator', '1')
    .option('--history', 'a year of activity before today: joiners, leavers, 1:1s at their cadences, feedback, section revisions, discussions, sign-ins')
    .option('--json', 'machine-readable output')
    .action(async (o: { workspace?: string; people: string; seed: string; history?: boolean; json?: boolean }) => {
      const input = parseInput(seedInput, o);
      await cli.withContainer(async (c) => {
        const workspaceId = input.workspace ?? (await c.services.workspaces.getPrimary()).id;
        const started = Date.now();
        const report = await seedDemo(c.knex, c.services.org, { workspaceId, people: input.people, seed: input.seed, history: Boolean(o.history) }, (message) => {
          if (!o.json) process.stderr.write(`${message}\n`);
        });
        if (o.json) return printJson({ workspaceId, seed: input.seed, ...report });
        printRecord({ workspace: workspaceId, seed: input.seed, ...report, seconds: ((Date.now() - started) / 1000).toFixed(1) });
      });
    });
  return demo;
}
