// SCIM bearer tokens, created by an admin (`opsenic scim token create`), shown once, stored as their
// SHA-256 only. They authenticate /scim/v2 and nothing else (and personal access tokens do not
// authenticate /scim/v2). Creation and revocation are audited.
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, newToken, now, sha256 } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { ScimRepository, ScimToken } from './scim.repository.js';

export const SCIM_TOKEN_PREFIX = 'opsenic_scim_';
const TOUCH_INTERVAL_MS = 60_000;

export function publicScimToken(token: ScimToken) {
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  return { id: token.id, name: token.name, provider: token.provider, prefix: token.tokenPrefix, createdAt: iso(token.createdAt)!, lastUsedAt: iso(token.lastUsedAt), revokedAt: iso(token.revokedAt), active: token.revokedAt === null };
}

export class ScimTokensService {
  constructor(
    private readonly repo: ScimRepository,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
    /** The ids of the configured single sign-on providers (oidc.providers). */
    private readonly providerIds: string[] = [],
  ) {}

  /** `provider` ties the token to a configured single sign-on provider: the users it provisions are linked on their first sign-in there. */
  async create(name: string, actor: Actor, provider: string | null = null): Promise<{ token: string; record: ScimToken }> {
    const trimmed = name.trim();
    if (!trimmed) throw new ValidationError({ name: 'errors.required' });
    if (trimmed.length > 100) throw new ValidationError({ name: 'errors.tooLong' });
    if (provider !== null && !this.providerIds.includes(provider)) throw new ValidationError({ provider: 'scim.unknownProvider' }, 'scim.unknownProvider');
    const workspace = await this.workspaces.getPrimary();
    const secret = SCIM_TOKEN_PREFIX + newToken(32);
    const record: ScimToken = { id: newId(), workspaceId: workspace.id, name: trimmed, tokenPrefix: secret.slice(0, SCIM_TOKEN_PREFIX.length + 6), createdAt: now(), lastUsedAt: null, revokedAt: null, provider };
    await this.repo.insertToken({ ...record, tokenHash: sha256(secret) });
    await this.audit.record(actor, 'scim.token.create', { workspaceId: workspace.id, target: { type: 'scim_token', id: record.id }, details: { provider } });
    return { token: secret, record };
  }

  async list(): Promise<ScimToken[]> {
    return this.repo.listTokens((await this.workspaces.getPrimary()).id);
  }

  async revoke(id: string, actor: Actor): Promise<ScimToken> {
    const workspace = await this.workspaces.getPrimary();
    const token = await this.repo.findToken(workspace.id, id);
    if (!token) throw new NotFoundError('scim.tokenNotFound');
    if (token.revokedAt === null) {
      await this.repo.revokeToken(id, now());
      await this.audit.record(actor, 'scim.token.revoke', { workspaceId: workspace.id, target: { type: 'scim_token', id } });
    }
    return (await this.repo.findToken(workspace.id, id))!;
  }

  /** The live token behind a bearer secret, or undefined. */
  async authenticate(secret: string): Promise<ScimToken | undefined> {
    if (!secret.startsWith(SCIM_TOKEN_PREFIX) || secret.length > 200) return undefined;
    const token = await this.repo.findTokenByHash(sha256(secret));
    if (!token || token.revokedAt !== null) return undefined;
    const at = now();
    if (token.lastUsedAt === null || at - token.lastUsedAt > TOUCH_INTERVAL_MS) await this.repo.touchToken(token.id, at);
    return token;
  }
}
