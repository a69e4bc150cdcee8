// The first-run setup page opens only with a one-time token printed in the server log, and only
// while no admin exists. (`opsenic users create --admin` is the other way to make the first admin.)
import crypto from 'node:crypto';
import { newToken } from '../../platform/ids.js';

export class FirstAdminSetup {
  private token: string | undefined;

  /** Issues a token when there is no admin yet; returns it so the caller can log it. */
  issue(): string {
    this.token = newToken(18);
    return this.token;
  }

  isOpen(): boolean {
    return this.token !== undefined;
  }

  matches(candidate: unknown): boolean {
    if (!this.token || typeof candidate !== 'string') return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && crypto.timingSafeEqual(a, b);
  }

  close(): void {
    this.token = undefined;
  }
}
