// The express-session store over SessionsRepository. Signed-in state (userId) and the client's IP
// and user agent are copied into columns so sessions can be listed, revoked and expired in SQL.
import session from 'express-session';
import { newId, sha256 } from '../../platform/ids.js';
import type { SessionsRepository } from './sessions.repository.js';

export interface SessionFields {
  userId?: string;
  workspaceId?: string;
  client?: { ip: string | null; userAgent: string | null };
}

declare module 'express-session' {
  interface SessionData extends SessionFields {}
}

type Callback<T = void> = (err?: unknown, value?: T) => void;

export class DatabaseSessionStore extends session.Store {
  /** sid hash -> last time we wrote "last seen": skips a write per request inside touchInterval. */
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly repo: SessionsRepository,
    private readonly options: { idleTimeoutMs: number; touchIntervalMs: number },
  ) {
    super();
  }

  private expiryOf(sess: session.SessionData, at: number): number {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : undefined;
    return cookieExpiry ?? at + this.options.idleTimeoutMs;
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    this.repo
      .findData(sha256(sid), Date.now())
      .then((data) => callback(undefined, data ? (JSON.parse(data) as session.SessionData) : null))
      .catch(callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const at = Date.now();
    const sidHash = sha256(sid);
    this.lastTouch.set(sidHash, at);
    this.repo
      .upsert({
        id: newId(),
        sidHash,
        userId: sess.userId ?? null,
        workspaceId: sess.workspaceId ?? null,
        data: JSON.stringify(sess),
        persistent: Boolean(sess.cookie?.expires),
        ip: sess.client?.ip ?? null,
        userAgent: sess.client?.userAgent?.slice(0, 512) ?? null,
        now: at,
        expiresAt: this.expiryOf(sess, at),
      })
      .then(() => callback?.())
      .catch((error) => callback?.(error));
  }

  override touch(sid: string, sess: session.SessionData, callback?: Callback): void {
    const at = Date.now();
    const sidHash = sha256(sid);
    const last = this.lastTouch.get(sidHash) ?? 0;
    if (at - last < this.options.touchIntervalMs) {
      callback?.();
      return;
    }
    if (this.lastTouch.size > 50_000) this.lastTouch.clear();
    this.lastTouch.set(sidHash, at);
    this.repo
      .touch(sidHash, at, this.expiryOf(sess, at))
      .then(() => callback?.())
      .catch((error) => callback?.(error));
  }

  override destroy(sid: string, callback?: Callback): void {
    const sidHash = sha256(sid);
    this.lastTouch.delete(sidHash);
    this.repo
      .deleteBySidHash(sidHash)
      .then(() => callback?.())
      .catch((error) => callback?.(error));
  }
}
