// The `opsenic` admin CLI. Every command calls the same services as the HTTP routes.
import { Command, CommanderError } from 'commander';
import { describeError } from '../server/platform/cli-output.js';
import { serveCommand } from './commands/serve.js';
import { migrateCommand } from './commands/migrate.js';
import { configCommand } from './commands/config.js';
import { componentCommands } from '../server/registry.js';
import { cliRuntime } from './context.js';

const program = new Command('opsenic')
  .description('Opsenic Server: run the server and administer it (users, config, migrations).')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride();

program.addHelpText(
  'after',
  `
Configuration comes from config defaults, the YAML file named by OPSENIC_CONFIG, and OPSENIC_* environment
variables (nested keys joined with __, *_FILE for secrets). See config/example.yaml.

Examples:
  opsenic serve
  printf %s "$PASSWORD" | opsenic users create --admin --email ada@example.com --first-name Ada --last-name Lovelace --password-stdin
  opsenic users list --json`,
);

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(configCommand());
// Every component's commands, in the registry's order (server/registry.ts).
for (const command of componentCommands) program.addCommand(command(cliRuntime));

/** Usage errors exit 2 and print the help hint at every depth (commands added with addCommand do not inherit these). */
function sameBehaviourEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.exitOverride().showHelpAfterError('(add --help for usage)').configureOutput({ outputError: (text, write) => write(text) });
    sameBehaviourEverywhere(sub);
  }
}
sameBehaviourEverywhere(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed the message; --help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const { message, exitCode } = describeError(error);
    process.stderr.write(`opsenic: ${message}\n`);
    process.exitCode = exitCode;
  }
}
