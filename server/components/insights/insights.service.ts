// The insights service: what the routes (API, pages, CSV) and `opsenic insights` call.
// - board(viewer, id, options): one board, computed for the viewer's scope and language;
// - visibleBoards(viewer): the boards and scopes this viewer may open;
// - snapshot(now?): the daily job body (behavioural aggregates into the snapshot tables).
// Who sees what: everyone sees workspace-wide structure; a lead sees every board of the subtrees
// they lead; admins see everything. Behavioural figures are shown only for groups of at least k
// people (config insights.minGroupSize), with complementary suppression (insights.privacy.ts).
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { translator, type Language } from '../../platform/i18n.js';
import type { Logger } from '../../platform/logger.js';
import type { Actor } from '../policy/policy.js';
import type { JobLocks } from '../retention/job-locks.js';
import type { UsageService } from '../capture/usage.service.js';
import type { InsightsConfig } from './insights.config.js';
import { behaviourParts } from './insights.behaviour.js';
import { buildGroups, WORKSPACE, type OrgGroups } from './insights.groups.js';
import { DAY, dayOf, monthOf, shiftMonth } from './insights.periods.js';
import type { InsightsRepository, MemberRow, NodeRow } from './insights.repository.js';
import { computeFigures, planSnapshot } from './insights.snapshot.js';
import { structureParts } from './insights.structure.js';
import { boardIds, type Board, type BoardId } from './insights.types.js';

/** Who opens a board: the signed-in person (as the policy sees them) and the language of the answer. */
export interface InsightsViewer extends Actor {
  language: Language;
}

export interface BoardOptions {
  /** The node whose subtree the figures cover; absent = the whole workspace. */
  nodeId?: string;
  /** Period of the time-based charts, ISO dates (YYYY-MM-DD), inclusive; default: the last 12 months. */
  from?: string;
  to?: string;
}

/** A board the viewer may open, and at which scopes. */
export interface VisibleBoard {
  id: BoardId;
  title: string;
  sentence: string;
  /** The workspace-wide board is open to the viewer. */
  workspace: boolean;
  /** The nodes the viewer leads: each opens the board for that node's subtree (and any node below it). */
  nodes: Array<{ id: string; name: string }>;
  /** Admins: any node of the workspace. */
  anyNode: boolean;
}

export interface SnapshotResult {
  rows: number;
  ms: number;
  /** The longest single write transaction of the run (the job writes in small transactions). */
  longestWriteMs: number;
  /** The day (YYYY-MM-DD, UTC) the snapshot describes. */
  day: string;
}

export interface InsightsApi {
  board(viewer: InsightsViewer, id: BoardId, options?: BoardOptions): Promise<Board>;
  visibleBoards(viewer: InsightsViewer): Promise<VisibleBoard[]>;
  snapshot(now?: Date): Promise<SnapshotResult>;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => isoDate.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
/** Longest period a board covers (the time-based charts have one point per month). */
const MAX_MONTHS = 60;
const lockName = 'insights.snapshot';
const leaseMs = 5 * 60_000;
/** Figures written per transaction: a few hundred rows keep each write well under 100 ms. */
// Figures written per transaction: at 10,000 people 200 held the write lock past 100 ms.
const CHUNK = 50;

export const isBoardId = (value: string): value is BoardId => (boardIds as readonly string[]).includes(value);

/** The period of a board: `to` defaults to today, `from` to the first day of the month eleven months before. */
export function periodOf(options: BoardOptions, now: number): { from: string; to: string } {
  const fields: Record<string, string> = {};
  if (options.from !== undefined && !validDate(options.from)) fields.from = 'insights.errors.date';
  if (options.to !== undefined && !validDate(options.to)) fields.to = 'insights.errors.date';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const to = options.to ?? dayOf(now);
  const from = options.from ?? `${shiftMonth(monthOf(Date.parse(to)), 11)}-01`;
  if (from > to) throw new ValidationError({ from: 'insights.errors.fromAfterTo' });
  if (monthOf(Date.parse(from)) < shiftMonth(monthOf(Date.parse(to)), MAX_MONTHS - 1)) throw new ValidationError({ from: 'insights.errors.periodTooLong' });
  return { from, to };
}

/** How long one replica reuses its read of a workspace's org for the boards. */
const ORG_TTL_MS = 10_000;

interface OrgRead {
  nodes: NodeRow[];
  memberships: MemberRow[];
  restricted: Set<string>;
  /** Node sections by kind, and how many were not updated for 90 days. */
  sections: Array<{ nodeId: string; kind: string; count: number; stale: number }>;
  groups: OrgGroups;
}

export class InsightsService implements InsightsApi {
  private readonly orgCache = new Map<string, { at: number; read: Promise<OrgRead> }>();
  /** Structure boards computed from one org read (dropped with it). */
  private readonly structureCache = new WeakMap<OrgRead, Map<string, ReturnType<typeof structureParts>>>();

  constructor(
    private readonly repo: InsightsRepository,
    private readonly locks: JobLocks,
    private readonly config: InsightsConfig,
    private readonly usage: Pick<UsageService, 'recordQuietly'>,
    private readonly logger: Logger,
  ) {}

  async board(viewer: InsightsViewer, id: BoardId, options: BoardOptions = {}): Promise<Board> {
    if (!isBoardId(id)) throw new NotFoundError('insights.errors.boardNotFound');
    const period = periodOf(options, Date.now());
    const scope = await this.scopeOf(viewer, id, options.nodeId);
    const t = translator(viewer.language);
    const ws = viewer.workspaceId;
    const { memberships, restricted, sections, groups } = await this.orgOf(ws);
    const scopeName = scope.nodeId === WORKSPACE ? '' : (groups.nodes.get(scope.nodeId)?.name ?? scope.name);
    let parts;
    let snapshotAt: string | null = null;
    if (id === 'structure') {
      // Structure depends only on the org read (kept ORG_TTL_MS) and the language: computed once per
      // read, scope and language, since the reporting lines are most of its time at 10,000 people.
      const org = await this.orgOf(ws);
      const perOrg = this.structureCache.get(org) ?? new Map<string, ReturnType<typeof structureParts>>();
      this.structureCache.set(org, perOrg);
      const key = `${scope.nodeId}\u0000${viewer.language}`;
      let computed = perOrg.get(key);
      if (!computed) {
        computed = structureParts({ groups, scope: scope.nodeId, memberships, restricted, sections, names: (ids) => this.repo.names(ws, ids), config: this.config, t });
        perOrg.set(key, computed);
        computed.catch(() => perOrg.delete(key));
      }
      parts = await computed;
    } else {
      let snapshot = await this.repo.snapshotOnOrBefore(ws, period.to);
      if (snapshot && (await this.repo.restrictionsChangedSince(ws, snapshot.takenAt))) {
        // A restriction placed (or lifted) after the snapshot: its figures may still count that
        // person, so none is shown before they are computed again (once, under the same lease).
        const result = await this.runSnapshot(new Date());
        if (result === 'busy' || result === 'tick-done') throw new ConflictError('insights.errors.snapshotBusy');
        this.orgCache.delete(ws);
        snapshot = await this.repo.snapshotOnOrBefore(ws, period.to);
      }
      snapshotAt = snapshot ? new Date(snapshot.takenAt).toISOString() : null;
      parts = await behaviourParts(id, { repo: this.repo, workspaceId: ws, groups, scope: scope.nodeId, scopeName, day: snapshot?.day, from: period.from, to: period.to, k: this.config.minGroupSize, t, sections });
    }
    // In sandboxes (and where an admin turned usage on) which board is opened is usage information.
    // The operator at the command line (no person: an empty id) is not a use of the product.
    if (viewer.id) this.usage.recordQuietly({ area: 'insight', event: `insight:${id}`, workspaceId: ws, userId: viewer.id });
    return {
      id,
      title: t(`insights.boards.${id}.title`),
      sentence: snapshotAt === null && id !== 'structure' ? t('insights.noSnapshot') : t(`insights.boards.${id}.sentence`),
      scope: scope.nodeId === WORKSPACE ? { kind: 'workspace' } : { kind: 'node', nodeId: scope.nodeId, name: scopeName },
      period,
      k: this.config.minGroupSize,
      charts: parts.charts,
      lists: parts.lists,
      snapshotAt,
    };
  }

  /**
   * The live org of a workspace, grouped: read at most once per ORG_TTL_MS per replica, because
   * every board starts from it and at 10,000 people it is most of a board's time. Figures may so
   * lag an org change (or a new restriction) by a few seconds; they are aggregates, not a record.
   */
  private orgOf(workspaceId: string): Promise<OrgRead> {
    const cached = this.orgCache.get(workspaceId);
    if (cached && Date.now() - cached.at < ORG_TTL_MS) return cached.read;
    const read = (async () => {
      const [nodes, memberships, people, restricted, sections] = await Promise.all([
        this.repo.nodes(workspaceId),
        this.repo.memberships(workspaceId),
        this.repo.activePeople(workspaceId),
        this.repo.restricted(workspaceId),
        this.repo.sectionsByNode(workspaceId, Date.now() - 90 * DAY),
      ]);
      return { nodes, memberships, restricted, sections, groups: buildGroups(nodes, memberships, people.map((p) => p.id), restricted) };
    })();
    if (this.orgCache.size > 1000) this.orgCache.clear();
    this.orgCache.set(workspaceId, { at: Date.now(), read });
    read.catch(() => this.orgCache.delete(workspaceId));
    return read;
  }

  async visibleBoards(viewer: InsightsViewer): Promise<VisibleBoard[]> {
    const t = translator(viewer.language);
    const admin = viewer.role === 'admin';
    const led = admin ? [] : await this.repo.ledNodes(viewer.workspaceId, viewer.id);
    return boardIds
      .map((id) => ({ id, title: t(`insights.boards.${id}.title`), sentence: t(`insights.boards.${id}.sentence`), workspace: admin || id === 'structure', nodes: led, anyNode: admin }))
      .filter((b) => b.workspace || b.nodes.length > 0 || b.anyNode);
  }

  /** Which subtree the viewer may open: 404 for a node that is not theirs to know, 403 with the reason otherwise. */
  private async scopeOf(viewer: InsightsViewer, id: BoardId, nodeId: string | undefined): Promise<{ nodeId: string; name: string }> {
    if (nodeId === undefined || nodeId === '') {
      if (id === 'structure' || viewer.role === 'admin') return { nodeId: WORKSPACE, name: '' };
      throw new ForbiddenError('insights.errors.workspaceAdminsOnly');
    }
    const node = (await this.orgOf(viewer.workspaceId)).groups.nodes.get(nodeId);
    if (!node) throw new NotFoundError('insights.errors.nodeNotFound');
    if (viewer.role === 'admin' || (await this.repo.leadsAbove(viewer.workspaceId, viewer.id, nodeId))) return { nodeId, name: node.name };
    throw new ForbiddenError('insights.errors.leadsOnly');
  }

  /** The daily job body, run now (`opsenic insights snapshot`); a run already in progress elsewhere is a 409. */
  async snapshot(now: Date = new Date()): Promise<SnapshotResult> {
    const result = await this.runSnapshot(now);
    if (result === 'busy' || result === 'tick-done') throw new ConflictError('insights.errors.snapshotBusy');
    return result;
  }

  /**
   * Runs the snapshot under the `insights.snapshot` lease of job_locks (the lock retention and the
   * outbox sender use): once across replicas, and with `tick` once per scheduled tick.
   */
  async runSnapshot(now: Date = new Date(), tick?: number): Promise<SnapshotResult | 'busy' | 'tick-done'> {
    const lease = await this.locks.acquire(lockName, leaseMs, tick);
    if (lease === 'tick-done') return 'tick-done';
    if ('busy' in lease) return 'busy';
    const started = performance.now();
    let rows = 0;
    let longestWriteMs = 0;
    const at = now.getTime();
    try {
      for (const workspaceId of await this.repo.workspaceIds()) {
        const wsStarted = performance.now();
        const last = await this.repo.lastSnapshot(workspaceId);
        // A restriction placed or lifted since the last run changes who counts in every period:
        // the months are rebuilt and older days' figures (which counted them) are dropped.
        const rebuild = !last || (await this.repo.restrictionsChangedSince(workspaceId, last.takenAt));
        const plan = planSnapshot(at, rebuild);
        if (last && rebuild) await this.repo.removeDaysBefore(workspaceId, plan.day);
        const figures = await computeFigures(this.repo, workspaceId, plan);
        const takenAt = Date.now();
        for (let i = 0; i < figures.length; i += CHUNK) {
          const write = performance.now();
          await this.repo.upsertFigures(workspaceId, figures.slice(i, i + CHUNK), takenAt);
          longestWriteMs = Math.max(longestWriteMs, performance.now() - write);
          if (!(await this.locks.renew(lease, leaseMs))) throw new ConflictError('insights.errors.snapshotBusy');
        }
        // One statement (one short transaction) per period: what this run did not rewrite is gone.
        for (const period of [plan.day, ...plan.months]) {
          const write = performance.now();
          await this.repo.removeStale(workspaceId, period, takenAt);
          longestWriteMs = Math.max(longestWriteMs, performance.now() - write);
        }
        await this.repo.recordSnapshot(workspaceId, plan.day, takenAt, figures.length, Math.round(performance.now() - wsStarted));
        rows += figures.length;
      }
    } finally {
      await this.locks.release(lease);
    }
    const ms = Math.round(performance.now() - started);
    this.logger.info({ rows, ms, longestWriteMs: Math.round(longestWriteMs) }, 'insights snapshot taken');
    return { rows, ms, longestWriteMs: Math.round(longestWriteMs), day: dayOf(at) };
  }
}
