// Active sessions of a person: list (device, IP, last seen), revoke one, sign out everywhere.
import Bowser from 'bowser';
import { NotFoundError } from '../../platform/errors.js';
import { sha256 } from '../../platform/ids.js';
import type { SessionsRepository } from './sessions.repository.js';
import { systemClock, type Clock } from '../../platform/clock.js';

export interface ActiveSession {
  id: string;
  device: string;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
  persistent: boolean;
  current: boolean;
}

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ');
  return [browser, os].filter(Boolean).join(' on ') || userAgent.slice(0, 60);
}

export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    /** "Now" for expiry (a test moves it past a session's end). */
    private readonly clock: Clock = systemClock,
  ) {}

  async list(userId: string, currentSid?: string): Promise<ActiveSession[]> {
    const currentHash = currentSid ? sha256(currentSid) : undefined;
    const rows = await this.repo.listForUser(userId, this.clock.now());
    const current = currentHash && rows.length ? await this.repo.idOf(currentHash) : undefined;
    return rows.map((row) => ({
      id: row.id,
      device: describeDevice(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      persistent: row.persistent,
      current: row.id === current,
    }));
  }

  async revoke(userId: string, sessionId: string): Promise<void> {
    const deleted = await this.repo.deleteForUser(userId, sessionId);
    if (!deleted) throw new NotFoundError('This session does not exist or has already ended.');
  }

  /** Ends every session of the user (optionally keeping the current one). */
  async revokeAll(userId: string, exceptSid?: string): Promise<number> {
    return this.repo.deleteAllForUser(userId, exceptSid ? sha256(exceptSid) : undefined);
  }

  async pruneExpired(): Promise<number> {
    return this.repo.deleteExpired(this.clock.now());
  }
}
