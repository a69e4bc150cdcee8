// Sign-up by emailed link (issue 19): the sign-up form answers the same for a new and a taken email,
// in the same time. A new email gets a single-use, expiring link that creates the account; a taken
// one gets a mail to its owner instead. Sign-up through an invitation (the invitation proved the
// address) and the first admin's setup stay immediate (AccountsService.signup / create).
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import { newId, newToken, sha256 } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mailer.js';
import type { DatabaseRateLimiter } from '../sessions/rate-limits.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AccountsService, NewAccount } from './accounts.service.js';
import type { SignupLinksRepository } from './signup-links.repository.js';
import type { User, UsersRepository } from './users.repository.js';

/** The time every sign-up request takes to answer: a new and a taken email answer alike. */
export const signupAnswerMs = 250;

export class SignupService {
  constructor(
    private readonly knex: Knex,
    private readonly links: SignupLinksRepository,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsService,
    private readonly workspaces: WorkspacesService,
    private readonly limit: DatabaseRateLimiter,
    private readonly mailer: Mailer,
    private readonly config: Config,
    private readonly publicUrl: () => string,
    private readonly clock: Clock,
    /** Where work finished after the answer reports a failure (the server log). */
    private readonly onBackgroundError: (error: unknown, message: string) => void,
  ) {}

  /**
   * The sign-up form without an invitation. What the answer depends on (the sign-up mode, the
   * fields, the password rules) is checked in the request; the rest (is the email taken? hash the
   * password, record the link and queue its email, or queue the owner's email) runs alongside a
   * fixed wait of `signupAnswerMs`, and the answer comes when that wait is over.
   */
  async request(input: NewAccount, ip: string, language: string): Promise<void> {
    const wait = new Promise((resolve) => setTimeout(resolve, signupAnswerMs));
    if ((await this.workspaces.signupMode()) === 'invite') throw new ForbiddenError('signup.inviteOnly');
    this.accounts.checkNewAccountPassword(input);
    await this.limit.consume(ip, 'signup.tooMany');
    const work = this.issue(input, language).catch((error) => this.onBackgroundError(error, 'could not handle a sign-up request'));
    await Promise.race([work, wait]);
    await wait;
  }

  private async issue(input: NewAccount, language: string): Promise<void> {
    // The password is hashed either way: the work is the same for a new and a taken email.
    const passwordHash = await this.accounts.hashNewPassword(input.password);
    const owner = await this.users.findByEmail(input.email.trim());
    if (owner) return this.tellOwner(owner, language);
    const workspace = await this.workspaces.getPrimary();
    const token = newToken();
    const at = this.clock.now();
    const ttl = this.config.accounts.signupLinkTtl;
    const email = input.email.trim();
    await this.knex.transaction(async (trx) => {
      await this.links.insert({ id: newId(), workspaceId: workspace.id, email, firstName: input.firstName.trim(), lastName: input.lastName.trim(), passwordHash, tokenHash: sha256(token), language, createdAt: at, expiresAt: at + ttl, usedAt: null }, trx);
      await this.mailer.send({ to: email, template: 'signup_confirm', category: 'account', workspaceId: workspace.id, language, data: { firstName: input.firstName.trim(), link: `${this.publicUrl()}/signup/confirm/${token}`, hours: Math.round(ttl / 3_600_000) } }, trx);
    });
  }

  /** Someone signed up with the address of an existing account: its owner is told, with the ways in. */
  private async tellOwner(owner: User, language: string): Promise<void> {
    if (owner.status !== 'active') return; // a disabled or deleted account gets no mail
    const base = this.publicUrl();
    await this.mailer.send({ to: owner.email, template: 'signup_taken', category: 'security', userId: owner.id, language: owner.language ?? language, data: { firstName: owner.firstName, signinLink: `${base}/signin`, resetLink: `${base}/password/forgot` } });
  }

  /** The link's sign-up if it can still be used; a clear error when it is unknown, used or expired. */
  async check(token: string) {
    const link = await this.links.find(sha256(token));
    if (!link) throw new ValidationError({ token: 'signupLink.invalid' }, 'signupLink.invalid');
    if (link.usedAt !== null) throw new ValidationError({ token: 'signupLink.used' }, 'signupLink.used');
    if (link.expiresAt <= this.clock.now()) throw new ValidationError({ token: 'signupLink.expired' }, 'signupLink.expired');
    return link;
  }

  /** Follows the link: creates the account (the link is used by it, once) and returns it to sign in. */
  async confirm(token: string): Promise<User> {
    const link = await this.check(token);
    if ((await this.workspaces.signupMode()) === 'invite') throw new ForbiddenError('signup.inviteOnly');
    try {
      return await this.accounts.insertAccount(
        { email: link.email, firstName: link.firstName, lastName: link.lastName, passwordHash: link.passwordHash, role: 'member', workspaceId: link.workspaceId },
        {
          details: { method: 'email_link' },
          alsoInTransaction: async (trx, userId, at) => {
            if (!(await this.links.consume(link.id, userId, at, trx))) throw new ValidationError({ token: 'signupLink.used' }, 'signupLink.used');
            // The confirmation emails went to an address without an account: they are the new account's
            // now, so its access export shows them and its erasure removes them.
            await trx('email_outbox').whereNull('user_id').where({ to_lower: link.email.toLowerCase() }).update({ user_id: userId });
          },
        },
      );
    } catch (error) {
      // An account with this address was made since (another link, an invitation): sign in instead.
      if (error instanceof ConflictError) throw new ConflictError('signupLink.taken', { token: 'signupLink.taken' });
      throw error;
    }
  }
}
