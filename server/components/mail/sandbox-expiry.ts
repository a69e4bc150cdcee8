// Sandbox expiry notices: when a sandbox workspace comes within mail.sandboxNotice of its expiry,
// its active admins are emailed once. The workspace remembers which expiry it warned about
// (workspaces.expiry_notice_for), set with a compare-and-set in the transaction that queues the
// emails: once across replicas and restarts, and again only if the expiry is moved.
import type { Knex } from 'knex';
import { now } from '../../platform/ids.js';
import type { OutboxMailer } from './outbox.js';

export class SandboxExpiryNotices {
  constructor(
    private readonly knex: Knex,
    private readonly mailer: OutboxMailer,
    private readonly noticeMs: number,
  ) {}

  /** Queues the notices due at `at`; returns how many sandboxes were noticed. */
  async queueDue(at = now()): Promise<number> {
    const due: Array<{ id: string; name: string; expires_at: string | number }> = await this.knex('workspaces')
      .where({ kind: 'sandbox' })
      .where('expires_at', '>', at)
      .where('expires_at', '<=', at + this.noticeMs)
      .where((w) => w.whereNull('expiry_notice_for').orWhereRaw('expiry_notice_for <> expires_at'))
      .select('id', 'name', 'expires_at');
    let noticed = 0;
    for (const sandbox of due) if (await this.notice(sandbox.id, sandbox.name, Number(sandbox.expires_at))) noticed++;
    return noticed;
  }

  private notice(workspaceId: string, name: string, expiresAt: number): Promise<boolean> {
    return this.knex.transaction(async (trx) => {
      const claimed = await trx('workspaces')
        .where({ id: workspaceId, expires_at: expiresAt })
        .where((w) => w.whereNull('expiry_notice_for').orWhereNot('expiry_notice_for', expiresAt))
        .update({ expiry_notice_for: expiresAt });
      if (claimed !== 1) return false; // another replica noticed it, or the expiry just moved
      const admins: Array<{ id: string; email: string; first_name: string }> = await trx('users').where({ workspace_id: workspaceId, role: 'admin', status: 'active' }).select('id', 'email', 'first_name');
      await this.mailer.queue(admins.map((a) => ({ to: a.email, template: 'sandbox_expiry', category: 'sandbox', userId: a.id, workspaceId, data: { firstName: a.first_name, workspace: name, expiresAt } })), trx);
      return true;
    });
  }
}
