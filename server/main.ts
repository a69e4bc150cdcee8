// startServer: loadConfig -> createContainer -> migrate (SQLite, or when asked) -> listen.
// stop(): graceful drain: stop accepting, finish in-flight requests up to the configured timeout,
// close the database.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createContainer, type Container, type ContainerOptions } from './container.js';
import { createApp } from './app.js';
import { createHttpServer } from './web/http-server.js';
import { migrateLatest, migrationStatus } from './db/migrate.js';
import { bootstrap } from './bootstrap.js';
import { startRetentionScheduler } from './components/retention/retention.scheduler.js';
import { startInsightsScheduler } from './components/insights/insights.scheduler.js';
import { startDsarReminders } from './components/dsar/dsar.scheduler.js';

export interface RunningServer {
  url: string;
  container: Container;
  stop(): Promise<void>;
}

export interface StartOptions extends ContainerOptions {
  /** `opsenic serve --migrate`: migrate PostgreSQL too. */
  migrate?: boolean;
}

function shouldMigrate(config: Config, c: Container, forced?: boolean): boolean {
  if (forced) return true;
  if (config.database.migrateOnStart === 'always') return true;
  if (config.database.migrateOnStart === 'never') return false;
  return c.dialect === 'sqlite';
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const c = createContainer(config, options);
  try {
    if (shouldMigrate(config, c, options.migrate)) {
      const applied = await migrateLatest(c.knex);
      if (applied.length) c.logger.info({ applied }, 'migrations applied');
    }
    const { pending } = await migrationStatus(c.knex);
    if (pending.length) c.logger.warn({ pending }, 'migrations are pending: /readyz answers 503 until `opsenic migrate` has run');
    else await bootstrap(c);
  } catch (error) {
    await c.close();
    throw error;
  }

  // OpenID Connect discovery in the background: a provider that is down never delays the start.
  c.services.identityProviders.start();
  const app = createApp(c);
  const server = createHttpServer(app);
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts
  await listen(server, config.server.host, config.server.port);

  let metricsServer: http.Server | undefined;
  if (config.metrics.enabled && config.metrics.port > 0) {
    metricsServer = http.createServer(async (req, res) => {
      if (req.url !== '/metrics') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': c.metrics.registry.contentType }).end(await c.metrics.registry.metrics());
    });
    await listen(metricsServer, config.server.host, config.metrics.port);
  }

  const prune = setInterval(() => {
    c.services.sessions.pruneExpired().catch((error) => c.logger.warn({ err: error }, 'could not prune expired sessions'));
  }, 60 * 60_000);
  prune.unref();
  const retentionScheduler = config.retention.schedule.enabled ? startRetentionScheduler(c.services.retention, config.retention, c.logger) : undefined;
  const insightsScheduler = config.insights.snapshot.enabled ? startInsightsScheduler(c.services.insights, config.insights, c.logger) : undefined;
  const dsarReminders = config.dsar.remindersSchedule ? startDsarReminders(c.services.dsar, c.logger) : undefined;
  // The outbox sender: on every replica, but one sends at a time (a lease in the database).
  c.services.mailSender.start();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  if (!config.server.publicUrl && config.server.port === 0) c.publicUrl = url;
  c.logger.info({ url, dialect: c.dialect }, 'Opsenic is listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(prune);
      c.services.identityProviders.stop();
      await retentionScheduler?.stop();
      await insightsScheduler?.stop();
      await dsarReminders?.stop();
      await c.services.mailSender.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.server.shutdownTimeout).unref());
      if ((await Promise.race([closed, timeout])) === 'timeout') {
        c.logger.warn('shutdown timeout reached: closing the remaining connections');
        server.closeAllConnections();
        await closed;
      }
      if (metricsServer) await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      await c.close();
      c.logger.info('stopped');
    })();
    return stopping;
  };

  return { url, container: c, stop };
}
