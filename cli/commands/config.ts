import { Command } from 'commander';
import YAML from 'yaml';
import { redactConfig } from '../../server/platform/config/load.js';
import { cliConfig } from '../context.js';
import { printJson } from '../output.js';

export function configCommand(): Command {
  const config = new Command('config').description('Inspect the configuration.');
  config
    .command('check')
    .description('Validate the configuration and print the effective values with secrets redacted; exits non-zero when invalid.')
    .option('--json', 'print JSON instead of YAML')
    .action((options: { json?: boolean }) => {
      const effective = redactConfig(cliConfig());
      if (options.json) return printJson(effective);
      process.stdout.write(`# effective configuration (valid)\n${YAML.stringify(effective)}`);
    });
  return config;
}
