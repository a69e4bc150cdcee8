import { Command } from 'commander';
import YAML from 'yaml';
import { redactConfig } from '../../server/config.js';
import { cliConfig } from '../context.js';
import { renderDefaultYaml, renderExampleYaml } from '../../server/config.js';
import { printJson } from '../../server/platform/cli-output.js';

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
  config
    .command('example')
    .description('Print a documented example configuration (every key, its description and default).')
    .option('--defaults', 'print only the keys and their defaults (config/default.yaml)')
    .action((options: { defaults?: boolean }) => {
      process.stdout.write(options.defaults ? renderDefaultYaml() : renderExampleYaml());
    });
  return config;
}
