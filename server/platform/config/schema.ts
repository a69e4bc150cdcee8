// The one configuration schema. Every key has a documented default that starts a working server;
// config/default.yaml, config/example.yaml, the Helm chart's ConfigMap and `opsenic config check`
// are all read through this schema, so they cannot disagree silently.
import { z } from 'zod';

const durationPattern = /^(\d+)(ms|s|m|h|d)$/;

/** A duration such as `30s`, `15m`, `12h` or `30d`, parsed into milliseconds. */
export const duration = z
  .union([z.number().int().nonnegative(), z.string().regex(durationPattern, 'use a number followed by ms, s, m, h or d, e.g. "15m"')])
  .transform((value) => {
    if (typeof value === 'number') return value;
    const [, amount, unit] = durationPattern.exec(value)!;
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
    return Number(amount) * factor;
  });

const port = z.coerce.number().int().min(0, 'a port is between 1 and 65535 (0 picks a free one)').max(65535, 'a port is between 1 and 65535');

const databaseUrl = z
  .string()
  .refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
    message: 'use "sqlite:./data/opsenic.sqlite" (a file path after sqlite:) or "postgres://user:password@host:5432/database"',
  });

const rateLimit = z
  .object({
    /** Attempts allowed inside the window. */
    points: z.coerce.number().int().positive(),
    /** Window length, e.g. 15m. */
    window: duration,
  })
  .strict();

export const configSchema = z
  .object({
    /** `production` refuses a missing or default secret key; `development` generates one under dataDir. */
    env: z.enum(['development', 'production', 'test']).prefault('development'),
    /** Where the embedded database, the generated development secret and backups live. */
    dataDir: z.string().min(1).prefault('./data'),
    /** Signs session cookies and derives token hashes. At least 32 characters. Use OPSENIC_SECRET_KEY_FILE in production. */
    secretKey: z.string().min(32, 'the secret key must be at least 32 characters; generate one with `openssl rand -hex 32`').optional(),
    server: z
      .object({
        /** Interface to listen on; 0.0.0.0 in containers. */
        host: z.string().min(1).prefault('localhost'),
        port: port.prefault(3000),
        /** The URL people use to reach the server, used in emails and links; defaults to http://host:port. */
        publicUrl: z.string().url('use a full URL such as https://opsenic.example.com').optional(),
        /** Express "trust proxy": false, true, a hop count, or a comma-separated list of subnets. */
        trustProxy: z.union([z.boolean(), z.number().int().nonnegative(), z.string()]).prefault(false),
        /** How long a graceful shutdown waits for in-flight requests before closing them. */
        shutdownTimeout: duration.prefault('10s'),
        /** Largest accepted request body (forms and JSON). */
        bodyLimit: z.string().regex(/^\d+(b|kb|mb)$/, 'use a size such as 100kb or 1mb').prefault('100kb'),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** sqlite:PATH (embedded, the default) or postgres://user:password@host:port/database. Secret: use OPSENIC_DATABASE_URL_FILE. */
        url: databaseUrl.prefault('sqlite:./data/opsenic.sqlite'),
        /** Largest PostgreSQL connection pool per process. */
        poolMax: z.coerce.number().int().min(1).max(200).prefault(10),
        /** Run pending migrations when the server starts: auto = on SQLite only, always, never. */
        migrateOnStart: z.enum(['auto', 'always', 'never']).prefault('auto'),
      })
      .strict()
      .prefault({}),
    sessions: z
      .object({
        /** Cookie name of the session. */
        cookieName: z.string().regex(/^[A-Za-z0-9_.-]+$/).prefault('opsenic.sid'),
        /** Lifetime of a "remember me" session. */
        rememberFor: duration.prefault('30d'),
        /** A session without "remember me" also ends after this much inactivity on the server. */
        idleTimeout: duration.prefault('12h'),
        /** Minimum interval between two "last seen" writes of one session (keeps reads cheap). */
        touchInterval: duration.prefault('60s'),
      })
      .strict()
      .prefault({}),
    accounts: z
      .object({
        /** open: anyone can sign up; invite: only people an admin invited. An admin can override this in the browser. */
        signup: z.enum(['open', 'invite']).prefault('open'),
        /** NIST 800-63B: at least 15 characters for a password used alone; 8 is the lowest accepted. */
        passwordMinLength: z.coerce.number().int().min(8).max(64).prefault(15),
        /** scrypt cost parameters (OWASP: N=2^17, r=8, p=1). Stored with each hash; hashes are upgraded at sign-in when these change. */
        scrypt: z
          .object({
            N: z.coerce.number().int().refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'N must be a power of two, at least 1024').prefault(131072),
            r: z.coerce.number().int().min(1).prefault(8),
            p: z.coerce.number().int().min(1).prefault(1),
          })
          .strict()
          .prefault({}),
        /** How long a password reset link works. */
        resetTokenTtl: duration.prefault('1h'),
        /** How long an invitation link works. */
        inviteTtl: duration.prefault('7d'),
      })
      .strict()
      .prefault({}),
    rateLimits: z
      .object({
        /** Failed sign-ins per account. */
        signinPerAccount: rateLimit.prefault({ points: 10, window: '15m' }),
        /** Sign-in attempts per client IP. */
        signinPerIp: rateLimit.prefault({ points: 100, window: '15m' }),
        /** Password reset requests per IP. */
        passwordResetPerIp: rateLimit.prefault({ points: 10, window: '1h' }),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        /** Sender address of every email. */
        from: z.string().min(3).prefault('Opsenic <no-reply@localhost>'),
        /** smtp://user:pass@host:port or smtps://...; empty: emails (such as reset links) are written to the server log instead. Secret: OPSENIC_MAIL__SMTP_URL_FILE. */
        smtpUrl: z
          .string()
          .regex(/^smtps?:\/\//, 'use smtp://host:port or smtps://user:password@host:465')
          .optional(),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /** Serve Prometheus metrics. */
        enabled: z.boolean().prefault(true),
        /** Serve them on their own port instead of the main one (0 = the main port). */
        port: z.coerce.number().int().min(0).max(65535).prefault(0),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).prefault('info'),
      })
      .strict()
      .prefault({}),
    i18n: z
      .object({
        /** Language when neither the user's preference nor Accept-Language decides. */
        defaultLanguage: z.enum(['en', 'fr']).prefault('en'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & { secretKey: string };

/** Config keys whose values are secrets: redacted by `opsenic config check`, never logged. */
export const secretKeys = ['secretKey', 'database.url', 'mail.smtpUrl'] as const;

/** Values shipped in examples that must never run in production. */
export const knownDefaultSecrets = new Set(['change-me-to-a-long-random-string-of-32-chars-or-more']);
