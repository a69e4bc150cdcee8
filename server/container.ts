// Composition root: builds knex, repositories and services from the config. Explicit, no globals,
// so tests and the CLI build exactly what the server builds.
import type { Knex } from 'knex';
import type { Config } from './platform/config/schema.js';
import { createKnex, dialectOfKnex, type Dialect } from './db/knex.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createMailer, type Mailer } from './platform/mailer.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { WorkspacesRepository } from './components/workspaces/workspaces.repository.js';
import { WorkspacesService } from './components/workspaces/workspaces.service.js';
import { UsersRepository } from './components/accounts/users.repository.js';
import { TokensRepository } from './components/accounts/tokens.repository.js';
import { AccountsService } from './components/accounts/accounts.service.js';
import { FirstAdminSetup } from './components/accounts/first-admin.js';
import { SessionsRepository } from './components/sessions/sessions.repository.js';
import { SessionsService } from './components/sessions/sessions.service.js';
import { createSigninLimits } from './components/sessions/rate-limits.js';

export interface Container {
  config: Config;
  knex: Knex;
  dialect: Dialect;
  logger: Logger;
  mailer: Mailer;
  metrics: Metrics;
  /** Base URL for links in emails; set from the listening address when no publicUrl is configured. */
  publicUrl: string;
  repositories: {
    workspaces: WorkspacesRepository;
    users: UsersRepository;
    tokens: TokensRepository;
    sessions: SessionsRepository;
  };
  services: {
    workspaces: WorkspacesService;
    accounts: AccountsService;
    sessions: SessionsService;
    firstAdmin: FirstAdminSetup;
  };
  close(): Promise<void>;
}

export interface ContainerOptions {
  logger?: Logger;
  mailer?: Mailer;
}

export function publicUrlOf(config: Config): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/$/, '');
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host;
  return `http://${host}:${config.server.port}`;
}

export function createContainer(config: Config, options: ContainerOptions = {}): Container {
  const logger = options.logger ?? createLogger(config.log.level);
  const knex = createKnex({ url: config.database.url, poolMax: config.database.poolMax });
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from }, logger);
  const metrics = createMetrics();
  const publicUrl = publicUrlOf(config);

  const repositories = {
    workspaces: new WorkspacesRepository(knex),
    users: new UsersRepository(knex),
    tokens: new TokensRepository(knex),
    sessions: new SessionsRepository(knex),
  };
  const workspaces = new WorkspacesService(repositories.workspaces, config);
  const limits = createSigninLimits(knex, config);
  const services = {
    workspaces,
    accounts: new AccountsService(knex, repositories.users, repositories.tokens, repositories.sessions, workspaces, limits, mailer, config, () => container.publicUrl),
    sessions: new SessionsService(repositories.sessions),
    firstAdmin: new FirstAdminSetup(),
  };

  const container: Container = {
    config,
    knex,
    dialect: dialectOfKnex(knex),
    logger,
    mailer,
    metrics,
    publicUrl,
    repositories,
    services,
    async close() {
      await knex.destroy();
    },
  };
  return container;
}
