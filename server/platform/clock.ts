// The one source of "now" for time-based controls (API tokens, sessions, remember-me, reset,
// invitation and sign-up links, legal holds): the container holds one clock, so a test can move
// time past an expiry instead of sleeping, and the production server reads the system time.

export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
