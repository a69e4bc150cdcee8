// Single sign-on rules, after the protocol checks passed: which account a provider identity signs in
// as, when an unknown person gets the prefilled sign-up form or an account at once, when an identity
// may be linked to an existing account (its password once, or a verified email the admin trusts),
// and the SSO-only mode. Every refusal is audited. No req/res here.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { AppError, ConflictError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { email as emailSchema } from '../accounts/accounts.schema.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { userActor, type AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { OidcProviderConfig } from './identity.config.js';
import type { IdentityLink, IdentityRepository, LinkedBy } from './identity.repository.js';
import type { RefusalReason } from './identity.providers.js';

/** Reasons a sign-in is refused after the token checks passed. */
export type PolicyRefusal = 'account_disabled' | 'unknown_account' | 'domain_not_allowed' | 'missing_email' | 'missing_subject' | 'link_not_possible' | 'sso_only';

/** A refused single sign-on: the page shows the reason's message; the audit entry is already written. */
export class SsoRefusedError extends AppError {
  constructor(
    public readonly reason: RefusalReason | PolicyRefusal,
    status = 401,
  ) {
    super(status, 'sso_refused', `identity.refused.${reason}`);
  }
}

/** The person as the provider describes them, after the claim mapping. */
export interface ProviderIdentity {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  groups: string[];
}

export type SignInOutcome =
  | { kind: 'signedIn'; user: User; created: boolean }
  /** Unknown person: show the sign-up form prefilled from the provider. */
  | { kind: 'signup'; identity: ProviderIdentity }
  /** An account with this email exists: the person proves it with its password once. */
  | { kind: 'link'; identity: ProviderIdentity; email: string };

const NAME_MAX = 100;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, NAME_MAX) : '';
}

function claimValue(claims: Record<string, unknown>, name: string): unknown {
  // Dotted names reach into nested claims (e.g. "address.email" or Keycloak's "realm_access.roles").
  return name.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), claims);
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

export class IdentityService {
  constructor(
    private readonly knex: Knex,
    private readonly identities: IdentityRepository,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  private settings(provider: string): OidcProviderConfig {
    const settings = this.config.oidc.providers[provider];
    if (!settings) throw new SsoRefusedError('provider_error', 404);
    return settings;
  }

  /** Applies the provider's claim mapping to verified claims. */
  identityFrom(provider: string, claims: Record<string, unknown>): ProviderIdentity {
    const map = this.settings(provider).claims;
    const rawEmail = claimValue(claims, map.email);
    const parsedEmail = emailSchema.safeParse(rawEmail);
    const verified = claimValue(claims, map.emailVerified);
    const groups = claimValue(claims, map.groups);
    let firstName = text(claimValue(claims, map.givenName));
    let lastName = text(claimValue(claims, map.familyName));
    if (!firstName && !lastName && typeof claims.name === 'string') {
      const [first, ...rest] = claims.name.trim().split(/\s+/);
      firstName = text(first);
      lastName = text(rest.join(' '));
    }
    return {
      provider,
      subject: typeof claims.sub === 'string' ? claims.sub : '',
      email: parsedEmail.success ? parsedEmail.data : null,
      emailVerified: verified === true || verified === 'true',
      firstName,
      lastName,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string').slice(0, 200) : [],
    };
  }

  /** Audits a refused sign-in and returns the error that shows its page. */
  async refuse(provider: string, reason: RefusalReason | PolicyRefusal, userId: string | null = null, status = 401): Promise<SsoRefusedError> {
    await this.audit.append({ action: 'auth.sso.refused', actorKind: userId ? 'user' : 'system', actorUserId: userId, details: { provider, reason } });
    return new SsoRefusedError(reason, status);
  }

  private domainAllowed(settings: OidcProviderConfig, email: string | null): boolean {
    if (!settings.allowedDomains.length) return true;
    return email !== null && settings.allowedDomains.includes(domainOf(email));
  }

  /** Decides what a verified provider identity does: sign in, sign up (prefilled or automatic), or prove an existing account. */
  async signIn(identity: ProviderIdentity): Promise<SignInOutcome> {
    const settings = this.settings(identity.provider);
    if (!identity.subject) throw await this.refuse(identity.provider, 'missing_subject');
    const link = await this.identities.find(identity.provider, identity.subject);
    if (link) {
      const user = await this.users.findById(link.userId);
      if (!user || user.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', user?.id ?? null, 403);
      await this.identities.touch(link.id, now(), identity.email);
      return { kind: 'signedIn', user: await this.recordSignIn(user, identity.provider), created: false };
    }
    const existing = identity.email ? await this.users.findByEmail(identity.email) : undefined;
    if (existing) {
      if (existing.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', existing.id, 403);
      if (settings.linkVerifiedEmail && identity.emailVerified) {
        await this.link(existing, identity, 'verified_email');
        return { kind: 'signedIn', user: await this.recordSignIn(existing, identity.provider), created: false };
      }
      if (!existing.passwordHash) throw await this.refuse(identity.provider, 'link_not_possible', existing.id, 403);
      return { kind: 'link', identity, email: existing.email };
    }
    if (settings.newAccounts === 'refuse') throw await this.refuse(identity.provider, 'unknown_account', null, 403);
    if (!identity.email && settings.newAccounts === 'auto') throw await this.refuse(identity.provider, 'missing_email', null, 403);
    if (!this.domainAllowed(settings, identity.email)) throw await this.refuse(identity.provider, 'domain_not_allowed', null, 403);
    if (settings.newAccounts === 'auto' && identity.firstName && identity.lastName) {
      const user = await this.createAccount(identity, { firstName: identity.firstName, lastName: identity.lastName, email: identity.email! }, 'auto');
      return { kind: 'signedIn', user: await this.recordSignIn(user, identity.provider), created: true };
    }
    // Prefill (also for automatic creation when the provider gave no name: the person completes it).
    return { kind: 'signup', identity };
  }

  /** The person confirmed the prefilled form. A verified email cannot be changed; the domain rule holds for the final email. */
  async completeSignup(identity: ProviderIdentity, input: { firstName: string; lastName: string; email: string }): Promise<User> {
    const settings = this.settings(identity.provider);
    const email = identity.emailVerified && identity.email ? identity.email : input.email;
    if (identity.emailVerified && identity.email && input.email.toLowerCase() !== identity.email.toLowerCase()) throw new ValidationError({ email: 'identity.emailLocked' });
    if (settings.newAccounts === 'refuse') throw await this.refuse(identity.provider, 'unknown_account', null, 403);
    if (!this.domainAllowed(settings, email)) throw new ValidationError({ email: 'identity.domainNotAllowed' });
    const user = await this.createAccount(identity, { ...input, email }, 'signup');
    return this.recordSignIn(user, identity.provider);
  }

  /** Proof by password: the same checks and limits as the password sign-in, then the identity is linked. */
  async linkWithPassword(identity: ProviderIdentity, email: string, password: string, ip: string): Promise<User> {
    const user = await this.accounts.authenticate(email, password, ip);
    await this.link(user, identity, 'password');
    return this.recordSignIn(user, identity.provider);
  }

  linksOf(userId: string): Promise<IdentityLink[]> {
    return this.identities.listForUser(userId);
  }

  /** SSO-only mode: password sign-in stays open only to the named break-glass admins. */
  passwordSignInAllowed(email: string, user: User | undefined): boolean {
    if (!this.config.oidc.ssoOnly) return true;
    return this.config.oidc.breakGlassAdmins.includes(email.trim().toLowerCase()) && user?.role === 'admin';
  }

  async refusePasswordSignIn(user: User | undefined): Promise<void> {
    await this.audit.append({ action: 'auth.signin.failed', actorKind: 'user', actorUserId: user?.id ?? null, workspaceId: user?.workspaceId ?? null, details: { reason: 'sso_only' } });
  }

  private async link(user: Pick<User, 'id' | 'workspaceId'>, identity: ProviderIdentity, linkedBy: LinkedBy, trx?: Knex.Transaction): Promise<void> {
    const at = now();
    try {
      await this.identities.insert({ id: newId(), workspaceId: user.workspaceId, userId: user.id, provider: identity.provider, subject: identity.subject, email: identity.email, linkedBy, createdAt: at, lastUsedAt: at }, trx);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('identity.alreadyLinked');
      throw error;
    }
    await this.audit.record(userActor(user), 'identity.link', { workspaceId: user.workspaceId, target: { type: 'user', id: user.id }, details: { provider: identity.provider, linkedBy } }, trx);
  }

  /** An account without a password: it signs in through its provider only. */
  private async createAccount(identity: ProviderIdentity, input: { firstName: string; lastName: string; email: string }, linkedBy: 'signup' | 'auto'): Promise<User> {
    const workspace = await this.workspaces.getPrimary();
    const user = { id: newId(), workspaceId: workspace.id, email: input.email.trim(), firstName: input.firstName.trim(), lastName: input.lastName.trim(), passwordHash: null, role: 'member' as const, createdAt: now() };
    try {
      await this.knex.transaction(async (trx) => {
        await this.users.insert(user, trx);
        await this.audit.record(userActor(user), 'users.create', { workspaceId: user.workspaceId, target: { type: 'user', id: user.id }, details: { role: user.role, via: 'oidc', provider: identity.provider, mode: linkedBy } }, trx);
        await this.link(user, identity, linkedBy, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('signup.emailTaken', { email: 'signup.emailTaken' });
      throw error;
    }
    return (await this.users.findById(user.id))!;
  }

  private async recordSignIn(user: User, provider: string): Promise<User> {
    const at = now();
    await this.users.update(user.id, { lastSignInAt: at });
    await this.audit.record(userActor(user), 'auth.signin', { workspaceId: user.workspaceId, details: { method: 'oidc', provider } });
    return { ...user, lastSignInAt: at };
  }
}
