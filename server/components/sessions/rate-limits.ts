// Sign-in and reset limits that hold across replicas: counters live in the database
// (rate-limiter-flexible over knex). Keys are keyed hashes, so no email or IP is stored.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { dialectOfKnex } from '../../db/knex.js';
import type { Config } from '../../config.js';
import { TooManyRequestsError } from '../../platform/errors.js';

export interface Limit {
  points: number;
  window: number;
}

export class DatabaseRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    knex: Knex,
    private readonly name: string,
    private readonly limit: Limit,
    private readonly secret: string,
  ) {
    const options = {
      storeClient: knex,
      storeType: 'knex',
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points: limit.points,
      duration: Math.ceil(limit.window / 1000),
    };
    this.limiter = dialectOfKnex(knex) === 'postgres' ? new RateLimiterPostgres(options) : new RateLimiterSQLite(options as never);
  }

  private key(subject: string): string {
    return crypto.createHmac('sha256', this.secret).update(`${this.name}:${subject.toLowerCase()}`).digest('hex');
  }

  /** The row key this limiter stores for a subject (an email or an IP address), as rate-limiter-flexible writes it. */
  storedKey(subject: string): string {
    return `${this.name}:${this.key(subject)}`;
  }

  /** Counts one attempt; throws TooManyRequestsError once the window's points are spent. */
  async consume(subject: string, message: string): Promise<void> {
    try {
      await this.limiter.consume(this.key(subject));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new TooManyRequestsError(message, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }

  /** Throws when the subject is already blocked, without counting an attempt. */
  async check(subject: string, message: string): Promise<void> {
    const state = await this.limiter.get(this.key(subject));
    if (state && state.consumedPoints >= this.limit.points) throw new TooManyRequestsError(message, Math.ceil(state.msBeforeNext / 1000));
  }

  async reset(subject: string): Promise<void> {
    await this.limiter.delete(this.key(subject));
  }

  /** Which of these subjects are blocked now (one query; for the admin's list of throttled accounts). */
  async blocked(knex: Knex, subjects: string[]): Promise<Map<string, number>> {
    const keys = new Map(subjects.map((s) => [`${this.name}:${this.key(s)}`, s]));
    const found = new Map<string, number>();
    for (let i = 0; i < subjects.length; i += 500) {
      const rows = await knex('rate_limits').whereIn('key', [...keys.keys()].slice(i, i + 500)).where('points', '>=', this.limit.points).where('expire', '>', Date.now()).select('key', 'expire');
      for (const row of rows) found.set(keys.get(row.key as string)!, Number(row.expire));
    }
    return found;
  }
}

export function createSigninLimits(knex: Knex, config: Config) {
  return {
    /** Failed sign-ins per account from browsers without its device cookie. */
    perAccount: new DatabaseRateLimiter(knex, 'signin-account', config.rateLimits.signinPerAccount, config.secretKey),
    /** Failed sign-ins per (account, IP) from browsers without its device cookie. */
    perAccountIp: new DatabaseRateLimiter(knex, 'signin-account-ip', config.rateLimits.signinPerAccountIp, config.secretKey),
    /** Failed sign-ins per device cookie (a stolen cookie does not give unlimited guesses). */
    perDevice: new DatabaseRateLimiter(knex, 'signin-device', config.rateLimits.signinPerDevice, config.secretKey),
    perIp: new DatabaseRateLimiter(knex, 'signin-ip', config.rateLimits.signinPerIp, config.secretKey),
    resetPerIp: new DatabaseRateLimiter(knex, 'reset-ip', config.rateLimits.passwordResetPerIp, config.secretKey),
    /** Sign-up requests per IP: each sends an email, to the new address or to its owner. */
    signupPerIp: new DatabaseRateLimiter(knex, 'signup-ip', config.rateLimits.signupPerIp, config.secretKey),
  };
}
export type SigninLimits = ReturnType<typeof createSigninLimits>;

/** The rate_limits keys every limiter would store for these subjects (emails, IP addresses): erasure deletes them. */
export function rateLimitKeysOf(limits: SigninLimits, subjects: string[]): string[] {
  return Object.values(limits).flatMap((limiter) => subjects.map((s) => limiter.storedKey(s)));
}
