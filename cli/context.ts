// Builds what a CLI command needs: the config and a container on the same services as the server.
import { loadConfig } from '../server/config.js';
import type { Config } from '../server/config.js';
import { createContainer, type Container } from '../server/container.js';
import { createLogger } from '../server/platform/logger.js';
import { migrateLatest, migrationStatus } from '../server/db/migrate.js';
import { CliError } from '../server/platform/cli-output.js';
import { declaredTables } from '../server/registry.js';
import type { CliRuntime } from '../server/component.js';

export function cliConfig(): Config {
  return loadConfig({ notice: (message) => process.stderr.write(`note: ${message}\n`) });
}

/**
 * Runs fn with a container. SQLite migrates itself (so `opsenic users create --admin` works on a
 * fresh install); PostgreSQL must have been migrated with `opsenic migrate`.
 */
export async function withContainer<T>(fn: (c: Container) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
  const c = createContainer(config, { logger: logger.child({}, { level: 'warn' }) });
  try {
    if (c.dialect === 'sqlite' && config.database.migrateOnStart !== 'never') await migrateLatest(c.knex);
    const { pending } = await migrationStatus(c.knex);
    if (pending.length) throw new CliError(`the database schema is not current (${pending.length} migration(s) pending): run \`opsenic migrate\` first`);
    await c.services.workspaces.ensurePrimary();
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** What the components' commands receive (they never import this file: it imports the registry). */
export const cliRuntime: CliRuntime<Container> = { withContainer, config: cliConfig, declaredTables };
