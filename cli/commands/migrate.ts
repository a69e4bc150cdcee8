import { Command } from 'commander';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest, migrationStatus } from '../../server/db/migrate.js';
import { cliConfig } from '../context.js';
import { printJson, printTable } from '../../server/platform/cli-output.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Apply pending database migrations. Safe to run twice at once on PostgreSQL: the second waits.')
    .option('--status', 'list applied and pending migrations instead of applying them')
    .option('--json', 'machine-readable output')
    .action(async (options: { status?: boolean; json?: boolean }) => {
      const config = cliConfig();
      const knex = createKnex({ url: config.database.url, poolMax: 2 });
      try {
        if (options.status) {
          const status = await migrationStatus(knex);
          if (options.json) return printJson(status);
          printTable([...status.applied.map((name) => ({ name, state: 'applied' })), ...status.pending.map((name) => ({ name, state: 'pending' }))]);
          return;
        }
        const applied = await migrateLatest(knex);
        if (options.json) return printJson({ applied });
        process.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}`).join('\n')}\n` : 'The schema is current: nothing to apply.\n');
      } finally {
        await knex.destroy();
      }
    });
}
