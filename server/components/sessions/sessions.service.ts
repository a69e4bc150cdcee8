// Active sessions of a person: list (device, IP, last seen), revoke one, sign out everywhere.
import { deviceTraits } from '../capture/device.js';
import { NotFoundError } from '../../platform/errors.js';
import { sha256 } from '../../platform/ids.js';
import type { SessionsRepository } from './sessions.repository.js';
import { systemClock, type Clock } from '../../platform/clock.js';

export interface ActiveSession {
  id: string;
  /** "Chrome 156 on Linux" for the JSON API; pages name the device from browser and os in the reader's language. */
  device: string;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
  persistent: boolean;
  current: boolean;
}

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = deviceTraits(userAgent);
  return [browser, os].filter(Boolean).join(' on ') || userAgent.slice(0, 60);
}

/** The parsed browser and system alone (the device kind is the devices list's business). */
function browserAndOs(userAgent: string | null): { browser: string | null; os: string | null } {
  const { browser, os } = deviceTraits(userAgent);
  return { browser, os };
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
      ...browserAndOs(row.userAgent),
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
