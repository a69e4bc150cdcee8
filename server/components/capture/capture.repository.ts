// Capture storage: batched inserts for the write path, filtered reads for admins. Knex only.
import type { Knex } from 'knex';
import { bulkInsert } from '../../db/bulk-insert.js';

export interface RequestLog {
  id: string;
  workspaceId: string | null;
  occurredAt: number;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  ip: string | null;
  referrer: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  dnt: boolean | null;
  gpc: boolean | null;
  userId: string | null;
  sessionHash: string | null;
  deviceId: string | null;
  requestId: string | null;
}

export interface DeviceSighting {
  id: string;
  workspaceId: string | null;
  userId: string | null;
  deviceType: string | null;
  os: string | null;
  browser: string | null;
  userAgent: string | null;
  seenAt: number;
  settings?: { screenWidth: number | null; screenHeight: number | null; timeZone: string | null; language: string | null };
}

export interface Device {
  id: string;
  workspaceId: string | null;
  userId: string | null;
  userEmail: string | null;
  deviceType: string | null;
  os: string | null;
  browser: string | null;
  userAgent: string | null;
  screenWidth: number | null;
  screenHeight: number | null;
  timeZone: string | null;
  language: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface CrashReport {
  id: string;
  workspaceId: string | null;
  occurredAt: number;
  source: 'client' | 'server';
  name: string | null;
  message: string;
  stack: string | null;
  location: string | null;
  route: string | null;
  release: string | null;
  requestId: string | null;
  userId: string | null;
  deviceId: string | null;
  userAgent: string | null;
}

export type UsageArea = 'insight' | 'application' | 'integration';

export interface UsageEvent {
  id: string;
  workspaceId: string;
  userId: string | null;
  area: UsageArea;
  event: string;
  occurredAt: number;
}

export interface PageView {
  id: string;
  workspaceId: string | null;
  visitorId: string;
  route: string;
  occurredAt: number;
}

export interface LogFilter {
  userId?: string;
  since?: number;
  until?: number;
  route?: string;
  status?: number;
  limit: number;
  offset?: number;
}

export interface CrashFilter {
  source?: 'client' | 'server';
  since?: number;
  until?: number;
  limit: number;
  offset?: number;
}

export interface DeviceFilter {
  userId?: string;
  since?: number;
  limit: number;
  offset?: number;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Boolean(v));


const logFromRow = (r: Row): RequestLog & { userEmail: string | null } => ({
  id: r.id as string,
  workspaceId: str(r.workspace_id),
  occurredAt: Number(r.occurred_at),
  method: r.method as string,
  route: r.route as string,
  status: Number(r.status),
  durationMs: Number(r.duration_ms),
  ip: str(r.ip),
  referrer: str(r.referrer),
  userAgent: str(r.user_agent),
  acceptLanguage: str(r.accept_language),
  dnt: bool(r.dnt),
  gpc: bool(r.gpc),
  userId: str(r.user_id),
  userEmail: str(r.user_email),
  sessionHash: str(r.session_hash),
  deviceId: str(r.device_id),
  requestId: str(r.request_id),
});

const crashFromRow = (r: Row): CrashReport & { userEmail: string | null } => ({
  id: r.id as string,
  workspaceId: str(r.workspace_id),
  occurredAt: Number(r.occurred_at),
  source: r.source as 'client' | 'server',
  name: str(r.name),
  message: r.message as string,
  stack: str(r.stack),
  location: str(r.location),
  route: str(r.route),
  release: str(r.release),
  requestId: str(r.request_id),
  userId: str(r.user_id),
  userEmail: str(r.user_email),
  deviceId: str(r.device_id),
  userAgent: str(r.user_agent),
});

const deviceFromRow = (r: Row): Device => ({
  id: r.id as string,
  workspaceId: str(r.workspace_id),
  userId: str(r.user_id),
  userEmail: str(r.user_email),
  deviceType: str(r.device_type),
  os: str(r.os),
  browser: str(r.browser),
  userAgent: str(r.user_agent),
  screenWidth: num(r.screen_width),
  screenHeight: num(r.screen_height),
  timeZone: str(r.time_zone),
  language: str(r.language),
  firstSeenAt: Number(r.first_seen_at),
  lastSeenAt: Number(r.last_seen_at),
});

const logColumns = ['id', 'workspace_id', 'occurred_at', 'method', 'route', 'status', 'duration_ms', 'ip', 'referrer', 'user_agent', 'accept_language', 'dnt', 'gpc', 'user_id', 'session_hash', 'device_id', 'request_id'];

export class CaptureRepository {
  constructor(private readonly knex: Knex) {}

  /** Batched inserts through server/db/bulk-insert.ts (the fastest path of each dialect). */
  private async insertMany(table: string, rows: Row[]): Promise<void> {
    if (!rows.length) return;
    const columns = Object.keys(rows[0]!);
    await bulkInsert(this.knex, table, columns, rows.map((row) => columns.map((c) => row[c] as string | number | boolean | null)));
  }

  async insertLogs(logs: RequestLog[]): Promise<void> {
    // The hot path (one row per request): values straight into arrays, no intermediate objects.
    await bulkInsert(
      this.knex,
      'request_logs',
      logColumns,
      logs.map((l) => [l.id, l.workspaceId, l.occurredAt, l.method, l.route, l.status, l.durationMs, l.ip, l.referrer, l.userAgent, l.acceptLanguage, l.dnt, l.gpc, l.userId, l.sessionHash, l.deviceId, l.requestId]),
    );
  }

  async insertCrashes(reports: CrashReport[]): Promise<void> {
    await this.insertMany(
      'crash_reports',
      reports.map((c) => ({
        id: c.id,
        workspace_id: c.workspaceId,
        occurred_at: c.occurredAt,
        source: c.source,
        name: c.name,
        message: c.message,
        stack: c.stack,
        location: c.location,
        route: c.route,
        release: c.release,
        request_id: c.requestId,
        user_id: c.userId,
        device_id: c.deviceId,
        user_agent: c.userAgent,
      })),
    );
  }

  async insertUsage(events: UsageEvent[]): Promise<void> {
    await this.insertMany(
      'usage_events',
      events.map((e) => ({ id: e.id, workspace_id: e.workspaceId, user_id: e.userId, area: e.area, event: e.event, occurred_at: e.occurredAt })),
    );
  }

  async insertPageViews(views: PageView[]): Promise<void> {
    await this.insertMany(
      'analytics_page_views',
      views.map((v) => ({ id: v.id, workspace_id: v.workspaceId, visitor_id: v.visitorId, route: v.route, occurred_at: v.occurredAt })),
    );
  }

  /** One upsert per device (sightings are merged per device before they get here). */
  async upsertDevices(sightings: DeviceSighting[]): Promise<void> {
    if (!sightings.length) return;
    await this.knex.transaction(async (trx) => {
      for (const s of sightings) {
        const row: Row = {
          id: s.id,
          workspace_id: s.workspaceId,
          user_id: s.userId,
          device_type: s.deviceType,
          os: s.os,
          browser: s.browser,
          user_agent: s.userAgent,
          first_seen_at: s.seenAt,
          last_seen_at: s.seenAt,
        };
        const merge: Row = {
          last_seen_at: trx.raw('CASE WHEN excluded.last_seen_at > devices.last_seen_at THEN excluded.last_seen_at ELSE devices.last_seen_at END'),
          user_id: trx.raw('COALESCE(excluded.user_id, devices.user_id)'),
          workspace_id: trx.raw('COALESCE(excluded.workspace_id, devices.workspace_id)'),
          device_type: trx.raw('COALESCE(excluded.device_type, devices.device_type)'),
          os: trx.raw('COALESCE(excluded.os, devices.os)'),
          browser: trx.raw('COALESCE(excluded.browser, devices.browser)'),
          user_agent: trx.raw('COALESCE(excluded.user_agent, devices.user_agent)'),
        };
        if (s.settings) {
          Object.assign(row, { screen_width: s.settings.screenWidth, screen_height: s.settings.screenHeight, time_zone: s.settings.timeZone, language: s.settings.language });
          for (const column of ['screen_width', 'screen_height', 'time_zone', 'language']) merge[column] = trx.raw(`excluded.${column}`);
        }
        await trx('devices').insert(row).onConflict('id').merge(merge);
      }
    });
  }

  async queryLogs(f: LogFilter): Promise<Array<RequestLog & { userEmail: string | null }>> {
    const q = this.knex('request_logs as l').leftJoin('users as u', 'u.id', 'l.user_id').select('l.*', 'u.email as user_email');
    if (f.userId) q.where('l.user_id', f.userId);
    if (f.since !== undefined) q.where('l.occurred_at', '>=', f.since);
    if (f.until !== undefined) q.where('l.occurred_at', '<', f.until);
    if (f.route) q.where('l.route', f.route);
    if (f.status !== undefined) q.where('l.status', f.status);
    const rows = await q.orderBy([{ column: 'l.occurred_at', order: 'desc' }, { column: 'l.id', order: 'desc' }]).limit(f.limit).offset(f.offset ?? 0);
    return rows.map(logFromRow);
  }

  async queryCrashes(f: CrashFilter): Promise<Array<CrashReport & { userEmail: string | null }>> {
    const q = this.knex('crash_reports as c').leftJoin('users as u', 'u.id', 'c.user_id').select('c.*', 'u.email as user_email');
    if (f.source) q.where('c.source', f.source);
    if (f.since !== undefined) q.where('c.occurred_at', '>=', f.since);
    if (f.until !== undefined) q.where('c.occurred_at', '<', f.until);
    const rows = await q.orderBy([{ column: 'c.occurred_at', order: 'desc' }, { column: 'c.id', order: 'desc' }]).limit(f.limit).offset(f.offset ?? 0);
    return rows.map(crashFromRow);
  }

  async queryDevices(f: DeviceFilter): Promise<Device[]> {
    const q = this.knex('devices as d').leftJoin('users as u', 'u.id', 'd.user_id').select('d.*', 'u.email as user_email');
    if (f.userId) q.where('d.user_id', f.userId);
    if (f.since !== undefined) q.where('d.last_seen_at', '>=', f.since);
    const rows = await q.orderBy([{ column: 'd.last_seen_at', order: 'desc' }, { column: 'd.id', order: 'desc' }]).limit(f.limit).offset(f.offset ?? 0);
    return rows.map(deviceFromRow);
  }

  async findDevice(id: string): Promise<Device | undefined> {
    const row = await this.knex('devices as d').leftJoin('users as u', 'u.id', 'd.user_id').select('d.*', 'u.email as user_email').where('d.id', id).first();
    return row ? deviceFromRow(row) : undefined;
  }

  async usageSummary(workspaceId: string | undefined, since: number): Promise<Array<{ area: UsageArea; event: string; count: number; users: number }>> {
    const q = this.knex('usage_events').select('area', 'event').count({ count: '*' }).countDistinct({ users: 'user_id' }).where('occurred_at', '>=', since).groupBy('area', 'event');
    if (workspaceId) q.where('workspace_id', workspaceId);
    const rows = await q.orderBy([{ column: 'count', order: 'desc' }, { column: 'event', order: 'asc' }]).limit(200);
    return rows.map((r: Row) => ({ area: r.area as UsageArea, event: r.event as string, count: Number(r.count), users: Number(r.users) }));
  }

  async usageEnabled(workspaceId: string): Promise<boolean | undefined> {
    const row = await this.knex('capture_settings').select('usage_enabled').where({ workspace_id: workspaceId }).first();
    return row ? Boolean(row.usage_enabled) : undefined;
  }

  async setUsageEnabled(workspaceId: string, enabled: boolean, at: number): Promise<void> {
    await this.knex('capture_settings').insert({ workspace_id: workspaceId, usage_enabled: enabled, updated_at: at }).onConflict('workspace_id').merge(['usage_enabled', 'updated_at']);
  }

  async count(table: 'request_logs' | 'devices' | 'crash_reports' | 'usage_events' | 'analytics_page_views'): Promise<number> {
    const row = await this.knex(table).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}
