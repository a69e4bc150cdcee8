// The platform's part of the one configuration schema: the keys every deployment has (server,
// database, sessions, mail, logs...). Components add their own sections through their descriptors;
// the composition root (server/config.ts) joins both into the schema that config/default.yaml,
// config/example.yaml, the Helm chart's ConfigMap and `opsenic config check` are all read through, so
// they cannot disagree silently. Every key has a documented default that starts a working server.
import { z } from 'zod';
import { duration } from './duration.js';

export { duration };

const port = z.coerce.number().int().min(0, 'a port is between 1 and 65535 (0 picks a free one)').max(65535, 'a port is between 1 and 65535');

const databaseUrl = z
  .string()
  .refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
    message: 'use "sqlite:./data/opsenic.sqlite" (a file path after sqlite:) or "postgres://user:password@host:5432/database"',
  });

const rateLimit = z
  .object({
    points: z.coerce.number().int().positive().describe('Attempts allowed inside the window.'),
    window: duration.describe('Window length, e.g. 15m.'),
  })
  .strict();

/** The platform's sections, in the order config/example.yaml documents them (component sections follow). */
export const platformConfigShape = {
    env: z.enum(['development', 'production', 'test']).prefault('development').describe('`production` refuses a missing or default secret key; `development` generates one under dataDir.'),
    dataDir: z.string().min(1).prefault('./data').describe('Where the embedded database, the generated development secret and backups live.'),
    secretKey: z.string().min(32, 'the secret key must be at least 32 characters; generate one with `openssl rand -hex 32`').optional().describe('Signs session cookies and derives token hashes. At least 32 characters. Use OPSENIC_SECRET_KEY_FILE in production.'),
    server: z
      .object({
        host: z.string().min(1).prefault('localhost').describe('Interface to listen on; 0.0.0.0 in containers.'),
        port: port.prefault(3000).describe('TCP port of the web server (OPSENIC_PORT).'),
        publicUrl: z.string().url('use a full URL such as https://opsenic.example.com').optional().describe('The URL people use to reach the server, used in emails and links; defaults to http://host:port.'),
        trustProxy: z.union([z.boolean(), z.number().int().nonnegative(), z.string()]).prefault(false).describe('Express "trust proxy": false, true, a hop count, or a comma-separated list of subnets.'),
        shutdownTimeout: duration.prefault('10s').describe('How long a graceful shutdown waits for in-flight requests before closing them.'),
        bodyLimit: z.string().regex(/^\d+(b|kb|mb)$/, 'use a size such as 100kb or 1mb').prefault('100kb').describe('Largest accepted request body (forms and JSON).'),
      })
      .strict()
      .prefault({})
      .describe('Where and how the HTTP server listens.'),
    database: z
      .object({
        url: databaseUrl.prefault('sqlite:./data/opsenic.sqlite').describe('sqlite:PATH (embedded, the default) or postgres://user:password@host:port/database. Secret: use OPSENIC_DATABASE_URL_FILE.'),
        poolMax: z.coerce.number().int().min(1).max(200).prefault(10).describe('Largest PostgreSQL connection pool per process.'),
        migrateOnStart: z.enum(['auto', 'always', 'never']).prefault('auto').describe('Run pending migrations when the server starts: auto = on SQLite only, always, never.'),
      })
      .strict()
      .prefault({})
      .describe('The database: embedded SQLite (default) or PostgreSQL (required for several replicas).'),
    sessions: z
      .object({
        cookieName: z.string().regex(/^[A-Za-z0-9_.-]+$/).prefault('opsenic.sid').describe('Cookie name of the session.'),
        rememberFor: duration.prefault('30d').describe('Lifetime of a "remember me" session.'),
        idleTimeout: duration.prefault('12h').describe('A session without "remember me" also ends after this much inactivity on the server.'),
        absoluteTimeout: duration.prefault('7d').describe('A session without "remember me" ends this long after sign-in, however active (a "remember me" session ends after rememberFor).'),
        touchInterval: duration.prefault('60s').describe('Minimum interval between two "last seen" writes of one session (keeps reads cheap).'),
      })
      .strict()
      .prefault({})
      .describe('Browser sessions, stored in the database so they work across replicas.'),
    accounts: z
      .object({
        signup: z.enum(['open', 'invite']).prefault('open').describe('open: anyone can sign up; invite: only people an admin invited. An admin can override this in the browser.'),
        passwordMinLength: z.coerce.number().int().min(8).max(64).prefault(15).describe('NIST 800-63B: at least 15 characters for a password used alone; 8 is the lowest accepted.'),
        passwordMinStrength: z.coerce.number().int().min(0).max(4).prefault(3).describe('Lowest zxcvbn strength score accepted (0-4; 3: about 10^8 guesses or more). Rejects guessable passwords such as 123456789012345 or keyboard walks; no composition rules (NIST 800-63B).'),
        scrypt: z
          .object({
            N: z.coerce.number().int().refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'N must be a power of two, at least 1024').prefault(131072),
            r: z.coerce.number().int().min(1).prefault(8),
            p: z.coerce.number().int().min(1).prefault(1),
          })
          .strict()
          .prefault({}).describe('scrypt cost parameters (OWASP: N=2^17, r=8, p=1). Stored with each hash; hashes are upgraded at sign-in when these change.'),
        resetTokenTtl: duration.prefault('1h').describe('How long a password reset link works.'),
        inviteTtl: duration.prefault('7d').describe('How long an invitation link works.'),
        signupLinkTtl: duration.prefault('24h').describe('How long the emailed link of a sign-up works (the account is created when the link is followed; sign-up through an invitation is immediate).'),
      })
      .strict()
      .prefault({})
      .describe('Sign-up, passwords and invitations.'),
    rateLimits: z
      .object({
        signinPerAccount: rateLimit.prefault({ points: 10, window: '15m' }).describe('Failed sign-ins per account from browsers that never signed in to it (no device cookie): past it, only the owner\'s known browsers may try.'),
        signinPerAccountIp: rateLimit.prefault({ points: 5, window: '15m' }).describe('Failed sign-ins per account and client IP from browsers without the account\'s device cookie.'),
        signinPerDevice: rateLimit.prefault({ points: 10, window: '15m' }).describe('Failed sign-ins per device cookie (a browser the account signed in from before).'),
        signinPerIp: rateLimit.prefault({ points: 100, window: '15m' }).describe('Sign-in attempts per client IP.'),
        passwordResetPerIp: rateLimit.prefault({ points: 10, window: '1h' }).describe('Password reset requests per IP.'),
        signupPerIp: rateLimit.prefault({ points: 20, window: '1h' }).describe('Sign-up requests per IP (each one sends an email).'),
      })
      .strict()
      .prefault({})
      .describe('Limits on sign-in and reset attempts, shared across replicas through the database.'),
    mail: z
      .object({
        from: z.string().min(3).prefault('Opsenic <no-reply@localhost>').describe('Sender address of every email.'),
        smtpUrl: z
          .string()
          .regex(/^smtps?:\/\//, 'use smtp://host:port or smtps://user:password@host:465')
          .optional().describe('smtp://user:pass@host:port or smtps://...; empty: emails are written to the server log instead (in production without their content: an admin prints a reset link with `opsenic users reset-link EMAIL`). Secret: OPSENIC_MAIL__SMTP_URL_FILE.'),
        // The outbox sender (issue 24): one replica at a time sends, through a lease in the database.
        pollInterval: duration.prefault('2s').describe('How often the outbox sender looks for emails to send (a new email also wakes it at once).'),
        batchSize: z.coerce.number().int().min(1).max(1000).prefault(200).describe('Emails the sender claims at a time.'),
        concurrency: z.coerce.number().int().min(1).max(50).prefault(8).describe('Emails delivered in parallel (SMTP connections in the pool).'),
        maxAttempts: z.coerce.number().int().min(1).max(30).prefault(8).describe('Delivery attempts after temporary failures (4xx replies, connection errors) before an email is marked failed.'),
        retryBase: duration.prefault('1m').describe('Wait before the first retry; each later retry waits twice as long.'),
        digestHour: z.coerce.number().int().min(0).max(23).prefault(8).describe('Local hour (in each person\'s time zone) at which daily and weekly (Mondays) digests are queued.'),
        sandboxNotice: duration.prefault('7d').describe('How long before a sandbox workspace expires its admins are told, once (again if the expiry moves).'),
        unsubscribeTtl: duration.prefault('90d').describe('How long a one-click unsubscribe link in an email keeps working.'),
      })
      .strict()
      .prefault({})
      .describe('Outgoing email.'),
    metrics: z
      .object({
        enabled: z.boolean().prefault(true).describe('Serve Prometheus metrics.'),
        port: z.coerce.number().int().min(0).max(65535).prefault(0).describe('Serve them on their own port (the Helm chart does: keep it off the public network). 0: not on a port of their own; then the main port serves them only to requests bearing metrics.bearerToken.'),
        bearerToken: z.string().min(16, 'at least 16 characters').optional().describe('Secret (use OPSENIC_METRICS__BEARER_TOKEN_FILE): with port 0, /metrics on the main port answers only `Authorization: Bearer <this>`. Neither port nor token: /metrics is off (it would tell anyone the traffic, routes and errors).'),
      })
      .strict()
      .prefault({})
      .describe('Prometheus metrics at /metrics.'),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).prefault('info').describe('Lowest level written: fatal, error, warn, info, debug, trace or silent.'),
      })
      .strict()
      .prefault({})
      .describe('JSON logs on standard output.'),
    i18n: z
      .object({
        defaultLanguage: z.enum(['en', 'fr']).prefault('en').describe('Language when neither the user\'s preference nor Accept-Language decides.'),
      })
      .strict()
      .prefault({})
      .describe('Languages of the interface (English and French).'),
};

/** The whole schema: the platform's sections, then each component's, unknown keys refused. */
export function composeConfigSchema<Sections extends z.ZodRawShape>(componentSections: Sections) {
  return z.object({ ...platformConfigShape, ...componentSections }).strict();
}

/** The platform's sections once parsed, with the secret key resolved (what platform code may read). */
export type PlatformConfig = z.output<ReturnType<typeof composeConfigSchema<{}>>> & { secretKey: string };

/** Key paths of the platform's secrets; `*` stands for any key of a map. Components add theirs in their descriptors. */
export const platformSecretKeys = ['secretKey', 'database.url', 'mail.smtpUrl'];

/** What the loader and the documentation need to know of the composed schema. */
export interface ConfigDefinition {
  schema: z.ZodType;
  /** Key paths of secrets; `*` stands for any key of a map (e.g. each OIDC provider). */
  secretKeys: readonly string[];
}

export const knownDefaultSecrets = new Set(['change-me-to-a-long-random-string-of-32-chars-or-more']);
