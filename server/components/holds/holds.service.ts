// Legal holds: while a hold is in force, retention and erasure leave the held person's data (or a
// held workspace's data) alone; plans and run reports show what was held and why.
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { auditActorOf, type AuditLog, type Initiator } from '../retention/ports.js';
import type { HoldInput } from './holds.schema.js';
import type { HoldsRepository, LegalHold } from './holds.repository.js';

/** The holds in force at one moment, as retention applies them. */
export interface ActiveHolds {
  holds: LegalHold[];
  userIds: string[];
  workspaceIds: string[];
}

export class HoldsService {
  constructor(
    private readonly knex: Knex,
    private readonly holds: HoldsRepository,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly audit: () => AuditLog | undefined,
    /** "Now" for a hold's `until` (a test moves it past that date). */
    private readonly clock: Clock = systemClock,
  ) {}

  /** `within`: the admin's workspace in the browser, where a person of another workspace is as unknown as no one. */
  async add(input: HoldInput, who: Initiator, within?: { workspaceId: string }): Promise<LegalHold> {
    let workspaceId: string;
    let userId: string | null = null;
    if (input.user) {
      const user = await this.users.findByEmail(input.user);
      if (!user || (within && user.workspaceId !== within.workspaceId)) throw new ValidationError({ user: 'holds.unknownUser' });
      if (user.status === 'deleted' && (await this.knex('users').where({ id: user.id }).whereNotNull('purged_at').first())) throw new ValidationError({ user: 'holds.alreadyPurged' });
      workspaceId = user.workspaceId;
      userId = user.id;
    } else {
      const workspace = await this.workspaces.findById(input.workspace!);
      if (!workspace) throw new ValidationError({ workspace: 'holds.unknownWorkspace' });
      workspaceId = workspace.id;
    }
    const hold = { id: newId(), workspaceId, userId, reason: input.reason, createdBy: who.label, createdAt: this.clock.now(), untilAt: input.until ?? null };
    await this.knex.transaction(async (trx) => {
      await this.holds.insert(hold, trx);
      // No reason text in the chained entry: it may name people, and chained entries cannot be erased.
      await this.audit()?.record(auditActorOf(who), 'holds.add', { workspaceId, target: userId ? { type: 'user', id: userId } : { type: 'workspace', id: workspaceId }, details: { holdId: hold.id, scope: userId ? 'user' : 'workspace', until: hold.untilAt } }, trx);
    });
    return (await this.holds.find(hold.id))!;
  }

  async release(id: string, who: Initiator): Promise<LegalHold> {
    const hold = await this.holds.find(id);
    if (!hold) throw new NotFoundError('holds.notFound');
    if (hold.releasedAt !== null) throw new ConflictError('holds.alreadyReleased');
    await this.knex.transaction(async (trx) => {
      await this.holds.release(id, this.clock.now(), who.label, trx);
      await this.audit()?.record(auditActorOf(who), 'holds.release', { workspaceId: hold.workspaceId, details: { holdId: id } }, trx);
    });
    return (await this.holds.find(id))!;
  }

  list(filter: { active?: boolean } = {}): Promise<LegalHold[]> {
    return this.holds.list(filter.active ? { activeAt: this.clock.now() } : {});
  }

  async active(at = this.clock.now()): Promise<ActiveHolds> {
    const holds = await this.holds.list({ activeAt: at });
    return {
      holds,
      userIds: [...new Set(holds.filter((h) => h.userId).map((h) => h.userId!))],
      workspaceIds: [...new Set(holds.filter((h) => !h.userId).map((h) => h.workspaceId))],
    };
  }

  /** Whether a person's data is held (by a hold on them or on their workspace). Erasure calls this. */
  async isUserHeld(userId: string): Promise<LegalHold[]> {
    const user = await this.users.findById(userId);
    const { holds } = await this.active();
    return holds.filter((h) => h.userId === userId || (!h.userId && user && h.workspaceId === user.workspaceId));
  }

  /** Throws a 409 naming the hold when the person's data is held: call before erasing them. */
  async assertNotHeld(userId: string): Promise<void> {
    const held = await this.isUserHeld(userId);
    if (held.length) throw new ConflictError('holds.userHeld');
  }
}
