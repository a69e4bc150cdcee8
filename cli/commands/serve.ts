import { Command } from 'commander';
import { startServer } from '../../server/main.js';
import { cliConfig } from '../context.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start the web server (SQLite migrates itself; PostgreSQL needs `opsenic migrate` or --migrate).')
    .option('--migrate', 'apply pending migrations before listening (also on PostgreSQL)')
    .action(async (options: { migrate?: boolean }) => {
      const config = cliConfig();
      const server = await startServer(config, { migrate: options.migrate });
      const shutdown = (signal: string) => {
        server.container.logger.info({ signal }, 'shutting down: draining in-flight requests');
        server.stop().then(
          () => process.exit(0),
          (error) => {
            server.container.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}
