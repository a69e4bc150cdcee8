// What the server records about requests, devices, crashes and usage: every part can be switched
// off, and the /privacy page shows exactly what is on.
import { z } from 'zod';
import { duration } from '../../platform/config/duration.js';

const rateLimit = z
  .object({
    points: z.coerce.number().int().positive().describe('Reports allowed inside the window.'),
    window: duration.describe('Window length, e.g. 1m.'),
  })
  .strict();

/** Under a backlog, a capture writer takes up to this many batches in one transaction (capture.service.ts). */
export const catchUpBatches = 8;

export const captureConfig = z
  .object({
    logs: z
      .object({
        enabled: z.boolean().prefault(true).describe('Record one log row per request (method, route template, status, duration, time).'),
        ip: z.enum(['full', 'truncated', 'off']).prefault('truncated').describe('Client IP address: full, truncated (IPv4 to /24, IPv6 to /48) or off.'),
        referrer: z.boolean().prefault(true).describe('Record the referrer (origin and path only, never the query string).'),
        userAgent: z.boolean().prefault(true).describe('Record the browser user agent.'),
        acceptLanguage: z.boolean().prefault(true).describe('Record the Accept-Language header (browser language settings).'),
        privacySignals: z.boolean().prefault(true).describe('Record the Do-Not-Track and Global Privacy Control signals.'),
        user: z.boolean().prefault(true).describe('When signed in, record the user id and a keyed hash of the session id.'),
        exclude: z.array(z.string().startsWith('/', 'a path prefix starts with /')).prefault(['/healthz', '/readyz', '/metrics', '/static/', '/favicon.ico']).describe('Path prefixes never logged (health probes, metrics, static files).'),
      })
      .strict()
      .prefault({})
      .describe('Request log data (retention category `log`).'),
    buffer: z
      .object({
        maxRows: z.coerce.number().int().min(10).max(1_000_000).prefault(20_000).describe('Most rows held in memory per stream while the database is slow or down; beyond it rows are dropped and counted (opsenic_capture_dropped_total).'),
        batchSize: z.coerce.number().int().min(1).max(5_000).prefault(500).describe(`Rows written per batch (one transaction); a backlog after a slow moment is written in transactions of up to ${catchUpBatches} batches.`),
        flushInterval: duration.prefault('1s').describe('Longest time a row waits in memory before it is written.'),
      })
      .strict()
      .prefault({})
      .describe('Writing off the request path: a bounded in-memory buffer flushed in batches and on graceful shutdown.'),
    devices: z
      .object({
        enabled: z.boolean().prefault(true).describe('Record devices: type, operating system and browser derived from the user agent.'),
        idCookie: z.boolean().prefault(true).describe('Identify a device with a random first-party cookie (opsenic.did); no fingerprinting.'),
        settings: z.boolean().prefault(false).describe('Collect screen size, time zone and language with a small first-party script; only after consent, never with Global Privacy Control.'),
      })
      .strict()
      .prefault({})
      .describe('Device information (retention category `device`).'),
    crashes: z
      .object({
        client: z.boolean().prefault(true).describe('Accept browser JavaScript error reports at POST /api/v1/telemetry/crash.'),
        server: z.boolean().prefault(true).describe('Record unexpected server errors (message, stack, route, release, request id, user id; never request bodies).'),
        maxBytes: z.coerce.number().int().min(512).max(65_536).prefault(16_384).describe('Largest accepted crash report in bytes; larger ones get 413.'),
        rateLimit: rateLimit.prefault({ points: 30, window: '1m' }).describe('Crash reports accepted per client IP.'),
      })
      .strict()
      .prefault({})
      .describe('Crash data (retention category `crash`).'),
    usage: z
      .object({
        sandbox: z.boolean().prefault(true).describe('Record which insights, applications and integrations are used in sandbox workspaces. On the primary workspace an admin turns it on.'),
        pageViews: z.boolean().prefault(true).describe('Count a visit to an application page (its first path segment) as a usage event.'),
      })
      .strict()
      .prefault({})
      .describe('Usage information (retention category `usage`).'),
    analytics: z
      .object({
        enabled: z.boolean().prefault(false).describe('Anonymous page-view analytics with a random cookie (opsenic.aid) not tied to the account; set only after consent, never with Global Privacy Control.'),
      })
      .strict()
      .prefault({})
      .describe('Consent-based analytics (retention category `usage`).'),
  })
  .strict()
  .prefault({})
  .describe('What the server records about requests, devices, crashes and usage (shown at /privacy).');

export type CaptureConfig = z.output<typeof captureConfig>;
