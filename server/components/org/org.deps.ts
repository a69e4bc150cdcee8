// What the org pages and the org chart use of the container.
import type { Knex } from 'knex';
import type { SectionsService } from '../sections/sections.service.js';
import type { OrgRepository } from './org.repository.js';
import type { OrgService } from './org.service.js';

export interface OrgDeps {
  /** The chart reads through its own repository (org.chart.repository.ts). */
  knex: Knex;
  repositories: { org: OrgRepository };
  services: { org: OrgService; sections: SectionsService };
}
