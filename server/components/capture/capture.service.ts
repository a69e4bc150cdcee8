// Capture: what the middleware, the telemetry endpoints and the error handler observe is buffered
// here and written in batches off the request path (BatchWriter), and what admins browse is read
// back through the same service (HTTP and CLI).
import fs from 'node:fs';
import type { Logger } from '../../platform/logger.js';
import type { Config } from '../../config.js';
import { NotFoundError } from '../../platform/errors.js';
import { now } from '../../platform/ids.js';
import { timeOrderedId } from './time-ordered-id.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { BatchWriter } from './batch-writer.js';
import type { CaptureMetrics } from './capture.metrics.js';
import { catchUpBatches, type CaptureConfig } from './capture.config.js';
import type { CaptureRepository, CrashReport, DeviceSighting, PageView, RequestLog, UsageArea, UsageEvent } from './capture.repository.js';

/** The running release, recorded with each crash: OPSENIC_RELEASE, else the package version. */
export const release: string = (() => {
  if (process.env.OPSENIC_RELEASE) return process.env.OPSENIC_RELEASE.slice(0, 50);
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

const cut = (text: string | null | undefined, max: number): string | null => (text === null || text === undefined ? null : text.length > max ? text.slice(0, max) : text);

export interface ServerErrorContext {
  route: string | null;
  requestId: string | null;
  userId: string | null;
  workspaceId: string | null;
  deviceId: string | null;
}

export interface ClientCrash {
  name?: string;
  message: string;
  stack?: string;
  source?: string;
  line?: number;
  column?: number;
  page?: string;
  release?: string;
}

export interface QueryWindow {
  since?: number;
  until?: number;
  limit?: number;
  offset?: number;
}

type Stream = 'logs' | 'devices' | 'crashes' | 'usage' | 'analytics';

export class CaptureService {
  readonly logs: BatchWriter<RequestLog>;
  readonly devices: BatchWriter<DeviceSighting>;
  readonly crashes: BatchWriter<CrashReport>;
  readonly usage: BatchWriter<UsageEvent>;
  readonly pageViews: BatchWriter<PageView>;
  readonly settings: CaptureConfig;
  private primaryId?: string;
  private primaryLookup?: Promise<void>;
  private readonly lastProblemLog = new Map<string, number>();
  private readonly droppedSinceLog = new Map<string, number>();

  constructor(
    private readonly repo: CaptureRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly users: UsersRepository,
    config: Config,
    private readonly metrics: CaptureMetrics,
    private readonly logger: Logger,
  ) {
    this.settings = config.capture;
    this.logs = this.writer('logs', (rows) => repo.insertLogs(rows));
    this.devices = this.writer('devices', (rows) => repo.upsertDevices(mergeSightings(rows)));
    this.crashes = this.writer('crashes', (rows) => repo.insertCrashes(rows));
    this.usage = this.writer('usage', (rows) => repo.insertUsage(rows));
    this.pageViews = this.writer('analytics', (rows) => repo.insertPageViews(rows));
  }

  private writer<T>(stream: Stream, write: (rows: T[]) => Promise<void>): BatchWriter<T> {
    const { maxRows, batchSize, flushInterval } = this.settings.buffer;
    const gauge = () => this.metrics.buffered.set({ stream }, this.writerOf(stream)?.buffered ?? 0);
    return new BatchWriter<T>({
      name: stream,
      maxBuffered: maxRows,
      batchSize,
      // A burst (a backlog after a slow moment) is written in fewer, larger transactions.
      catchUpFactor: catchUpBatches,
      // The next batch is prepared and sent while the database writes the current one (SQLite: on
      // the insert thread; PostgreSQL: on a second pooled connection).
      inFlight: 2,
      flushIntervalMs: flushInterval,
      write: async (rows) => {
        await write(rows);
      },
      onWritten: (count) => {
        this.metrics.written.inc({ stream }, count);
        gauge();
      },
      onDrop: (count, reason) => {
        this.metrics.dropped.inc({ stream, reason }, count);
        this.droppedSinceLog.set(stream, (this.droppedSinceLog.get(stream) ?? 0) + count);
        if (reason === 'stopped' || this.shouldLog(`drop:${stream}`)) {
          this.logger.error({ stream, dropped: this.droppedSinceLog.get(stream), reason }, `capture: ${stream} rows dropped (${reason === 'stopped' ? 'the database did not answer during shutdown' : 'the buffer is full because the database is slow or unavailable'})`);
          this.droppedSinceLog.set(stream, 0);
        }
      },
      onError: (error, buffered) => {
        gauge();
        if (this.shouldLog(`error:${stream}`)) this.logger.warn({ err: error, stream, buffered }, `capture: could not write ${stream} rows; they stay buffered and are retried`);
      },
    });
  }

  private writerOf(stream: Stream): BatchWriter<unknown> | undefined {
    return ({ logs: this.logs, devices: this.devices, crashes: this.crashes, usage: this.usage, analytics: this.pageViews } as Record<Stream, BatchWriter<unknown> | undefined>)[stream];
  }

  /** At most one line per kind of problem every 30 seconds: a dead database must not flood the log. */
  private shouldLog(key: string): boolean {
    const at = Date.now();
    if (at - (this.lastProblemLog.get(key) ?? 0) < 30_000) return false;
    this.lastProblemLog.set(key, at);
    return true;
  }

  /** The primary workspace id, for rows of requests made by no one signed in. */
  workspaceFor(userWorkspaceId: string | undefined): string | null {
    if (userWorkspaceId) return userWorkspaceId;
    if (!this.primaryId && !this.primaryLookup) {
      this.primaryLookup = this.workspaces
        .findPrimary()
        .then((w) => {
          this.primaryId = w?.id;
        })
        .catch(() => {})
        .finally(() => {
          this.primaryLookup = undefined;
        });
    }
    return this.primaryId ?? null;
  }

  /** Takes the row over (it gets its id in place: one object per request, not a copy of it). */
  log(row: Omit<RequestLog, 'id'>): void {
    const withId = row as RequestLog;
    withId.id = timeOrderedId();
    this.logs.push(withId);
  }

  sawDevice(sighting: DeviceSighting): void {
    this.devices.push(sighting);
  }

  pageView(view: Omit<PageView, 'id'>): void {
    this.pageViews.push({ id: timeOrderedId(), ...view });
  }

  recordClientCrash(input: ClientCrash, context: Omit<ServerErrorContext, 'route'> & { userAgent: string | null }): void {
    const location = input.source ? `${cut(input.source, 500)}${input.line !== undefined ? `:${input.line}` : ''}${input.column !== undefined ? `:${input.column}` : ''}` : null;
    this.crashes.push({
      id: timeOrderedId(),
      workspaceId: context.workspaceId,
      occurredAt: now(),
      source: 'client',
      name: cut(input.name, 100),
      message: cut(input.message, 2000)!,
      stack: cut(input.stack, 8000),
      location,
      route: cut(input.page, 200),
      release: cut(input.release, 50),
      requestId: context.requestId,
      userId: context.userId,
      deviceId: context.deviceId,
      userAgent: cut(context.userAgent, 512),
    });
  }

  /** An unexpected server error: message, stack, route, release, request id, user; never the request body. */
  recordServerError(error: unknown, context: ServerErrorContext): void {
    if (!this.settings.crashes.server) return;
    const e = error instanceof Error ? error : new Error(String(error));
    this.crashes.push({
      id: timeOrderedId(),
      workspaceId: context.workspaceId,
      occurredAt: now(),
      source: 'server',
      name: cut(e.name, 100),
      message: cut(e.message || '(no message)', 2000)!,
      stack: cut(e.stack, 8000),
      location: null,
      route: cut(context.route, 200),
      release,
      requestId: context.requestId,
      userId: context.userId,
      deviceId: context.deviceId,
      userAgent: null,
    });
  }

  /** Writes every buffered row now (tests, benchmarks and the CLI read after it). */
  async flush(): Promise<void> {
    await Promise.all([this.logs.flush(), this.devices.flush(), this.crashes.flush(), this.usage.flush(), this.pageViews.flush()]);
  }

  /** Graceful shutdown: writes everything still buffered before the database closes. */
  async stop(): Promise<void> {
    await Promise.all([this.logs.stop(), this.devices.stop(), this.crashes.stop(), this.usage.stop(), this.pageViews.stop()]);
  }

  private async userIdOf(email: string | undefined): Promise<string | undefined> {
    if (!email) return undefined;
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFoundError('users.notFound');
    return user.id;
  }

  async queryLogs(filter: QueryWindow & { userEmail?: string; route?: string; status?: number }) {
    const userId = await this.userIdOf(filter.userEmail);
    return this.repo.queryLogs({ ...filter, userId, limit: filter.limit ?? 100 });
  }

  async queryCrashes(filter: QueryWindow & { source?: 'client' | 'server' }) {
    return this.repo.queryCrashes({ ...filter, limit: filter.limit ?? 100 });
  }

  async queryDevices(filter: QueryWindow & { userEmail?: string }) {
    const userId = await this.userIdOf(filter.userEmail);
    return this.repo.queryDevices({ ...filter, userId, limit: filter.limit ?? 100 });
  }

  async usageSummary(workspaceId: string | undefined, since: number) {
    return this.repo.usageSummary(workspaceId, since);
  }
}

/** Several sightings of one device in a batch become one upsert: the latest wins, settings are kept. */
export function mergeSightings(rows: DeviceSighting[]): DeviceSighting[] {
  const byId = new Map<string, DeviceSighting>();
  for (const s of rows) {
    const seen = byId.get(s.id);
    if (!seen) {
      byId.set(s.id, { ...s });
      continue;
    }
    const later = s.seenAt >= seen.seenAt ? s : seen;
    byId.set(s.id, {
      ...later,
      userId: later.userId ?? seen.userId ?? s.userId,
      deviceType: later.deviceType ?? seen.deviceType,
      os: later.os ?? seen.os,
      browser: later.browser ?? seen.browser,
      userAgent: later.userAgent ?? seen.userAgent,
      workspaceId: later.workspaceId ?? seen.workspaceId ?? s.workspaceId,
      seenAt: Math.max(s.seenAt, seen.seenAt),
      settings: s.settings ?? seen.settings,
    });
  }
  return [...byId.values()];
}

export type { UsageArea };
