// What the probes use of the container: the database, and what the bootstrap reads once the schema is current.
import type { Knex } from 'knex';
import type { BootstrapDeps } from '../../bootstrap.js';

export type HealthDeps = BootstrapDeps & { knex: Knex };
