// Telemetry endpoints (anyone: crash reports, device settings), admin pages and JSON for log data,
// devices, crash reports and usage, and the public /privacy page.
import { Router, type Request } from 'express';
import type { CaptureDeps } from './capture.deps.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { clientIp } from '../../web/context.js';
import { requireAdmin } from '../../web/guards.js';
import { DatabaseRateLimiter } from '../sessions/rate-limits.js';
import { clientCrashInput, crashFilterInput, deviceFilterInput, deviceSettingsInput, logFilterInput, usageSettingInput } from './capture.schema.js';
import { crashesPage, devicesPage, logsPage, privacyPage, usagePage, type FilterState } from './capture.views.js';
import { buildPrivacyNotice } from './privacy-notice.js';
import { cleanReferrer } from './capture.middleware.js';
import './capture.openapi.js';

const perPage = 50;

/** Body size as sent (Content-Length), else as parsed: larger than the limit is a 413, nothing stored. */
function bodyBytes(req: Request): number {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared)) return declared;
  return Buffer.byteLength(JSON.stringify(req.body ?? null));
}

function queryValues(query: Request['query'], keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, typeof query[k] === 'string' ? (query[k] as string).slice(0, 320) : undefined]));
}

const iso = (ms: number) => new Date(ms).toISOString();

export function captureRouter(c: CaptureDeps): Router {
  const router = Router();
  const { capture, usage, workspaces } = c.services;
  const settings = c.config.capture;
  const crashLimiter = new DatabaseRateLimiter(c.knex, 'crash-ip', settings.crashes.rateLimit, c.config.secretKey);

  router.post('/api/v1/telemetry/crash', async (req, res) => {
    if (!settings.crashes.client) throw new NotFoundError();
    if (bodyBytes(req) > settings.crashes.maxBytes) throw new AppError(413, 'body_too_large', 'capture.errors.crashTooLarge');
    await crashLimiter.consume(clientIp(req), 'capture.errors.tooManyCrashes');
    const input = parseInput(clientCrashInput, req.body);
    capture.recordClientCrash(
      { ...input, page: input.page ? (cleanReferrer(`http://x${input.page}`)?.slice('http://x'.length) ?? undefined) : undefined },
      { workspaceId: capture.workspaceFor(req.user?.workspaceId), requestId: typeof req.id === 'string' ? req.id : null, userId: req.user?.id ?? null, deviceId: req.deviceId ?? null, userAgent: req.get('user-agent') ?? null },
    );
    res.status(202).json({ accepted: true });
  });

  router.post('/api/v1/telemetry/device', async (req, res) => {
    if (!settings.devices.enabled || !settings.devices.settings) throw new NotFoundError();
    if (bodyBytes(req) > 2_048) throw new AppError(413, 'body_too_large', 'errors.tooLarge');
    if (!req.consent?.allowed) throw new ForbiddenError('capture.errors.noConsent');
    if (!req.deviceId) throw new ForbiddenError('capture.errors.noDevice');
    const input = parseInput(deviceSettingsInput, req.body);
    capture.sawDevice({
      id: req.deviceId,
      workspaceId: capture.workspaceFor(req.user?.workspaceId),
      userId: req.user?.id ?? null,
      deviceType: null,
      os: null,
      browser: null,
      userAgent: null,
      seenAt: Date.now(),
      settings: { screenWidth: input.screenWidth, screenHeight: input.screenHeight, timeZone: input.timeZone ?? null, language: input.language ?? null },
    });
    res.status(204).end();
  });

  /** Parses a filter; on bad input the page is shown again with each field's reason (400). */
  const filtered = <T>(req: Request, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, keys: string[]) => {
    const values = queryValues(req.query, keys);
    try {
      const input = parseInput(schema as never, values) as T & { page?: number; limit?: number };
      return { input, values, error: undefined };
    } catch (error) {
      if (error instanceof ValidationError) return { input: undefined, values, error };
      throw error;
    }
  };
  const state = (req: Request, values: Record<string, string | undefined>, pageNumber: number, count: number, error?: ValidationError): FilterState => ({
    values,
    page: pageNumber,
    hasNext: count > perPage,
    errors: error?.fields,
    message: error ? req.t('errors.validation') : undefined,
  });

  router.get('/admin/logs', requireAdmin, async (req, res) => {
    const { input, values, error } = filtered<{ user?: string; since?: number; until?: number; route?: string; status?: number; page?: number }>(req, logFilterInput, ['user', 'since', 'until', 'route', 'status', 'page']);
    if (!input) return res.status(400).type('html').send(logsPage(req, [], state(req, values, 1, 0, error)));
    const pageNumber = input.page ?? 1;
    try {
      const rows = await capture.queryLogs({ userEmail: input.user, since: input.since, until: input.until, route: input.route, status: input.status, limit: perPage + 1, offset: (pageNumber - 1) * perPage });
      res.type('html').send(logsPage(req, rows.slice(0, perPage), state(req, values, pageNumber, rows.length)));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      res.status(404).type('html').send(logsPage(req, [], { ...state(req, values, 1, 0), errors: { user: 'users.notFound' }, message: req.t('users.notFound') }));
    }
  });

  router.get('/admin/devices', requireAdmin, async (req, res) => {
    const { input, values, error } = filtered<{ user?: string; since?: number; page?: number }>(req, deviceFilterInput, ['user', 'since', 'page']);
    if (!input) return res.status(400).type('html').send(devicesPage(req, [], state(req, values, 1, 0, error)));
    const pageNumber = input.page ?? 1;
    try {
      const rows = await capture.queryDevices({ userEmail: input.user, since: input.since, limit: perPage + 1, offset: (pageNumber - 1) * perPage });
      res.type('html').send(devicesPage(req, rows.slice(0, perPage), state(req, values, pageNumber, rows.length)));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      res.status(404).type('html').send(devicesPage(req, [], { ...state(req, values, 1, 0), errors: { user: 'users.notFound' }, message: req.t('users.notFound') }));
    }
  });

  router.get('/admin/crashes', requireAdmin, async (req, res) => {
    const { input, values, error } = filtered<{ source?: 'client' | 'server'; since?: number; until?: number; page?: number }>(req, crashFilterInput, ['source', 'since', 'until', 'page']);
    if (!input) return res.status(400).type('html').send(crashesPage(req, [], state(req, values, 1, 0, error)));
    const pageNumber = input.page ?? 1;
    const rows = await capture.queryCrashes({ source: input.source, since: input.since, until: input.until, limit: perPage + 1, offset: (pageNumber - 1) * perPage });
    res.type('html').send(crashesPage(req, rows.slice(0, perPage), state(req, values, pageNumber, rows.length)));
  });

  const renderUsage = async (req: Request, extra: { notice?: string; message?: string } = {}) => {
    const primary = await workspaces.getPrimary();
    return usagePage(req, { enabled: await usage.primaryEnabled(primary.id), sandbox: settings.usage.sandbox, summary: await capture.usageSummary(undefined, Date.now() - 30 * 86_400_000), ...extra });
  };

  router.get('/admin/usage', requireAdmin, async (req, res) => {
    res.type('html').send(await renderUsage(req, { notice: req.query.done === 'saved' ? req.t('admin.done.saved') : undefined }));
  });

  router.post('/admin/usage', requireAdmin, async (req, res) => {
    const parsed = usageSettingInput.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).type('html').send(await renderUsage(req, { message: req.t('errors.choice') }));
    const primary = await workspaces.getPrimary();
    await usage.setPrimaryEnabled(primary.id, parsed.data.enabled === 'on');
    res.redirect(303, '/admin/usage?done=saved');
  });

  // JSON for scripts (admins).
  router.get('/api/v1/admin/logs', requireAdmin, async (req, res) => {
    const input = parseInput(logFilterInput, queryValues(req.query, ['user', 'since', 'until', 'route', 'status', 'page', 'limit']));
    const limit = input.limit ?? 100;
    const rows = await capture.queryLogs({ userEmail: input.user, since: input.since, until: input.until, route: input.route, status: input.status, limit, offset: ((input.page ?? 1) - 1) * limit });
    res.json({ logs: rows.map((r) => ({ ...r, occurredAt: iso(r.occurredAt) })) });
  });

  router.get('/api/v1/admin/devices', requireAdmin, async (req, res) => {
    const input = parseInput(deviceFilterInput, queryValues(req.query, ['user', 'since', 'page', 'limit']));
    const limit = input.limit ?? 100;
    const rows = await capture.queryDevices({ userEmail: input.user, since: input.since, limit, offset: ((input.page ?? 1) - 1) * limit });
    res.json({ devices: rows.map((d) => ({ ...d, firstSeenAt: iso(d.firstSeenAt), lastSeenAt: iso(d.lastSeenAt) })) });
  });

  router.get('/api/v1/admin/crashes', requireAdmin, async (req, res) => {
    const input = parseInput(crashFilterInput, queryValues(req.query, ['source', 'since', 'until', 'page', 'limit']));
    const limit = input.limit ?? 100;
    const rows = await capture.queryCrashes({ source: input.source, since: input.since, until: input.until, limit, offset: ((input.page ?? 1) - 1) * limit });
    res.json({ crashes: rows.map((r) => ({ ...r, occurredAt: iso(r.occurredAt) })) });
  });

  // What this deployment collects: public, generated from the data map and the live config.
  router.get('/privacy', async (req, res) => {
    const primary = await workspaces.getPrimary();
    const categories = buildPrivacyNotice(c.declaredTables, c.config, await usage.primaryEnabled(primary.id));
    res.type('html').send(privacyPage(req, categories));
  });

  return router;
}
