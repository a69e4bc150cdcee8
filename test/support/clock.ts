// A clock tests move past an expiry instead of sleeping: it follows real time plus an offset, so the
// server keeps working normally until a test jumps ahead.
import type { Clock } from '../../server/platform/clock.js';

export class TestClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Back to real time. */
  reset(): void {
    this.offset = 0;
  }

  /** Moves time forward (or back, with a negative amount). */
  advance(ms: number): void {
    this.offset += ms;
  }
}
