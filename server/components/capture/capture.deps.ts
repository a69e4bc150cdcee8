// What the capture routes (crash reports, usage, the privacy notice) and `opsenic logs|crashes` use of the container.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { TableDeclaration } from '../../db/declare.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaptureService } from './capture.service.js';
import type { UsageService } from './usage.service.js';

export interface CaptureDeps {
  /** The crash reports' rate limiter counts in the database. */
  knex: Knex;
  /** The privacy notice reads every part of the config that decides what is captured. */
  config: Config;
  /** The data map, from which the privacy notice is built. */
  declaredTables: TableDeclaration[];
  services: { capture: CaptureService; usage: UsageService; workspaces: WorkspacesService };
}
