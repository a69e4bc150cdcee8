// An entity as the JSON API shows it (shared by the org routes and the chart routes).
import type { Request } from 'express';
import type { OrgEntity } from './org.repository.js';
import { entityName } from './org.service.js';

const iso = (v: number) => new Date(v).toISOString();

export function publicEntity(e: OrgEntity, t: Request['t']) {
  return { id: e.id, key: e.systemKey, name: entityName(e, t), customName: e.name, position: e.position, archived: e.archivedAt !== null, createdAt: iso(e.createdAt) };
}
