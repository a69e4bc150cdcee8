// Single sign-on rules, after the protocol checks passed: which account a provider identity signs in
// as, when an unknown person gets the prefilled sign-up form or an account at once, when an identity
// may be linked to an existing account (its password once, or a verified email the admin trusts),
// and the SSO-only mode. Every refusal is audited. No req/res here.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { AppError, ConflictError, ValidationError } from '../../platform/errors.js';
import { newId, newToken, now, sha256 } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mailer.js';
import { newDeviceEmail } from '../accounts/new-device-email.js';
import type { Invitation, TokensRepository } from '../accounts/tokens.repository.js';
import { email as emailSchema } from '../accounts/accounts.schema.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { userActor, type AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { OidcProviderConfig } from './identity.config.js';
import type { IdentityLink, IdentityRepository, LinkedBy } from './identity.repository.js';
import type { RefusalReason } from './identity.providers.js';
import type { GroupMapper } from './identity.groups.js';

/** Reasons a sign-in is refused after the token checks passed. */
export type PolicyRefusal = 'account_disabled' | 'unknown_account' | 'domain_not_allowed' | 'missing_email' | 'missing_subject' | 'link_not_possible' | 'sso_only' | 'invitation_required';

/** How long the link that proves an email typed on (or unverified by) the single sign-on sign-up stays valid. */
export const EMAIL_PROOF_TTL_MS = 30 * 60_000;

/** An email waiting for its proof: the link was mailed to it; only a hash of the token is kept (in the session). */
export interface EmailProof {
  email: string;
  firstName: string;
  lastName: string;
  tokenHash: string;
  expiresAt: number;
}

/** A refused single sign-on: the page shows the reason's message; the audit entry is already written. */
export class SsoRefusedError extends AppError {
  constructor(
    public readonly reason: RefusalReason | PolicyRefusal,
    status = 401,
  ) {
    super(status, 'sso_refused', `identity.refused.${reason}`);
  }
}

/** The browser a sign-in comes from: its address, user agent and sign-in device cookie (see sessions/device-cookie.ts). */
export interface SignInClient {
  ip: string | null;
  userAgent: string | null;
  deviceCookie: string | undefined;
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

/** The accounts a provider's SCIM token provisioned (scim/ answers; identity/ only asks). */
export interface ProvisionedAccounts {
  findProvisioned(provider: string, subject: string, email: string | null): Promise<string | undefined>;
}

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
    private readonly tokens: TokensRepository,
    private readonly mailer: Mailer,
    private readonly publicUrl: () => string,
    private readonly provisioned: ProvisionedAccounts = { findProvisioned: async () => undefined },
    private readonly groupMapper?: GroupMapper,
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
      // An email counts only when the provider verified it, or when the admin trusts this provider's emails.
      emailVerified: verified === true || verified === 'true' || this.settings(provider).trustEmail,
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

  /**
   * Whether a new account may be created for this (verified or proven) email: invite-only mode needs an
   * invitation for it, unless the provider is configured to create accounts (`newAccounts: auto`, an
   * explicit opt-in). Returns the invitation to accept with the account, if any.
   */
  private async admission(settings: OidcProviderConfig, provider: string, email: string): Promise<Invitation | undefined> {
    const invitation = await this.tokens.findPendingInvitationByEmail(email, now());
    if (!invitation && settings.newAccounts !== 'auto' && (await this.workspaces.signupMode()) === 'invite') throw await this.refuse(provider, 'invitation_required', null, 403);
    return invitation;
  }

  /** Decides what a verified provider identity does: sign in, sign up (prefilled or automatic), or prove an existing account. */
  async signIn(identity: ProviderIdentity, client?: SignInClient): Promise<SignInOutcome> {
    const settings = this.settings(identity.provider);
    if (!identity.subject) throw await this.refuse(identity.provider, 'missing_subject');
    const link = await this.identities.find(identity.provider, identity.subject);
    if (link) {
      const user = await this.users.findById(link.userId);
      if (!user || user.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', user?.id ?? null, 403);
      await this.identities.touch(link.id, now(), identity.email, identity.groups);
      return { kind: 'signedIn', user: await this.recordSignIn(user, identity, link.groups, client), created: false };
    }
    // Provisioned by this provider's own SCIM token: the provider vouched for the account, so its
    // first sign-in links by externalId/subject or by email, whether or not email_verified is sent.
    const provisionedId = await this.provisioned.findProvisioned(identity.provider, identity.subject, identity.email);
    if (provisionedId) {
      const user = await this.users.findById(provisionedId);
      if (!user || user.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', user?.id ?? null, 403);
      await this.link(user, identity, 'scim');
      return { kind: 'signedIn', user: await this.recordSignIn(user, identity, [], client), created: false };
    }
    // Only a verified email may match an account, admit by domain or create one: an unverified one is
    // what anyone can type at some providers (the first step of an account takeover).
    const verifiedEmail = identity.emailVerified ? identity.email : null;
    const existing = verifiedEmail ? await this.users.findByEmail(verifiedEmail) : undefined;
    if (existing) {
      if (existing.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', existing.id, 403);
      if (settings.linkVerifiedEmail) {
        await this.link(existing, identity, 'verified_email');
        return { kind: 'signedIn', user: await this.recordSignIn(existing, identity, [], client), created: false };
      }
      if (!existing.passwordHash) throw await this.refuse(identity.provider, 'link_not_possible', existing.id, 403);
      return { kind: 'link', identity, email: existing.email };
    }
    if (settings.newAccounts === 'refuse') throw await this.refuse(identity.provider, 'unknown_account', null, 403);
    if (!identity.email && settings.newAccounts === 'auto') throw await this.refuse(identity.provider, 'missing_email', null, 403);
    if (verifiedEmail) {
      if (!this.domainAllowed(settings, verifiedEmail)) throw await this.refuse(identity.provider, 'domain_not_allowed', null, 403);
      const invitation = await this.admission(settings, identity.provider, verifiedEmail);
      if (settings.newAccounts === 'auto' && identity.firstName && identity.lastName) {
        const user = await this.createAccount(identity, { firstName: identity.firstName, lastName: identity.lastName, email: verifiedEmail }, 'auto', invitation);
        return { kind: 'signedIn', user: await this.recordSignIn(user, identity, [], client), created: true };
      }
    }
    // The prefilled form: to confirm a verified email, or to prove an unverified (or another) one by a link.
    return { kind: 'signup', identity };
  }

  /**
   * The person confirmed the prefilled form. The provider's verified email creates the account at
   * once; any other email (the provider's unverified one, or one the person typed instead) is proven
   * first by a link mailed to it, and the account is created when the link is opened.
   */
  async completeSignup(identity: ProviderIdentity, input: { firstName: string; lastName: string; email: string }, language = 'en'): Promise<{ user: User } | { proof: EmailProof }> {
    const settings = this.settings(identity.provider);
    if (settings.newAccounts === 'refuse') throw await this.refuse(identity.provider, 'unknown_account', null, 403);
    const email = input.email.trim();
    if (!this.domainAllowed(settings, email)) throw new ValidationError({ email: 'identity.domainNotAllowed' });
    const verified = identity.emailVerified && identity.email !== null && identity.email.toLowerCase() === email.toLowerCase();
    if (verified) {
      if (await this.users.findByEmail(email)) throw new ConflictError('signup.emailTaken', { email: 'signup.emailTaken' });
      const invitation = await this.admission(settings, identity.provider, email);
      const user = await this.createAccount(identity, { ...input, email }, 'signup', invitation);
      return { user: await this.recordSignIn(user, identity) };
    }
    const token = newToken();
    const proof: EmailProof = { email, firstName: input.firstName.trim(), lastName: input.lastName.trim(), tokenHash: sha256(token), expiresAt: now() + EMAIL_PROOF_TTL_MS };
    const link = `${this.publicUrl()}/signup/sso/confirm?token=${token}`;
    const provider = settings.displayName;
    await this.mailer.send({
      to: email,
      subject: language === 'fr' ? 'Confirmez votre adresse pour Opsenic' : 'Confirm your email address for Opsenic',
      text:
        language === 'fr'
          ? `Bonjour,\n\nPour terminer votre inscription avec ${provider}, ouvrez ce lien dans le même navigateur (valable 30 minutes, une seule fois) :\n${link}\n\nSi vous n'avez rien demandé, ignorez ce message : rien ne sera créé.`
          : `Hello,\n\nTo finish signing up with ${provider}, open this link in the same browser (valid for 30 minutes, once):\n${link}\n\nIf you did not ask for this, ignore this message: nothing will be created.`,
    });
    await this.audit.append({ action: 'identity.email_proof.sent', actorKind: 'system', actorUserId: null, details: { provider: identity.provider } });
    return { proof };
  }

  /**
   * The link proving an email was opened (in the browser holding the pending sign-up). The email is
   * now proven: it signs in as the account that has it (linking this identity), or creates one under
   * the same admission rules as a verified email.
   */
  async confirmEmailProof(identity: ProviderIdentity, proof: EmailProof, token: string): Promise<User> {
    if (sha256(token) !== proof.tokenHash || proof.expiresAt <= now()) throw new ValidationError({ token: 'identity.proofInvalid' }, 'identity.proofInvalid');
    const settings = this.settings(identity.provider);
    const existing = await this.users.findByEmail(proof.email);
    if (existing) {
      if (existing.status !== 'active') throw await this.refuse(identity.provider, 'account_disabled', existing.id, 403);
      await this.link(existing, identity, 'email_link');
      return this.recordSignIn(existing, identity);
    }
    if (settings.newAccounts === 'refuse') throw await this.refuse(identity.provider, 'unknown_account', null, 403);
    if (!this.domainAllowed(settings, proof.email)) throw await this.refuse(identity.provider, 'domain_not_allowed', null, 403);
    const invitation = await this.admission(settings, identity.provider, proof.email);
    const user = await this.createAccount(identity, { firstName: proof.firstName, lastName: proof.lastName, email: proof.email }, 'email_link', invitation);
    return this.recordSignIn(user, identity);
  }

  /** Proof by password: the same checks and limits as the password sign-in, then the identity is linked. */
  async linkWithPassword(identity: ProviderIdentity, email: string, password: string, ip: string): Promise<User> {
    const user = await this.accounts.authenticate(email, password, ip);
    await this.link(user, identity, 'password');
    return this.recordSignIn(user, identity);
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
      await this.identities.insert({ id: newId(), workspaceId: user.workspaceId, userId: user.id, provider: identity.provider, subject: identity.subject, email: identity.email, linkedBy, createdAt: at, lastUsedAt: at, groups: identity.groups }, trx);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('identity.alreadyLinked');
      throw error;
    }
    await this.audit.record(userActor(user), 'identity.link', { workspaceId: user.workspaceId, target: { type: 'user', id: user.id }, details: { provider: identity.provider, linkedBy } }, trx);
  }

  /** An account without a password: it signs in through its provider only. */
  private async createAccount(identity: ProviderIdentity, input: { firstName: string; lastName: string; email: string }, linkedBy: 'signup' | 'auto' | 'email_link', invitation?: Invitation): Promise<User> {
    const workspace = await this.workspaces.getPrimary();
    const user = { id: newId(), workspaceId: invitation?.workspaceId ?? workspace.id, email: input.email.trim(), firstName: input.firstName.trim(), lastName: input.lastName.trim(), passwordHash: null, role: invitation?.role ?? ('member' as const), createdAt: now() };
    try {
      await this.knex.transaction(async (trx) => {
        await this.users.insert(user, trx);
        if (invitation && !(await this.tokens.acceptInvitation(invitation.id, user.id, user.createdAt, trx))) throw await this.refuse(identity.provider, 'invitation_required', null, 403);
        await this.audit.record(userActor(user), 'users.create', { workspaceId: user.workspaceId, target: { type: 'user', id: user.id }, details: { role: user.role, via: 'oidc', provider: identity.provider, mode: linkedBy, ...(invitation ? { invitation: invitation.id } : {}) } }, trx);
        await this.link(user, identity, linkedBy, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('signup.emailTaken', { email: 'signup.emailTaken' });
      throw error;
    }
    return (await this.users.findById(user.id))!;
  }

  /** Applies the group mapping (the groups at the previous sign-in against today's), then records the sign-in. */
  private async recordSignIn(signedIn: User, identity: ProviderIdentity, groupsBefore: string[] = [], client?: SignInClient): Promise<User> {
    let user = signedIn;
    if (this.groupMapper?.enabled) {
      await this.groupMapper.apply(user, groupsBefore, identity.groups);
      user = (await this.users.findById(user.id)) ?? user;
    }
    const at = now();
    // A browser this account was not used on before (as for a password sign-in): the owner is told,
    // by an email queued with the sign-in.
    const newDevice = client ? this.accounts.isNewDevice(user, client.deviceCookie) : false;
    await this.knex.transaction(async (trx) => {
      await this.users.update(user.id, { lastSignInAt: at }, trx);
      await this.audit.record(userActor(user), 'auth.signin', { workspaceId: user.workspaceId, details: { method: 'oidc', provider: identity.provider, newDevice } }, trx);
      if (newDevice) await this.mailer.send(newDeviceEmail(user, { ip: client!.ip, userAgent: client!.userAgent }, at), trx);
    });
    return { ...user, lastSignInAt: at };
  }

  /** The single sign-on identities of the workspace with their last groups, for admins. */
  async linksOfWorkspace(workspaceId: string): Promise<IdentityLink[]> {
    return this.identities.listAll(workspaceId);
  }
}
