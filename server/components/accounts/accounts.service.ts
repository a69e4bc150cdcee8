// Accounts: sign-up, sign-in, passwords, invitations, profile and the admin operations the CLI uses.
// No req/res here: the HTTP routes and the `opsenic users` commands call these same methods.
import type { AuditAction } from '../audit/audit-actions.js';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import type { Config } from '../../config.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { newId, newToken, sha256 } from '../../platform/ids.js';
import type { Clock } from '../../platform/clock.js';
import type { Mailer } from '../../platform/mailer.js';
import type { SessionsRepository } from '../sessions/sessions.repository.js';
import type { SigninLimits } from '../sessions/rate-limits.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { issueDeviceCookie, trustedDevice } from '../sessions/device-cookie.js';
import { systemActor, userActor, type Actor, type AuditService } from '../audit/audit.service.js';
import type { ProfileInput } from './accounts.schema.js';
import { newDeviceEmail } from './new-device-email.js';
import { decoy, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.js';
import type { TokensRepository, Invitation } from './tokens.repository.js';
import type { Role, User, UsersRepository } from './users.repository.js';

export interface NewAccount {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

/**
 * What a user looks like to `viewer` (a colleague, an admin, or the user themself) and to API clients.
 * When someone last signed in is activity data: only the person and admins see it.
 */
export function publicUser(user: User, viewer: Pick<User, 'id' | 'role'>) {
  const seesActivity = viewer.id === user.id || viewer.role === 'admin';
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    status: user.status,
    company: user.company,
    title: user.title,
    phone: user.phone,
    bio: user.bio,
    timeZone: user.timeZone,
    language: user.language,
    createdAt: new Date(user.createdAt).toISOString(),
    ...(seesActivity ? { lastSignInAt: user.lastSignInAt ? new Date(user.lastSignInAt).toISOString() : null } : {}),
  };
}

/** The least time a reset request takes to answer: known and unknown addresses answer alike. */
export const resetAnswerMs = 200;

export class AccountsService {
  constructor(
    private readonly knex: Knex,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly limits: SigninLimits,
    private readonly mailer: Mailer,
    private readonly config: Config,
    private readonly publicUrl: () => string,
    /** "Now" for reset and invitation links (a test moves it past their expiry). */
    private readonly clock: Clock,
    private readonly audit?: AuditService,
    /** Where work finished after the answer reports a failure (the server log). */
    private readonly onBackgroundError?: (error: unknown, message: string) => void,
  ) {}

  /** Records an audit entry (no-op where no audit service is wired, e.g. in narrow unit tests). */
  private async record(actor: Actor, action: AuditAction, target: Pick<User, 'id' | 'workspaceId'> | null, details: Record<string, unknown> = {}, trx?: Knex.Transaction): Promise<void> {
    await this.audit?.record(actor, action, { workspaceId: target?.workspaceId ?? null, target: target ? { type: 'user', id: target.id } : null, details }, trx);
  }

  private checkPassword(password: string, context: string[], field = 'password'): void {
    const problem = passwordProblem(password, this.config.accounts.passwordMinLength, context, this.config.accounts.passwordMinStrength);
    if (problem) throw new ValidationError({ [field]: problem });
  }

  /** Creates an account in the primary workspace. Open sign-up, or an invitation when sign-up is invite-only. */
  async signup(input: NewAccount & { invite?: string }): Promise<User> {
    const mode = await this.workspaces.signupMode();
    let invitation: Invitation | undefined;
    if (input.invite) {
      invitation = await this.validInvitation(input.invite);
      if (invitation.email.toLowerCase() !== input.email.toLowerCase()) throw new ValidationError({ email: 'invite.emailMismatch' });
    } else if (mode === 'invite') {
      throw new ForbiddenError('signup.inviteOnly');
    }
    return this.create({ ...input, role: invitation?.role ?? 'member' }, invitation);
  }

  /** Creates an account directly (CLI, setup page); the caller decides the role. */
  async create(input: NewAccount & { role: Role }, invitation?: Invitation, actor?: Actor): Promise<User> {
    this.checkNewAccountPassword(input);
    const passwordHash = await hashPassword(input.password, this.config.accounts.scrypt);
    return this.insertAccount({ ...input, passwordHash }, { invitation, actor });
  }

  /** The password rules of a new account (length, strength, not guessable from the name or email). */
  checkNewAccountPassword(input: NewAccount): void {
    this.checkPassword(input.password, [input.email.split('@')[0]!, input.firstName, input.lastName]);
  }

  /** Hashes a new account's password with the configured cost. */
  hashNewPassword(password: string): Promise<string> {
    return hashPassword(password, this.config.accounts.scrypt);
  }

  /**
   * Inserts an account whose password is already hashed, with its audit entry, in one transaction;
   * `alsoInTransaction` joins it (an invitation or a sign-up link is used by this account, or nothing is kept).
   */
  async insertAccount(
    input: Omit<NewAccount, 'password'> & { passwordHash: string; role: Role; workspaceId?: string },
    options: { invitation?: Invitation; actor?: Actor; details?: Record<string, unknown>; alsoInTransaction?: (trx: Knex.Transaction, userId: string, at: number) => Promise<void> } = {},
  ): Promise<User> {
    const { invitation } = options;
    const workspaceId = invitation?.workspaceId ?? input.workspaceId ?? (await this.workspaces.getPrimary()).id;
    const user = {
      id: newId(),
      workspaceId,
      email: input.email.trim(),
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      passwordHash: input.passwordHash,
      role: input.role,
      createdAt: this.clock.now(),
    };
    try {
      await this.knex.transaction(async (trx) => {
        await this.users.insert(user, trx);
        if (invitation && !(await this.tokens.acceptInvitation(invitation.id, user.id, user.createdAt, trx))) {
          throw new ValidationError({ invite: 'invite.invalid' });
        }
        await options.alsoInTransaction?.(trx, user.id, user.createdAt);
        await this.record(options.actor ?? userActor(user), 'users.create', user, { role: user.role, ...(invitation ? { invitation: invitation.id } : {}), ...options.details }, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('signup.emailTaken', { email: 'signup.emailTaken' });
      throw error;
    }
    return (await this.users.findById(user.id))!;
  }

  /**
   * Checks an email and password. Limits hold per IP, and (OWASP's device cookies) per device cookie
   * for a browser that signed in to this account before, else per (account, IP) and per account for
   * untrusted browsers: a stranger's failures lock out untrusted browsers, never the owner's known
   * one. Counted on the email typed, known or not, and every refusal reads the same, so nothing tells
   * which emails exist.
   */
  async authenticate(email: string, password: string, ip: string, deviceCookie?: string, userAgent?: string | null): Promise<User> {
    await this.limits.perIp.consume(ip, 'signin.tooMany');
    const device = trustedDevice(this.config.secretKey, email, deviceCookie);
    const accountIp = `${email}|${ip}`;
    if (device) await this.limits.perDevice.check(device, 'signin.tooMany');
    else {
      await this.limits.perAccountIp.check(accountIp, 'signin.tooMany');
      await this.limits.perAccount.check(email, 'signin.tooMany');
    }
    const user = await this.users.findByEmail(email);
    const hash = user?.passwordHash ?? (await decoy(this.config.accounts.scrypt));
    const matches = await verifyPassword(password, hash);
    if (!user || !matches || user.status !== 'active') {
      // The typed email is not recorded (it may belong to no one); a known account is, by its audit id.
      const reason = !user ? 'unknown_account' : !matches ? 'wrong_password' : 'account_disabled';
      await this.audit?.append({ action: 'auth.signin.failed', actorKind: 'user', actorUserId: user?.id ?? null, workspaceId: user?.workspaceId ?? null, details: { reason, trustedDevice: Boolean(device) } });
      if (device) await this.limits.perDevice.consume(device, 'signin.tooMany');
      else {
        await this.limits.perAccountIp.consume(accountIp, 'signin.tooMany');
        await this.limits.perAccount.consume(email, 'signin.tooMany');
      }
      throw new UnauthenticatedError('signin.invalid');
    }
    if (device) await this.limits.perDevice.reset(device);
    else await this.limits.perAccountIp.reset(accountIp);
    const changes: Parameters<UsersRepository['update']>[1] = { lastSignInAt: this.clock.now() };
    if (needsRehash(user.passwordHash!, this.config.accounts.scrypt)) {
      changes.passwordHash = await hashPassword(password, this.config.accounts.scrypt);
    }
    // A browser without this account's device cookie is one it was not used on before; the very
    // first sign-in of an account has nothing to compare with. The email is queued with the sign-in.
    const newDevice = !device && user.lastSignInAt !== null;
    await this.knex.transaction(async (trx) => {
      await this.users.update(user.id, changes, trx);
      await this.record(userActor(user), 'auth.signin', null, { method: 'password', newDevice }, trx);
      if (newDevice) await this.mailer.send(newDeviceEmail(user, { ip, userAgent: userAgent ?? null }, changes.lastSignInAt!), trx);
    });
    return { ...user, ...changes } as User;
  }

  /**
   * Whether a sign-in (by password or single sign-on) comes from a browser without this account's
   * device cookie: one it was not used on before. The very first sign-in has nothing to compare with.
   */
  isNewDevice(user: Pick<User, 'email' | 'lastSignInAt'>, deviceCookie: string | undefined): boolean {
    return user.lastSignInAt !== null && !trustedDevice(this.config.secretKey, user.email, deviceCookie);
  }

  /** The device cookie a browser gets after signing in to this account (see authenticate). */
  deviceCookieFor(email: string): string {
    return issueDeviceCookie(this.config.secretKey, email);
  }

  /** Accounts whose untrusted-browser sign-in is blocked now, with when the block ends (for admins). */
  async throttledAccounts(): Promise<Array<{ user: User; until: number }>> {
    const users = (await this.users.list()).filter((u) => u.status === 'active');
    const blocked = await this.limits.perAccount.blocked(this.knex, users.map((u) => u.email));
    return users.filter((u) => blocked.has(u.email)).map((u) => ({ user: u, until: blocked.get(u.email)! }));
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string, keepSessionSid?: string): Promise<void> {
    const user = await this.require(userId);
    if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ValidationError({ currentPassword: 'password.wrongCurrent' });
    }
    this.checkPassword(newPassword, [user.email.split('@')[0]!, user.firstName, user.lastName], 'newPassword');
    const passwordHash = await hashPassword(newPassword, this.config.accounts.scrypt);
    await this.knex.transaction(async (trx) => {
      await this.users.update(user.id, { passwordHash }, trx);
      await this.record(userActor(user), 'auth.password.change', user, {}, trx);
      await this.passwordChangedEmail(user, trx);
    });
    // A changed password ends every other session.
    await this.sessions.deleteAllForUser(user.id, keepSessionSid ? sha256(keepSessionSid) : undefined);
  }

  /**
   * Always answers the same way, in the same time. The rate limit is checked in the request; the
   * rest (finding the account, recording the link and queueing its email in one transaction) runs
   * alongside a fixed wait of `resetAnswerMs`, and the answer comes when that wait is over, whether
   * the work is done or not: how long an existing account's writes take is never visible, and SMTP
   * (sent later by the outbox) is never waited on.
   */
  async requestPasswordReset(email: string, ip: string, language = 'en'): Promise<void> {
    const wait = new Promise((resolve) => setTimeout(resolve, resetAnswerMs));
    await this.limits.resetPerIp.consume(ip, 'reset.tooMany');
    const work = this.issueReset(email, ip, language).catch((error) => this.onBackgroundError?.(error, 'could not issue a password reset'));
    await Promise.race([work, wait]);
    await wait;
  }

  private async issueReset(email: string, ip: string, language: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    await this.sendResetLink(user, ip, language);
  }

  /** An admin sends a person a password reset link (the same single-use link as "forgot password"). */
  async sendResetLinkFor(user: User, actor: Actor, language = 'en'): Promise<void> {
    if (user.status !== 'active') throw new ConflictError('users.notActive');
    await this.sendResetLink(user, null, language);
    await this.record(actor, 'users.reset_link', user);
  }

  private async sendResetLink(user: User, ip: string | null, language: string): Promise<void> {
    const token = newToken();
    const at = this.clock.now();
    await this.knex.transaction(async (trx) => {
      await this.tokens.expireResetsOf(user.id, at, trx);
      await this.tokens.insertReset({ id: newId(), userId: user.id, tokenHash: sha256(token), requestedIp: ip, createdAt: at, expiresAt: at + this.config.accounts.resetTokenTtl }, trx);
      const link = `${this.publicUrl()}/password/reset/${token}`;
      // The language of the page the person asked from.
      await this.mailer.send({ to: user.email, template: 'password_reset', category: 'account', userId: user.id, language, data: { firstName: user.firstName, link, minutes: Math.round(this.config.accounts.resetTokenTtl / 60_000) } }, trx);
    });
  }

  /** Service mail: a changed password is told to the account's address, in case it was not its owner. */
  private passwordChangedEmail(user: User, trx: Knex.Transaction): Promise<void> {
    return this.mailer.send({ to: user.email, template: 'password_changed', category: 'account', userId: user.id, data: { firstName: user.firstName, at: this.clock.now() } }, trx);
  }

  /**
   * A single-use reset link made by an admin (`opsenic users reset-link EMAIL`), for installs that send
   * no email: it replaces any earlier link of the account, is audited (never the link itself), and is
   * printed to the admin only, never to the log.
   */
  async createResetLink(email: string, actor: Actor): Promise<{ link: string; expiresAt: number; user: User }> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFoundError('users.notFound');
    if (user.status !== 'active') throw new ConflictError('users.notActive');
    const token = newToken();
    const at = this.clock.now();
    const expiresAt = at + this.config.accounts.resetTokenTtl;
    await this.tokens.expireResetsOf(user.id, at);
    await this.tokens.insertReset({ id: newId(), userId: user.id, tokenHash: sha256(token), requestedIp: null, createdAt: at, expiresAt });
    await this.record(actor, 'auth.password.reset_link', user, {});
    return { link: `${this.publicUrl()}/password/reset/${token}`, expiresAt, user };
  }

  async checkResetToken(token: string): Promise<void> {
    const reset = await this.tokens.findReset(sha256(token));
    if (!reset || reset.usedAt !== null || reset.expiresAt <= this.clock.now()) throw new ValidationError({ token: 'reset.invalid' }, 'reset.invalid');
  }

  async resetPassword(token: string, newPassword: string): Promise<User> {
    await this.checkResetToken(token);
    const reset = (await this.tokens.findReset(sha256(token)))!;
    const user = await this.require(reset.userId);
    this.checkPassword(newPassword, [user.email.split('@')[0]!, user.firstName, user.lastName]);
    const passwordHash = await hashPassword(newPassword, this.config.accounts.scrypt);
    await this.knex.transaction(async (trx) => {
      if (!(await this.tokens.consumeReset(reset.id, this.clock.now(), trx))) throw new ValidationError({ token: 'reset.invalid' }, 'reset.invalid');
      await this.users.update(user.id, { passwordHash }, trx);
      await trx('sessions').where({ user_id: user.id }).delete();
      await this.record(userActor(user), 'auth.password.reset', user, {}, trx);
      await this.passwordChangedEmail(user, trx);
    });
    return user;
  }

  async invite(invitedBy: User | null, email: string, role: Role, actor: Actor = systemActor): Promise<{ invitation: Invitation; link: string }> {
    if (await this.users.findByEmail(email)) throw new ConflictError('invite.alreadyMember', { email: 'invite.alreadyMember' });
    const workspace = await this.workspaces.getPrimary();
    const token = newToken();
    const at = this.clock.now();
    const invitation: Invitation = { id: newId(), workspaceId: workspace.id, email, role, invitedBy: invitedBy?.id ?? null, createdAt: at, expiresAt: at + this.config.accounts.inviteTtl, acceptedAt: null };
    const link = `${this.publicUrl()}/signup?invite=${token}`;
    // The invitation and its email are one event: both are kept, or neither.
    await this.knex.transaction(async (trx) => {
      await this.tokens.insertInvitation({ ...invitation, tokenHash: sha256(token) }, trx);
      // The invitee's email stays in the invitation row (erasable), not in the chained entry.
      await this.audit?.record(invitedBy ? userActor(invitedBy) : actor, 'users.invite', { workspaceId: workspace.id, target: { type: 'invitation', id: invitation.id }, details: { role } }, trx);
      const by = invitedBy ? `${invitedBy.firstName} ${invitedBy.lastName}` : '';
      await this.mailer.send({ to: email, template: 'invitation', category: 'account', workspaceId: workspace.id, language: invitedBy?.language ?? null, data: { by, workspace: workspace.name, link, days: Math.round(this.config.accounts.inviteTtl / 86_400_000) } }, trx);
    });
    return { invitation, link };
  }

  async validInvitation(token: string): Promise<Invitation> {
    const invitation = await this.tokens.findInvitation(sha256(token));
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= this.clock.now()) throw new ValidationError({ invite: 'invite.invalid' }, 'invite.invalid');
    return invitation;
  }

  async pendingInvitations(): Promise<Invitation[]> {
    const workspace = await this.workspaces.getPrimary();
    return this.tokens.listPendingInvitations(workspace.id, this.clock.now());
  }

  async updateProfile(userId: string, input: ProfileInput): Promise<User> {
    await this.require(userId);
    await this.users.update(userId, input as Parameters<UsersRepository['update']>[1]);
    return this.require(userId);
  }

  /** A profile is visible to members of the same workspace and to no one else. */
  async profileFor(viewer: User, userId: string): Promise<User> {
    const user = await this.users.findInWorkspace(viewer.workspaceId, userId);
    if (!user) throw new NotFoundError();
    return user;
  }

  async require(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('users.notFound');
    return user;
  }

  async requireByEmail(email: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFoundError('users.notFound');
    return user;
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.users.countAdmins()) > 0;
  }

  async setStatus(email: string, status: 'active' | 'disabled', actor: Actor = systemActor): Promise<User> {
    const user = await this.requireByEmail(email);
    if (user.status === 'deleted') throw new ConflictError('accountDeletion.alreadyDeleted'); // deleted accounts are never re-enabled
    if (status === 'disabled' && user.role === 'admin' && (await this.users.countAdmins()) <= 1) throw new ConflictError('users.lastAdmin');
    await this.users.update(user.id, { status });
    await this.record(actor, status === 'disabled' ? 'users.disable' : 'users.enable', user, { from: user.status, to: status });
    // Disabling stops sign-in at once: every session of the account ends.
    if (status === 'disabled') await this.sessions.deleteAllForUser(user.id);
    return this.require(user.id);
  }

  async setRole(email: string, role: Role, actor: Actor = systemActor): Promise<User> {
    const user = await this.requireByEmail(email);
    if (role !== 'admin' && user.role === 'admin' && (await this.users.countAdmins()) <= 1) throw new ConflictError('users.lastAdmin');
    await this.users.update(user.id, { role });
    await this.record(actor, role === 'admin' ? 'users.promote' : role === 'member' ? 'users.demote' : 'users.set_role', user, { from: user.role, to: role });
    return this.require(user.id);
  }

  async setPassword(email: string, password: string, actor: Actor = systemActor): Promise<User> {
    const user = await this.requireByEmail(email);
    this.checkPassword(password, [user.email.split('@')[0]!, user.firstName, user.lastName]);
    await this.users.update(user.id, { passwordHash: await hashPassword(password, this.config.accounts.scrypt) });
    await this.record(actor, 'users.set_password', user);
    await this.sessions.deleteAllForUser(user.id);
    return this.require(user.id);
  }
}
