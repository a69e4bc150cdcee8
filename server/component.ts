// What a component tells the composition root about itself: one descriptor per folder under
// server/components/ (its <name>.component.ts), named once in the list of server/registry.ts. The
// schema guard, the data map, the record of processing, the config schema and its documentation,
// the routers and the CLI are all built from that list, so the layers below (server/db,
// server/platform) never import a component.
import type { Command } from 'commander';
import type { Router } from 'express';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { TableDeclaration } from './db/declare.js';
import type { Dialect } from './db/knex.js';
import type { Logger } from './platform/logger.js';
import type { Mailer, MailTransport } from './platform/mailer.js';
import type { Metrics } from './platform/metrics.js';
import type { Clock } from './platform/clock.js';

/**
 * The platform's parts that the composition root hands every service factory, besides the config,
 * the repositories and the services. A factory names the ones it uses (`Pick<PlatformParts, 'knex'>`),
 * so a component never imports the composition root (server/container.ts).
 */
export interface PlatformParts {
  knex: Knex;
  dialect: Dialect;
  logger: Logger;
  mailer: Mailer;
  mailTransport: MailTransport;
  metrics: Metrics;
  /** "Now" for expiries (tokens, sessions, links, legal holds): the system time, or a test's clock. */
  clock: Clock;
  declaredTables: TableDeclaration[];
  /** The base URL for links, read when a link is made (the server sets it once it listens). */
  publicUrl(): string;
}

/**
 * Builds a component's services once the services it uses exist. The composition root
 * (server/container.ts) runs the factories in list order, except that each waits for the
 * components named in `after`.
 */
export interface ServiceFactory<Deps, Built = object> {
  /** Components whose services must be built first: those this one uses, and registrations (erasers, metrics) that must come earlier. */
  after?: readonly string[];
  build: (deps: Deps) => Built;
}

/**
 * What a component's CLI commands receive from the CLI (cli/context.ts), instead of importing it.
 * App is what the commands use of the container (the component's own narrow type); the CLI hands
 * them the whole container, which has all of it.
 */
export interface CliRuntime<App extends object> {
  /** Runs fn with a container on the same services as the server (migrating SQLite first). */
  withContainer<T>(fn: (app: App) => Promise<T>): Promise<T>;
  /** The effective config, for commands that need no database. */
  config(): App extends { config: infer C } ? C : unknown;
  /** Every declared table (the data map). */
  declaredTables: TableDeclaration[];
}

export interface Component<App = never, Deps = never, Cli = never, Built = object> {
  /** The folder under server/components/. */
  name: string;
  /** The tables the component owns, with their data map (its *.datamap.ts), in the order the data map lists them. */
  tables?: readonly TableDeclaration[];
  /** The top-level config sections the component owns (its *.config.ts), documented in list order after the platform's. */
  config?: z.ZodRawShape;
  /** Secret key paths inside those sections (`*` for any key of a map), redacted and never echoed in errors. */
  secretKeys?: readonly string[];
  /**
   * Routers of the main sequence (after sessions, CSRF and the SSO context), mounted in list order;
   * no two of them answer the same path (test/unit/registry.test.ts), so that order changes nothing.
   * Routers that must sit elsewhere in the pipeline (health, SCIM, sign-in by SSO) are placed by server/app.ts.
   */
  routers?: ReadonlyArray<(app: App) => Router>;
  /** Repositories shared with other components, built before any service (one knex each, no side effects). */
  repositories?: (knex: Knex) => Record<string, unknown>;
  /** The component's services (what its routes and its CLI commands call). */
  services?: ServiceFactory<Deps, Built>;
  /** Its `opsenic` commands (its <name>.cli.ts), added after the platform's (serve, migrate, config) in list order. */
  cli?: ReadonlyArray<(runtime: Cli) => Command>;
}

/** Keeps the descriptor's own types (its config sections above all) for the registry to compose. */
export function defineComponent<const C extends Component<never, never, never>>(component: C): C {
  return component;
}
