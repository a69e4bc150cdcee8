// Composition root: builds knex, repositories and services from the config. Explicit, no globals,
// so tests and the CLI build exactly what the server builds.
import type { Knex } from 'knex';
import type { Config } from './platform/config/schema.js';
import { createKnex, dialectOfKnex, type Dialect } from './db/knex.js';
import { closeBulkInsert } from './db/bulk-insert.js';
import { closeReadConnection } from './db/read-connection.js';
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
import { createSigninLimits, rateLimitKeysOf } from './components/sessions/rate-limits.js';
import { declaredTables } from './db/tables.js';
import { HoldsRepository } from './components/holds/holds.repository.js';
import { HoldsService } from './components/holds/holds.service.js';
import { RetentionRepository } from './components/retention/retention.repository.js';
import { RunsRepository } from './components/retention/runs.repository.js';
import { JobLocks } from './components/retention/job-locks.js';
import { RetentionService } from './components/retention/retention.service.js';
import { createRetentionMetrics } from './components/retention/retention.metrics.js';
import { AccountDeletionService } from './components/accounts/deletion.service.js';
import { AuditRepository } from './components/audit/audit.repository.js';
import { AuditService } from './components/audit/audit.service.js';
import { ErasureRepository } from './components/privacy/erasure.repository.js';
import { ErasureService } from './components/privacy/erasure.service.js';
import { registerDefaultErasers } from './components/privacy/default-erasers.js';
import { BackupService } from './components/backup/backup.service.js';
import { ApiTokensRepository } from './components/tokens/tokens.repository.js';
import { TokensService } from './components/tokens/tokens.service.js';
import { OrgRepository } from './components/org/org.repository.js';
import { OrgService } from './components/org/org.service.js';
import { SectionsRepository } from './components/sections/sections.repository.js';
import { SectionsService } from './components/sections/sections.service.js';
import { CaptureRepository } from './components/capture/capture.repository.js';
import { CaptureService } from './components/capture/capture.service.js';
import { UsageService } from './components/capture/usage.service.js';
import { createCaptureMetrics } from './components/capture/capture.metrics.js';
import { CookiesService } from './components/cookies/cookies.service.js';
import { createPeopleServices, type PeopleServices } from './components/people/people.container.js';
import { createDsarServices, type DsarServices } from './components/dsar/dsar.container.js';
import { createIdentityServices, type IdentityServices } from './components/identity/identity.container.js';
import { createScimServices, type ScimServices } from './components/scim/scim.container.js';

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
    apiTokens: ApiTokensRepository;
    org: OrgRepository;
    sections: SectionsRepository;
    capture: CaptureRepository;
  };
  services: PeopleServices & DsarServices & IdentityServices & ScimServices & {
    workspaces: WorkspacesService;
    accounts: AccountsService;
    sessions: SessionsService;
    firstAdmin: FirstAdminSetup;
    audit: AuditService;
    erasure: ErasureService;
    backup: BackupService;
    tokens: TokensService;
    org: OrgService;
    sections: SectionsService;
    /** Log, device, crash and analytics capture; buffered writers flushed on close(). */
    capture: CaptureService;
    /** usage.record(...): which insights, applications and integrations are used. */
    usage: UsageService;
    cookies: CookiesService;
    holds: HoldsService;
    retention: RetentionService;
    accountDeletion: AccountDeletionService;
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
    apiTokens: new ApiTokensRepository(knex),
    org: new OrgRepository(knex),
    sections: new SectionsRepository(knex),
    capture: new CaptureRepository(knex),
  };
  const workspaces = new WorkspacesService(repositories.workspaces, config);
  const limits = createSigninLimits(knex, config);
  const audit = new AuditService(knex, new AuditRepository(knex));
  const erasure = new ErasureService(knex, new ErasureRepository(knex), audit, () => declaredTables.map((t) => t.name));
  registerDefaultErasers(erasure, audit);
  // The one erasure path of an account (DSAR component), handed to the retention purge once it exists.
  let subjectPath: ((userId: string, purge: () => Promise<void>) => Promise<void>) | undefined;
  const capture = new CaptureService(repositories.capture, repositories.workspaces, repositories.users, config, createCaptureMetrics(metrics.registry), logger);
  const services = {
    workspaces,
    accounts: new AccountsService(knex, repositories.users, repositories.tokens, repositories.sessions, workspaces, limits, mailer, config, () => container.publicUrl, audit),
    sessions: new SessionsService(repositories.sessions),
    firstAdmin: new FirstAdminSetup(),
    audit,
    erasure,
    backup: new BackupService(knex, dialectOfKnex(knex), config.database.url, erasure, audit),
    tokens: new TokensService(repositories.apiTokens, repositories.users),
    org: new OrgService(knex, repositories.org),
    sections: new SectionsService(knex, repositories.sections, repositories.org),
    capture,
    usage: new UsageService(repositories.capture, repositories.workspaces, capture, config.capture),
    cookies: new CookiesService(config, logger),
    ...retentionServices(),
    // People half of issue 3: 1:1s, feedback, notifications, discussions, search, people pages.
    ...createPeopleServices(knex, repositories.users),
  };

  // Retention, legal holds and account deletion (issue 5). The purge registers itself as the
  // `accounts.user` eraser, so re-applying the erasure ledger after a restore purges again.
  function retentionServices() {
    const dialect = dialectOfKnex(knex);
    const holds = new HoldsService(knex, new HoldsRepository(knex), repositories.users, repositories.workspaces, () => audit);
    const retention = new RetentionService(knex, dialect, new RetentionRepository(knex, dialect), new RunsRepository(knex), new JobLocks(knex), holds, declaredTables, config.retention, async () => (await workspaces.getPrimary()).id, logger, { audit: () => audit, erasure: () => erasure, subjectPath: () => subjectPath });
    erasure.register('accounts.user', (userId, trx) => retention.eraseAccount(userId, trx));
    createRetentionMetrics(metrics.registry, retention);
    return { holds, retention, accountDeletion: new AccountDeletionService(knex, repositories.users, config, () => audit) };
  }

  // Data subject requests and the privacy center (issue 6), on the retention, audit and erasure services above.
  const dsarServices = createDsarServices({ knex, config, logger, metrics, users: repositories.users, workspaces, audit, erasure, rateLimitKeys: (subjects) => rateLimitKeysOf(limits, subjects), setSubjectPath: (path) => (subjectPath = path), services });
  const allServices = Object.assign(services, dsarServices);
  // Single sign-on and SCIM provisioning (issue 8).
  const withProvisioning = Object.assign(
    allServices,
    createIdentityServices({ knex, config, logger, users: repositories.users, workspaces, accounts: services.accounts, audit }),
    createScimServices({ knex, config, users: repositories.users, org: repositories.org, workspaces, accounts: services.accounts, accountDeletion: services.accountDeletion, audit }),
  );

  const container: Container = {
    config,
    knex,
    dialect: dialectOfKnex(knex),
    logger,
    mailer,
    metrics,
    publicUrl,
    repositories,
    services: withProvisioning,
    async close() {
      await services.capture.stop(); // graceful: buffered log rows are written before the database closes
      await closeBulkInsert(knex);
      closeReadConnection(knex);
      await knex.destroy();
    },
  };
  return container;
}
