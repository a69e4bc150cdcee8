// Account deletion: by the person themself (confirming with their password) or by an admin (browser
// or `opsenic users delete`). Sign-in stops at once: the account is marked deleted, every session
// ends and every personal access token is revoked, in one transaction. After the grace period
// (retention.policies.deletedAccounts.maxAge) the retention purge removes the person's data.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { now } from '../../platform/ids.js';
import { cutoffOf, parseMaxAge } from '../retention/policies.js';
import { auditActorOf, type AuditLog, type Initiator } from '../retention/ports.js';
import { verifyPassword } from './password.js';
import type { User, UsersRepository } from './users.repository.js';

export interface DeletedAccount {
  user: User;
  /** When the retention purge may remove the person's data (unless a legal hold stops it). */
  purgeAfter: number | null;
}

export class AccountDeletionService {
  constructor(
    private readonly knex: Knex,
    private readonly users: UsersRepository,
    private readonly config: Config,
    private readonly audit: () => AuditLog | undefined,
  ) {}

  /** The grace period's end for an account deleted at `deletedAt` (null: kept forever). */
  purgeAfter(deletedAt: number): number | null {
    const at = now();
    const cutoff = cutoffOf(parseMaxAge(this.config.retention.policies.deletedAccounts.maxAge)!, at);
    return cutoff === undefined ? null : deletedAt + (at - cutoff);
  }

  /** The person deletes their own account; their password confirms it (accounts without one confirm with their email). */
  async deleteOwn(userId: string, confirmation: { password?: string; email?: string }): Promise<DeletedAccount> {
    const user = await this.users.findById(userId);
    if (!user || user.status === 'deleted') throw new ConflictError('accountDeletion.alreadyDeleted');
    if (user.passwordHash) {
      if (!confirmation.password || !(await verifyPassword(confirmation.password, user.passwordHash))) throw new ValidationError({ password: 'password.wrongCurrent' });
    } else if ((confirmation.email ?? '').trim().toLowerCase() !== user.email.toLowerCase()) {
      throw new ValidationError({ email: 'accountDeletion.emailMismatch' });
    }
    return this.delete(user, { trigger: 'admin', userId: user.id, label: 'self' }, 'self');
  }

  /** An admin deletes someone's account (browser or CLI). */
  async deleteByAdmin(user: User, who: Initiator): Promise<DeletedAccount> {
    return this.delete(user, who, who.trigger === 'cli' ? 'cli' : 'admin');
  }

  private async delete(user: User, who: Initiator, by: 'self' | 'admin' | 'cli'): Promise<DeletedAccount> {
    if (user.status === 'deleted') throw new ConflictError('accountDeletion.alreadyDeleted');
    const deletedAt = now();
    await this.knex.transaction(async (trx) => {
      if (user.role === 'admin' && user.status === 'active' && (await this.users.countAdmins(trx)) <= 1) throw new ConflictError('users.lastAdmin');
      await this.users.update(user.id, { status: 'deleted', deletedAt }, trx);
      await trx('sessions').where({ user_id: user.id }).delete();
      await trx('api_tokens').where({ user_id: user.id }).whereNull('revoked_at').update({ revoked_at: deletedAt });
      await trx('password_resets').where({ user_id: user.id }).whereNull('used_at').update({ used_at: deletedAt });
      await this.audit()?.record(auditActorOf(who), 'users.delete', { workspaceId: user.workspaceId, target: { type: 'user', id: user.id }, details: { by } }, trx);
    });
    return { user: (await this.users.findById(user.id))!, purgeAfter: this.purgeAfter(deletedAt) };
  }
}
