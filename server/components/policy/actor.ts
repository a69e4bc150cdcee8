// The policy's view of a request: who acts, and with which token scope.
import type { Request } from 'express';
import type { User } from '../accounts/users.repository.js';
import type { Actor, TokenScope } from './policy.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set when the request authenticated with a personal access token (never with a session). */
      tokenScope?: TokenScope;
    }
  }
}

export function actorOfUser(user: User, tokenScope?: TokenScope): Actor {
  // The privacy role handles data requests (its own guard); everywhere else it is a member.
  return { id: user.id, workspaceId: user.workspaceId, role: user.role === 'admin' ? 'admin' : 'member', ...(tokenScope ? { tokenScope } : {}) };
}

/** Only after requireUser. */
export function actorOf(req: Request): Actor {
  return actorOfUser(req.user!, req.tokenScope);
}
