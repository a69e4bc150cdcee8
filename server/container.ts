// Composition root: builds knex, repositories and services from the config. Explicit, no globals,
// so tests and the CLI build exactly what the server builds.
import type { Knex } from 'knex';
import type { Config } from './config.js';
import { createKnex, dialectOfKnex, type Dialect } from './db/knex.js';
import { closeBulkInsert } from './db/bulk-insert.js';
import { closeReadConnection } from './db/read-connection.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createMailTransport, type Mailer, type MailTransport } from './platform/mailer.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { WorkspacesRepository } from './components/workspaces/workspaces.repository.js';
import type { WorkspacesService } from './components/workspaces/workspaces.service.js';
import type { UsersRepository } from './components/accounts/users.repository.js';
import type { TokensRepository } from './components/accounts/tokens.repository.js';
import type { AccountsService } from './components/accounts/accounts.service.js';
import type { SignupService } from './components/accounts/signup.service.js';
import type { SignupLinksRepository } from './components/accounts/signup-links.repository.js';
import type { FirstAdminSetup } from './components/accounts/first-admin.js';
import type { SessionsRepository } from './components/sessions/sessions.repository.js';
import type { SessionsService } from './components/sessions/sessions.service.js';
import { components, declaredTables } from './registry.js';
import type { TableDeclaration } from './db/declare.js';
import type { HoldsService } from './components/holds/holds.service.js';
import type { RetentionService } from './components/retention/retention.service.js';
import type { AccountDeletionService } from './components/accounts/deletion.service.js';
import type { PhotosService } from './components/accounts/photo.service.js';
import type { AuditService } from './components/audit/audit.service.js';
import type { ErasureService } from './components/privacy/erasure.service.js';
import type { BackupService } from './components/backup/backup.service.js';
import type { ApiTokensRepository } from './components/tokens/tokens.repository.js';
import type { TokensService } from './components/tokens/tokens.service.js';
import type { OrgRepository } from './components/org/org.repository.js';
import type { OrgService } from './components/org/org.service.js';
import type { SectionsRepository } from './components/sections/sections.repository.js';
import type { SectionsService } from './components/sections/sections.service.js';
import type { CaptureRepository } from './components/capture/capture.repository.js';
import type { CaptureService } from './components/capture/capture.service.js';
import type { UsageService } from './components/capture/usage.service.js';
import type { CookiesService } from './components/cookies/cookies.service.js';
import type { PeopleServices } from './components/people/people.container.js';
import type { DsarServices } from './components/dsar/dsar.container.js';
import type { IdentityServices } from './components/identity/identity.container.js';
import type { ScimServices } from './components/scim/scim.container.js';
import type { MailParts } from './components/mail/mail.container.js';
import type { InsightsService } from './components/insights/insights.service.js';
import { buildOrder } from './build-order.js';
import type { PlatformParts } from './component.js';

export interface Container {
  config: Config;
  knex: Knex;
  dialect: Dialect;
  logger: Logger;
  /** The one way to send email: queues it in the outbox (the mail component). */
  mailer: Mailer;
  /** Delivers what the outbox sender takes from the queue: SMTP, or the log without SMTP. */
  mailTransport: MailTransport;
  metrics: Metrics;
  /** "Now" for expiries (tokens, sessions, links, legal holds): the system time, or a test's clock. */
  clock: Clock;
  /** Every declared table, from the registry: the data map that privacy pages, exports and erasure read. */
  declaredTables: TableDeclaration[];
  /** Base URL for links in emails; set from the listening address when no publicUrl is configured. */
  publicUrl: string;
  repositories: {
    workspaces: WorkspacesRepository;
    users: UsersRepository;
    tokens: TokensRepository;
    signupLinks: SignupLinksRepository;
    sessions: SessionsRepository;
    apiTokens: ApiTokensRepository;
    org: OrgRepository;
    sections: SectionsRepository;
    capture: CaptureRepository;
  };
  services: PeopleServices & DsarServices & IdentityServices & ScimServices & Omit<MailParts, 'mailer'> & {
    /** The outbox (the mail component's Mailer, with queue() for several emails at once). */
    outbox: MailParts['mailer'];
    workspaces: WorkspacesService;
    accounts: AccountsService;
    /** Sign-up by emailed link (the form without an invitation). */
    signup: SignupService;
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
    /** The insights boards (structure on request, behaviour from the daily snapshot) and the snapshot job. */
    insights: InsightsService;
    /** Profile photos: upload (re-encoded without metadata), serve, remove. */
    photos: PhotosService;
  };
  close(): Promise<void>;
}

export interface ContainerOptions {
  logger?: Logger;
  /** Where sent email goes instead of SMTP or the log (tests capture it). */
  mailTransport?: MailTransport;
  /** "Now" for expiries; tests pass a clock they can move past an expiry. */
  clock?: Clock;
}

export function publicUrlOf(config: Config): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/$/, '');
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host;
  return `http://${host}:${config.server.port}`;
}

/** What a component's service factory returns: some of the container's services. */
export type BuiltServices = Partial<Container['services']>;

/** What a component's service factory may receive (its descriptor's `services.build` names the parts it uses). */
export interface ServiceDeps extends PlatformParts {
  config: Config;
  repositories: Container['repositories'];
  /** The services built so far; reading one not built yet throws (name it in the factory's `after`). */
  services: Container['services'];
}

export function createContainer(config: Config, options: ContainerOptions = {}): Container {
  const logger = options.logger ?? createLogger(config.log.level);
  const knex = createKnex({ url: config.database.url, poolMax: config.database.poolMax });
  const mailTransport = options.mailTransport ?? createMailTransport({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, env: config.env, concurrency: config.mail.concurrency }, logger);
  // The one Mailer is the mail component's outbox (issue 24); services built before it hold this
  // forwarder, which reaches the outbox when an email is sent.
  const mailer: Mailer = { send: (mail, trx) => services.outbox.send(mail, trx) };
  const metrics = createMetrics();
  const dialect = dialectOfKnex(knex);
  const clock = options.clock ?? systemClock;

  // Every component's repositories first (they have no dependencies), then its services in the
  // registry's order, each after the components its factory names (server/build-order.ts).
  const repositories = Object.assign({}, ...components.map((c) => ('repositories' in c ? c.repositories(knex) : {}))) as Container['repositories'];
  const services = {} as Container['services'];
  const deps: ServiceDeps = { knex, dialect, config, logger, mailer, mailTransport, metrics, clock, declaredTables, repositories, services: builtSoFar(services), publicUrl: () => container.publicUrl };
  for (const component of buildOrder(components)) {
    if ('services' in component) Object.assign(services, component.services.build(deps));
  }

  const container: Container = {
    config,
    knex,
    dialect,
    logger,
    mailer,
    mailTransport,
    metrics,
    clock,
    declaredTables,
    publicUrl: publicUrlOf(config),
    repositories,
    services,
    async close() {
      await services.capture.stop(); // graceful: buffered log rows are written before the database closes
      await services.mailSender.stop(); // an email being sent is recorded before the database closes
      mailTransport.close?.();
      await closeBulkInsert(knex);
      closeReadConnection(knex);
      await knex.destroy();
    },
  };
  return container;
}

/** The services object, except that reading a service not built yet throws instead of answering undefined. */
function builtSoFar(services: Container['services']): Container['services'] {
  return new Proxy(services, {
    get(target, name, receiver) {
      if (typeof name === 'string' && !(name in target)) throw new Error(`service "${name}" is used before it is built: name its component in the factory's \`after\``);
      return Reflect.get(target, name, receiver);
    },
  });
}
