// The audit log: append-only and hash-chained. Each entry's hash covers its content and the previous
// entry's hash, and carries a gap-free sequence number, so `verify` finds the first entry that was
// altered, removed or reordered. Identities live apart (audit_actors): entries refer to opaque actor
// ids, and erasing a person blanks their actor row without touching a single chained byte.
import type { AuditAction } from './audit-actions.js';
import type { Knex } from 'knex';
import { ValidationError } from '../../platform/errors.js';
import { newId, now, sha256 } from '../../platform/ids.js';
import type { ActorKind, AuditActor, AuditEntryRow, AuditFilter, AuditRepository, ChainHead } from './audit.repository.js';

export type { ActorKind, AuditFilter } from './audit.repository.js';

/** Who did something, as services receive it: a signed-in user, the CLI, or the server itself. */
export interface Actor {
  kind: ActorKind;
  userId?: string | null;
}
export const cliActor: Actor = { kind: 'cli' };
export const systemActor: Actor = { kind: 'system' };
export const userActor = (user: { id: string }): Actor => ({ kind: 'user', userId: user.id });

export interface AuditEvent {
  /** Dotted, stable name: `users.promote`, `auth.signin.failed`, `retention.run`, ... */
  action: AuditAction;
  actorKind: ActorKind;
  /** The acting user's id; stored as an opaque audit actor id, never as the user id itself. */
  actorUserId?: string | null;
  workspaceId?: string | null;
  /** What the action was done to. A `user` target is stored, like the actor, as an opaque audit id. */
  target?: { type: string; id: string } | null;
  /** Parameters of the action. Put no names, emails or free text about people here: they cannot be erased. */
  details?: Record<string, unknown>;
}

export interface ResolvedEntry {
  seq: number;
  id: string;
  at: string;
  createdAt: number;
  action: string;
  actorKind: ActorKind;
  actorId: string | null;
  /** The identity behind actorId; null when erased or when the actor was the CLI or the system. */
  actorUserId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  actorErased: boolean;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  /** For a `user` target (stored as an opaque audit id, like the actor): the person behind it, null once erased. */
  targetUserId: string | null;
  targetName: string | null;
  targetErased: boolean;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The audit identity of the person an entry is about, when it is about a person. */
const personTargetOf = (row: Pick<AuditEntryRow, 'targetType' | 'targetId'>): string | null => (row.targetType === 'user' ? row.targetId : null);

export type ChainProblemKind = 'altered' | 'removed' | 'reordered' | 'truncated';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  /** The first bad entry: its position in the chain (seq), its id when it still exists, and what is wrong. */
  problem?: { seq: number; id: string | null; kind: ChainProblemKind; message: string };
}

export const GENESIS_HASH = '0'.repeat(64);
const MAX_DETAILS_CHARS = 16_000;

/** The hash of an entry: its content in a fixed order, and the previous entry's hash. */
export function entryHash(e: Omit<AuditEntryRow, 'hash'>): string {
  return sha256(JSON.stringify([e.seq, e.id, e.createdAt, e.workspaceId, e.action, e.actorKind, e.actorId, e.targetType, e.targetId, e.details, e.prevHash]));
}

export class AuditService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: AuditRepository,
  ) {}

  /** Appends one entry. Pass the caller's transaction to commit the entry with the change it records. */
  async append(event: AuditEvent, trx?: Knex.Transaction): Promise<ResolvedEntry> {
    if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/.test(event.action) || event.action.length > 100) throw new Error(`invalid audit action name: ${event.action}`);
    const details = JSON.stringify(event.details ?? {});
    if (details.length > MAX_DETAILS_CHARS) throw new Error(`audit details of ${event.action} exceed ${MAX_DETAILS_CHARS} characters`);
    const actors = new Map<string, AuditActor>();
    const run = async (t: Knex.Transaction) => {
      const head = await this.repo.lockHead(t);
      let workspaceId = event.workspaceId ?? null;
      let actorId: string | null = null;
      if (event.actorUserId) {
        const actor = await this.actorFor(event.actorUserId, t);
        actors.set(actor.id, actor);
        actorId = actor.id;
        workspaceId ??= actor.workspaceId;
      }
      let targetId = event.target?.id ?? null;
      if (event.target?.type === 'user' && targetId) targetId = (await this.actorFor(targetId, t)).id;
      const entry: Omit<AuditEntryRow, 'hash'> = {
        id: newId(),
        seq: head.lastSeq + 1,
        workspaceId,
        createdAt: now(),
        action: event.action,
        actorKind: event.actorKind,
        actorId,
        targetType: event.target?.type ?? null,
        targetId,
        details,
        prevHash: head.lastHash,
      };
      const full: AuditEntryRow = { ...entry, hash: entryHash(entry) };
      await this.repo.insertEntry(full, t);
      await this.repo.setHead({ ...head, lastSeq: full.seq, lastHash: full.hash }, t);
      return full;
    };
    const row = trx ? await run(trx) : await this.knex.transaction(run);
    return this.resolve(row, actors);
  }

  /** Shorthand for services that receive an Actor. */
  record(actor: Actor, action: AuditAction, rest: Omit<AuditEvent, 'action' | 'actorKind' | 'actorUserId'> = {}, trx?: Knex.Transaction): Promise<ResolvedEntry> {
    return this.append({ action, actorKind: actor.kind, actorUserId: actor.userId ?? null, ...rest }, trx);
  }

  /** The opaque audit id of a user, created on first use with the identity it stands for. */
  private async actorFor(userId: string, trx: Knex.Transaction): Promise<AuditActor> {
    const existing = await this.repo.actorByUser(userId, trx);
    if (existing) return existing;
    const user = await trx('users').select('workspace_id', 'email', 'first_name', 'last_name').where({ id: userId }).first();
    const actor: AuditActor = {
      id: newId(),
      workspaceId: user?.workspace_id ?? null,
      userId,
      email: user?.email ?? null,
      displayName: user ? `${user.first_name} ${user.last_name}` : null,
      createdAt: now(),
      erasedAt: null,
    };
    await this.repo.insertActor(actor, trx);
    return actor;
  }

  /** Erases a person's identity from the audit log: their actor row is blanked, the chain stays valid. */
  forgetUser(userId: string, trx?: Knex.Transaction): Promise<number> {
    return this.repo.eraseActor(userId, now(), trx);
  }

  /** Walks the whole chain in order and reports the first entry that was altered, removed or reordered. */
  async verify(batchSize = 1000): Promise<VerifyResult> {
    const head: ChainHead = await this.repo.head();
    let expectedSeq = head.firstSeq;
    let prevHash = head.anchorHash;
    let after = head.firstSeq - 1;
    let checked = 0;
    const fail = (seq: number, id: string | null, kind: ChainProblemKind, message: string): VerifyResult => ({
      ok: false,
      entries: checked,
      firstSeq: head.firstSeq,
      lastSeq: head.lastSeq,
      lastHash: head.lastHash,
      problem: { seq, id, kind, message },
    });
    // Entries older than the chain's start (left behind by an interrupted purge) are not part of it.
    for (;;) {
      const rows = await this.repo.entriesAfter(after, batchSize);
      if (!rows.length) break;
      for (const row of rows) {
        if (row.seq > head.lastSeq) return fail(row.seq, row.id, 'altered', `entry #${row.seq} lies beyond the chain's recorded end (#${head.lastSeq}): it was inserted or renumbered`);
        if (row.seq !== expectedSeq) return fail(expectedSeq, null, 'removed', `entry #${expectedSeq} is missing: it was removed or renumbered`);
        if (row.prevHash !== prevHash) return fail(row.seq, row.id, 'reordered', `entry #${row.seq} (${row.id}) does not follow the entry before it: entries were reordered or the one before it was replaced`);
        const { hash, ...content } = row;
        if (entryHash(content) !== hash) return fail(row.seq, row.id, 'altered', `entry #${row.seq} (${row.id}) was altered: its content does not match its hash`);
        prevHash = hash;
        expectedSeq += 1;
        checked += 1;
      }
      after = rows[rows.length - 1]!.seq;
    }
    if (expectedSeq - 1 !== head.lastSeq) return fail(expectedSeq, null, 'truncated', `entry #${expectedSeq} is missing: the chain should end at #${head.lastSeq}`);
    if (prevHash !== head.lastHash) return fail(head.lastSeq, null, 'altered', `entry #${head.lastSeq} does not match the chain's recorded last hash`);
    return { ok: true, entries: checked, firstSeq: head.firstSeq, lastSeq: head.lastSeq, lastHash: head.lastHash };
  }

  /**
   * Removes the oldest entries created before `cutoff`, from the start of the chain, in batches of
   * one short transaction each; the chain's start moves with them, so what remains still verifies.
   * Retention must use this, never a plain DELETE. Returns the number of entries removed.
   */
  async purgeOlderThan(cutoff: number, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
    const batchSize = options.batchSize ?? 1000;
    let removed = 0;
    for (let batch = 0; batch < (options.maxBatches ?? Infinity); batch++) {
      const n = await this.knex.transaction(async (trx) => {
        const head = await this.repo.lockHead(trx);
        const prefix = await this.repo.oldestBefore(cutoff, head.firstSeq, batchSize, trx);
        if (!prefix.length) return 0;
        const last = prefix[prefix.length - 1]!;
        await this.repo.deleteUpTo(last.seq, trx);
        await this.repo.setHead({ ...head, firstSeq: last.seq + 1, anchorHash: last.hash }, trx);
        return prefix.length;
      });
      removed += n;
      if (n < batchSize) break;
    }
    return removed;
  }

  /** How many entries a purge with this cutoff would consider (created before it). */
  countOlderThan(cutoff: number): Promise<number> {
    return this.repo.countBefore(cutoff);
  }

  /** Entries created at or after `since`, in chain order, with identities resolved. */
  async *exportSince(since = 0, batchSize = 1000): AsyncGenerator<ResolvedEntry> {
    let after = -1;
    for (;;) {
      const rows = await this.repo.entriesSince(since, after, batchSize);
      if (!rows.length) return;
      const actors = await this.repo.actorsByIds([...new Set([...rows.map((r) => r.actorId), ...rows.map(personTargetOf)].filter((id): id is string => id !== null))]);
      for (const row of rows) yield this.resolve(row, actors);
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** A page of entries, newest first, for the admin pages. */
  async search(filter: AuditFilter, page: number, pageSize: number): Promise<{ entries: ResolvedEntry[]; total: number; actions: string[] }> {
    if (!Number.isInteger(page) || page < 1) throw new ValidationError({ page: 'errors.invalid' });
    const [rows, total, actions] = await Promise.all([this.repo.search(filter, (page - 1) * pageSize, pageSize), this.repo.count(filter), this.repo.distinctActions()]);
    const actors = new Map(rows.filter((r) => r.actor).map((r) => [r.actor!.id, r.actor!]));
    // The people entries are about: the same audit identities as actors, read in one query.
    const targets = [...new Set(rows.map(personTargetOf).filter((id): id is string => id !== null && !actors.has(id)))];
    if (targets.length) for (const [id, actor] of await this.repo.actorsByIds(targets)) actors.set(id, actor);
    return { entries: rows.map((r) => this.resolve(r, actors)), total, actions };
  }

  private resolve(row: AuditEntryRow, actors: Map<string, AuditActor>): ResolvedEntry {
    const actor = row.actorId ? actors.get(row.actorId) : undefined;
    const targetId = personTargetOf(row);
    const target = targetId ? actors.get(targetId) : undefined;
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      details = { unreadable: row.details };
    }
    return {
      seq: row.seq,
      id: row.id,
      at: new Date(row.createdAt).toISOString(),
      createdAt: row.createdAt,
      action: row.action,
      actorKind: row.actorKind,
      actorId: row.actorId,
      actorUserId: actor?.userId ?? null,
      actorEmail: actor?.email ?? null,
      actorName: actor?.displayName ?? null,
      actorErased: Boolean(actor?.erasedAt),
      workspaceId: row.workspaceId,
      targetType: row.targetType,
      targetId: row.targetId,
      targetUserId: target?.userId ?? null,
      targetName: target?.displayName ?? null,
      targetErased: Boolean(target?.erasedAt),
      details,
      prevHash: row.prevHash,
      hash: row.hash,
    };
  }
}
