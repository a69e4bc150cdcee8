// Personal access tokens: created (shown once), listed, revoked; and the bearer check every API
// request with `Authorization: Bearer` goes through. The CLI calls these same methods.
import { NotFoundError } from '../../platform/errors.js';
import { newId, newToken, sha256 } from '../../platform/ids.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { TokenScope } from '../policy/policy.js';
import type { ApiToken, ApiTokensRepository } from './tokens.repository.js';
import type { CreateTokenInput } from './tokens.schema.js';

/** Recognisable in logs and secret scanners; the rest is 256 random bits. */
const PREFIX = 'opsenic_pat_';
/** Writing last_used_at on every request would turn reads into writes: once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export function publicToken(token: ApiToken) {
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: token.id,
    name: token.name,
    scope: token.scope,
    prefix: token.tokenPrefix,
    createdAt: new Date(token.createdAt).toISOString(),
    expiresAt: iso(token.expiresAt),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
    active: isActive(token, Date.now()), // shown to people: the wall clock,
  };
}

function isActive(token: ApiToken, at: number): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt > at);
}

export class TokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersRepository,
    /** "Now" for expiry (a test moves it past a token's expiry). */
    private readonly clock: Clock = systemClock,
  ) {}

  /** Returns the token itself once; only its hash is kept. */
  async create(user: User, input: CreateTokenInput): Promise<{ token: string; record: ApiToken }> {
    const secret = PREFIX + newToken(32);
    const createdAt = this.clock.now();
    const record: ApiToken = {
      id: newId(),
      workspaceId: user.workspaceId,
      userId: user.id,
      name: input.name,
      tokenPrefix: secret.slice(0, PREFIX.length + 6),
      scope: input.scope,
      createdAt,
      expiresAt: input.expiresInDays ? createdAt + input.expiresInDays * 86_400_000 : null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.tokens.insert({ ...record, tokenHash: sha256(secret) });
    return { token: secret, record };
  }

  list(userId: string): Promise<ApiToken[]> {
    return this.tokens.listForUser(userId);
  }

  /** Only one's own tokens: another person's token id is as unknown as a made-up one. */
  async revoke(userId: string, id: string): Promise<ApiToken> {
    const token = await this.tokens.findForUser(userId, id);
    if (!token) throw new NotFoundError('tokens.notFound');
    if (token.revokedAt === null) await this.tokens.revoke(id, this.clock.now());
    return (await this.tokens.findForUser(userId, id))!;
  }

  /** The user and scope behind a bearer token, or undefined when it is unknown, expired, revoked or its account disabled. */
  async authenticate(secret: string): Promise<{ user: User; scope: TokenScope; token: ApiToken } | undefined> {
    if (!secret.startsWith(PREFIX) || secret.length > 200) return undefined;
    const token = await this.tokens.findByHash(sha256(secret));
    const at = this.clock.now();
    if (!token || !isActive(token, at)) return undefined;
    const user = await this.users.findById(token.userId);
    if (!user || user.status !== 'active' || user.workspaceId !== token.workspaceId) return undefined;
    if (token.lastUsedAt === null || at - token.lastUsedAt > TOUCH_INTERVAL_MS) await this.tokens.touch(token.id, at);
    return { user, scope: token.scope, token };
  }
}
