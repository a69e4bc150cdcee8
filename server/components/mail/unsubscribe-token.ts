// One-click unsubscribe tokens (RFC 8058): signed with a key derived from the server's secret key
// for this one purpose, naming one person and one category, and expiring. A token can do nothing
// but turn that category off for that person, so it can travel in an email and work unsigned-in.
import crypto from 'node:crypto';

const purpose = 'email-unsubscribe';

export interface UnsubscribeClaim {
  userId: string;
  category: string;
  expiresAt: number;
}

export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secretKey: string, private readonly ttlMs: number) {
    this.key = crypto.createHmac('sha256', secretKey).update(`opsenic:${purpose}`).digest();
  }

  issue(userId: string, category: string, at = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ p: purpose, u: userId, c: category, e: at + this.ttlMs })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claim when the token is genuine, of this purpose and not expired; undefined otherwise. */
  verify(token: string, at = Date.now()): UnsubscribeClaim | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
    try {
      const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p?: unknown; u?: unknown; c?: unknown; e?: unknown };
      if (claim.p !== purpose || typeof claim.u !== 'string' || typeof claim.c !== 'string' || typeof claim.e !== 'number') return undefined;
      if (claim.e <= at) return undefined;
      return { userId: claim.u, category: claim.c, expiresAt: claim.e };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return crypto.createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
