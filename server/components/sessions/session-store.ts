// The express-session store over SessionsRepository. Signed-in state (userId) and the client's IP
// and user agent are copied into columns so sessions can be listed, revoked and expired in SQL.
import session from 'express-session';
import { newId, sha256 } from '../../platform/ids.js';
import type { Request } from 'express';
import type { SessionsRepository } from './sessions.repository.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { userFromRow, type User } from '../accounts/users.repository.js';

export interface SessionFields {
  userId?: string;
  /** When the person signed in (ms): a session without "remember me" ends absoluteTimeout after it. */
  signedInAt?: number;
  workspaceId?: string;
  client?: { ip: string | null; userAgent: string | null };
}

declare module 'express-session' {
  interface SessionData extends SessionFields {}
}

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** Read in the same query as the request's session (see SessionsRepository.findSignedIn). */
export interface ReadWithSession {
  user: User | undefined;
  ownUnread: boolean;
}
const READ_WITH_SESSION = Symbol('read with the session');

/** The user and unread hint read with this request's session, when it was loaded from the store. */
export function readWithSession(req: Request): ReadWithSession | undefined {
  return (req as { [READ_WITH_SESSION]?: ReadWithSession })[READ_WITH_SESSION];
}

export class DatabaseSessionStore extends session.Store {
  /** sid hash -> last time we wrote "last seen": skips a write per request inside touchInterval. */
  private readonly lastTouch = new Map<string, number>();
  /** sid -> its hash: a browser sends the same session on every request, read and touched each time (bounded). */
  private readonly sidHashes = new Map<string, string>();

  private hashOf(sid: string): string {
    let hash = this.sidHashes.get(sid);
    if (hash === undefined) {
      hash = sha256(sid);
      if (this.sidHashes.size >= 10_000) this.sidHashes.clear();
      this.sidHashes.set(sid, hash);
    }
    return hash;
  }

  constructor(
    private readonly repo: SessionsRepository,
    private readonly options: { idleTimeoutMs: number; absoluteTimeoutMs: number; touchIntervalMs: number },
    /** "Now" for expiry (a test moves it past a session's end). */
    private readonly clock: Clock = systemClock,
  ) {
    super();
  }

  /**
   * When a session ends: a "remember me" one when its cookie does (rememberFor after sign-in,
   * activity does not extend it); any other after idleTimeout without a request, and at the latest
   * absoluteTimeout after sign-in.
   */
  private expiryOf(sess: session.SessionData, at: number): number {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : undefined;
    if (cookieExpiry !== undefined) return cookieExpiry;
    const idle = at + this.options.idleTimeoutMs;
    return sess.signedInAt ? Math.min(idle, sess.signedInAt + this.options.absoluteTimeoutMs) : idle;
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    this.repo
      .findSignedIn(this.hashOf(sid), this.clock.now())
      .then((found) => {
        if (!found) return callback(undefined, null);
        const sess = JSON.parse(found.data) as session.SessionData;
        // Not enumerable: express-session neither copies it into the session nor saves it.
        Object.defineProperty(sess, READ_WITH_SESSION, { value: { user: found.user && userFromRow(found.user), ownUnread: found.ownUnread } satisfies ReadWithSession });
        callback(undefined, sess);
      })
      .catch(callback);
  }

  /** express-session turns loaded data into req.session here: what was read with it goes onto req. */
  override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
    const read = (sess as { [READ_WITH_SESSION]?: ReadWithSession })[READ_WITH_SESSION];
    if (read) (req as { [READ_WITH_SESSION]?: ReadWithSession })[READ_WITH_SESSION] = read;
    return super.createSession(req, sess);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const at = this.clock.now();
    // The first save of a signed-in session is its sign-in (sign-in regenerates the session).
    if (sess.userId && sess.signedInAt === undefined) sess.signedInAt = at;
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
    const at = this.clock.now();
    const sidHash = this.hashOf(sid);
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
    this.sidHashes.delete(sid);
    this.repo
      .deleteBySidHash(sidHash)
      .then(() => callback?.())
      .catch((error) => callback?.(error));
  }
}
