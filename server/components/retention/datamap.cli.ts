// `opsenic datamap [--format md|json]`: the record of processing, from the data map and the policies.
import { Command } from 'commander';
import { recordOfProcessing, renderMarkdown } from './datamap.js';
import { CliError, printJson } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { RetentionDeps } from './retention.deps.js';

export function datamapCommand(cli: CliRuntime<RetentionDeps>): Command {
  return new Command('datamap')
    .description('Print the record of processing: per table and column, the personal-data category, the subject link and the retention rule in force.')
    .option('--format <format>', 'md (Markdown) or json', 'md')
    .action((o: { format: string }) => {
      if (o.format !== 'md' && o.format !== 'json') throw new CliError(`--format must be md or json, not "${o.format}"`);
      const records = recordOfProcessing(cli.declaredTables, cli.config().retention);
      if (o.format === 'json') printJson(records);
      else process.stdout.write(renderMarkdown(records) + '\n');
    });
}
